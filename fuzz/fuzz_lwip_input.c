/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for lwIP's input path as libos/net feeds it: lwIP
 * 2.1.3 (core, IPv4, ARP, ICMP, UDP, TCP, Ethernet) and the port
 * (net_init.c, net_loop.c, netif_solo5.c, chksum.c, random.c) built for
 * the host over the stub solo5 below. Each input is one Ethernet frame
 * to 10.0.0.2 (MAC 02:00:00:00:00:02), truncated to the MTU's 1514 bytes
 * as a tap would; one round of the port's loop (net_poll) reads it
 * through netif_solo5_input and runs the timers. A TCP echo server
 * listens on 8080 and a UDP one on 7, so frames reach the TCP and UDP
 * demultiplexing and replies go out (to the stub, which checks them).
 *
 * IPv4 header and TCP/UDP/ICMP checksums are set right before the frame
 * goes in: otherwise nearly every mutation would be dropped at the
 * first check. Each run ends by aborting every TCP connection and
 * emptying the ARP table, so runs do not depend on earlier ones.
 *
 * Built with -DFUZZ_OFFLOADS (fuzz_lwip_offload), the device has ukvm's
 * offloads (ukvm_net.h): the input's first byte is the frame's header
 * flags (data valid, checksum to fill), the frame may be a coalesced
 * segment of up to 64 KiB, and every frame out (tx_coalesce.c's joined
 * segments among them) must carry a header the host would take, cutting
 * into frames within the MTU.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lwip/etharp.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "lwip/udp.h"
#include "net.h"
#include "ukvm_net.h"

#define MTU 1500
#define HANDLE 1
#ifdef FUZZ_OFFLOADS
#define FRAME_MAX (14 + 65535)
#else
#define FUZZ_OFFLOADS 0
#define FRAME_MAX (MTU + 14)
#endif

static const uint8_t *frame;
static size_t frame_len;
static solo5_time_t clock_ns = 1000000000;

solo5_time_t solo5_clock_monotonic(void)
{
    return clock_ns;
}

solo5_time_t solo5_clock_wall(void)
{
    return clock_ns;
}

void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set)
{
    (void)deadline;
    if (ready_set)
        *ready_set = frame ? 1ULL << HANDLE : 0;
}

solo5_result_t solo5_net_acquire(const char *name, solo5_handle_t *handle,
                                 struct solo5_net_info *info)
{
    static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 2 };

    if (strcmp(name, NET_DEVICE) != 0)
        return SOLO5_R_EINVAL;
    *handle = HANDLE;
    memcpy(info->mac_address, mac, 6);
    info->mtu = MTU;
    return SOLO5_R_OK;
}

/* The manifest: one network device. */
const char *ukvm_net_device(unsigned i)
{
    return i == 0 ? NET_DEVICE : NULL;
}

static uint8_t frame_flags;     /* the header's, with offloads */

/* As ukvm's NET_READ: the buffer must take any frame the MTU allows. */
solo5_result_t solo5_net_read(solo5_handle_t handle, uint8_t *buf, size_t size,
                              size_t *read_size)
{
    if (FUZZ_OFFLOADS || handle != HANDLE || size < FRAME_MAX)
        abort();
    if (!frame)
        return SOLO5_R_AGAIN;
    memcpy(buf, frame, frame_len);
    *read_size = frame_len;
    frame = NULL;
    return SOLO5_R_OK;
}

/* Every frame lwIP sends must be one the device takes. */
solo5_result_t solo5_net_write(solo5_handle_t handle, const uint8_t *buf,
                               size_t size)
{
    if (FUZZ_OFFLOADS || handle != HANDLE || size < 14 || size > MTU + 14) {
        fprintf(stderr, "bad frame out: %zu bytes\n", size);
        abort();
    }
    (void)buf;
    return SOLO5_R_OK;
}

int ukvm_net_offloads(solo5_handle_t h)
{
    return h == HANDLE && FUZZ_OFFLOADS;
}

solo5_result_t ukvm_net_rx_offload(solo5_handle_t h, unsigned rx)
{
    if (!ukvm_net_offloads(h) || (rx & ~7U))
        abort();
    return SOLO5_R_OK;
}

solo5_result_t ukvm_net_read(solo5_handle_t h, uint8_t *buf, size_t size,
                             size_t *read_size)
{
    struct ukvm_net_hdr hdr = { .flags = frame_flags };

    if (!ukvm_net_offloads(h) || size < UKVM_NET_FRAME_MAX)
        abort();
    if (!frame)
        return SOLO5_R_AGAIN;
    memcpy(buf, &hdr, sizeof hdr);
    memcpy(buf + sizeof hdr, frame, frame_len);
    *read_size = sizeof hdr + frame_len;
    frame = NULL;
    return SOLO5_R_OK;
}

static void bad_out(const char *why, size_t size)
{
    fprintf(stderr, "bad frame out (%zu bytes with the header): %s\n", size, why);
    abort();
}

/*
 * As a tap with IFF_VNET_HDR would take it, and within the MTU once cut:
 * IPv4 lengths that match, a checksum place inside the frame, segments
 * of gso_size after hdr_len bytes of headers.
 */
