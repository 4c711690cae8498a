/* SPDX-License-Identifier: ISC */
/* Joined TCP segments on a device with offloads (tx_coalesce.c). */
#ifndef TX_COALESCE_H
#define TX_COALESCE_H

#include "lwip/err.h"
#include "lwip/pbuf.h"
#include "solo5.h"

/*
 * Sends frame P on device H (one with offloads: ukvm_net_offloads):
 * joined to the pending segment, or after it. One segment is pending at
 * a time, so a frame for another device sends it first.
 */
err_t tx_coalesce_frame(solo5_handle_t h, struct pbuf *p);

/* Sends the pending segment, if any: before sleeping. */
void tx_coalesce_flush(void);

#endif
