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
#define ETHARP_TABLE_MATCH_NETIF    0

/* Memory: static pools and heap, nothing from malloc. */
#define MEM_LIBC_MALLOC             0
#define MEMP_MEM_MALLOC             0
#define MEM_ALIGNMENT               8
/* The heap holds outgoing TCP segments: 100 connections' send buffers
 * (32 segments each, 4.6 MiB). */
#define MEM_SIZE                    (5 * 1024 * 1024)
/*
 * One pool buffer takes a whole frame (mtu 1500 + 14), read straight in;
 * on a device with a larger MTU (jumbo frames, up to 65521) each frame is
 * read into netif_solo5.c's bounce buffer and copied into a chain of
 * them (a 9014-byte frame takes six). Received data stays in them until
 * the application takes it: 6 MiB is 100 connections each holding 32
 * (stackv4's limit) plus out-of-order segments, with room to spare. TCP
 * keeps its MSS of 1460 whatever the MTU.
 */
#define PBUF_POOL_BUFSIZE           1536
#define PBUF_POOL_SIZE              4096
#define MEMP_NUM_PBUF               256
#define MEMP_NUM_UDP_PCB            8
/* At least 100 connections at once, plus some closing (TIME-WAIT). */
#define MEMP_NUM_TCP_PCB            200
#define MEMP_NUM_TCP_PCB_LISTEN     8
#define MEMP_NUM_TCP_SEG            4096
#define MEMP_NUM_SYS_TIMEOUT        (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 8)

/* TCP. */
#define TCP_MSS                     1460
#define TCP_WND                     (16 * TCP_MSS)
/*
 * 32 segments (46,720 bytes) to send: a static_web response of 80 KB goes
 * in bursts of 16 segments and more (libos/http refills at half; see
 * REFILL_AT there), where 16 gave bursts of two or three. A larger
 * receive window (32) halved spt's echo throughput in bench/tcp.
 */
#define TCP_SND_BUF                 (32 * TCP_MSS)
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
#include <stdint.h>
uint32_t net_tcp_isn(void);
#define LWIP_HOOK_TCP_ISN(lip, lport, rip, rport) net_tcp_isn()

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
