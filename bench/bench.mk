# Benchmark helpers (bench/*.c); the benchmarks themselves are scripts.
BENCH_BINS = $(BUILD)/bench/kvm_floor $(BUILD)/bench/net_floor \
	$(BUILD)/bench/blk_host
all: $(BENCH_BINS)

$(BENCH_BINS): $(BUILD)/bench/%: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $<
