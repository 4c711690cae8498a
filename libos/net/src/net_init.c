/* SPDX-License-Identifier: ISC */
/*
 * net_init: the command-line options, lwIP's start and the interfaces,
 * one a network device of the manifest.
 */
#include <stdio.h>
#include <string.h>

#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "net.h"
#include "net_loop.h"
#include "net_route.h"
#include "netif_solo5.h"
#include "random.h"
#include "ukvm_net.h"

#define DEFAULT_IPV4 "10.0.0.2/24"
#define DEFAULT_GATEWAY "10.0.0.1"

/* What the options say of each network device, in the manifest's order. */
struct iface {
    const char *name;
    uint32_t addr, mask, gw;    /* network order; gw 0: none */
    int have_addr, have_gw;     /* given on the command line */
};

static struct iface ifaces[NETIF_SOLO5_MAX];
static struct netif netifs[NETIF_SOLO5_MAX];
static unsigned nifaces;

/* --ipv4-route= as given, checked against the interfaces once all are. */
static struct route {
    const char *option;
    uint32_t net, mask, gw;
} routes[NET_ROUTES_MAX];
static unsigned nroutes;

/*
 * Parses exactly "A.B.C.D" (each part 0-255, no sign, at most 3 digits)
 * at s, up to end; the address in network order, or -1.
 */
static int parse_ipv4(const char *s, const char *end, uint32_t *out)
{
    uint32_t a = 0;

    for (int part = 0; part < 4; part++) {
        unsigned v = 0, digits = 0;

        if (part > 0) {
            if (s == end || *s != '.')
                return -1;
            s++;
        }
        while (s != end && *s >= '0' && *s <= '9' && digits < 4) {
            v = v * 10 + (unsigned)(*s++ - '0');
            digits++;
        }
        if (digits == 0 || digits > 3 || v > 255)
            return -1;
        a = a << 8 | v;
    }
    if (s != end)
        return -1;
    *out = lwip_htonl(a);
    return 0;
}

/* "A.B.C.D/N" with N from 1 to 32: address and netmask, network order. */
static int parse_cidr(const char *s, uint32_t *addr, uint32_t *mask)
{
    const char *slash = strchr(s, '/');
    unsigned n = 0, digits = 0;

    if (!slash || parse_ipv4(s, slash, addr) != 0)
        return -1;
    for (s = slash + 1; *s >= '0' && *s <= '9' && digits < 3; s++, digits++)
        n = n * 10 + (unsigned)(*s - '0');
    if (*s != '\0' || digits == 0 || n < 1 || n > 32)
        return -1;
    *mask = lwip_htonl((uint32_t)(0xffffffffULL << (32 - n)));
    return 0;
}

static void print_ipv4(const char *label, uint32_t a)
{
    const uint8_t *b = (const uint8_t *)&a;

    printf("%s%u.%u.%u.%u", label, b[0], b[1], b[2], b[3]);
}

/* The interface of device NAME (its first LEN bytes), or NULL. */
static struct iface *iface_named(const char *name, size_t len)
{
    for (unsigned i = 0; i < nifaces; i++)
        if (strlen(ifaces[i].name) == len &&
            memcmp(ifaces[i].name, name, len) == 0)
            return &ifaces[i];
    return NULL;
}

/* "service0, service1": the devices, for messages. */
static void print_devices(void)
{
    for (unsigned i = 0; i < nifaces; i++)
        fprintf(stderr, "%s%s", i ? ", " : "", ifaces[i].name);
    if (nifaces == 0)
        fprintf(stderr, "none");
}

/*
 * Option A, of the form "--OPT=VALUE" or "--OPT:NAME=VALUE" (OPT of LEN
 * bytes, A known to start with it): the interface it is about (PRIMARY
 * for the first form) and its value; NULL after saying what is wrong.
 */
static struct iface *option_iface(const char *a, size_t len,
                                  struct iface *primary, const char **value)
{
    const char *name = a + len, *eq = strchr(a, '=');
    struct iface *f;

    if (*name == '=') {
        *value = name + 1;
        if (!primary)
            fprintf(stderr, "net: %s: the manifest declares no network "
                    "device\n", a);
        return primary;
    }
    name++;                     /* the ':' */
    if (!eq) {
        fprintf(stderr, "net: %s: no value (%.*s:NAME=...)\n", a, (int)len, a);
        return NULL;
    }
    f = iface_named(name, (size_t)(eq - name));
    if (!f) {
        fprintf(stderr, "net: %s: no network device '%.*s' in the manifest "
                "(", a, (int)(eq - name), name);
        print_devices();
        fprintf(stderr, ")\n");
        return NULL;
    }
    *value = eq + 1;
    return f;
}

