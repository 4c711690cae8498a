# SPDX-License-Identifier: ISC
# The monitors (host side). The core is monitor/*.c; each tender has its
# folder (hvt/, spt/); ukvm's backend is one folder behind arch.h
# (x86_64/: KVM on x86_64); each module has a folder under modules/,
# whose files ending in _hvt.c are ukvm's alone and _spt.c ukvm-spt's.
UKVM_BACKEND ?= x86_64
MONITOR_CORE := $(wildcard monitor/*.c)
MODULE_SRCS := $(wildcard monitor/modules/*/*.c)
UKVM_SRCS := $(MONITOR_CORE) $(wildcard monitor/hvt/*.c monitor/$(UKVM_BACKEND)/*.c) \
	$(filter-out %_spt.c,$(MODULE_SRCS)) $(HOSTLIB_SRCS)
MONITOR_HDRS := $(wildcard monitor/*.h monitor/*/*.h monitor/modules/*/*.h \
	hostlib/*.h include/abi/*.h)
UKVM_CFLAGS := $(HOST_CFLAGS) -Imonitor -Imonitor/hvt -Imonitor/$(UKVM_BACKEND)

all: $(BUILD)/ukvm

# Static: no dynamic loader work on every boot.
$(BUILD)/ukvm: $(UKVM_SRCS) $(MONITOR_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(UKVM_CFLAGS) -static -o $@ $(UKVM_SRCS) -lseccomp

# The same ukvm under AddressSanitizer and UBSan, for the tests.
$(BUILD)/ukvm-san: $(UKVM_SRCS) $(MONITOR_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(UKVM_CFLAGS) $(SAN_FLAGS) -o $@ $(UKVM_SRCS) -lseccomp

# ukvm-spt, the spt tender: the core and the modules' shared and spt
# halves, no backend. Static PIE: it lives high in its address space,
# leaving the low part to the guest.
SPT_SRCS := $(MONITOR_CORE) $(wildcard monitor/spt/*.c) \
	$(filter-out %_hvt.c,$(MODULE_SRCS)) $(HOSTLIB_SRCS)

all: $(BUILD)/ukvm-spt

$(BUILD)/ukvm-spt: $(SPT_SRCS) $(MONITOR_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(HOST_CFLAGS) -Imonitor -Imonitor/spt -static-pie -o $@ $(SPT_SRCS) -lseccomp
