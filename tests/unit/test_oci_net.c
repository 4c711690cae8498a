/* SPDX-License-Identifier: ISC */
/*
 * ukvm-oci's networking, the parts that read no system state: the
 * default route from /proc/net/route's text, and which interface and
 * address the guest takes.
 */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "../../oci/net.h"

#define HEAD "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"

static int is_ip(const unsigned char ip[4], const char *want)
{
    char buf[16];

    oci_net_format_ip(ip, buf);
    return strcmp(buf, want) == 0;
}

static struct oci_net_cand cand(const char *name, unsigned index, int lo,
                                unsigned char a, unsigned char b, unsigned char c,
                                unsigned char d, int prefix)
{
    struct oci_net_cand x;

    memset(&x, 0, sizeof x);
    strcpy(x.ifname, name);
    x.ifindex = index;
    x.loopback = lo;
    x.addr[0] = a, x.addr[1] = b, x.addr[2] = c, x.addr[3] = d;
    x.prefix = prefix;
    return x;
}

int main(void)
{
    char ifname[16];
    unsigned char gw[4];
    char mac[18];

    /* The kernel prints each address's 32 bits as a native number. */
    {
        unsigned char g[4] = { 10, 88, 0, 1 };
        uint32_t v;
        char text[512];
        memcpy(&v, g, 4);
        snprintf(text, sizeof text, HEAD
                 "eth0\t0058000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
                 "eth0\t00000000\t%08X\t0003\t0\t0\t0\t00000000\t0\t0\t0\n", v);
        CHECK(oci_net_default_route(text, ifname, gw) == 0 && strcmp(ifname, "eth0") == 0 &&
              is_ip(gw, "10.88.0.1"), "route: the default route's interface and gateway");
    }
    {
        unsigned char g1[4] = { 10, 1, 0, 1 }, g2[4] = { 10, 2, 0, 1 };
        uint32_t v1, v2;
        char text[512];
        memcpy(&v1, g1, 4);
        memcpy(&v2, g2, 4);
        snprintf(text, sizeof text, HEAD
                 "eth0\t00000000\t%08X\t0003\t0\t0\t200\t00000000\t0\t0\t0\n"
                 "net1\t00000000\t%08X\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
                 "eth0\t00000000\t%08X\t0003\t0\t0\t100\t00000000\t0\t0\t0\n", v1, v2, v1);
        CHECK(oci_net_default_route(text, ifname, gw) == 0 && strcmp(ifname, "net1") == 0 &&
              is_ip(gw, "10.2.0.1"), "route: of two default routes, the lowest metric, "
              "the first on a tie");
    }
    CHECK(oci_net_default_route(HEAD "eth0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n",
                                ifname, gw) == 0 && strcmp(ifname, "eth0") == 0 &&
          is_ip(gw, "0.0.0.0"), "route: a default route with no gateway names the interface only");
    CHECK(oci_net_default_route(HEAD "eth0\t00000000\t0100000A\t0002\t0\t0\t0\t00000000\t0\t0\t0\n",
                                ifname, gw) == 1, "route: a default route that is not up is none");
    CHECK(oci_net_default_route(HEAD "eth0\t0000000A\t0100000A\t0003\t0\t0\t0\t000000FF\t0\t0\t0\n",
                                ifname, gw) == 1, "route: a route to a network is no default route");
    CHECK(oci_net_default_route(HEAD, ifname, gw) == 1, "route: no routes, no default");
    CHECK(oci_net_default_route("", ifname, gw) == 1, "route: an empty file, no default");
    CHECK(oci_net_default_route(HEAD "garbage\nthisnameiswaytoolongforaninterface\t00000000\t"
                                "0100000A\t0003\t0\t0\t0\t00000000\t0\t0\t0\n",
                                ifname, gw) == 1, "route: malformed lines and too long names are skipped");

    {
        struct oci_net_cand c[] = { cand("lo", 1, 1, 127, 0, 0, 1, 8),
                                    cand("eth0", 2, 0, 10, 88, 0, 5, 16) };
        CHECK(oci_net_choose(c, 2, NULL) == 1, "choose: the one interface that is not loopback");
        CHECK(oci_net_choose(c, 1, NULL) == -1, "choose: loopback only is no networking");
        CHECK(oci_net_choose(c, 0, NULL) == -1, "choose: no address is no networking");
    }
    {
        struct oci_net_cand c[] = { cand("lo", 1, 1, 127, 0, 0, 1, 8),
                                    cand("eth0", 3, 0, 10, 88, 0, 5, 16),
                                    cand("eth0", 3, 0, 10, 89, 0, 5, 16),
                                    cand("net1", 2, 0, 10, 1, 0, 5, 24) };
        CHECK(oci_net_choose(c, 4, "eth0") == 1,
              "choose: the default route's interface, its first (primary) address");
        CHECK(oci_net_choose(c, 4, NULL) == 3, "choose: no default route: the lowest index");
        CHECK(oci_net_choose(c, 4, "eth9") == 3,
              "choose: a default route by an interface without IPv4: the lowest index");
        CHECK(oci_net_choose(c, 4, "lo") == 3, "choose: never loopback, even by the default route");
    }
    {
        unsigned char m[6] = { 0x02, 0, 0x0a, 0xff, 0, 0x2 };
        oci_net_format_mac(m, mac);
        CHECK(strcmp(mac, "02:00:0a:ff:00:02") == 0, "format: a MAC as ukvm's --net-mac takes it");
    }
    return check_done();
}
