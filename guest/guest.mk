# SPDX-License-Identifier: ISC
# The guest kernel ("bindings"). Each target links the shared code
# (common/), the CPU code (x86_64/) and its own (hvt/) into one object,
# $(BUILD)/guest/ukvm_<target>.o, whose only global symbols are the
# application interface (solo5_*), _start and the stack protector's.
# Applications link it with $(BUILD)/guest/<target>.lds (tools/ukvm-build).

GUEST_CC_INCLUDE := $(shell $(CC) -print-file-name=include)
GUEST_CFLAGS = -std=c11 -O2 -g -ffreestanding -fno-pie -fno-pic \
	-fno-stack-protector -mno-red-zone -mgeneral-regs-only -fno-builtin \
	-fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables \
	-nostdinc -isystem $(GUEST_CC_INCLUDE) \
	-Wall -Wextra -Werror -Iguest/include -Iguest/common -Iinclude

GUEST_COMMON = start tls ssp print abi_note mft devices net vnet_note
GUEST_HEADERS = $(wildcard guest/include/*.h guest/common/*.h \
	guest/x86_64/*.h guest/hvt/*.h guest/spt/*.h include/abi/*.h)

# hvt: ring 0 under ukvm (or solo5-hvt); spt: a process under ukvm-spt
# (or solo5-spt). The ABI note's numbers come from the ABI headers.
GUEST_X86_64_hvt = cpu paging trap trap_entry tsc_clock random
GUEST_OWN_hvt = start hvt devices ring3_note
GUEST_ABI_hvt = -DGUEST_ABI_HEADER='"abi/hvt_abi.h"' \
	-DGUEST_ABI_TARGET=HVT_ABI_TARGET -DGUEST_ABI_VERSION=HVT_ABI_VERSION
GUEST_X86_64_spt = random
GUEST_OWN_spt = start spt devices
GUEST_ABI_spt = -DGUEST_ABI_HEADER='"abi/spt_abi.h"' \
	-DGUEST_ABI_TARGET=SPT_ABI_TARGET -DGUEST_ABI_VERSION=SPT_ABI_VERSION

OBJCOPY ?= objcopy

# Symbols an application may use; everything else is made local.
GUEST_EXPORTS = -w -G 'solo5_*' -G 'ukvm_net_*' -G _start -G __stack_chk_guard \
	-G __stack_chk_fail

define guest_target
GUEST_OBJS_$(1) = $$(GUEST_COMMON:%=$$(BUILD)/guest/$(1)/common/%.o) \
	$$(GUEST_X86_64_$(1):%=$$(BUILD)/guest/$(1)/x86_64/%.o) \
	$$(GUEST_OWN_$(1):%=$$(BUILD)/guest/$(1)/$(1)/%.o)

all: $$(BUILD)/guest/ukvm_$(1).o $$(BUILD)/guest/$(1).lds

$$(BUILD)/guest/$(1)/%.o: guest/%.c $$(GUEST_HEADERS)
	@mkdir -p $$(dir $$@)
	$$(call quiet,CC.$(1),$$<)$$(CC) $$(GUEST_CFLAGS) -Iguest/x86_64 -Iguest/$(1) $$(GUEST_ABI_$(1)) -c $$< -o $$@

$$(BUILD)/guest/$(1)/%.o: guest/%.S $$(GUEST_HEADERS)
	@mkdir -p $$(dir $$@)
	$$(call quiet,AS.$(1),$$<)$$(CC) $$(GUEST_CFLAGS) -Iguest/x86_64 -Iguest/$(1) $$(GUEST_ABI_$(1)) -c $$< -o $$@

$$(BUILD)/guest/ukvm_$(1).o: $$(GUEST_OBJS_$(1))
	$$(call quiet,LD.$(1),$$@)$$(LD) -r -o $$@.tmp $$^
	$$(Q)$$(OBJCOPY) $$(GUEST_EXPORTS) $$@.tmp $$@
	$$(Q)rm -f $$@.tmp

# Both targets share the image layout (text, rodata, data, guard, stack);
# lines marked "hvt only" (the ring-3 note) are dropped for the others.
$$(BUILD)/guest/$(1).lds: guest/hvt/hvt.lds
	@mkdir -p $$(dir $$@)
	$$(call quiet,GEN,$$@)$(if $(filter hvt,$(1)),cp $$< $$@,sed '/hvt only/d' $$< >$$@)
endef
$(foreach t,hvt spt,$(eval $(call guest_target,$(t))))
