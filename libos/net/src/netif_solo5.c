/* SPDX-License-Identifier: ISC */
/*
 * The network interface over a solo5 network device. Frames are read
 * straight into pbufs of lwIP's pool (one pool buffer holds a whole
 * frame) and written straight from lwIP's pbufs (every outgoing packet
 * is one pbuf, LWIP_NETIF_TX_SINGLE_PBUF): no copy in between. Where
 * the device's MTU is larger than a pool buffer takes (above 1522: jumbo
 * frames), frames go through the bounce buffer instead, copied into and
 * out of pbuf chains. One interface per network device of the manifest
 * (up to NETIF_SOLO5_MAX), each with its state in devs[]; the bounce
 * buffer is shared, as reads and writes never overlap.
 *
 * Where the device has offloads (ukvm_net.h: ukvm and ukvm-spt, unless
 * turned off), TCP segments leave joined into large ones with their
 * checksums left to the host (tx_coalesce.c), and frames arrive with a
 * header: through the bounce buffer, as coalesced segments of up to
 * 64 KiB may come (kept in one heap buffer each), and unchecked where
 * the host vouches for their sums.
 */
#include <string.h>

#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"
#include "netif_solo5.h"
#include "syn_guard.h"
#include "tx_coalesce.h"
#include "ukvm_net.h"

/*
 * Frames taken per call: then the caller runs lwIP's timers and yields.
 * Where the guest kernel keeps a receive ring (16 slots on ukvm), one
 * POLL refills it with up to 16 frames, where each read past the ring's
 * end would be an exit of its own.
 */
#define RX_BATCH 16

/* An interface's device: nif->state. */
struct dev {
    struct netif *nif;
    const char *name;
    solo5_handle_t handle;
    size_t frame_max;               /* mtu + 14: what a read needs room for */
    struct pbuf *rx_next;           /* the pool buffer the next read fills */
    int offloads;                   /* ukvm_net_offloads(handle) */
};
static struct dev devs[NETIF_SOLO5_MAX];
static unsigned ndevs;
static unsigned long rx_dropped;
uint32_t net_tcp_wnd_cut;           /* lwipopts.h: TCP_WND */

/*
 * lwIP's checksum work on a device with offloads: no TCP sums made (the
 * host fills them in), and TCP and UDP ones checked only on frames the
 * host does not vouch for (set per frame).
 */
#define SUMS_OFFLOADED (NETIF_CHECKSUM_ENABLE_ALL & ~NETIF_CHECKSUM_GEN_TCP)
#define SUMS_VOUCHED (SUMS_OFFLOADED & ~(NETIF_CHECKSUM_CHECK_TCP | \
                                         NETIF_CHECKSUM_CHECK_UDP))

/*
 * For frames that do not fit one pool buffer: input read here and copied
 * into a chain, dropped input, chained output. lwIP's lengths are 16
 * bits, so 65535 bytes is the largest frame it can take: an MTU of up to
 * 65521, the largest a Linux tap can have. With offloads it holds a
 * frame's header and the largest frame a device hands over.
 */
#define FRAME_MAX_LWIP 0xffff
static uint8_t bounce[UKVM_NET_FRAME_MAX] __attribute__((aligned(8)));
_Static_assert(sizeof(bounce) >= (u16_t)~0, "the bounce buffer holds any pbuf");

static err_t linkoutput(struct netif *nif, struct pbuf *p)
{
    const struct dev *d = nif->state;
    const uint8_t *frame = p->payload;

    if (d->offloads)
        return tx_coalesce_frame(d->handle, p);
    if (p->next) {
        /* Any chain fits: tot_len is 16 bits. */
        pbuf_copy_partial(p, bounce, p->tot_len, 0);
        frame = bounce;
    }
    return solo5_net_write(d->handle, frame, p->tot_len) == SOLO5_R_OK
           ? ERR_OK : ERR_IF;
}

static err_t dev_init(struct netif *nif)
{
    struct solo5_net_info info;
    struct dev *d = nif->state;

    if (solo5_net_acquire(d->name, &d->handle, &info) != SOLO5_R_OK)
        return ERR_IF;
    if (info.mtu == 0 || info.mtu > FRAME_MAX_LWIP - SIZEOF_ETH_HDR)
        return ERR_IF;
    d->frame_max = info.mtu + SIZEOF_ETH_HDR;
    nif->name[0] = 's';
    nif->name[1] = 'v';
    nif->mtu = (u16_t)info.mtu;
    nif->hwaddr_len = ETH_HWADDR_LEN;
    memcpy(nif->hwaddr, info.mac_address, ETH_HWADDR_LEN);
    nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
                 NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
    nif->output = etharp_output;
    nif->linkoutput = linkoutput;
    d->offloads = ukvm_net_offloads(d->handle);
    /* The smaller window as soon as one interface has no offloads. */
    if (!d->offloads)
        net_tcp_wnd_cut = NET_TCP_WND_CUT;
    if (d->offloads) {
        /* Receive offloads are a bonus: without them frames come whole. */
        ukvm_net_rx_offload(d->handle, UKVM_NET_RX_CSUM | UKVM_NET_RX_TSO4);
        NETIF_SET_CHECKSUM_CTRL(nif, SUMS_OFFLOADED);
    }
    return ERR_OK;
}

