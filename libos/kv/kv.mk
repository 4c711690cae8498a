# SPDX-License-Identifier: ISC
# The key/value store: $(BUILD)/libos/libkv.a from libos/kv/*.c. Compiled
# like application code (freestanding, no SSE, stack protector on) against
# the libos libc headers. Applications add -Ilibos/kv/include.
KV_CC_INCLUDE := $(shell $(CC) -print-file-name=include)
KV_CFLAGS = -std=c11 -O2 -g -ffreestanding -fno-pie -fno-pic -mno-red-zone \
	-mgeneral-regs-only -fstack-protector-strong -mstack-protector-guard=global \
	-nostdinc -isystem $(KV_CC_INCLUDE) -Ilibos/kv/include -Ilibos/libc/include \
	-Iguest/include -Wall -Wextra -Werror

KV_SRCS = $(wildcard libos/kv/*.c)
KV_OBJS = $(KV_SRCS:libos/kv/%.c=$(BUILD)/libos/kv/%.o)
KV_HEADERS = $(wildcard libos/kv/*.h libos/kv/include/*.h \
	libos/libc/include/*.h) guest/include/solo5.h

all: $(BUILD)/libos/libkv.a

$(BUILD)/libos/kv/%.o: libos/kv/%.c $(KV_HEADERS)
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(KV_CFLAGS) -c $< -o $@

$(BUILD)/libos/libkv.a: $(KV_OBJS)
	@rm -f $@
	$(call quiet,AR,$@)$(AR) rcs $@ $^
