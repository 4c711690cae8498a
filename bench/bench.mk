# Benchmark helpers (bench/*.c); the benchmarks themselves are scripts.
all: $(BUILD)/bench/kvm_floor

$(BUILD)/bench/kvm_floor: bench/kvm_floor.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $<
