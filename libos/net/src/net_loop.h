/* SPDX-License-Identifier: ISC */
/* Inside libos/net: the event loop's clock (net_loop.c). */
#ifndef NET_LOOP_H
#define NET_LOOP_H

/* Reads the monotonic clock into net_now() and sys_now(). */
void net_clock_update(void);

#endif
