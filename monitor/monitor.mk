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

# ukvm-spt, the spt tender: the core's shared parts and the same modules,
# its own main, memory and sandbox. Static PIE: it lives high in its
# address space, leaving the low part to the guest.
SPT_SRCS := $(wildcard monitor/spt/*.c monitor/modules/*.c) $(HOSTLIB_SRCS) \
	$(addprefix monitor/,options.c devices.c modules.c hypercall.c guest_mem.c \
	  poll_set.c elf_load.c sandbox.c host_features.c)
SPT_HDRS := $(UKVM_HDRS) $(wildcard monitor/spt/*.h include/abi/spt_abi.h)

all: $(BUILD)/ukvm-spt

$(BUILD)/ukvm-spt: $(SPT_SRCS) $(SPT_HDRS)
	@mkdir -p $(@D)
	$(CC) $(UKVM_CFLAGS) -Imonitor/spt -static-pie -o $@ $(SPT_SRCS) -lseccomp