static void usage_line(const char *a)
{
    fprintf(stderr, "net: %s: unknown option (--ipv4[:NAME]=A.B.C.D/N, "
            "--ipv4-gateway[:NAME]=A.B.C.D, --ipv4-route=NET/N,via=GW)\n", a);
}

/* "--ipv4-route=NET/N,via=GW" in A: a route, or -1 after a message. */
static int parse_route(const char *a)
{
    const char *v = a + 13, *via = strstr(v, ",via=");
    char prefix[sizeof "255.255.255.255/32"];
    struct route *r = &routes[nroutes];

    if (nroutes == NET_ROUTES_MAX) {
        fprintf(stderr, "net: %s: more than %d routes\n", a, NET_ROUTES_MAX);
        return -1;
    }
    if (!via || (size_t)(via - v) >= sizeof prefix) {
        fprintf(stderr, "net: %s: not NET/N,via=GW (like "
                "10.8.0.0/16,via=10.0.1.1)\n", a);
        return -1;
    }
    memcpy(prefix, v, (size_t)(via - v));
    prefix[via - v] = '\0';
    if (parse_cidr(prefix, &r->net, &r->mask) != 0 ||
        parse_ipv4(via + 5, via + strlen(via), &r->gw) != 0) {
        fprintf(stderr, "net: %s: not NET/N,via=GW (like "
                "10.8.0.0/16,via=10.0.1.1)\n", a);
        return -1;
    }
    if (r->net & ~r->mask) {
        fprintf(stderr, "net: %s: %s is not a network (its host bits "
                "are set)\n", a, prefix);
        return -1;
    }
    r->option = a;
    nroutes++;
    return 0;
}

/* The interface whose subnet holds A, or NULL. */
static struct iface *iface_on_link(uint32_t a)
{
    for (unsigned i = 0; i < nifaces; i++)
        if ((a & ifaces[i].mask) == (ifaces[i].addr & ifaces[i].mask))
            return &ifaces[i];
    return NULL;
}

/* Whether the subnets of A and B share an address. */
static int overlap(const struct iface *a, const struct iface *b)
{
    uint32_t m = a->mask & b->mask;

    return (a->addr & m) == (b->addr & m);
}

/* The manifest's network devices; the primary: service0, else the first. */
static struct iface *find_devices(void)
{
    struct iface *primary = NULL;
    const char *name;

    nifaces = 0;
    while (nifaces < NETIF_SOLO5_MAX &&
           (name = ukvm_net_device(nifaces)) != NULL) {
        ifaces[nifaces] = (struct iface){ .name = name };
        if (strcmp(name, NET_DEVICE) == 0)
            primary = &ifaces[nifaces];
        nifaces++;
    }
    if (!primary && nifaces > 0)
        primary = &ifaces[0];
    if (primary) {
        parse_cidr(DEFAULT_IPV4, &primary->addr, &primary->mask);
        parse_ipv4(DEFAULT_GATEWAY, DEFAULT_GATEWAY + strlen(DEFAULT_GATEWAY),
                   &primary->gw);
    }
    return primary;
}

/* Takes the options out of argv; the new argc, or -1 after a message. */
static int parse_options(int argc, char **argv, struct iface *primary)
{
    int kept = 0;

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v;
        struct iface *f;

        if (strncmp(a, "--ipv4-route=", 13) == 0) {
            if (parse_route(a) != 0)
                return -1;
        } else if (strncmp(a, "--ipv4-gateway", 14) == 0 &&
            (a[14] == '=' || a[14] == ':')) {
            if (!(f = option_iface(a, 14, primary, &v)))
                return -1;
            if (parse_ipv4(v, v + strlen(v), &f->gw) != 0) {
                fprintf(stderr, "net: %s: not an IPv4 address "
                        "(like 10.0.0.1)\n", a);
                return -1;
            }
            f->have_gw = 1;
        } else if (strncmp(a, "--ipv4", 6) == 0 &&
                   (a[6] == '=' || a[6] == ':')) {
            if (!(f = option_iface(a, 6, primary, &v)))
                return -1;
            if (parse_cidr(v, &f->addr, &f->mask) != 0) {
                fprintf(stderr, "net: %s: not an IPv4 address/prefix "
                        "(like 10.0.0.2/24)\n", a);
                return -1;
            }
            f->have_addr = 1;
        } else if (strncmp(a, "--ipv4", 6) == 0) {
            usage_line(a);
            return -1;
        } else {
            argv[kept++] = argv[i];
        }
    }
    if (kept < argc)
        argv[kept] = NULL;
    return kept;
}

