# SPDX-License-Identifier: ISC
# ukvm-oci, the OCI runtime (oci/): config.json -> run plan (config*.c),
# the rootfs (rootfs.c), the unikernel's notes (unikernel.c), create and
# the container's init (create.c, init.c), the other commands
# (lifecycle.c), state, hooks, console, features. JSON by json-c.
# The networking is oci/net.c where it is built (oci/net.mk sets
# OCI_NET_SRCS), else a stub without any.
OCI_NET_SRCS ?= oci/net_stub.c
OCI_CONFIG_SRCS := oci/config.c oci/config_json.c oci/config_process.c \
	oci/config_mounts.c oci/config_linux.c
OCI_CORE_SRCS := $(OCI_CONFIG_SRCS) oci/rootfs.c oci/unikernel.c oci/state.c oci/log.c \
	oci/hooks.c oci/console.c oci/signals.c oci/init.c oci/create.c \
	oci/lifecycle.c oci/features.c oci/delegate.c
OCI_SRCS = oci/main.c $(OCI_CORE_SRCS) $(OCI_NET_SRCS) hostlib/elf_file.c \
	hostlib/mft_check.c hostlib/regular_file.c
OCI_HDRS := $(wildcard oci/*.h) hostlib/elf_file.h hostlib/mft_check.h \
	hostlib/regular_file.h hostlib/errbuf.h hostlib/version.h $(wildcard include/abi/*.h)
OCI_CFLAGS = $(HOST_CFLAGS) -Ioci
OCI_LIBS = -ljson-c

all: $(BUILD)/ukvm-oci

$(BUILD)/ukvm-oci: $(OCI_SRCS) $(OCI_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(OCI_CFLAGS) -o $@ $(OCI_SRCS) $(OCI_LIBS)

# config.json handling under ASan and UBSan, with its test bundles.
UNIT_TESTS += $(BUILD)/unit/test_oci_config
unit-tests: $(BUILD)/unit/test_oci_config

$(BUILD)/unit/test_oci_config: tests/unit/test_oci_config.c $(OCI_CONFIG_SRCS) oci/rootfs.c \
		$(OCI_HDRS) tests/unit/check.h
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(OCI_CFLAGS) $(SAN_FLAGS) -Itests/unit -o $@ \
		tests/unit/test_oci_config.c $(OCI_CONFIG_SRCS) oci/rootfs.c $(OCI_LIBS)

# The state helpers: signal names, container IDs, start times.
UNIT_TESTS += $(BUILD)/unit/test_oci_state
unit-tests: $(BUILD)/unit/test_oci_state

$(BUILD)/unit/test_oci_state: tests/unit/test_oci_state.c oci/state.c oci/signals.c \
		$(OCI_HDRS) tests/unit/check.h
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(OCI_CFLAGS) $(SAN_FLAGS) -Itests/unit -o $@ \
		tests/unit/test_oci_state.c oci/state.c oci/signals.c $(OCI_LIBS)

# libFuzzer on the config.json reader.
FUZZ_TARGETS += fuzz_oci_config
fuzz: $(BUILD)/fuzz/fuzz_oci_config
$(BUILD)/fuzz/fuzz_oci_config: fuzz/fuzz_oci_config.c $(OCI_CONFIG_SRCS) $(OCI_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -Ioci -o $@ $(filter %.c,$^) $(OCI_LIBS)