solo5_result_t ukvm_net_write(solo5_handle_t h, const uint8_t *buf, size_t size)
{
    struct ukvm_net_hdr hdr;
    const uint8_t *f = buf + sizeof hdr;
    size_t n = size - sizeof hdr;

    if (!ukvm_net_offloads(h) || size < sizeof hdr + 14 || size > UKVM_NET_FRAME_MAX)
        bad_out("size", size);
    memcpy(&hdr, buf, sizeof hdr);
    if (hdr.flags & ~UKVM_NET_F_NEEDS_CSUM)
        bad_out("flags", size);
    if ((hdr.flags & UKVM_NET_F_NEEDS_CSUM) &&
        ((size_t)hdr.csum_start + hdr.csum_offset + 2 > n || hdr.csum_start < 34))
        bad_out("checksum place", size);
    if (f[12] == 0x08 && f[13] == 0x00 && n >= 34 &&
        ((size_t)f[16] << 8 | f[17]) != n - 14)
        bad_out("IPv4 total length", size);
    if (hdr.gso_type == UKVM_NET_GSO_NONE) {
        if (n > MTU + 14)
            bad_out("a frame past the MTU", size);
    } else if (hdr.gso_type != UKVM_NET_GSO_TCPV4 || hdr.gso_size == 0 ||
               hdr.hdr_len < 54 || hdr.hdr_len >= n ||
               hdr.hdr_len - 14 + hdr.gso_size > MTU ||
               !(hdr.flags & UKVM_NET_F_NEEDS_CSUM)) {
        bad_out("segmentation", size);
    }
    return SOLO5_R_OK;
}

static err_t tcp_echo_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    (void)arg;
    (void)err;
    if (!p)
        return tcp_close(pcb);
    tcp_recved(pcb, p->tot_len);
    for (struct pbuf *q = p; q; q = q->next)
        tcp_write(pcb, q->payload, q->len, TCP_WRITE_FLAG_COPY);
    pbuf_free(p);
    return ERR_OK;
}

static err_t tcp_echo_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
    (void)arg;
    if (err != ERR_OK || !pcb)
        return ERR_VAL;
    tcp_recv(pcb, tcp_echo_recv);
    return ERR_OK;
}

static void udp_echo_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p,
                          const ip_addr_t *addr, u16_t port)
{
    (void)arg;
    udp_sendto(pcb, p, addr, port);
    pbuf_free(p);
}

static void setup(void)
{
    char *argv[] = { NULL };
    struct tcp_pcb *t;
    struct udp_pcb *u;

    if (net_init(0, argv) < 0)
        abort();
    t = tcp_new();
    u = udp_new();
    if (!t || !u || tcp_bind(t, IP_ADDR_ANY, 8080) != ERR_OK ||
        udp_bind(u, IP_ADDR_ANY, 7) != ERR_OK || !(t = tcp_listen(t)))
        abort();
    tcp_accept(t, tcp_echo_accept);
    udp_recv(u, udp_echo_recv, NULL);
}

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t s)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        s += (uint32_t)p[i] << 8 | p[i + 1];
    if (n & 1)
        s += (uint32_t)p[n - 1] << 8;
    return s;
}

static void put_sum(uint8_t *at, uint32_t s)
{
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    s = ~s & 0xffff;
    at[0] = (uint8_t)(s >> 8);
    at[1] = (uint8_t)s;
}

/* Sets the checksums of an IPv4 frame F of N bytes, where it has them. */
static void fix_checksums(uint8_t *f, size_t n)
{
    size_t ihl, tot, l4;
    uint8_t *ip = f + 14, *p;
    uint32_t s;

    if (n < 34 || f[12] != 0x08 || f[13] != 0x00)
        return;
    ihl = (size_t)(ip[0] & 15) * 4;
    if (ihl < 20 || 14 + ihl > n)
        return;
    ip[10] = ip[11] = 0;
    put_sum(ip + 10, sum16(ip, ihl, 0));
    tot = (size_t)ip[2] << 8 | ip[3];
    if (tot < ihl || 14 + tot > n || (ip[6] & 0x3f) || ip[7])
        return;         /* malformed, or a fragment: lwIP drops those */
    p = ip + ihl;
    l4 = tot - ihl;
    s = sum16(ip + 12, 8, 0) + ip[9] + (uint32_t)l4;
    if (ip[9] == 6 && l4 >= 20) {
        p[16] = p[17] = 0;
        put_sum(p + 16, sum16(p, l4, s));
    } else if (ip[9] == 17 && l4 >= 8) {
        p[6] = p[7] = 0;
        put_sum(p + 6, sum16(p, l4, s));
    } else if (ip[9] == 1 && l4 >= 4) {
        p[2] = p[3] = 0;
        put_sum(p + 2, sum16(p, l4, 0));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t buf[FRAME_MAX];
    static int ready;

    if (!ready) {
        setup();
        ready = 1;
    }
    if (FUZZ_OFFLOADS && size > 0) {
        frame_flags = data[0] & (UKVM_NET_F_NEEDS_CSUM | UKVM_NET_F_DATA_VALID);
        data++, size--;
    }
    if (size == 0)
        return 0;
    frame_len = size < FRAME_MAX ? size : FRAME_MAX;
    memcpy(buf, data, frame_len);
    fix_checksums(buf, frame_len);
    frame = buf;
    clock_ns += 100000000;      /* a tenth of a second: timers come due */
    net_poll(0);
    frame = NULL;
    /* Forget what this frame set up: connections, then ARP entries. */
    while (tcp_active_pcbs)
        tcp_abort(tcp_active_pcbs);
    while (tcp_tw_pcbs)
        tcp_abort(tcp_tw_pcbs);
    etharp_cleanup_netif(netif_default);
    return 0;
}
