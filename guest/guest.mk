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

GUEST_COMMON = start tls ssp print abi_note mft devices
GUEST_X86_64 = cpu paging trap trap_entry tsc_clock random
GUEST_HVT = start hvt devices

GUEST_HVT_OBJS = \
	$(GUEST_COMMON:%=$(BUILD)/guest/hvt/common/%.o) \
	$(GUEST_X86_64:%=$(BUILD)/guest/hvt/x86_64/%.o) \
	$(GUEST_HVT:%=$(BUILD)/guest/hvt/hvt/%.o)
GUEST_HVT_FLAGS = -Iguest/x86_64 -Iguest/hvt \
	-DGUEST_ABI_TARGET=1 -DGUEST_ABI_VERSION=2
GUEST_HEADERS = $(wildcard guest/include/*.h guest/common/*.h \
	guest/x86_64/*.h guest/hvt/*.h include/abi/*.h)

OBJCOPY ?= objcopy

# Symbols an application may use; everything else is made local.
GUEST_EXPORTS = -w -G 'solo5_*' -G _start -G __stack_chk_guard \
	-G __stack_chk_fail

all: $(BUILD)/guest/ukvm_hvt.o $(BUILD)/guest/hvt.lds

$(BUILD)/guest/hvt/%.o: guest/%.c $(GUEST_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) $(GUEST_HVT_FLAGS) -c $< -o $@

$(BUILD)/guest/hvt/%.o: guest/%.S $(GUEST_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) $(GUEST_HVT_FLAGS) -c $< -o $@

$(BUILD)/guest/ukvm_hvt.o: $(GUEST_HVT_OBJS)
	$(LD) -r -o $@.tmp $^
	$(OBJCOPY) $(GUEST_EXPORTS) $@.tmp $@
	rm -f $@.tmp

$(BUILD)/guest/hvt.lds: guest/hvt/hvt.lds
	@mkdir -p $(dir $@)
	cp $< $@
