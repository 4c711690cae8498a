/* SPDX-License-Identifier: ISC */
/*
 * The SYN guard (syn_guard.c): SYN cookies for a listener whose backlog
 * of half-open connections is full. Installed as the interface's input.
 */
#ifndef SYN_GUARD_H
#define SYN_GUARD_H

#include <stdint.h>

#include "lwip/netif.h"

/* The interface's input: guards, then hands the frame to ethernet_input. */
err_t syn_guard_input(struct pbuf *p, struct netif *nif);

/* lwIP's ISN hook (lwipopts.h): random, or a cookie being accepted. */
uint32_t net_tcp_isn(void);

struct syn_guard_stats {
    unsigned long cookies_sent;     /* SYN-ACKs with a cookie */
    unsigned long cookies_accepted; /* handshakes completed with one */
    unsigned long cookies_failed;   /* valid, but lwIP took no pcb */
    unsigned long evicted;          /* half-open pcbs evicted for them */
};
void syn_guard_get_stats(struct syn_guard_stats *stats);

#endif
