/*
 * net_init: the command-line options, lwIP's start and the interface.
 */
#include <stdio.h>
#include <string.h>

#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "net.h"
#include "net_loop.h"
#include "netif_solo5.h"
#include "random.h"

#define DEFAULT_IPV4 "10.0.0.2/24"
#define DEFAULT_GATEWAY "10.0.0.1"

static struct netif service;

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

int net_init(int argc, char **argv)
{
    uint32_t addr, mask, gw;
    ip4_addr_t ip_addr, ip_mask, ip_gw;
    const uint8_t *mac;
    int kept = 0, prefix;

    parse_cidr(DEFAULT_IPV4, &addr, &mask);
    parse_ipv4(DEFAULT_GATEWAY, DEFAULT_GATEWAY + strlen(DEFAULT_GATEWAY), &gw);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];

        if (strncmp(a, "--ipv4=", 7) == 0) {
            if (parse_cidr(a + 7, &addr, &mask) != 0) {
                fprintf(stderr, "net: %s: not an IPv4 address/prefix "
                        "(like 10.0.0.2/24)\n", a);
                return -1;
            }
        } else if (strncmp(a, "--ipv4-gateway=", 15) == 0) {
            if (parse_ipv4(a + 15, a + strlen(a), &gw) != 0) {
                fprintf(stderr, "net: %s: not an IPv4 address "
                        "(like 10.0.0.1)\n", a);
                return -1;
            }
        } else if (strncmp(a, "--ipv4", 6) == 0) {
            fprintf(stderr, "net: %s: unknown option (--ipv4=A.B.C.D/N, "
                    "--ipv4-gateway=A.B.C.D)\n", a);
            return -1;
        } else {
            argv[kept++] = argv[i];
        }
    }
    if (kept < argc)
        argv[kept] = NULL;

    net_random_seed(solo5_clock_wall() ^ solo5_clock_monotonic() << 32);
    net_clock_update();         /* lwIP's first timers count from now */
    lwip_init();
    ip4_addr_set_u32(&ip_addr, addr);
    ip4_addr_set_u32(&ip_mask, mask);
    ip4_addr_set_u32(&ip_gw, gw);
    if (netif_solo5_add(&service, NET_DEVICE, &ip_addr, &ip_mask,
                        &ip_gw) != ERR_OK) {
        fprintf(stderr, "net: %s: no such network device attached, "
                "or its mtu is unusable\n", NET_DEVICE);
        return -1;
    }
    mac = service.hwaddr;
    net_random_seed(solo5_clock_monotonic() ^ (uint64_t)mac[2] << 24 ^
                    (uint64_t)mac[3] << 16 ^ (uint64_t)mac[4] << 8 ^ mac[5]);
    prefix = __builtin_popcount(mask);
    printf("%s: mac %02x:%02x:%02x:%02x:%02x:%02x", NET_DEVICE, mac[0],
           mac[1], mac[2], mac[3], mac[4], mac[5]);
    print_ipv4(" ipv4 ", addr);
    printf("/%d", prefix);
    print_ipv4(" gateway ", gw);
    printf("\n");
    return kept;
}
