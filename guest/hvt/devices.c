/*
 * Network and block devices on hvt. Not implemented yet: every call
 * fails with SOLO5_R_EUNSPEC, which applications must handle anyway.
 */
#include "kernel.h"

solo5_result_t solo5_net_acquire(const char *name, solo5_handle_t *handle,
        struct solo5_net_info *info)
{
    (void)name, (void)handle, (void)info;
    return SOLO5_R_EUNSPEC;
}

solo5_result_t solo5_net_read(solo5_handle_t handle, uint8_t *buf,
        size_t size, size_t *read_size)
{
    (void)handle, (void)buf, (void)size, (void)read_size;
    return SOLO5_R_EUNSPEC;
}

solo5_result_t solo5_net_write(solo5_handle_t handle, const uint8_t *buf,
        size_t size)
{
    (void)handle, (void)buf, (void)size;
    return SOLO5_R_EUNSPEC;
}

solo5_result_t solo5_block_acquire(const char *name, solo5_handle_t *handle,
        struct solo5_block_info *info)
{
    (void)name, (void)handle, (void)info;
    return SOLO5_R_EUNSPEC;
}

solo5_result_t solo5_block_write(solo5_handle_t handle, solo5_off_t offset,
        const uint8_t *buf, size_t size)
{
    (void)handle, (void)offset, (void)buf, (void)size;
    return SOLO5_R_EUNSPEC;
}

solo5_result_t solo5_block_read(solo5_handle_t handle, solo5_off_t offset,
        uint8_t *buf, size_t size)
{
    (void)handle, (void)offset, (void)buf, (void)size;
    return SOLO5_R_EUNSPEC;
}
