# SPDX-License-Identifier: ISC
# Unit tests of guest kernel code that runs as well on the host (ASan/UBSan).
GUEST_UNIT_TESTS := $(BUILD)/unit/test_guest_clock
UNIT_TESTS += $(GUEST_UNIT_TESTS)

.PHONY: unit-tests
unit-tests: $(GUEST_UNIT_TESTS)

$(BUILD)/unit/test_guest_clock: tests/unit/test_guest_clock.c guest/x86_64/tsc_clock.c \
        tests/unit/guest_stubs/cpu.h tests/unit/check.h
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror $(SAN_FLAGS) \
	    -Itests/unit/guest_stubs -Iguest/include -Iguest/common -Iinclude \
	    -Itests/unit -o $@ tests/unit/test_guest_clock.c
