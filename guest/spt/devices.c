/* SPDX-License-Identifier: ISC */
/*
 * Network and block I/O on spt: system calls on the descriptors the
 * tender opened for each device (the manifest's b.hostfd), after the same
 * argument checks as on hvt (common/devices.c).
 */
#include "kernel.h"
#include "abi/spt_abi.h"
#include "devices.h"
#include "mft.h"
#include "spt.h"
#include "syscall.h"

static long hostfd(solo5_handle_t h)
{
    return mft_boot->e[h].b.hostfd;
}

solo5_result_t platform_net_read(solo5_handle_t handle, uint8_t *buf,
        size_t size, size_t *read_size)
{
    long n;

    do
        n = sys3(SYS_read, hostfd(handle), buf, size);
    while (n == -EINTR);
    if (n > 0) {
        *read_size = (size_t)n;
        return SOLO5_R_OK;
    }
    return n == -EAGAIN ? SOLO5_R_AGAIN : SOLO5_R_EUNSPEC;
}

solo5_result_t platform_net_write(solo5_handle_t handle, const uint8_t *buf,
        size_t size)
{
    long n;

    do
        n = sys3(SYS_write, hostfd(handle), buf, size);
    while (n == -EINTR);
    return n == (long)size ? SOLO5_R_OK : SOLO5_R_EUNSPEC;
}

/* The filter lets TUNSETOFFLOAD through on a vnet device's descriptor. */
solo5_result_t platform_net_rx_offload(solo5_handle_t handle, unsigned rx)
{
    return sys3(SYS_ioctl, hostfd(handle), SPT_TUNSETOFFLOAD, rx) == 0
           ? SOLO5_R_OK : SOLO5_R_EUNSPEC;
}

/*
 * The length of the next transfer of a SIZE-byte request at OFFSET on a
 * device of CAPACITY: one block, as the tender's filter allows, or where
 * ukvm-spt offers it, as many blocks of the request as fit below the
 * largest limit OFFSET is far enough from the end for (spt_abi.h).
 */
static size_t chunk_of(size_t size, size_t block, uint64_t offset, uint64_t capacity)
{
    static const uint64_t limits[] = SPT_BLOCK_IO_LIMITS;

    if (!(spt_features & SPT_FEATURE_BLOCK_MULTI))
        return block;
    for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
        size_t most = limits[k] - block;

        if (capacity >= limits[k] && offset <= capacity - limits[k])
            return size < most ? size : most;
    }
    return block;
}

/*
 * pread64 or pwrite64 of whole SIZE at OFFSET in transfers the filter
 * allows; each must move all its bytes (a shorter one would leave a
 * length no rule allows).
 */
static solo5_result_t block_io(long nr, solo5_handle_t handle,
        solo5_off_t offset, uint8_t *buf, size_t size)
{
    size_t block;
    uint64_t capacity;

    if (!dev_block_ok(handle, offset, size))
        return SOLO5_R_EINVAL;
    block = dev_block_size(handle);
    capacity = dev_block_capacity(handle);
    while (size > 0) {
        size_t len = chunk_of(size, block, offset, capacity);
        long n = sys4(nr, hostfd(handle), buf, len, offset);
        if (n == -EINTR)
            continue;
        if (n != (long)len)
            return SOLO5_R_EUNSPEC;
        buf += len, offset += len, size -= len;
    }
    return SOLO5_R_OK;
}

solo5_result_t solo5_block_write(solo5_handle_t handle, solo5_off_t offset,
        const uint8_t *buf, size_t size)
{
    return block_io(SYS_pwrite64, handle, offset, (uint8_t *)(uintptr_t)buf, size);
}

solo5_result_t solo5_block_read(solo5_handle_t handle, solo5_off_t offset,
        uint8_t *buf, size_t size)
{
    return block_io(SYS_pread64, handle, offset, buf, size);
}