/*
 * Every device has an address, no two subnets overlap, and one gateway
 * at most: the primary's default one gives way to one given elsewhere.
 * The interface with the gateway (or the primary), or NULL.
 */
static struct iface *check_config(struct iface *primary)
{
    struct iface *gw_if = NULL;

    for (unsigned i = 0; i < nifaces; i++) {
        struct iface *f = &ifaces[i];

        if (!f->have_addr && f != primary) {
            fprintf(stderr, "net: %s: no address (--ipv4:%s=A.B.C.D/N)\n",
                    f->name, f->name);
            return NULL;
        }
        for (unsigned j = 0; j < i; j++) {
            if (overlap(&ifaces[j], f)) {
                fprintf(stderr, "net: %s: its subnet overlaps %s's "
                        "(--ipv4:NAME=A.B.C.D/N)\n", f->name, ifaces[j].name);
                return NULL;
            }
        }
        if (f->have_gw) {
            if (gw_if) {
                fprintf(stderr, "net: %s: a second gateway (%s has one): "
                        "one default gateway at most\n", f->name, gw_if->name);
                return NULL;
            }
            gw_if = f;
        }
    }
    if (gw_if && gw_if != primary)
        primary->gw = 0;
    for (unsigned i = 0; i < nroutes; i++) {
        if (!iface_on_link(routes[i].gw)) {
            fprintf(stderr, "net: %s: the gateway is on no interface's "
                    "subnet\n", routes[i].option);
            return NULL;
        }
    }
    return gw_if ? gw_if : primary;
}

/* Adds F's interface to lwIP and prints its line; -1 after a message. */
static int start_iface(struct iface *f, struct netif *nif)
{
    ip4_addr_t ip_addr, ip_mask, ip_gw;
    const uint8_t *mac;

    ip4_addr_set_u32(&ip_addr, f->addr);
    ip4_addr_set_u32(&ip_mask, f->mask);
    ip4_addr_set_u32(&ip_gw, f->gw);
    if (netif_solo5_add(nif, f->name, &ip_addr, &ip_mask, &ip_gw) != ERR_OK) {
        fprintf(stderr, "net: %s: no such network device attached, "
                "or its mtu is unusable\n", f->name);
        return -1;
    }
    mac = nif->hwaddr;
    net_random_seed(solo5_clock_monotonic() ^ (uint64_t)mac[2] << 24 ^
                    (uint64_t)mac[3] << 16 ^ (uint64_t)mac[4] << 8 ^ mac[5]);
    printf("%s: mac %02x:%02x:%02x:%02x:%02x:%02x", f->name, mac[0],
           mac[1], mac[2], mac[3], mac[4], mac[5]);
    print_ipv4(" ipv4 ", f->addr);
    printf("/%d", __builtin_popcount(f->mask));
    if (f->gw)
        print_ipv4(" gateway ", f->gw);
    printf("\n");
    return 0;
}

int net_init(int argc, char **argv)
{
    struct iface *primary = find_devices(), *default_if;
    int kept;

    kept = parse_options(argc, argv, primary);
    if (kept < 0)
        return -1;
    if (!primary) {
        fprintf(stderr, "net: %s: no such network device attached, "
                "or its mtu is unusable\n", NET_DEVICE);
        return -1;
    }
    default_if = check_config(primary);
    if (!default_if)
        return -1;

    net_random_seed(solo5_clock_wall() ^ solo5_clock_monotonic() << 32);
    net_clock_update();         /* lwIP's first timers count from now */
    lwip_init();
    for (unsigned i = 0; i < nifaces; i++) {
        if (start_iface(&ifaces[i], &netifs[i]) != 0)
            return -1;
        if (&ifaces[i] == default_if)
            netif_set_default(&netifs[i]);
    }
    for (unsigned i = 0; i < nroutes; i++) {
        net_route_add(routes[i].net, routes[i].mask, routes[i].gw);
        print_ipv4("route ", routes[i].net);
        printf("/%d", __builtin_popcount(routes[i].mask));
        print_ipv4(" via ", routes[i].gw);
        printf(" on %s\n", iface_on_link(routes[i].gw)->name);
    }
    return kept;
}
