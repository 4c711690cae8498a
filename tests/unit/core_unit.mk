# SPDX-License-Identifier: ISC
# Core files (hostlib/core_file.c, hostlib/core_dir.c): the unit test,
# built with ASan and UBSan, and core_from_elf, which test_core_gdb.sh uses
# to make a core of a built unikernel for gdb. Included from tests/tests.mk.
CORE_UNIT_CFLAGS = $(HOST_CFLAGS) $(SAN_FLAGS) -Itests/unit
CORE_UNIT_SRCS = hostlib/core_file.c hostlib/core_dir.c
CORE_UNIT_DEPS = $(CORE_UNIT_SRCS) hostlib/core_file.h hostlib/core_dir.h \
	hostlib/errbuf.h tests/unit/check.h

UNIT_TESTS += $(BUILD)/unit/test_core_file

.PHONY: unit-tests
unit-tests: $(BUILD)/unit/test_core_file $(BUILD)/unit/core_from_elf

$(BUILD)/unit/test_core_file: tests/unit/test_core_file.c $(CORE_UNIT_DEPS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(CORE_UNIT_CFLAGS) -o $@ tests/unit/test_core_file.c $(CORE_UNIT_SRCS)

# Not named test_*: tests/run runs those itself.
$(BUILD)/unit/core_from_elf: tests/unit/core_from_elf.c $(CORE_UNIT_DEPS) \
		hostlib/elf_file.c hostlib/elf_file.h hostlib/regular_file.c \
		hostlib/regular_file.h
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(CORE_UNIT_CFLAGS) -o $@ tests/unit/core_from_elf.c $(CORE_UNIT_SRCS) \
		hostlib/elf_file.c hostlib/regular_file.c
