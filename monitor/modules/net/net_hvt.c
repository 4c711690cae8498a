/* SPDX-License-Identifier: ISC */
/*
 * The net module's hvt half: NET_WRITE and NET_READ move one frame
 * between guest memory and the tap; NET_RXRING (negotiated) lets POLL
 * fill a receive ring in guest memory instead; NET_OFFLOAD turns on a
 * vnet device's receive offloads. A vnet device's frames, header first,
 * pass through untouched: the tap's kernel checks the header as it does
 * for any process that writes to a tap.
 */
#include <errno.h>
#include <linux/if_tun.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "net.h"

/* Whether FRAME (of LEN bytes, as read or written) is a large segment. */
static bool is_segmented(const struct net_dev *d, const uint8_t *frame, size_t len)
{
    return d->vnet && len >= sizeof(struct vnet_hdr) &&
           (frame[offsetof(struct vnet_hdr, gso_type)] & ~VNET_GSO_ECN) != VNET_GSO_NONE;
}

static void count_rx(struct net_dev *d, const uint8_t *frame, size_t len)
{
    d->rx_frames++, d->rx_bytes += len;
    d->rx_segments += is_segmented(d, frame, len);
}

static void hc_net_write(struct ukvm *vm, void *arg)
{
    struct hvt_hc_net_write *a = arg;
    struct net_dev *d;
    const void *data;
    uint64_t len;
    ssize_t n;

    d = net_dev_for(a->handle);
    len = a->len;
    if (!d || len > d->tx_max) {
        a->ret = HVT_EINVAL;
        return;
    }
    data = hypercall_buffer(vm, "NET_WRITE", a->data, len, false);
    n = write(d->fd, data, len);
    a->ret = n == (ssize_t)len ? HVT_OK : HVT_EUNSPEC;
    if (a->ret == HVT_OK) {
        d->tx_frames++, d->tx_bytes += len;
        d->tx_segments += is_segmented(d, data, len);
    }
}

static void hc_net_read(struct ukvm *vm, void *arg)
{
    struct hvt_hc_net_read *a = arg;
    struct net_dev *d;
    void *data;
    uint64_t len;
    ssize_t n;

    d = net_dev_for(a->handle);
    len = a->len;
    if (!d || len < d->rx_max) {
        a->ret = HVT_EINVAL;
        return;
    }
    data = hypercall_buffer(vm, "NET_READ", a->data, len, true);
    if (d->spill_len && d->spill_len <= len) {  /* the ring had no slot for it */
        memcpy(data, d->spill, d->spill_len);
        a->len = d->spill_len;
        a->ret = HVT_OK;
        d->spill_len = 0;
        return;
    }
    /* At most rx_max, as through a ring: a frame grown past it (the tap's
     * MTU raised since start-up) arrives cut to that length. */
    n = read(d->fd, data, d->rx_max);
    if (n > 0) {
        a->len = (uint64_t)n;
        a->ret = HVT_OK;
        count_rx(d, data, (size_t)n);
    } else {
        a->ret = (n < 0 && errno == EAGAIN) ? HVT_AGAIN : HVT_EUNSPEC;
    }
}

static void hc_net_rxring(struct ukvm *vm, void *arg)
{
    struct hvt_hc_net_rxring *a = arg;
    struct hvt_rxring *r;
    struct net_dev *d;
    uint64_t slots;

    d = net_dev_for(a->handle);
    slots = a->slots;
    r = guest_mem_ptr_rw(vm, a->ring, sizeof *r + slots * HVT_RXRING_SLOT_SIZE);
    /*
     * A device whose largest frame does not fit a slot gets no ring: its
     * guest reads with NET_READ, which takes any frame its MTU allows.
     */
    if (!ukvm_feature_agreed(vm, HVT_HOST_FEATURE_NET_RXRING) || !d ||
        d->frame_max > RING_FRAME_MAX || slots == 0 ||
        slots > HVT_RXRING_MAX_SLOTS || (slots & (slots - 1)) || a->ring % 8 || !r) {
        a->ret = HVT_EINVAL;
        return;
    }
    d->ring = r;
    d->ring_slots = (uint32_t)slots;
    d->ring_head = 0;
    r->head = r->tail = r->drained = 0;
    a->ret = HVT_OK;
}

