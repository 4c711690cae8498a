/* SPDX-License-Identifier: ISC */
/*
 * lwIP options for the library OS: one thread, no operating system
 * (NO_SYS), IPv4 with ARP, ICMP, UDP and TCP through the raw (callback)
 * API only. Memory is static and generous (guests have hundreds of MiB):
 * about 100 concurrent TCP connections, each receiving up to 16 segments
 * and sending up to 32 ahead of the peer's ACKs. Every choice here also
 * weighs instructions per
 * packet, as an emulating KVM (PVM) runs each guest instruction slowly.
 */
#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#include <stdint.h>

/* The platform: no threads, no sockets, no netconn; a timer loop. */
#define NO_SYS                      1
#define SYS_LIGHTWEIGHT_PROT        0
#define LWIP_SOCKET                 0
#define LWIP_NETCONN                0
#define LWIP_TIMERS                 1

/* Protocols. */
#define LWIP_IPV4                   1
#define LWIP_IPV6                   0
#define LWIP_ARP                    1
#define LWIP_ETHERNET               1
#define LWIP_ICMP                   1
#define LWIP_RAW                    0
#define LWIP_UDP                    1
#define LWIP_TCP                    1
#define LWIP_DHCP                   0
#define LWIP_AUTOIP                 0
#define LWIP_IGMP                   0
#define LWIP_DNS                    0
#define IP_FORWARD                  0
/* Whole datagrams only: the tap's MTU is what both ends use. */
#define IP_REASSEMBLY               0
#define IP_FRAG                     0
#define ARP_QUEUEING                1
#define MEMP_NUM_ARP_QUEUE          64
/* ARP entries belong to the interface they were learnt on (one an
 * interface per network device: net_init.c). */
#define ETHARP_TABLE_MATCH_NETIF    1

/* Memory: static pools and heap, nothing from malloc. */
#define MEM_LIBC_MALLOC             0
#define MEMP_MEM_MALLOC             0
#define MEM_ALIGNMENT               8
/* The heap holds outgoing TCP segments (100 connections' send buffers,
 * 12.5 MiB) and coalesced incoming ones (netif_solo5.c). */
#define MEM_SIZE                    (24 * 1024 * 1024)
/*
 * One pool buffer takes a whole frame (mtu 1500 + 14), read straight in;
 * on a device with a larger MTU (jumbo frames, up to 65521) each frame is
 * read into netif_solo5.c's bounce buffer and copied into a chain of
 * them (a 9014-byte frame takes six). Received data stays in them until
 * the application takes it: 12 MiB is 80 connections each holding a
 * window of full segments (stackv4's limit) plus out-of-order ones. TCP
 * keeps its MSS of 1460 whatever the MTU.
 */
#define PBUF_POOL_BUFSIZE           1536
#define PBUF_POOL_SIZE              8192
#define MEMP_NUM_PBUF               256
#define MEMP_NUM_UDP_PCB            8
/* At least 100 connections at once, plus some closing (TIME-WAIT). */
#define MEMP_NUM_TCP_PCB            200
#define MEMP_NUM_TCP_PCB_LISTEN     8
#define MEMP_NUM_TCP_SEG            4096
#define MEMP_NUM_SYS_TIMEOUT        (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 8)

/*
 * TCP. Windows of 128 KiB each way (window scaling, shift 2): with
 * offloads a burst leaves as a few 64 KiB segments (tx_coalesce.c) and
 * arrives as coalesced ones, so the window, not the frame count, bounds
 * a connection. Measured with bench/tcp's echo (2026-12-01): 64 KiB
 * windows gave spt 650-780 MB/s, 128 KiB 810-930, 256 KiB 890-1015 with
 * hvt slower. Without offloads a receive window above 16 segments only
 * costs (spt 120-165 MB/s at 128 KiB, 235-295 at 16 segments), so there
 * the interface takes NET_TCP_WND_CUT off it (netif_solo5.c, before any
 * connection): a variable, which lwIP's #if checks read as 0.
 */
