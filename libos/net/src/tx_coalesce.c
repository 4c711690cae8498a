/* SPDX-License-Identifier: ISC */
/*
 * Sending on a device with offloads (ukvm_net.h): lwIP's TCP segments of
 * one connection, sent one after another, are joined into one segment of
 * up to 64 KiB that the host cuts again at their size (the MSS) and
 * checksums, so a burst costs the guest one write, not one a frame.
 * lwIP itself is untouched: it segments, counts its congestion window
 * and retransmits at the peer's MSS, as ever.
 *
 * Segments join while they continue each other exactly: same addresses,
 * ports, acknowledgement, window and header length; flags ACK (and PSH,
 * which the host leaves on the last frame only); each one MSS long but
 * the last. Anything else first sends what was joined, so frames leave in
 * lwIP's order. A segment with PSH (the end of an application's write)
 * goes at once, so a reply does not wait for the rest of the round; the
 * caller sends what is left before it sleeps (tx_coalesce_flush).
 * Every TCP frame, joined or not, leaves its
 * checksum to the host (lwIP's TCP checksum generation is off on the
 * interface); other frames leave as lwIP made them.
 */
#include <string.h>

#include "lwip/def.h"
#include "lwip/inet_chksum.h"
#include "lwip/pbuf.h"
#include "tx_coalesce.h"
#include "ukvm_net.h"

#define HDR sizeof(struct ukvm_net_hdr)
#define ETH 14
#define IP_MAX 0xffff
#define TCP_FLAG_ACK 0x10
#define TCP_FLAG_PSH 0x08

/* The header, then the frame being built (or the frame about to go). */
static uint8_t out[UKVM_NET_FRAME_MAX] __attribute__((aligned(8)));
static size_t out_len;          /* frame bytes in out; 0: nothing pending */
static solo5_handle_t dev;      /* the pending segment's device */

/* Where the pending segment's headers are, and how it may go on. */
static struct {
    size_t ihl, thl;
    uint16_t mss;               /* payload of its first segment */
    uint32_t next_seq;
    unsigned segments;
    int closed;                 /* a shorter segment ended it */
} pend;

/* A TCP/IPv4 frame's layout, or 0 in ihl when it is something else. */
struct tcp_frame {
    size_t ihl, thl, payload;
    const uint8_t *ip, *tcp;
};

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return lwip_ntohl(v);
}

/* Parses the headers (in HEAD, the frame's first bytes) of a LEN-byte frame. */
static struct tcp_frame parse(const uint8_t *head, size_t head_len, size_t len)
{
    struct tcp_frame f = { 0 };
    const uint8_t *ip = head + ETH;
    size_t ihl, thl, tot;

    if (head_len < ETH + 20 || head[12] != 0x08 || head[13] != 0x00 ||
        (ip[0] >> 4) != 4 || ip[9] != 6)
        return f;
    ihl = (size_t)(ip[0] & 0xf) * 4;
    tot = (size_t)ip[2] << 8 | ip[3];
    /* Whole, unfragmented (lwIP never fragments: IP_FRAG is 0). */
    if (ihl < 20 || tot != len - ETH || ((ip[6] & 0x3f) | ip[7]) ||
        head_len < ETH + ihl + 20)
        return f;
    thl = (size_t)(ip[ihl + 12] >> 4) * 4;
    if (thl < 20 || ihl + thl > tot || head_len < ETH + ihl + thl)
        return f;
    f.ihl = ihl, f.thl = thl, f.payload = tot - ihl - thl;
    f.ip = ip, f.tcp = ip + ihl;
    return f;
}

/* Whether F is data with ACK (and PSH) only: what may be joined. */
static int joinable(const struct tcp_frame *f)
{
    return f->payload > 0 && !(f->tcp[13] & ~(TCP_FLAG_ACK | TCP_FLAG_PSH));
}

