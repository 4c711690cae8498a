# SPDX-License-Identifier: ISC
# Unit tests of what the tenders' fault reports use, built with ASan and
# UBSan: hostlib/symbolize.c (hostile files: test_symbolize; against
# addr2line on every unikernel: test_symbolize.sh with symbolize_cli)
# and monitor/x86_64/simd_insn.c (test_simd_insn). Included from
# tests/tests.mk. The tests read real unikernels of this build, named
# below; test_symbolize.sh takes every one there is.
SYMBOLIZE_UNIT_TESTS := $(BUILD)/unit/test_symbolize $(BUILD)/unit/test_simd_insn
UNIT_TESTS += $(SYMBOLIZE_UNIT_TESTS)

SYMBOLIZE_UNIT_CFLAGS = $(HOST_CFLAGS) $(SAN_FLAGS) -Itests/unit -Imonitor/x86_64 \
	-DUKVM_BUILD_DIR='"$(BUILD)"'
SYMBOLIZE_UNIT_SRCS = $(sort hostlib/symbolize.c $(HOSTLIB_SRCS))
SYMBOLIZE_UNIT_HDRS = $(wildcard hostlib/*.h include/abi/*.h) tests/unit/check.h

.PHONY: unit-tests
unit-tests: $(SYMBOLIZE_UNIT_TESTS) $(BUILD)/unit/symbolize_cli \
	$(BUILD)/tests/test_hello.hvt $(BUILD)/tests/test_hello.spt \
	$(BUILD)/tests/test_fpu.hvt $(BUILD)/tests/test_libc.spt \
	$(BUILD)/guest/ukvm_hvt.o $(BUILD)/guest/ukvm_spt.o $(BUILD)/ukvm-elftool

$(BUILD)/unit/test_symbolize: tests/unit/test_symbolize.c $(SYMBOLIZE_UNIT_SRCS) \
        $(SYMBOLIZE_UNIT_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(SYMBOLIZE_UNIT_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/unit/symbolize_cli: tests/unit/symbolize_cli.c $(SYMBOLIZE_UNIT_SRCS) \
        $(SYMBOLIZE_UNIT_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(SYMBOLIZE_UNIT_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/unit/test_simd_insn: tests/unit/test_simd_insn.c monitor/x86_64/simd_insn.c \
        monitor/x86_64/simd_insn.h tests/unit/check.h
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(SYMBOLIZE_UNIT_CFLAGS) -o $@ $(filter %.c,$^)
