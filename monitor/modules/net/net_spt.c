/* SPDX-License-Identifier: ISC */
/*
 * --stats on spt: each network device's frames and bytes, as the kernel
 * counts them on its tap. An spt guest reads and writes its tap itself,
 * so ukvm-spt never sees a frame; the tap's counters in sysfs see them
 * all (a tap has one reader and writer: this guest). The counter files
 * are opened before the seccomp filter, their values then kept, and at
 * exit each read again with pread64 at offset 0, the one call the
 * filter adds for them (the guest could read them too: its own tap's
 * counts). The tap's rx is the guest's tx. A coalesced segment (with
 * offloads) is one frame, and the bytes leave the virtio-net header
 * out; a tap in another namespace, or a /sys of another namespace, is
 * not counted.
 */
#include <fcntl.h>
#include <linux/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"
#include "stats.h"

/* The guest's figures and the tap's sysfs counter each comes from. */
static const struct { const char *key, *file; } counters[] = {
    { "tx_frames", "rx_packets" }, { "tx_bytes", "rx_bytes" },
    { "rx_frames", "tx_packets" }, { "rx_bytes", "tx_bytes" },
};
#define NCOUNTERS (sizeof counters / sizeof counters[0])

static struct {
    bool counted;
    int fd[NCOUNTERS];
    uint64_t start[NCOUNTERS];
} taps[MFT_MAX_DEVICES];

/* The decimal number in FD's file, or -1. Async-signal-safe. */
static int64_t read_counter(int fd)
{
    char buf[32];
    ssize_t n = pread(fd, buf, sizeof buf, 0);
    uint64_t v = 0;
    ssize_t i;

    if (n <= 0)
        return -1;
    for (i = 0; i < n && buf[i] >= '0' && buf[i] <= '9' && i < 19; i++)
        v = v * 10 + (uint64_t)(buf[i] - '0');
    return i > 0 && (i == n || buf[i] == '\n') ? (int64_t)v : -1;
}

/* Up to SIZE - 1 bytes of /sys/class/net/IFNAME/FILE in BUF; its length or -1. */
static ssize_t read_sysfs(const char *ifname, const char *file, char *buf, size_t size)
{
    char path[96];
    ssize_t n;
    int fd;

    snprintf(path, sizeof path, "/sys/class/net/%s/%s", ifname, file);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    n = pread(fd, buf, size - 1, 0);
    close(fd);
    if (n >= 0)
        buf[n] = '\0';
    return n;
}

/*
 * Whether /sys/class/net/IFNAME is the tap of our namespace (a /sys
 * mounted for another one, as after nsenter, lists its own): the same
 * index and MAC address as the kernel gives for the name here.
 */
static bool sysfs_is_ours(const char *ifname)
{
    char index[24], addr[24], want[24];
    struct ifreq ifr;
    bool same = false;
    int s;

    if (read_sysfs(ifname, "ifindex", index, sizeof index) <= 0 ||
        read_sysfs(ifname, "address", addr, sizeof addr) <= 0)
        return false;
    s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return false;
    memset(&ifr, 0, sizeof ifr);
    memcpy(ifr.ifr_name, ifname, IFNAMSIZ);
    if (ioctl(s, SIOCGIFINDEX, &ifr) == 0) {
        snprintf(want, sizeof want, "%d\n", ifr.ifr_ifindex);
        same = strcmp(index, want) == 0;
    }
    if (same && ioctl(s, SIOCGIFHWADDR, &ifr) == 0) {
        const unsigned char *m = (const unsigned char *)ifr.ifr_hwaddr.sa_data;

        snprintf(want, sizeof want, "%02x:%02x:%02x:%02x:%02x:%02x\n", m[0], m[1],
                 m[2], m[3], m[4], m[5]);
        same = strcmp(addr, want) == 0;
    } else {
        same = false;
    }
    close(s);
    return same;
}

static bool counters_open(const struct net_dev *d, unsigned i)
{
    char path[96];
    int64_t v;

    if (tap_in_other_netns(d->fd) || !sysfs_is_ours(d->ifname))
        return false;
    for (unsigned c = 0; c < NCOUNTERS; c++) {
        snprintf(path, sizeof path, "/sys/class/net/%s/statistics/%s", d->ifname,
                 counters[c].file);
        taps[i].fd[c] = open(path, O_RDONLY | O_CLOEXEC);
        if (taps[i].fd[c] < 0 || (v = read_counter(taps[i].fd[c])) < 0)
            return false;
        taps[i].start[c] = (uint64_t)v;
    }
    return true;
}

/* Here rather than at set-up: after every module's, just before the
 * filter, whose rules name the descriptors. */
static int net_spt_seccomp(struct ukvm *vm, scmp_filter_ctx ctx)
{
    int r = 0;

    (void)vm;
    if (!stats.enabled)
        return 0;
    for (unsigned i = 0; i < net_ndevs && r == 0; i++) {
        for (unsigned c = 0; c < NCOUNTERS; c++)
            taps[i].fd[c] = -1;
        taps[i].counted = counters_open(&net_devs[i], i);
        if (!taps[i].counted)
            fprintf(stderr, "ukvm-spt: --stats: %s: tap %s is not in this network "
                    "namespace's /sys: its frames are not counted\n", net_devs[i].name,
                    net_devs[i].ifname);
        for (unsigned c = 0; c < NCOUNTERS && taps[i].counted && r == 0; c++)
            r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(pread64), 2,
                                 SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)taps[i].fd[c]),
                                 SCMP_A3(SCMP_CMP_EQ, 0));
    }
    return r;
}

static unsigned net_spt_stats(struct ukvm_stat *out, unsigned max)
{
    unsigned n = 0;

    for (unsigned i = 0; i < net_ndevs; i++) {
        for (unsigned c = 0; c < NCOUNTERS && taps[i].counted && n < max; c++) {
            int64_t v = read_counter(taps[i].fd[c]);

            if (v >= 0 && (uint64_t)v >= taps[i].start[c])
                out[n++] = (struct ukvm_stat){ net_devs[i].name, counters[c].key,
                                               (uint64_t)v - taps[i].start[c] };
        }
    }
    return n;
}

static const struct ukvm_module net_counters_module = {
    .name = "net counters",
    .seccomp = net_spt_seccomp,
    .stats = net_spt_stats,
};
UKVM_MODULE(net_counters_module);
