/* SPDX-License-Identifier: ISC */
/*
 * Device acquisition, shared by every target: names are looked up in the
 * manifest once, and what the I/O calls need is kept by handle.
 */
#include "kernel.h"
#include "devices.h"
#include "mft.h"
#include "abi/vnet_abi.h"

/*
 * What acquire learnt, by handle: the I/O calls' only lookup, a few
 * instructions where a manifest search would cost dozens (each one
 * emulated on PVM). Zero means "not acquired".
 */
static size_t net_frame_max[MFT_MAX_ENTRIES];        /* mtu + 14 */
static uint8_t net_vnet[MFT_MAX_ENTRIES];
static struct {
    uint64_t capacity;
    uint64_t mask;          /* block_size - 1; block sizes are powers of two */
} blk[MFT_MAX_ENTRIES];

size_t dev_net_max(solo5_handle_t h)
{
    return h < MFT_MAX_ENTRIES ? net_frame_max[h] : 0;
}

int dev_net_vnet(solo5_handle_t h)
{
    return h < MFT_MAX_ENTRIES && net_vnet[h];
}

solo5_result_t solo5_net_acquire(const char *name, solo5_handle_t *handle,
        struct solo5_net_info *info)
{
    const struct mft_entry *e;
    solo5_handle_t h;

    if (!name || !handle || !info)
        return SOLO5_R_EINVAL;
    e = mft_find(name, MFT_DEV_NET_BASIC, &h);
    if (!e)
        return SOLO5_R_EINVAL;
    for (int i = 0; i < 6; i++)
        info->mac_address[i] = e->u.net_basic.mac[i];
    info->mtu = e->u.net_basic.mtu;
    net_frame_max[h] = (size_t)e->u.net_basic.mtu + ETH_HEADER_SIZE;
    net_vnet[h] = net_vnet_offered && (e->u.net_basic.ukvm_flags & MFT_NET_VNET);
    platform_net_acquired(h);
    *handle = h;
    return SOLO5_R_OK;
}

solo5_result_t solo5_block_acquire(const char *name, solo5_handle_t *handle,
        struct solo5_block_info *info)
{
    const struct mft_entry *e;
    solo5_handle_t h;
    uint64_t bs;

    if (!name || !handle || !info)
        return SOLO5_R_EINVAL;
    e = mft_find(name, MFT_DEV_BLOCK_BASIC, &h);
    if (!e)
        return SOLO5_R_EINVAL;
    bs = e->u.block_basic.block_size;
    if (bs == 0 || (bs & (bs - 1)) || e->u.block_basic.capacity == 0)
        return SOLO5_R_EINVAL;
    info->capacity = e->u.block_basic.capacity;
    info->block_size = bs;
    blk[h].capacity = e->u.block_basic.capacity;
    blk[h].mask = bs - 1;
    *handle = h;
    return SOLO5_R_OK;
}

/*
 * Whether [offset, offset + size) is a whole, non-empty run of the blocks
 * of acquired block device HANDLE. The order of the tests keeps
 * offset + size from overflowing.
 */
int dev_block_ok(solo5_handle_t handle, solo5_off_t offset, size_t size)
{
    uint64_t cap;

    if (handle >= MFT_MAX_ENTRIES)
        return 0;
    cap = blk[handle].capacity;     /* 0: not acquired, nothing fits */
    return size != 0 && ((offset | size) & blk[handle].mask) == 0 &&
           size <= cap && offset <= cap - size;
}

size_t dev_block_size(solo5_handle_t h)
{
    return (size_t)blk[h].mask + 1;
}

uint64_t dev_block_capacity(solo5_handle_t h)
{
    return blk[h].capacity;
}
