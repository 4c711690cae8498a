# SPDX-License-Identifier: ISC
# The tools: ukvm-elftool builds and inspects unikernel notes.
ELFTOOL_SRCS := $(wildcard tools/elftool/*.c)
ELFTOOL_DEPS = $(ELFTOOL_SRCS) $(HOSTLIB_SRCS) $(wildcard tools/elftool/*.h) \
	$(wildcard hostlib/*.h) $(wildcard include/abi/*.h)

all: $(BUILD)/ukvm-elftool

$(BUILD)/ukvm-elftool: $(ELFTOOL_DEPS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(HOST_CFLAGS) -Itools/elftool -o $@ $(ELFTOOL_SRCS) $(HOSTLIB_SRCS)

# The same with ASan and UBSan: the shell tests (tests/unit/*.sh) run this one.
$(BUILD)/ukvm-elftool-san: $(ELFTOOL_DEPS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -Itools/elftool -o $@ $(ELFTOOL_SRCS) $(HOSTLIB_SRCS)
