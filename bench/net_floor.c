/* SPDX-License-Identifier: ISC */
/*
 * The floor for bench/net: a plain Linux process doing what the net test
 * unikernel does, with nothing in between. It attaches to an existing tap
 * and answers ARP requests and ICMP echo requests for 10.0.0.2, turning
 * each request frame into its reply in place, in a blocking read/write
 * loop: one read and one write per ping.
 *
 *   net_floor TAP      prints "ready" once attached; on SIGINT or SIGTERM
 *                      prints "net_floor: answered N pings, R reads,
 *                      W writes" to stderr and exits 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define ETH_HLEN 14
#define ARP_LEN 28

static const uint8_t our_ip[4] = { 10, 0, 0, 2 };
/* Locally administered, fixed: the bench flushes the host's ARP cache anyway. */
static const uint8_t our_mac[6] = { 0x02, 0x75, 0x6b, 0x76, 0x6d, 0x02 };

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* Turns an ARP request for our address into the reply; its length or 0. */
static size_t arp_reply(uint8_t *f, size_t len)
{
    uint8_t *a = f + ETH_HLEN;

    if (len < ETH_HLEN + ARP_LEN || get16(a) != 1 || get16(a + 2) != 0x0800 ||
        a[4] != 6 || a[5] != 4 || get16(a + 6) != 1 ||
        memcmp(a + 24, our_ip, 4) != 0)
        return 0;
    put16(a + 6, 2);
    memcpy(a + 18, a + 8, 10);          /* target MAC and IP = the asker's */
    memcpy(a + 8, our_mac, 6);
    memcpy(a + 14, our_ip, 4);
    memcpy(f, f + 6, 6);
    memcpy(f + 6, our_mac, 6);
    return ETH_HLEN + ARP_LEN;
}

/*
 * Turns an ICMP echo request to our address into the echo reply; its
 * length or 0. As in the unikernel, nothing is summed again: swapping the
 * addresses keeps the IP checksum, and type 8 -> 0 moves the ICMP one by
 * a constant (RFC 1624).
 */
static size_t echo_reply(uint8_t *f, size_t len)
{
    uint8_t *ip = f + ETH_HLEN, *icmp, addr[4];
    size_t ihl, total;
    uint32_t sum;

    if (len < ETH_HLEN + 20 + 8 || ip[0] >> 4 != 4 || ip[9] != 1 ||
        memcmp(ip + 16, our_ip, 4) != 0 || (get16(ip + 6) & 0x3fff) != 0)
        return 0;
    ihl = (size_t)(ip[0] & 0xf) * 4;
    total = get16(ip + 2);
    if (ihl < 20 || total < ihl + 8 || ETH_HLEN + total > len)
        return 0;
    icmp = ip + ihl;
    if (icmp[0] != 8 || icmp[1] != 0)
        return 0;
    icmp[0] = 0;
    /* HC' = ~(~HC + ~m + m'), m = 0x0800, m' = 0 */
    sum = (uint16_t)~get16(icmp + 2) + (uint32_t)(uint16_t)~0x0800;
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    put16(icmp + 2, (uint16_t)~sum);
    memcpy(addr, ip + 12, 4);
    memcpy(ip + 12, ip + 16, 4);
    memcpy(ip + 16, addr, 4);
    memcpy(f, f + 6, 6);
    memcpy(f + 6, our_mac, 6);
    return ETH_HLEN + total;
}

static int tap_open(const char *name)
{
    struct ifreq ifr;
    int fd;

    /* TUNSETIFF would create a missing tap; we want the bench's own. */
    if (strlen(name) >= IFNAMSIZ || if_nametoindex(name) == 0) {
        fprintf(stderr, "net_floor: %s: no such interface\n", name);
        return -1;
    }
    fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "net_floor: /dev/net/tun: %s\n", strerror(errno));
        return -1;
    }
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    strcpy(ifr.ifr_name, name);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        fprintf(stderr, "net_floor: %s: TUNSETIFF: %s\n", name, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

int main(int argc, char **argv)
{
    static uint8_t f[65536];
    unsigned long long answered = 0, reads = 0, writes = 0;
    struct sigaction sa;
    int fd;

    if (argc != 2) {
        fprintf(stderr, "usage: net_floor TAP\n");
        return 1;
    }
    fd = tap_open(argv[1]);
    if (fd < 0)
        return 1;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;      /* no SA_RESTART: read must return */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    printf("ready\n");
    fflush(stdout);

    while (!stop) {
        ssize_t n = read(fd, f, sizeof f);
        size_t out = 0;
        int echo = 0;

        if (n < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "net_floor: read: %s\n", strerror(errno));
            return 1;
        }
        reads++;
        if (n >= ETH_HLEN && get16(f + 12) == 0x0800)
            echo = (out = echo_reply(f, (size_t)n)) != 0;
        else if (n >= ETH_HLEN && get16(f + 12) == 0x0806)
            out = arp_reply(f, (size_t)n);
        if (out == 0)
            continue;
        writes++;
        if (write(fd, f, out) == (ssize_t)out)
            answered += (unsigned long long)echo;
        else if (errno != EINTR)
            fprintf(stderr, "net_floor: write: %s\n", strerror(errno));
    }
    fprintf(stderr, "net_floor: answered %llu pings, %llu reads, %llu writes\n",
            answered, reads, writes);
    return 0;
}
