/*
 * Network and block I/O on spt: system calls on the descriptors ukvm-spt
 * opened for each device (the manifest's b.hostfd), after the same
 * argument checks as on hvt (common/devices.c).
 */
#include "kernel.h"
#include "devices.h"
#include "mft.h"
#include "syscall.h"

static long hostfd(solo5_handle_t h)
{
    return mft_boot->e[h].b.hostfd;
}

solo5_result_t solo5_net_read(solo5_handle_t handle, uint8_t *buf,
        size_t size, size_t *read_size)
{
    size_t max = dev_net_max(handle);
    long n;

    if (max == 0 || !read_size || size < max)
        return SOLO5_R_EINVAL;
    do
        n = sys3(SYS_read, hostfd(handle), buf, max);
    while (n == -EINTR);
    if (n > 0) {
        *read_size = (size_t)n;
        return SOLO5_R_OK;
    }
    return n == -EAGAIN ? SOLO5_R_AGAIN : SOLO5_R_EUNSPEC;
}

solo5_result_t solo5_net_write(solo5_handle_t handle, const uint8_t *buf,
        size_t size)
{
    size_t max = dev_net_max(handle);
    long n;

    if (max == 0 || size > max)
        return SOLO5_R_EINVAL;
    do
        n = sys3(SYS_write, hostfd(handle), buf, size);
    while (n == -EINTR);
    return n == (long)size ? SOLO5_R_OK : SOLO5_R_EUNSPEC;
}

/* pread64 or pwrite64 of whole SIZE at OFFSET, across short transfers. */
static solo5_result_t block_io(long nr, solo5_handle_t handle,
        solo5_off_t offset, uint8_t *buf, size_t size)
{
    if (!dev_block_ok(handle, offset, size))
        return SOLO5_R_EINVAL;
    while (size > 0) {
        long n = sys4(nr, hostfd(handle), buf, size, offset);
        if (n == -EINTR)
            continue;
        if (n <= 0)
            return SOLO5_R_EUNSPEC;
        buf += n, offset += (uint64_t)n, size -= (size_t)n;
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