/* Whether joinable frame F may follow the pending segment. */
static int continues(const struct tcp_frame *f)
{
    const uint8_t *ip = out + HDR + ETH, *tcp = ip + pend.ihl;

    return pend.segments > 0 && !pend.closed &&
           f->ihl == pend.ihl && f->thl == pend.thl &&
           f->payload <= pend.mss && out_len + f->payload - ETH <= IP_MAX &&
           get32(f->tcp + 4) == pend.next_seq &&
           memcmp(f->ip + 12, ip + 12, 8) == 0 &&          /* addresses */
           memcmp(f->tcp, tcp, 4) == 0 &&                  /* ports */
           memcmp(f->tcp + 8, tcp + 8, 4) == 0 &&          /* ack */
           memcmp(f->tcp + 14, tcp + 14, 2) == 0 &&        /* window */
           memcmp(f->tcp + 20, tcp + 20, f->thl - 20) == 0;  /* options */
}

/* The pseudo-header's sum (not inverted): what the host adds the rest to. */
static void seed_checksum(uint8_t *ip, size_t ihl, size_t tcp_len)
{
    uint8_t ph[12];
    uint16_t sum;

    memcpy(ph, ip + 12, 8);
    ph[8] = 0, ph[9] = 6;
    ph[10] = (uint8_t)(tcp_len >> 8), ph[11] = (uint8_t)tcp_len;
    sum = LWIP_CHKSUM(ph, sizeof ph);
    memcpy(ip + ihl + 16, &sum, 2);
}

void tx_coalesce_flush(void)
{
    struct ukvm_net_hdr h = { 0 };
    uint8_t *ip = out + HDR + ETH;

    if (out_len == 0)
        return;
    if (pend.ihl) {
        size_t tot = out_len - ETH;
        uint16_t sum;

        ip[2] = (uint8_t)(tot >> 8), ip[3] = (uint8_t)tot;
        ip[10] = ip[11] = 0;
        sum = inet_chksum(ip, (u16_t)pend.ihl);
        memcpy(ip + 10, &sum, 2);
        seed_checksum(ip, pend.ihl, tot - pend.ihl);
        h.flags = UKVM_NET_F_NEEDS_CSUM;
        h.csum_start = (uint16_t)(ETH + pend.ihl);
        h.csum_offset = 16;
        if (pend.segments > 1) {
            h.gso_type = UKVM_NET_GSO_TCPV4;
            h.gso_size = pend.mss;
            h.hdr_len = (uint16_t)(ETH + pend.ihl + pend.thl);
        }
    }
    memcpy(out, &h, HDR);
    /* A frame the device refuses is lost, as on a wire: TCP resends it. */
    ukvm_net_write(dev, out, HDR + out_len);
    out_len = 0;
    pend.ihl = 0;
    pend.segments = 0;
}

err_t tx_coalesce_frame(solo5_handle_t h, struct pbuf *p)
{
    uint8_t head[ETH + 60 + 60];
    u16_t head_len = pbuf_copy_partial(p, head, sizeof head, 0);
    struct tcp_frame f = parse(head, head_len, p->tot_len);
    size_t off;

    if (out_len && h != dev)
        tx_coalesce_flush();
    dev = h;
    if (f.ihl && joinable(&f) && continues(&f)) {
        off = ETH + f.ihl + f.thl;
        pbuf_copy_partial(p, out + HDR + out_len, (u16_t)f.payload, (u16_t)off);
        out_len += f.payload;
        pend.next_seq += (uint32_t)f.payload;
        pend.segments++;
        pend.closed = f.payload < pend.mss;
        out[HDR + ETH + pend.ihl + 13] = f.tcp[13];    /* PSH from the last */
    } else {
        tx_coalesce_flush();
        pbuf_copy_partial(p, out + HDR, p->tot_len, 0);
        out_len = p->tot_len;
        pend.ihl = f.ihl, pend.thl = f.thl;
        /* Other frames (TCP ones with their checksum left to the host
         * too) go alone. */
        if (!f.ihl || !joinable(&f)) {
            tx_coalesce_flush();
            return ERR_OK;
        }
        pend.mss = (uint16_t)f.payload;
        pend.next_seq = get32(f.tcp + 4) + (uint32_t)f.payload;
        pend.segments = 1;
        pend.closed = 0;
    }
    if (f.tcp[13] & TCP_FLAG_PSH)
        tx_coalesce_flush();
    return ERR_OK;
}

