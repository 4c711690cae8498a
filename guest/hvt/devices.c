/* SPDX-License-Identifier: ISC */
/*
 * Network and block I/O on hvt. Arguments are checked first (common/
 * devices.c), so a bad call costs no exit; a good one costs exactly one
 * hypercall. Block I/O may span any number of blocks in that one call
 * where the monitor offers it (ukvm); Solo5's hvt takes one block per
 * hypercall.
 */
#include "kernel.h"
#include "hypercall.h"
#include "devices.h"
#include "abi/mft_abi.h"

/* hvt_ret and solo5_result_t share their numbers; anything else is EUNSPEC. */
static solo5_result_t result(int32_t ret)
{
    return ret >= HVT_OK && ret <= HVT_EUNSPEC ? (solo5_result_t)ret
                                               : SOLO5_R_EUNSPEC;
}

/*
 * Receive rings (where the monitor offers them): POLL moves waiting
 * frames here, so taking one costs no exit. The first RX_DEVICES network
 * devices acquired whose largest frame (mtu + 14, and the 10-byte header
 * on a vnet device, after the slot's 4-byte length) fits a slot get one,
 * so MTUs up to 2030 (2020); others, jumbo frames among them, use
 * NET_READ alone (ukvm refuses them a ring too). Larger frames (coalesced
 * segments, with receive offloads on) come through NET_READ.
 */
#define RX_DEVICES 4
#define RX_SLOTS 16

struct rx_ring {
    struct hvt_rxring hdr;
    uint8_t slot[RX_SLOTS][HVT_RXRING_SLOT_SIZE];
};

static struct rx_ring rx_rings[RX_DEVICES] __attribute__((aligned(64)));
static unsigned rx_used;
static struct rx_ring *rx_of[MFT_MAX_ENTRIES];

void platform_net_acquired(solo5_handle_t h)
{
    struct hvt_hc_net_rxring p;

    if (!(hvt_host_features & HVT_HOST_FEATURE_NET_RXRING) || rx_of[h] ||
        rx_used == RX_DEVICES ||
        dev_net_max(h) + (dev_net_vnet(h) ? sizeof(struct vnet_hdr) : 0) >
        HVT_RXRING_SLOT_SIZE - 4)
        return;
    p.handle = h;
    p.ring = (uint64_t)&rx_rings[rx_used];
    p.slots = RX_SLOTS;
    p.ret = HVT_EUNSPEC;
    hvt_hypercall(HVT_HYPERCALL_NET_RXRING, &p);
    if (p.ret == HVT_OK)
        rx_of[h] = &rx_rings[rx_used++];
}

/*
 * Takes a frame from H's ring: OK, AGAIN when the ring is empty and the
 * monitor found the device empty since we last said AGAIN, or -1 when
 * only NET_READ can tell.
 */
static int rx_take(solo5_handle_t h, uint8_t *buf, size_t *read_size)
{
    struct rx_ring *r = rx_of[h];
    const uint8_t *slot;
    uint32_t len;

    if (!r)
        return -1;
    if (r->hdr.tail == r->hdr.head) {
        if (!r->hdr.drained)
            return -1;
        r->hdr.drained = 0;
        return SOLO5_R_AGAIN;
    }
    slot = r->slot[r->hdr.tail % RX_SLOTS];
    len = *(const uint32_t *)slot;
    copy_bytes(buf, slot + 4, len);     /* then the slot is free */
    r->hdr.tail++;
    *read_size = len;
    return SOLO5_R_OK;
}

solo5_result_t platform_net_read(solo5_handle_t handle, uint8_t *buf,
        size_t size, size_t *read_size)
{
    struct hvt_hc_net_read p;
    int r;

    r = rx_take(handle, buf, read_size);
    if (r >= 0)
        return (solo5_result_t)r;
    p.handle = handle;
    p.data = (uint64_t)buf;
    p.len = size;
    p.ret = HVT_EUNSPEC;
    hvt_hypercall(HVT_HYPERCALL_NET_READ, &p);
    if (p.ret == HVT_OK)
        *read_size = p.len;
    return result(p.ret);
}

solo5_result_t platform_net_write(solo5_handle_t handle, const uint8_t *buf,
        size_t size)
{
    struct hvt_hc_net_write p;

    p.handle = handle;
    p.data = (uint64_t)buf;
    p.len = size;
    p.ret = HVT_EUNSPEC;
    hvt_hypercall(HVT_HYPERCALL_NET_WRITE, &p);
    return result(p.ret);
}

solo5_result_t platform_net_rx_offload(solo5_handle_t handle, unsigned rx)
{
    struct hvt_hc_net_offload p = { .handle = handle, .rx = rx, .ret = HVT_EUNSPEC };

    hvt_hypercall(HVT_HYPERCALL_NET_OFFLOAD, &p);
    return result(p.ret);
}

/*
 * BLOCK_WRITE and BLOCK_READ share their argument layout. The whole
 * request in one hypercall where the monitor takes it, else one block
 * per hypercall.
 */
static solo5_result_t block_hypercall(int nr, solo5_handle_t handle,
        solo5_off_t offset, const uint8_t *buf, size_t size)
{
    struct hvt_hc_block_read p;
    size_t step = size;

    if (!dev_block_ok(handle, offset, size))
        return SOLO5_R_EINVAL;
    if (!(hvt_host_features & HVT_HOST_FEATURE_BLOCK_MULTI))
        step = dev_block_size(handle);
    p.handle = handle;
    p.ret = HVT_OK;
    for (size_t done = 0; done < size && p.ret == HVT_OK; done += step) {
        p.offset = offset + done;
        p.data = (uint64_t)(buf + done);
        p.len = step;
        p.ret = HVT_EUNSPEC;
        hvt_hypercall(nr, &p);
    }
    return result(p.ret);
}

solo5_result_t solo5_block_write(solo5_handle_t handle, solo5_off_t offset,
        const uint8_t *buf, size_t size)
{
    return block_hypercall(HVT_HYPERCALL_BLOCK_WRITE, handle, offset, buf, size);
}

solo5_result_t solo5_block_read(solo5_handle_t handle, solo5_off_t offset,
        uint8_t *buf, size_t size)
{
    return block_hypercall(HVT_HYPERCALL_BLOCK_READ, handle, offset, buf, size);
}
