/* SPDX-License-Identifier: ISC */
/*
 * Static routes (--ipv4-route=NET/N,via=GW): lwIP asks for them through
 * two hooks (lwipopts.h) only where no interface's subnet holds the
 * destination. The longest matching prefix wins; its gateway names the
 * interface (the one whose subnet holds it). Without a match lwIP goes
 * on as ever: the default interface and its gateway.
 */
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "net_route.h"

static struct {
    uint32_t net, mask, gw;     /* network order */
} routes[NET_ROUTES_MAX];
static unsigned nroutes;

int net_route_add(uint32_t net, uint32_t mask, uint32_t gw)
{
    if (nroutes == NET_ROUTES_MAX)
        return -1;
    routes[nroutes].net = net;
    routes[nroutes].mask = mask;
    routes[nroutes].gw = gw;
    nroutes++;
    return 0;
}

/* The route for DEST with the longest prefix, or -1. */
static int route_for(uint32_t dest)
{
    int best = -1;

    for (unsigned i = 0; i < nroutes; i++)
        if ((dest & routes[i].mask) == routes[i].net &&
            (best < 0 || lwip_ntohl(routes[i].mask) >
                         lwip_ntohl(routes[best].mask)))
            best = (int)i;
    return best;
}

/* The interface whose subnet holds A (an up one), or NULL. */
static struct netif *netif_on_link(uint32_t a)
{
    struct netif *nif;

    NETIF_FOREACH(nif) {
        if (netif_is_up(nif) &&
            (a & ip4_addr_get_u32(netif_ip4_netmask(nif))) ==
            (ip4_addr_get_u32(netif_ip4_addr(nif)) &
             ip4_addr_get_u32(netif_ip4_netmask(nif))))
            return nif;
    }
    return NULL;
}

struct netif *net_route_netif(const struct ip4_addr *dest)
{
    int r = nroutes ? route_for(ip4_addr_get_u32(dest)) : -1;

    return r < 0 ? NULL : netif_on_link(routes[r].gw);
}

const struct ip4_addr *net_route_gw(struct netif *nif,
                                    const struct ip4_addr *dest)
{
    int r = nroutes ? route_for(ip4_addr_get_u32(dest)) : -1;
    static ip4_addr_t gw;

    /* A route by another interface's gateway is no use on NIF. */
    if (r < 0 || netif_on_link(routes[r].gw) != nif)
        return NULL;
    ip4_addr_set_u32(&gw, routes[r].gw);
    return &gw;
}
