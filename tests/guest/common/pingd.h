/* SPDX-License-Identifier: ISC */
/*
 * A lean ARP and ICMP echo responder for the network test unikernels.
 * Every guest instruction is costly where KVM emulates the guest, and
 * every exit more so, so the per-frame path works in place: the request
 * frame becomes the reply and goes straight back out.
 *
 * Exits per ping: the loop is the plain one (sleep in solo5_yield, then
 * read until AGAIN). On ukvm the guest kernel's receive ring makes that
 * one POLL, which brings the request along, and one NET_WRITE for the
 * reply; the read that says AGAIN costs no exit.
 */
#ifndef PINGD_H
#define PINGD_H

#include "test_util.h"

struct iface {
    const char *name;       /* the manifest's device name */
    uint8_t ip[4];          /* the address we answer for */
    solo5_handle_t handle;
    struct solo5_net_info info;
};

/* Unaligned, alias-safe loads and stores of frame fields. */
typedef uint16_t u16u __attribute__((aligned(1), may_alias));
typedef uint32_t u32u __attribute__((aligned(1), may_alias));
#define LD16(p) (*(const u16u *)(p))
#define LD32(p) (*(const u32u *)(p))
#define ST16(p, v) (*(u16u *)(p) = (v))
#define ST32(p, v) (*(u32u *)(p) = (v))

/* Network order constants as they read from memory on little-endian x86. */
#define BE16(x) ((uint16_t)((((x) & 0xff) << 8) | ((x) >> 8)))

#define ETH_HLEN 14
#define ARP_LEN 28

static inline void copy_mac(uint8_t *dst, const uint8_t *src)
{
    ST32(dst, LD32(src));
    ST16(dst + 4, LD16(src + 4));
}

/* Turns an ARP request for our address into the reply; its length or 0. */
static inline size_t arp_reply(const struct iface *ifc, uint8_t *f, size_t len)
{
    uint8_t *a = f + ETH_HLEN;

    /* Ethernet/IPv4, 6- and 4-byte addresses, a request for us. */
    if (len < ETH_HLEN + ARP_LEN || LD16(a) != BE16(1) ||
        LD16(a + 2) != BE16(0x0800) || LD16(a + 4) != BE16(0x0604) ||
        LD16(a + 6) != BE16(1) || LD32(a + 24) != LD32(ifc->ip))
        return 0;
    ST16(a + 6, BE16(2));                   /* reply */
    copy_mac(a + 18, a + 8);                /* target = the asker */
    ST32(a + 24, LD32(a + 14));
    copy_mac(a + 8, ifc->info.mac_address); /* sender = us */
    ST32(a + 14, LD32(ifc->ip));
    copy_mac(f, f + 6);
    copy_mac(f + 6, ifc->info.mac_address);
    return ETH_HLEN + ARP_LEN;
}

/*
 * Turns an ICMP echo request to our address into the echo reply; its
 * length or 0. Swapping the IP addresses leaves the header checksum as
 * it was, and type 8 -> 0 changes the ICMP checksum by a constant (RFC
 * 1624), so neither is summed again: a request with a good checksum gets
 * a reply with a good one, and a corrupt one stays corrupt and is dropped
 * by whoever receives it.
 */
static inline size_t echo_reply(const struct iface *ifc, uint8_t *f, size_t len)
{
    uint8_t *ip = f + ETH_HLEN, *icmp;
    size_t ihl, total;
    uint32_t addr, sum;

    if (len < ETH_HLEN + 20 + 8 || (ip[0] >> 4) != 4 || ip[9] != 1 ||
        LD32(ip + 16) != LD32(ifc->ip) ||
        (LD16(ip + 6) & BE16(0x3fff)) != 0)     /* no fragments */
        return 0;
    ihl = (size_t)(ip[0] & 0xf) * 4;
    total = (size_t)ip[2] << 8 | ip[3];
    if (ihl < 20 || total < ihl + 8 || ETH_HLEN + total > len)
        return 0;
    icmp = ip + ihl;
    if (icmp[0] != 8 || icmp[1] != 0)
        return 0;

    icmp[0] = 0;
    /* HC' = ~(~HC + ~m + m'), m = 0x0800 (type 8, code 0), m' = 0. */
    sum = (uint16_t)~LD16(icmp + 2) + (uint32_t)(uint16_t)~BE16(0x0800);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    ST16(icmp + 2, (uint16_t)~sum);
    addr = LD32(ip + 12);
    ST32(ip + 12, LD32(ip + 16));
    ST32(ip + 16, addr);
    copy_mac(f, f + 6);
    copy_mac(f + 6, ifc->info.mac_address);
    return ETH_HLEN + total;
}

