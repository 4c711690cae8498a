/* SPDX-License-Identifier: ISC */
/* Inside libos/net: the static routes of --ipv4-route= (net_route.c). */
#ifndef NET_ROUTE_H
#define NET_ROUTE_H

#include <stdint.h>

#define NET_ROUTES_MAX 16

/* Adds NET/MASK via GW (network order); -1 when the table is full. */
int net_route_add(uint32_t net, uint32_t mask, uint32_t gw);

#endif
