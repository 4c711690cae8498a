# SPDX-License-Identifier: ISC
# The GDB remote stub (hostlib/gdb_remote.c), built with ASan and UBSan:
# its unit test, which drives it over a socketpair, and the fake machine
# that tests/unit/test_gdb_remote_real.sh debugs with Debian's gdb.
# Included from tests/tests.mk.
GDB_UNIT_TESTS := $(BUILD)/unit/test_gdb_remote
UNIT_TESTS += $(GDB_UNIT_TESTS)

GDB_UNIT_CFLAGS = $(HOST_CFLAGS) $(SAN_FLAGS) -Itests/unit
GDB_UNIT_DEPS = hostlib/gdb_remote.c hostlib/gdb_remote.h hostlib/errbuf.h

.PHONY: unit-tests
unit-tests: $(GDB_UNIT_TESTS) $(BUILD)/unit/gdb_fake_target

$(BUILD)/unit/test_gdb_remote: tests/unit/test_gdb_remote.c tests/unit/check.h $(GDB_UNIT_DEPS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(GDB_UNIT_CFLAGS) -pthread -o $@ tests/unit/test_gdb_remote.c hostlib/gdb_remote.c

$(BUILD)/unit/gdb_fake_target: tests/unit/gdb_fake_target.c $(GDB_UNIT_DEPS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(GDB_UNIT_CFLAGS) -o $@ tests/unit/gdb_fake_target.c hostlib/gdb_remote.c
