/* SPDX-License-Identifier: ISC */
/* The lwIP network interface over a solo5 network device. */
#ifndef NETIF_SOLO5_H
#define NETIF_SOLO5_H

#include "lwip/netif.h"
#include "solo5.h"

/* Interfaces at most: one a handle of solo5_yield's ready set. */
#define NETIF_SOLO5_MAX 63

/*
 * Acquires the solo5 device NAME and adds it to lwIP as NIF with the
 * given addresses, up (the caller chooses the default interface).
 * ERR_IF when the device cannot be acquired or NETIF_SOLO5_MAX are
 * there already. NAME must outlive the interface.
 */
err_t netif_solo5_add(struct netif *nif, const char *name,
                      const ip4_addr_t *addr, const ip4_addr_t *mask,
                      const ip4_addr_t *gw);

/* The devices' handles, for solo5_yield's ready set. */
solo5_handle_set_t netif_solo5_handles(void);

/*
 * Hands the frames waiting on each device in READY to lwIP, at most a
 * batch a device: the rest wait for the next round (solo5_yield returns
 * at once for them).
 */
void netif_solo5_input(solo5_handle_set_t ready);

/* Sends what the interface holds back (joined segments): before sleeping. */
void netif_solo5_flush(void);

/* Frames dropped for want of a pool buffer. */
unsigned long netif_solo5_dropped(void);

#endif