#define TCP_MSS                     1460
#define LWIP_WND_SCALE              1
#define TCP_RCV_SCALE               2
extern uint32_t net_tcp_wnd_cut;
#define NET_TCP_WND_FULL            (128 * 1024)
#define NET_TCP_WND_CUT             (NET_TCP_WND_FULL - 16 * TCP_MSS)
#define TCP_WND                     (NET_TCP_WND_FULL - net_tcp_wnd_cut)
#define TCP_SND_BUF                 (128 * 1024)
/* lwIP's default (half the buffer) must stay below 64 KiB - 4 MSS. */
#define TCP_SNDLOWAT                (32 * 1024)
#define TCP_SND_QUEUELEN            (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_QUEUE_OOSEQ             1
#define TCP_OOSEQ_MAX_PBUFS         8   /* per connection */
#define TCP_OVERSIZE                TCP_MSS
#define LWIP_TCP_TIMESTAMPS         0
#define LWIP_TCP_KEEPALIVE          0
/*
 * A listener's half-open connections (SYN_RCVD) are bounded by the
 * backlog its application gives tcp_listen_with_backlog; past it,
 * syn_guard.c answers SYNs with cookies instead of lwIP dropping them.
 */
#define TCP_LISTEN_BACKLOG          1
#define LWIP_CALLBACK_API           1
/* Random initial sequence numbers (lwIP's own are predictable), or the
 * SYN cookie of a handshake syn_guard.c completes. */
uint32_t net_tcp_isn(void);
#define LWIP_HOOK_TCP_ISN(lip, lport, rip, rport) net_tcp_isn()
/* Static routes (net_route.c, --ipv4-route=): asked only for destinations
 * on no interface's subnet; NULL leaves them to the default interface. */
struct netif;
struct ip4_addr;
struct netif *net_route_netif(const struct ip4_addr *dest);
const struct ip4_addr *net_route_gw(struct netif *nif, const struct ip4_addr *dest);
#define LWIP_HOOK_IP4_ROUTE(dest) net_route_netif(dest)
#define LWIP_HOOK_ETHARP_GET_GW(nif, dest) net_route_gw(nif, dest)

/*
 * Every segment leaves in one contiguous pbuf, so the driver hands it to
 * solo5_net_write as it is, without gathering a chain.
 */
#define LWIP_NETIF_TX_SINGLE_PBUF   1

/*
 * Checksums: all in software, with our own routine (arch/cc.h), and all
 * incoming ones checked. Measured with bench/tcp (echo, guest
 * instructions per byte): 2.15 as set; 1.92 without checking incoming TCP
 * checksums (frames from the host's stack on a tap are summed already);
 * 1.77 with LWIP_NOASSERT as well. We keep both checks.
 */
#define CHECKSUM_GEN_IP             1
#define CHECKSUM_GEN_UDP            1
#define CHECKSUM_GEN_TCP            1
#define CHECKSUM_GEN_ICMP           1
#define CHECKSUM_CHECK_IP           1
#define CHECKSUM_CHECK_UDP          1
#define CHECKSUM_CHECK_TCP          1
#define CHECKSUM_CHECK_ICMP         1
#define LWIP_CHECKSUM_ON_COPY       0
/*
 * Where the device has offloads (ukvm_net.h), the interface turns off
 * generating TCP checksums (the host fills them in) and checking TCP and
 * UDP ones on frames the host vouches for (netif_solo5.c).
 */
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1

/* The network interface. */
#define LWIP_NETIF_STATUS_CALLBACK  0
#define LWIP_NETIF_LINK_CALLBACK    0
#define LWIP_SINGLE_NETIF           0
#define LWIP_NETIF_HOSTNAME         0
#define LWIP_NETIF_LOOPBACK         0
#define LWIP_HAVE_LOOPIF            0

/*
 * No statistics, no debug output (LWIP_DEBUG stays undefined: lwIP tests
 * whether it is defined); errno.h comes from our libc, so
 * LWIP_PROVIDE_ERRNO stays undefined too.
 */
#define LWIP_STATS                  0
#define LWIP_ERRNO_STDINCLUDE       1

#endif
