/*
 * Network and block devices on hvt. Arguments are checked here, against
 * the manifest copy, so a bad call costs no exit; a good one costs exactly
 * one hypercall. Block I/O may span any number of blocks in that one
 * call (ukvm accepts it; Solo5's hvt takes one block at a time).
 */
#include "kernel.h"
#include "hypercall.h"
#include "mft.h"

#define ETH_HEADER_SIZE 14U

/* hvt_ret and solo5_result_t share their numbers; anything else is EUNSPEC. */
static solo5_result_t result(int32_t ret)
{
    return ret >= HVT_OK && ret <= HVT_EUNSPEC ? (solo5_result_t)ret
                                               : SOLO5_R_EUNSPEC;
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
    *handle = h;
    return SOLO5_R_OK;
}

solo5_result_t solo5_net_read(solo5_handle_t handle, uint8_t *buf,
        size_t size, size_t *read_size)
{
    const struct mft_entry *e = mft_get(handle, MFT_DEV_NET_BASIC);
    struct hvt_hc_net_read p;

    if (!e || !read_size || size < (size_t)e->u.net_basic.mtu + ETH_HEADER_SIZE)
        return SOLO5_R_EINVAL;
    p.handle = handle;
    p.data = (uint64_t)buf;
    p.len = size;
    p.ret = HVT_EUNSPEC;
    hvt_hypercall(HVT_HYPERCALL_NET_READ, &p);
    if (p.ret == HVT_OK)
        *read_size = p.len;
    return result(p.ret);
}

solo5_result_t solo5_net_write(solo5_handle_t handle, const uint8_t *buf,
        size_t size)
{
    const struct mft_entry *e = mft_get(handle, MFT_DEV_NET_BASIC);
    struct hvt_hc_net_write p;

    if (!e || size > (size_t)e->u.net_basic.mtu + ETH_HEADER_SIZE)
        return SOLO5_R_EINVAL;
    p.handle = handle;
    p.data = (uint64_t)buf;
    p.len = size;
    p.ret = HVT_EUNSPEC;
    hvt_hypercall(HVT_HYPERCALL_NET_WRITE, &p);
    return result(p.ret);
}

solo5_result_t solo5_block_acquire(const char *name, solo5_handle_t *handle,
        struct solo5_block_info *info)
{
    const struct mft_entry *e;
    solo5_handle_t h;

    if (!name || !handle || !info)
        return SOLO5_R_EINVAL;
    e = mft_find(name, MFT_DEV_BLOCK_BASIC, &h);
    if (!e || e->u.block_basic.block_size == 0)
        return SOLO5_R_EINVAL;
    info->capacity = e->u.block_basic.capacity;
    info->block_size = e->u.block_basic.block_size;
    *handle = h;
    return SOLO5_R_OK;
}

/*
 * The block device HANDLE if [offset, offset + size) is a whole, non-empty
 * run of its blocks; NULL otherwise. The order of the tests keeps
 * offset + size from overflowing.
 */
static const struct mft_entry *block_check(solo5_handle_t handle,
        solo5_off_t offset, size_t size)
{
    const struct mft_entry *e = mft_get(handle, MFT_DEV_BLOCK_BASIC);
    uint64_t bs, cap;

    if (!e)
        return NULL;
    bs = e->u.block_basic.block_size;
    cap = e->u.block_basic.capacity;
    if (bs == 0 || size == 0 || offset % bs != 0 || size % bs != 0 ||
        size > cap || offset > cap - size)
        return NULL;
    return e;
}

solo5_result_t solo5_block_write(solo5_handle_t handle, solo5_off_t offset,
        const uint8_t *buf, size_t size)
{
    struct hvt_hc_block_write p;

    if (!block_check(handle, offset, size))
        return SOLO5_R_EINVAL;
    p.handle = handle;
    p.offset = offset;
    p.data = (uint64_t)buf;
    p.len = size;
    p.ret = HVT_EUNSPEC;
    hvt_hypercall(HVT_HYPERCALL_BLOCK_WRITE, &p);
    return result(p.ret);
}

solo5_result_t solo5_block_read(solo5_handle_t handle, solo5_off_t offset,
        uint8_t *buf, size_t size)
{
    struct hvt_hc_block_read p;

    if (!block_check(handle, offset, size))
        return SOLO5_R_EINVAL;
    p.handle = handle;
    p.offset = offset;
    p.data = (uint64_t)buf;
    p.len = size;
    p.ret = HVT_EUNSPEC;
    hvt_hypercall(HVT_HYPERCALL_BLOCK_READ, &p);
    return result(p.ret);
}
