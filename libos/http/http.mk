# SPDX-License-Identifier: ISC
# The HTTP library: $(BUILD)/libos/libhttp.a. The request parser, the
# target-to-key mapping and the response builder are pure (unit-tested on
# the host: tests/unit/http_unit.mk); http_server.c runs them over lwIP's
# raw TCP API and serves files from libos/kv. Compiled like every guest
# object: freestanding, no SSE/AVX, stack protector on.
HTTP_CC_INCLUDE := $(shell $(CC) -print-file-name=include)
HTTP_CFLAGS = -std=c11 -O2 -g -ffreestanding -fno-pie -fno-pic -mno-red-zone \
	-mgeneral-regs-only -fstack-protector-strong -mstack-protector-guard=global \
	-nostdinc -isystem $(HTTP_CC_INCLUDE) -Ilibos/http/include \
	-Ilibos/kv/include -Ilibos/net/include -Ilibos/libc/include -Iguest/include \
	$(NET_APP_CFLAGS) -Wall -Wextra -Werror

HTTP_SRCS = $(wildcard libos/http/*.c)
HTTP_OBJS = $(HTTP_SRCS:libos/http/%.c=$(BUILD)/libos/http/%.o)
HTTP_HEADERS = $(wildcard libos/http/include/*.h libos/kv/include/*.h \
	libos/net/include/*.h libos/libc/include/*.h) guest/include/solo5.h

.PHONY: libhttp
libhttp: $(BUILD)/libos/libhttp.a

# The server includes lwIP's headers: fetched with libnet.
$(BUILD)/libos/http/http_server.o: $(NET_LWIP_STAMP)

$(BUILD)/libos/http/%.o: libos/http/%.c $(HTTP_HEADERS)
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(HTTP_CFLAGS) -c $< -o $@

$(BUILD)/libos/libhttp.a: $(HTTP_OBJS)
	@rm -f $@
	$(call quiet,AR,$@)$(AR) rcs $@ $^