err_t netif_solo5_add(struct netif *nif, const char *name,
                      const ip4_addr_t *addr, const ip4_addr_t *mask,
                      const ip4_addr_t *gw)
{
    struct dev *d;

    if (ndevs == NETIF_SOLO5_MAX)
        return ERR_IF;
    d = &devs[ndevs];
    *d = (struct dev){ .nif = nif, .name = name };
    /* Frames go through the SYN guard on their way to ethernet_input. */
    if (!netif_add(nif, addr, mask, gw, d, dev_init, syn_guard_input))
        return ERR_IF;
    ndevs++;
    netif_set_up(nif);
    return ERR_OK;
}

void netif_solo5_flush(void)
{
    tx_coalesce_flush();    /* nothing is pending without offloads */
}

solo5_handle_set_t netif_solo5_handles(void)
{
    solo5_handle_set_t set = 0;

    for (unsigned i = 0; i < ndevs; i++)
        set |= 1ULL << devs[i].handle;
    return set;
}

unsigned long netif_solo5_dropped(void)
{
    return rx_dropped;
}

/* The N bytes of FRAME (read into the bounce buffer) in a new pbuf of
 * TYPE, or NULL: the frame is dropped. */
static struct pbuf *pbuf_of(const uint8_t *frame, size_t n, pbuf_type type)
{
    struct pbuf *p = n <= FRAME_MAX_LWIP ? pbuf_alloc(PBUF_RAW, (u16_t)n, type) : NULL;

    if (p)
        pbuf_take(p, frame, (u16_t)n);
    else
        rx_dropped++;
    return p;
}

/* Where a frame may be too big for one pool buffer (mtu above 1522):
 * read into the bounce buffer, copied into a chain of them. */
static struct pbuf *read_copied(struct dev *d, solo5_result_t *r)
{
    size_t n;

    *r = solo5_net_read(d->handle, bounce, sizeof(bounce), &n);
    return *r == SOLO5_R_OK ? pbuf_of(bounce, n, PBUF_POOL) : NULL;
}

/*
 * With offloads: a frame and its header, read into the bounce buffer and
 * copied into one pbuf; lwIP leaves TCP and UDP sums unchecked where the
 * host checked them or is to fill them in (frames of its own stack).
 */
static struct pbuf *read_offloaded(struct dev *d, solo5_result_t *r)
{
    const size_t hdr = sizeof(struct ukvm_net_hdr);
    struct ukvm_net_hdr h;
    struct pbuf *p;
    size_t n;

    *r = ukvm_net_read(d->handle, bounce, sizeof bounce, &n);
    if (*r != SOLO5_R_OK)
        return NULL;
    if (n <= hdr) {
        rx_dropped++;
        return NULL;
    }
    memcpy(&h, bounce, hdr);
    n -= hdr;
    /* A coalesced segment in one buffer from the heap, not a chain of
     * pool buffers: applications bound what they hold in buffers. */
    p = pbuf_of(bounce + hdr, n, n > PBUF_POOL_BUFSIZE ? PBUF_RAM : PBUF_POOL);
    if (!p)
        return NULL;
    NETIF_SET_CHECKSUM_CTRL(d->nif, h.flags & (UKVM_NET_F_NEEDS_CSUM |
                                            UKVM_NET_F_DATA_VALID)
                                 ? SUMS_VOUCHED : SUMS_OFFLOADED);
    return p;
}

/* At most a batch of the frames waiting on device D, to lwIP. */
static void dev_input(struct dev *d)
{
    solo5_result_t r;
    struct pbuf *p;
    size_t got;

    for (int i = 0; i < RX_BATCH; i++) {
        if (d->offloads || d->frame_max > PBUF_POOL_BUFSIZE) {
            p = d->offloads ? read_offloaded(d, &r) : read_copied(d, &r);
            if (r != SOLO5_R_OK)
                return;
            if (!p)
                continue;
        } else {
            if (!d->rx_next)
                d->rx_next = pbuf_alloc(PBUF_RAW, PBUF_POOL_BUFSIZE, PBUF_POOL);
            if (!d->rx_next) {
                /* No buffer: read into the bounce buffer and drop. */
                r = solo5_net_read(d->handle, bounce, sizeof(bounce), &got);
                if (r != SOLO5_R_OK)
                    return;
                rx_dropped++;
                continue;
            }
            r = solo5_net_read(d->handle, d->rx_next->payload,
                               PBUF_POOL_BUFSIZE, &got);
            if (r != SOLO5_R_OK)
                return;     /* AGAIN: rx_next waits for the next frame */
            p = d->rx_next;
            d->rx_next = NULL;
            p->len = p->tot_len = (u16_t)got;
        }
        if (d->nif->input(p, d->nif) != ERR_OK)
            pbuf_free(p);
    }
}

void netif_solo5_input(solo5_handle_set_t ready)
{
    for (unsigned i = 0; i < ndevs; i++)
        if (ready & 1ULL << devs[i].handle)
            dev_input(&devs[i]);
}
