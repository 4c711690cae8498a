# SPDX-License-Identifier: ISC
# The guest C library: $(BUILD)/libos/libc.a from libos/libc/src/*.c.
# Compiled like application code (stack protector on, no SSE, freestanding);
# the headers applications see are libos/libc/include/.

LIBC_CC_INCLUDE := $(shell $(CC) -print-file-name=include)
# -fno-tree-loop-distribute-patterns: gcc must not turn memset's own loop
# into a call to memset.
LIBC_CFLAGS = -std=c11 -O2 -g -ffreestanding -fno-pie -fno-pic -mno-red-zone \
	-mgeneral-regs-only -fno-builtin -fno-tree-loop-distribute-patterns \
	-fstack-protector-strong -mstack-protector-guard=global \
	-nostdinc -isystem $(LIBC_CC_INCLUDE) -Ilibos/libc/include -Iguest/include \
	-Wall -Wextra -Werror

LIBC_SRCS = $(wildcard libos/libc/src/*.c)
LIBC_OBJS = $(LIBC_SRCS:libos/libc/src/%.c=$(BUILD)/libos/libc/%.o)
LIBC_HEADERS = $(wildcard libos/libc/include/*.h libos/libc/include/sys/*.h \
	libos/libc/src/*.h) guest/include/solo5.h

all: $(BUILD)/libos/libc.a

$(BUILD)/libos/libc/%.o: libos/libc/src/%.c $(LIBC_HEADERS)
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(LIBC_CFLAGS) -c $< -o $@

$(BUILD)/libos/libc.a: $(LIBC_OBJS)
	@rm -f $@
	$(call quiet,AR,$@)$(AR) rcs $@ $^
