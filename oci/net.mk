# SPDX-License-Identifier: ISC
# ukvm-oci's networking (oci/net.c): its test driver and its unit test.
# The runtime links $(OCI_NET_SRCS) into ukvm-oci.
OCI_NET_SRCS = oci/net.c
OCI_NET_DEPS = oci/net.h $(OCI_NET_SRCS)

all: $(BUILD)/tests/oci-net-attach
UNIT_TESTS += $(BUILD)/unit/test_oci_net
unit-tests: $(BUILD)/unit/test_oci_net

$(BUILD)/tests/oci-net-attach: tests/tools/oci_net_attach.c $(OCI_NET_DEPS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(HOST_CFLAGS) -o $@ tests/tools/oci_net_attach.c $(OCI_NET_SRCS)

$(BUILD)/unit/test_oci_net: tests/unit/test_oci_net.c $(OCI_NET_DEPS) tests/unit/check.h
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -Itests/unit -o $@ \
		tests/unit/test_oci_net.c $(OCI_NET_SRCS)