static void hc_net_offload(struct ukvm *vm, void *arg)
{
    struct hvt_hc_net_offload *a = arg;
    struct net_dev *d = net_dev_for(a->handle);

    (void)vm;
    if (!d || !d->vnet || (a->rx & ~(uint64_t)VNET_RX_ALL)) {
        a->ret = HVT_EINVAL;
        return;
    }
    if (ioctl(d->fd, TUNSETOFFLOAD, (unsigned)a->rx) < 0) {
        a->ret = HVT_EUNSPEC;
        return;
    }
    d->rx_max = a->rx ? VNET_FRAME_MAX : d->frame_max;
    if (d->spill_len > d->rx_max)   /* no longer a frame NET_READ may give */
        d->spill_len = 0;
    a->ret = HVT_OK;
}

/*
 * Reads D's next frame into SLOT (room for frame_max bytes, which
 * NET_RXRING made sure fit). With receive offloads a frame may be
 * larger: read into the spill buffer, it is copied to the slot if it
 * fits, else kept there for NET_READ (0 returned: the ring stops).
 */
static ssize_t ring_read(struct net_dev *d, uint8_t *slot)
{
    ssize_t n;

    if (d->rx_max <= d->frame_max)
        return read(d->fd, slot, d->frame_max);
    n = read(d->fd, d->spill, d->rx_max);
    if (n > (ssize_t)RING_FRAME_MAX) {
        d->spill_len = (size_t)n;
        count_rx(d, d->spill, (size_t)n);
        return 0;
    }
    if (n > 0)
        memcpy(slot, d->spill, (size_t)n);
    return n;
}

/* Moves waiting frames into D's ring; true if the ring holds any. */
static bool ring_fill(struct ukvm *vm, struct net_dev *d)
{
    struct hvt_rxring *r = d->ring;
    uint32_t head = d->ring_head, used;

    used = head - r->tail;
    if (used > d->ring_slots)
        guest_error(vm, "NET_RXRING: ring tail %u is ahead of head %u", r->tail,
                    head);
    r->drained = 0;
    while (used < d->ring_slots && !d->spill_len) {
        uint8_t *slot = (uint8_t *)(r + 1) +
                        (size_t)(head % d->ring_slots) * HVT_RXRING_SLOT_SIZE;
        ssize_t n = ring_read(d, slot + 4);
        if (n <= 0) {
            r->drained = n < 0 && errno == EAGAIN;
            break;
        }
        memcpy(slot, &(uint32_t){ (uint32_t)n }, 4);
        head++, used++;
        count_rx(d, slot + 4, (size_t)n);
    }
    r->head = d->ring_head = head;
    return used > 0;
}

static uint64_t net_poll_pending(struct ukvm *vm)
{
    uint64_t ready = 0;

    /* A spilled frame waits for NET_READ: its device is ready. */
    for (unsigned i = 0; i < net_ndevs; i++)
        if ((net_devs[i].ring && ring_fill(vm, &net_devs[i])) ||
            net_devs[i].spill_len)
            ready |= 1ULL << net_devs[i].handle;
    return ready;
}

static unsigned net_stats(struct ukvm_stat *out, unsigned max)
{
    unsigned n = 0;

    for (unsigned i = 0; i < net_ndevs && n + 6 <= max; i++) {
        const struct net_dev *d = &net_devs[i];

        out[n++] = (struct ukvm_stat){ d->name, "tx_frames", d->tx_frames };
        out[n++] = (struct ukvm_stat){ d->name, "tx_bytes", d->tx_bytes };
        out[n++] = (struct ukvm_stat){ d->name, "tx_segments", d->tx_segments };
        out[n++] = (struct ukvm_stat){ d->name, "rx_frames", d->rx_frames };
        out[n++] = (struct ukvm_stat){ d->name, "rx_bytes", d->rx_bytes };
        out[n++] = (struct ukvm_stat){ d->name, "rx_segments", d->rx_segments };
    }
    return n;
}

static const struct ukvm_hypercall net_hypercalls[] = {
    { HVT_HYPERCALL_NET_WRITE, "NET_WRITE", sizeof(struct hvt_hc_net_write),
      true, hc_net_write },
    { HVT_HYPERCALL_NET_READ, "NET_READ", sizeof(struct hvt_hc_net_read),
      true, hc_net_read },
    { HVT_HYPERCALL_NET_RXRING, "NET_RXRING", sizeof(struct hvt_hc_net_rxring),
      true, hc_net_rxring },
    { HVT_HYPERCALL_NET_OFFLOAD, "NET_OFFLOAD", sizeof(struct hvt_hc_net_offload),
      true, hc_net_offload },
    { 0 },
};

static const struct ukvm_module net_hypercalls_module = {
    .name = "net hypercalls",
    .hypercalls = net_hypercalls,
    .poll_pending = net_poll_pending,
    .stats = net_stats,
};
UKVM_MODULE(net_hypercalls_module);
