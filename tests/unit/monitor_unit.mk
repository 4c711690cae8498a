# SPDX-License-Identifier: ISC
# Unit tests of the monitor's host code (loader, page tables, options),
# built with ASan and UBSan. Included from tests/tests.mk.
MONITOR_UNIT_TESTS := $(BUILD)/unit/test_elf_load $(BUILD)/unit/test_paging \
                      $(BUILD)/unit/test_options $(BUILD)/unit/test_host_features \
                      $(BUILD)/unit/test_deprivilege $(BUILD)/unit/test_elf_file
UNIT_TESTS += $(MONITOR_UNIT_TESTS)

MONITOR_UNIT_CFLAGS = $(HOST_CFLAGS) -Imonitor -Imonitor/hvt -Imonitor/x86_64 -Itests/unit $(SAN_FLAGS)
MONITOR_UNIT_HDRS := $(MONITOR_HDRS) \
                     tests/unit/check.h tests/unit/elf_builder.h

.PHONY: unit-tests
unit-tests: $(MONITOR_UNIT_TESTS)

$(BUILD)/unit/test_elf_load: tests/unit/test_elf_load.c tests/unit/elf_builder.c \
        monitor/elf_load.c $(HOSTLIB_SRCS) $(MONITOR_UNIT_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(MONITOR_UNIT_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/unit/test_elf_file: tests/unit/test_elf_file.c tests/unit/elf_builder.c \
        $(HOSTLIB_SRCS) $(MONITOR_UNIT_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(MONITOR_UNIT_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/unit/test_paging: tests/unit/test_paging.c monitor/x86_64/paging.c \
        $(MONITOR_UNIT_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(MONITOR_UNIT_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/unit/test_options: tests/unit/test_options.c monitor/options.c \
        $(MONITOR_UNIT_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(MONITOR_UNIT_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/unit/test_host_features: tests/unit/test_host_features.c \
        monitor/host_features.c monitor/x86_64/guest_mem.c $(MONITOR_UNIT_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(MONITOR_UNIT_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/unit/test_deprivilege: tests/unit/test_deprivilege.c monitor/x86_64/deprivilege.c \
        monitor/x86_64/guest_mem.c monitor/x86_64/paging.c $(MONITOR_UNIT_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(MONITOR_UNIT_CFLAGS) -o $@ $(filter %.c,$^)
