/* Joined TCP segments on a device with offloads (tx_coalesce.c). */
#ifndef TX_COALESCE_H
#define TX_COALESCE_H

#include "lwip/err.h"
#include "lwip/pbuf.h"
#include "solo5.h"

/* Frames go to device H (one with offloads: ukvm_net_offloads). */
void tx_coalesce_init(solo5_handle_t h);

/* Sends frame P: joined to the pending segment, or after it. */
err_t tx_coalesce_frame(struct pbuf *p);

/* Sends the pending segment, if any: before sleeping. */
void tx_coalesce_flush(void);

#endif
