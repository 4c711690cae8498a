/* The lwIP network interface over a solo5 network device. */
#ifndef NETIF_SOLO5_H
#define NETIF_SOLO5_H

#include "lwip/netif.h"
#include "solo5.h"

/*
 * Acquires the solo5 device NAME and adds it to lwIP as NIF with the
 * given addresses, up and default. ERR_IF when the device cannot be
 * acquired.
 */
err_t netif_solo5_add(struct netif *nif, const char *name,
                      const ip4_addr_t *addr, const ip4_addr_t *mask,
                      const ip4_addr_t *gw);

/* The device's handle, for solo5_yield's ready set. */
solo5_handle_t netif_solo5_handle(void);

/*
 * Hands the frames waiting on the device to lwIP, at most a batch: the
 * rest wait for the next round (solo5_yield returns at once for them).
 */
void netif_solo5_input(struct netif *nif);

/* Sends what the interface holds back (joined segments): before sleeping. */
void netif_solo5_flush(void);

/* Frames dropped for want of a pool buffer. */
unsigned long netif_solo5_dropped(void);

#endif