/* Answers one frame if it is ours; returns 1 for an echo request answered. */
static inline int pingd_answer(const struct iface *ifc, uint8_t *f, size_t len)
{
    uint16_t type = LD16(f + 12);
    size_t n;

    if (type == BE16(0x0800)) {
        n = echo_reply(ifc, f, len);
        if (n && solo5_net_write(ifc->handle, f, n) == SOLO5_R_OK)
            return 1;
    } else if (type == BE16(0x0806)) {
        n = arp_reply(ifc, f, len);
        if (n)
            solo5_net_write(ifc->handle, f, n);
    }
    return 0;
}

static inline void put_mac(const uint8_t *m)
{
    for (int i = 0; i < 6; i++) {
        char b[3] = { "0123456789abcdef"[m[i] >> 4],
                      "0123456789abcdef"[m[i] & 0xf], ':' };

        solo5_console_write(b, i < 5 ? 3 : 2);
    }
}

static inline void put_ip(const uint8_t *ip)
{
    for (int i = 0; i < 4; i++) {
        put_dec(ip[i]);
        if (i < 3)
            puts(".");
    }
}

/*
 * A frame of any MTU a tap can have (at most 65521, 65535-byte frames),
 * so jumbo pings are answered too; pingd_run refuses a larger one.
 */
static uint8_t pingd_frame[65536] __attribute__((aligned(16)));

/*
 * Acquires the N interfaces, then answers ARP and echo requests on all of
 * them; with "limit=N" on the command line, returns 0 after N echo
 * requests answered in all, else runs until stopped.
 */
static inline int pingd_run(struct iface *ifs, int n, const char *cmdline)
{
    uint64_t limit = arg_value(cmdline, "limit", 0), answered = 0;
    solo5_handle_set_t ready;
    solo5_time_t deadline;

    if (limit == 0)
        limit = ~0ULL;      /* until stopped */
    for (int i = 0; i < n; i++) {
        struct iface *ifc = &ifs[i];

        if (solo5_net_acquire(ifc->name, &ifc->handle, &ifc->info) != SOLO5_R_OK)
            fail("solo5_net_acquire");
        if (ifc->info.mtu + ETH_HLEN > sizeof(pingd_frame))
            fail("MTU larger than the frame buffer");
        puts(ifc->name);
        puts(": mac ");
        put_mac(ifc->info.mac_address);
        puts(" mtu ");
        put_dec(ifc->info.mtu);
        puts(" ip ");
        put_ip(ifc->ip);
        puts("\n");
    }
    puts("ready\n");

    /*
     * Sleep in one-second rounds, with a new deadline only after a round
     * that ended with nothing ready: the busy path adds no clock reads to
     * the one solo5_yield() makes.
     */
    deadline = solo5_clock_monotonic() + 1000000000ULL;
    while (answered < limit) {
        solo5_yield(deadline, &ready);
        if (ready == 0) {
            deadline = solo5_clock_monotonic() + 1000000000ULL;
            continue;
        }
        for (int i = 0; i < n && answered < limit; i++) {
            struct iface *ifc = &ifs[i];
            size_t len;

            if (!(ready & (1ULL << ifc->handle)))
                continue;
            while (answered < limit &&
                   solo5_net_read(ifc->handle, pingd_frame, sizeof(pingd_frame),
                                  &len) == SOLO5_R_OK)
                answered += (uint64_t)pingd_answer(ifc, pingd_frame, len);
        }
    }
    puts("SUCCESS: answered ");
    put_dec(answered);
    puts(" pings\n");
    return SOLO5_EXIT_SUCCESS;
}

#endif
