# SPDX-License-Identifier: ISC
# The network library: $(BUILD)/libos/libnet.a, lwIP 2.1.3 (fetched by
# scripts/fetch-lwip, from Debian's source package or the upstream
# release, into $(BUILD)/third_party, never part of our tree) plus our port in libos/net/src. lwIP is built
# with its own relaxed warnings; the port with ours. Both like every guest
# object: freestanding, no SSE/AVX (PVM cannot run SSE arithmetic).
#
# Applications add $(NET_APP_CFLAGS) to see lwIP's headers. `make libnet`
# builds the library (fetching lwIP: see scripts/fetch-lwip --help).

NET_LWIP_DIR = $(BUILD)/third_party/lwip-2.1.3
NET_LWIP_STAMP = $(NET_LWIP_DIR)/.lwip-source
# Joined: tools/ukvm-build takes each option as one word.
NET_APP_CFLAGS = -isystem$(NET_LWIP_DIR)/src/include

# IPv4, ARP, ICMP, UDP, TCP and Ethernet: what lwipopts.h enables.
NET_LWIP_SRCS = core/def.c core/inet_chksum.c core/init.c core/ip.c \
	core/mem.c core/memp.c core/netif.c core/pbuf.c core/tcp.c \
	core/tcp_in.c core/tcp_out.c core/timeouts.c core/udp.c \
	core/ipv4/etharp.c core/ipv4/icmp.c core/ipv4/ip4.c \
	core/ipv4/ip4_addr.c netif/ethernet.c
NET_LWIP_OBJS = $(NET_LWIP_SRCS:%.c=$(BUILD)/libos/net/lwip/%.o)
NET_PORT_SRCS = $(wildcard libos/net/src/*.c)
NET_PORT_OBJS = $(NET_PORT_SRCS:libos/net/src/%.c=$(BUILD)/libos/net/%.o)
NET_HEADERS = $(wildcard libos/net/include/*.h libos/net/include/arch/*.h \
	libos/net/src/*.h libos/libc/include/*.h libos/libc/include/sys/*.h) \
	guest/include/solo5.h

NET_CC_INCLUDE := $(shell $(CC) -print-file-name=include)
NET_GUEST_CFLAGS = -O2 -g -ffreestanding -fno-pie -fno-pic -mno-red-zone \
	-mgeneral-regs-only -fstack-protector-strong \
	-mstack-protector-guard=global -nostdinc -isystem $(NET_CC_INCLUDE) \
	-Ilibos/net/include -Ilibos/libc/include -Iguest/include \
	$(NET_APP_CFLAGS)
NET_LWIP_CFLAGS = -std=gnu11 $(NET_GUEST_CFLAGS) -w -fno-strict-aliasing
NET_PORT_CFLAGS = -std=c11 $(NET_GUEST_CFLAGS) -Wall -Wextra -Werror

.PHONY: libnet
libnet: $(BUILD)/libos/libnet.a

# The script does nothing when the tree is there; touch keeps make from
# asking again after the script changed.
$(NET_LWIP_STAMP): scripts/fetch-lwip
	$(call quiet,FETCH,$(NET_LWIP_DIR))scripts/fetch-lwip $(BUILD)
	@touch $@

$(NET_LWIP_OBJS): $(BUILD)/libos/net/lwip/%.o: $(NET_LWIP_STAMP) $(NET_HEADERS)
	@mkdir -p $(@D)
	$(call quiet,CC,$(NET_LWIP_DIR)/src/$*.c)$(CC) $(NET_LWIP_CFLAGS) -c $(NET_LWIP_DIR)/src/$*.c -o $@

$(NET_PORT_OBJS): $(BUILD)/libos/net/%.o: libos/net/src/%.c $(NET_HEADERS) \
		$(NET_LWIP_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(NET_PORT_CFLAGS) -c $< -o $@

$(BUILD)/libos/libnet.a: $(NET_PORT_OBJS) $(NET_LWIP_OBJS)
	@rm -f $@
	$(call quiet,AR,$@)$(AR) rcs $@ $^
