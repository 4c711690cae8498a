/* SPDX-License-Identifier: ISC */
/*
 * Network I/O shared by the targets: Solo5's calls and ukvm's offloaded
 * ones (ukvm_net.h), checked here and moved by the target's
 * platform_net_read/write. On a vnet device (abi/vnet_abi.h) the frames
 * the target moves begin with the header; Solo5's calls add or take it
 * off, in a bounce buffer.
 */
#include "kernel.h"
#include "abi/vnet_abi.h"
#include "devices.h"
#include "mft.h"
#include "ukvm_net.h"

_Static_assert(sizeof(struct ukvm_net_hdr) == sizeof(struct vnet_hdr), "header");
_Static_assert(UKVM_NET_FRAME_MAX == VNET_FRAME_MAX, "largest frame");
_Static_assert(UKVM_NET_RX_CSUM == VNET_RX_CSUM && UKVM_NET_RX_TSO4 == VNET_RX_TSO4 &&
               UKVM_NET_RX_TSO6 == VNET_RX_TSO6, "receive offloads");

#define HDR sizeof(struct vnet_hdr)

int net_vnet_offered;
static uint8_t bounce[VNET_FRAME_MAX] __attribute__((aligned(8)));

solo5_result_t solo5_net_write(solo5_handle_t handle, const uint8_t *buf,
        size_t size)
{
    size_t max = dev_net_max(handle);

    if (max == 0 || size > max)
        return SOLO5_R_EINVAL;
    if (!dev_net_vnet(handle))
        return platform_net_write(handle, buf, size);
    for (size_t i = 0; i < HDR; i++)
        bounce[i] = 0;          /* nothing to offload */
    copy_bytes(bounce + HDR, buf, size);
    return platform_net_write(handle, bounce, HDR + size);
}

solo5_result_t solo5_net_read(solo5_handle_t handle, uint8_t *buf,
        size_t size, size_t *read_size)
{
    size_t max = dev_net_max(handle), n;
    solo5_result_t r;

    if (max == 0 || !read_size || size < max)
        return SOLO5_R_EINVAL;
    if (!dev_net_vnet(handle))
        return platform_net_read(handle, buf, max, read_size);
    r = platform_net_read(handle, bounce, sizeof bounce, &n);
    if (r != SOLO5_R_OK)
        return r;
    /* Larger than the MTU: a coalesced segment, only for ukvm_net_read. */
    if (n < HDR || n - HDR > max)
        return SOLO5_R_EUNSPEC;
    copy_bytes(buf, bounce + HDR, n - HDR);
    *read_size = n - HDR;
    return SOLO5_R_OK;
}

int ukvm_net_offloads(solo5_handle_t h)
{
    return dev_net_vnet(h);
}

solo5_result_t ukvm_net_rx_offload(solo5_handle_t h, unsigned rx)
{
    if (!dev_net_vnet(h) || (rx & ~VNET_RX_ALL))
        return SOLO5_R_EINVAL;
    return platform_net_rx_offload(h, rx);
}

solo5_result_t ukvm_net_write(solo5_handle_t h, const uint8_t *buf, size_t size)
{
    if (!dev_net_vnet(h) || size < HDR + ETH_HEADER_SIZE || size > VNET_FRAME_MAX)
        return SOLO5_R_EINVAL;
    return platform_net_write(h, buf, size);
}

solo5_result_t ukvm_net_read(solo5_handle_t h, uint8_t *buf, size_t size,
        size_t *read_size)
{
    if (!dev_net_vnet(h) || !read_size || size < VNET_FRAME_MAX)
        return SOLO5_R_EINVAL;
    return platform_net_read(h, buf, size, read_size);
}

const char *ukvm_net_device(unsigned i)
{
    for (uint32_t e = 1; e < mft_boot->entries; e++) {
        /* The monitor checked the names; an unterminated one is skipped. */
        if (mft_boot->e[e].type != MFT_DEV_NET_BASIC ||
            mft_boot->e[e].name[MFT_NAME_SIZE - 1] != '\0')
            continue;
        if (i-- == 0)
            return mft_boot->e[e].name;
    }
    return NULL;
}
