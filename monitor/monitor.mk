# ukvm, the monitor (host side).
UKVM_SRCS := $(wildcard monitor/*.c monitor/modules/*.c) $(HOSTLIB_SRCS)
UKVM_HDRS := $(wildcard monitor/*.h hostlib/*.h include/abi/*.h)
UKVM_CFLAGS := $(HOST_CFLAGS) -Imonitor

all: $(BUILD)/ukvm

# Static: no dynamic loader work on every boot.
$(BUILD)/ukvm: $(UKVM_SRCS) $(UKVM_HDRS)
	@mkdir -p $(@D)
	$(CC) $(UKVM_CFLAGS) -static -o $@ $(UKVM_SRCS) -lseccomp

# The same ukvm under AddressSanitizer and UBSan, for the tests.
$(BUILD)/ukvm-san: $(UKVM_SRCS) $(UKVM_HDRS)
	@mkdir -p $(@D)
	$(CC) $(UKVM_CFLAGS) $(SAN_FLAGS) -o $@ $(UKVM_SRCS) -lseccomp
