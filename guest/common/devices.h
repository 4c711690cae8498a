/* SPDX-License-Identifier: ISC */
/* What the targets' device calls share (common/devices.c). */
#ifndef GUEST_DEVICES_H
#define GUEST_DEVICES_H

#include "kernel.h"

#define ETH_HEADER_SIZE 14U

/* The largest frame of acquired network device H (mtu + 14), or 0. */
size_t dev_net_max(solo5_handle_t h);

/* Whether the monitor marks vnet devices (boot), and whether H is one. */
extern int net_vnet_offered;
int dev_net_vnet(solo5_handle_t h);

/* Whether [OFFSET, OFFSET + SIZE) is whole blocks of acquired device H. */
int dev_block_ok(solo5_handle_t h, solo5_off_t offset, size_t size);

/* The block size and capacity of acquired block device H (after dev_block_ok). */
size_t dev_block_size(solo5_handle_t h);
uint64_t dev_block_capacity(solo5_handle_t h);

/* The target's hook when network device H is acquired. */
void platform_net_acquired(solo5_handle_t h);

/*
 * The target's network I/O, after common/net.c's checks: one frame as the
 * device has it (header first on a vnet device), BUF of SIZE at least the
 * device's largest; and a vnet device's receive offloads.
 */
solo5_result_t platform_net_read(solo5_handle_t h, uint8_t *buf, size_t size,
        size_t *read_size);
solo5_result_t platform_net_write(solo5_handle_t h, const uint8_t *buf,
        size_t size);
solo5_result_t platform_net_rx_offload(solo5_handle_t h, unsigned rx);

#endif
