# libFuzzer targets (clang only): the loader, ukvm-elftool's query-abi
# and query-manifest readers, and the --deprivilege shim's decoder
# (fuzz_deprivilege needs no corpus). Run one on a scratch copy of the committed
# corpus, e.g.:
#   mkdir -p /tmp/elf-corpus && cp tests/data/elf/bad/*.elf tests/data/elf/good/*.elf /tmp/elf-corpus
#   build/fuzz/fuzz_elf_load -max_total_time=60 /tmp/elf-corpus
#   build/fuzz/fuzz_elftool_query -max_total_time=60 /tmp/elf-corpus
FUZZ_CC ?= clang
FUZZ_CFLAGS = $(HOST_CFLAGS) -Imonitor -fsanitize=fuzzer,address,undefined \
              -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: fuzz
fuzz: $(BUILD)/fuzz/fuzz_elf_load $(BUILD)/fuzz/fuzz_elftool_query \
      $(BUILD)/fuzz/fuzz_deprivilege

$(BUILD)/fuzz/fuzz_elf_load: fuzz/fuzz_elf_load.c monitor/elf_load.c monitor/paging.c \
        $(HOSTLIB_SRCS) $(wildcard monitor/*.h hostlib/*.h include/abi/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/fuzz/fuzz_elftool_query: fuzz/fuzz_elftool_query.c tools/elftool/solo5_note.c \
        tools/elftool/solo5_print.c $(HOSTLIB_SRCS) \
        $(wildcard tools/elftool/solo5_*.h hostlib/*.h include/abi/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Itools/elftool -o $@ $(filter %.c,$^)

$(BUILD)/fuzz/fuzz_deprivilege: fuzz/fuzz_deprivilege.c monitor/deprivilege.c \
        monitor/guest_mem.c monitor/paging.c $(wildcard monitor/*.h hostlib/*.h include/abi/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)
