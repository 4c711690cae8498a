# SPDX-License-Identifier: ISC
# Benchmark helpers (bench/*.c); the benchmarks themselves are scripts.
BENCH_BINS = $(BUILD)/bench/kvm_floor $(BUILD)/bench/net_floor \
	$(BUILD)/bench/blk_host
all: $(BENCH_BINS)

$(BENCH_BINS): $(BUILD)/bench/%: bench/%.c
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(HOST_CFLAGS) -o $@ $<

# spt's boot reference is a static process, like ukvm-spt itself.
all: $(BUILD)/bench/hello_static
$(BUILD)/bench/hello_static: bench/hello_static.c
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(HOST_CFLAGS) -static -o $@ $<

# bench/tcp's helpers: the floor's echo server and the client.
TCP_BENCH_BINS = $(BUILD)/bench/tcp_echo_floor $(BUILD)/bench/tcp_echo_client
all: $(TCP_BENCH_BINS)

$(TCP_BENCH_BINS): $(BUILD)/bench/%: bench/%.c
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(HOST_CFLAGS) -o $@ $<
