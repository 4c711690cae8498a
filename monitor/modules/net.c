/*
 * The net module: NET_BASIC devices over Linux tap interfaces.
 * --net:NAME=IFACE opens an existing tap, --net:NAME=@FD takes an
 * inherited descriptor; --net-mac:NAME=HWADDR sets the MAC (else random).
 * The MTU is the tap's, asked of the kernel once at start-up; every
 * limit on frames (NET_WRITE, NET_READ, receive rings) follows it.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ukvm.h"

#define ETH_HLEN 14
/*
 * The MTUs ukvm reports: from Ethernet's least (what Linux lets a tap
 * be set to) to what the manifest's 16 bits hold.
 */
#define NET_MTU_MIN 68
#define NET_MTU_MAX 65535
/* A ring slot holds a 4-byte length and the frame. */
#define RING_FRAME_MAX (HVT_RXRING_SLOT_SIZE - 4)

struct net_dev {
    char name[MFT_NAME_SIZE];
    const char *iface;       /* tap name, or "@FD" */
    uint8_t mac[6];
    bool mac_set;
    int fd;
    char ifname[IFNAMSIZ];   /* the tap's interface name, from the kernel */
    uint16_t mtu;
    size_t frame_max;        /* mtu + 14: the largest frame either way */
    /* Its receive ring, or NULL: checked once, as ukvm's page tables
     * (which decide what the monitor may write) never change. */
    struct hvt_rxring *ring;
    uint32_t ring_slots;
    uint32_t ring_head;      /* ours; the guest's copy is only written */
    unsigned handle;
};

static struct net_dev devs[MFT_MAX_DEVICES];
static unsigned ndevs;
static struct net_dev *by_handle[MFT_MAX_ENTRIES];

static struct net_dev *dev_find(const char *name)
{
    for (unsigned i = 0; i < ndevs; i++)
        if (strcmp(devs[i].name, name) == 0)
            return &devs[i];
    return NULL;
}

/* A second --net for the same name is kept, so attach reports it. */
static struct net_dev *dev_add(const char *name)
{
    if (ndevs == MFT_MAX_DEVICES)
        return NULL;
    memset(&devs[ndevs], 0, sizeof devs[0]);
    strcpy(devs[ndevs].name, name);
    devs[ndevs].fd = -1;
    return &devs[ndevs++];
}

static int parse_mac(const char *s, uint8_t mac[6])
{
    unsigned v[6];
    char end;

    if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4],
               &v[5], &end) != 6 || strlen(s) != 17)
        return -1;
    for (int i = 0; i < 6; i++)
        mac[i] = (uint8_t)v[i];
    /* Neither multicast nor all zeroes is a station address. */
    return (mac[0] & 1) || !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5])
           ? -1 : 0;
}

static char mac_opts[MFT_MAX_DEVICES][MFT_NAME_SIZE];
static uint8_t mac_vals[MFT_MAX_DEVICES][6];
static unsigned nmacs;

static int net_option(const char *arg, struct errbuf *err)
{
    char name[MFT_NAME_SIZE];
    const char *val;
    int r;

    r = module_device_option(arg, "net", name, &val, err);
    if (r > 0) {
        struct net_dev *d = dev_add(name);
        if (!d)
            return err_set(err, "%s: more than %d network devices", arg,
                           MFT_MAX_DEVICES);
        if (*val == '\0')
            return err_set(err, "%s: missing tap interface or @FD", arg);
        d->iface = val;
        return 1;
    }
    if (r < 0)
        return -1;
    r = module_device_option(arg, "net-mac", name, &val, err);
    if (r > 0) {
        if (nmacs == MFT_MAX_DEVICES)
            return err_set(err, "%s: too many --net-mac options", arg);
        if (parse_mac(val, mac_vals[nmacs]) < 0)
            return err_set(err, "%s: not a unicast MAC address like "
                           "02:00:00:00:00:01", arg);
        strcpy(mac_opts[nmacs++], name);
        return 1;
    }
    return r;
}

static int open_tap(struct net_dev *d, struct errbuf *err)
{
    struct ifreq ifr;

    if (d->iface[0] == '@') {
        char *end;
        long fd = strtol(d->iface + 1, &end, 10);
        int fl;

        if (end == d->iface + 1 || *end || fd < 0 || fd > 1 << 20)
            return err_set(err, "--net:%s=%s: not a descriptor number", d->name,
                           d->iface);
        fl = fcntl((int)fd, F_GETFL);
        if (fl < 0 || fcntl((int)fd, F_SETFL, fl | O_NONBLOCK) < 0)
            return err_set(err, "--net:%s=%s: %m", d->name, d->iface);
        memset(&ifr, 0, sizeof ifr);
        if (ioctl((int)fd, TUNGETIFF, &ifr) < 0 || !(ifr.ifr_flags & IFF_TAP))
            return err_set(err, "--net:%s=%s: not an attached tap descriptor",
                           d->name, d->iface);
        d->fd = (int)fd;
        memcpy(d->ifname, ifr.ifr_name, IFNAMSIZ);
        d->ifname[IFNAMSIZ - 1] = '\0';
        return 0;
    }
    if (strlen(d->iface) >= IFNAMSIZ)
        return err_set(err, "--net:%s=%s: interface name too long", d->name,
                       d->iface);
    /* Attach to an existing tap only: TUNSETIFF would create a missing one. */
    if (access("/sys/class/net", F_OK) == 0) {
        char path[64];
        snprintf(path, sizeof path, "/sys/class/net/%s", d->iface);
        if (access(path, F_OK) < 0)
            return err_set(err, "--net:%s=%s: no such network interface",
                           d->name, d->iface);
    }
    d->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (d->fd < 0)
        return err_set(err, "/dev/net/tun: %m");
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    strcpy(ifr.ifr_name, d->iface);
    if (ioctl(d->fd, TUNSETIFF, &ifr) < 0)
        return err_set(err, "--net:%s=%s: cannot attach to the tap: %m",
                       d->name, d->iface);
    memcpy(d->ifname, ifr.ifr_name, IFNAMSIZ);
    d->ifname[IFNAMSIZ - 1] = '\0';
    return 0;
}

/*
 * Whether the interface of tap descriptor FD lives in another network
 * namespace than ours (an inherited descriptor may), where asking by its
 * name would find another interface or none. Where the kernel will not
 * say (before Linux 5.2, or without CAP_NET_ADMIN), we take it as ours.
 */
static bool tap_in_other_netns(int fd)
{
    struct stat ours, its;
    int ns = ioctl(fd, TUNGETDEVNETNS);
    bool other;

    if (ns < 0)
        return false;
    other = fstat(ns, &its) == 0 && stat("/proc/self/ns/net", &ours) == 0 &&
            (its.st_dev != ours.st_dev || its.st_ino != ours.st_ino);
    close(ns);
    return other;
}

/*
 * D's MTU, as the kernel has it for the tap's interface (SIOCGIFMTU by
 * name). If the kernel cannot answer, or the MTU is outside what ukvm
 * can report, start-up fails: a guessed MTU would be wrong one way or
 * the other (frames the tap drops, or frames cut short).
 */
static int tap_mtu(struct net_dev *d, struct errbuf *err)
{
    struct ifreq ifr;
    int s, r;

    if (d->iface[0] == '@' && tap_in_other_netns(d->fd))
        return err_set(err, "--net:%s=%s: tap %s is in another network "
                       "namespace: cannot ask its MTU", d->name, d->iface,
                       d->ifname);
    s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return err_set(err, "--net:%s=%s: cannot ask the tap's MTU: socket: %m",
                       d->name, d->iface);
    memset(&ifr, 0, sizeof ifr);
    memcpy(ifr.ifr_name, d->ifname, IFNAMSIZ);
    r = ioctl(s, SIOCGIFMTU, &ifr);
    if (r < 0)
        err_set(err, "--net:%s=%s: cannot ask the MTU of %s: %m", d->name,
                d->iface, d->ifname);
    close(s);
    if (r < 0)
        return -1;
    if (ifr.ifr_mtu < NET_MTU_MIN || ifr.ifr_mtu > NET_MTU_MAX)
        return err_set(err, "--net:%s=%s: the tap's MTU %d is outside %d to %d",
                       d->name, d->iface, ifr.ifr_mtu, NET_MTU_MIN, NET_MTU_MAX);
    d->mtu = (uint16_t)ifr.ifr_mtu;
    d->frame_max = (size_t)d->mtu + ETH_HLEN;
    return 0;
}

static int net_setup_dev(struct ukvm *vm, struct net_dev *d, struct errbuf *err)
{
    int h = ukvm_attach_device(vm, "--net", d->name, MFT_DEV_NET_BASIC, err);
    struct mft_entry *e;

    if (h < 0 || open_tap(d, err) < 0 || tap_mtu(d, err) < 0)
        return -1;
    if (!d->mac_set) {
        if (getrandom(d->mac, 6, 0) != 6)
            return err_set(err, "getrandom: %m");
        d->mac[0] = (d->mac[0] & 0xfe) | 0x02;    /* unicast, local */
    }
    e = &vm->mft->e[h];
    memcpy(e->u.net_basic.mac, d->mac, 6);
    e->u.net_basic.mtu = d->mtu;
    e->b.hostfd = d->fd;        /* what an spt guest reads and writes */
    by_handle[h] = d;
    d->handle = (unsigned)h;
    return ukvm_poll_add(vm, d->fd, (unsigned)h, err);
}

static struct net_dev *dev_for(uint64_t handle)
{
    return handle < MFT_MAX_ENTRIES ? by_handle[handle] : NULL;
}

static void hc_net_write(struct ukvm *vm, uint64_t gpa)
{
    struct hvt_hc_net_write *a = guest_mem_ptr_rw(vm, gpa, sizeof *a);
    struct net_dev *d;
    const void *data;
    uint64_t len;
    ssize_t n;

    if (!a)
        guest_error(vm, "NET_WRITE: bad argument address %#llx",
                    (unsigned long long)gpa);
    d = dev_for(a->handle);
    len = a->len;
    if (!d || len > d->frame_max) {
        a->ret = HVT_EINVAL;
        return;
    }
    data = guest_mem_ptr(vm, a->data, len);
    if (!data)
        guest_error(vm, "NET_WRITE: buffer %#llx+%llu is outside guest memory",
                    (unsigned long long)a->data, (unsigned long long)len);
    n = write(d->fd, data, len);
    a->ret = n == (ssize_t)len ? HVT_OK : HVT_EUNSPEC;
}

static void hc_net_read(struct ukvm *vm, uint64_t gpa)
{
    struct hvt_hc_net_read *a = guest_mem_ptr_rw(vm, gpa, sizeof *a);
    struct net_dev *d;
    void *data;
    uint64_t len;
    ssize_t n;

    if (!a)
        guest_error(vm, "NET_READ: bad argument address %#llx",
                    (unsigned long long)gpa);
    d = dev_for(a->handle);
    len = a->len;
    if (!d || len < d->frame_max) {
        a->ret = HVT_EINVAL;
        return;
    }
    data = guest_mem_ptr_rw(vm, a->data, len);
    if (!data)
        guest_error(vm, "NET_READ: buffer %#llx+%llu is not writable guest memory",
                    (unsigned long long)a->data, (unsigned long long)len);
    /* At most mtu + 14, as through a ring: a frame grown past it (the tap's
     * MTU raised since start-up) arrives cut to that length. */
    n = read(d->fd, data, d->frame_max);
    if (n > 0) {
        a->len = (uint64_t)n;
        a->ret = HVT_OK;
    } else {
        a->ret = (n < 0 && errno == EAGAIN) ? HVT_AGAIN : HVT_EUNSPEC;
    }
}

static void hc_net_rxring(struct ukvm *vm, uint64_t gpa)
{
    struct hvt_hc_net_rxring *a = guest_mem_ptr_rw(vm, gpa, sizeof *a);
    struct hvt_rxring *r;
    struct net_dev *d;
    uint64_t slots;

    if (!a)
        guest_error(vm, "NET_RXRING: bad argument address %#llx",
                    (unsigned long long)gpa);
    d = dev_for(a->handle);
    slots = a->slots;
    r = guest_mem_ptr_rw(vm, a->ring, sizeof *r + slots * HVT_RXRING_SLOT_SIZE);
    /*
     * A device whose largest frame does not fit a slot gets no ring: its
     * guest reads with NET_READ, which takes any frame its MTU allows.
     */
    if (!ukvm_feature_agreed(vm, HVT_HOST_FEATURE_NET_RXRING) || !d ||
        d->frame_max > RING_FRAME_MAX || slots == 0 ||
        slots > HVT_RXRING_MAX_SLOTS || (slots & (slots - 1)) || a->ring % 8 || !r) {
        a->ret = HVT_EINVAL;
        return;
    }
    d->ring = r;
    d->ring_slots = (uint32_t)slots;
    d->ring_head = 0;
    r->head = r->tail = r->drained = 0;
    a->ret = HVT_OK;
}

/*
 * Moves waiting frames into D's ring; true if the ring holds any. Each
 * read takes at most mtu + 14 bytes, which NET_RXRING made sure fit a
 * slot.
 */
static bool ring_fill(struct ukvm *vm, struct net_dev *d)
{
    struct hvt_rxring *r = d->ring;
    uint32_t head = d->ring_head, used;

    used = head - r->tail;
    if (used > d->ring_slots)
        guest_error(vm, "NET_RXRING: ring tail %u is ahead of head %u", r->tail,
                    head);
    r->drained = 0;
    while (used < d->ring_slots) {
        uint8_t *slot = (uint8_t *)(r + 1) +
                        (size_t)(head % d->ring_slots) * HVT_RXRING_SLOT_SIZE;
        ssize_t n = read(d->fd, slot + 4, d->frame_max);
        if (n <= 0) {
            r->drained = n < 0 && errno == EAGAIN;
            break;
        }
        memcpy(slot, &(uint32_t){ (uint32_t)n }, 4);
        head++, used++;
    }
    r->head = d->ring_head = head;
    return used > 0;
}

static uint64_t net_poll_pending(struct ukvm *vm)
{
    uint64_t ready = 0;

    for (unsigned i = 0; i < ndevs; i++)
        if (devs[i].ring && ring_fill(vm, &devs[i]))
            ready |= 1ULL << devs[i].handle;
    return ready;
}

static int net_setup(struct ukvm *vm, struct errbuf *err)
{
    for (unsigned i = 0; i < nmacs; i++) {
        struct net_dev *d = dev_find(mac_opts[i]);
        if (!d)
            return err_set(err, "--net-mac:%s: no --net:%s given", mac_opts[i],
                           mac_opts[i]);
        memcpy(d->mac, mac_vals[i], 6);
        d->mac_set = true;
    }
    for (unsigned i = 0; i < ndevs; i++)
        if (net_setup_dev(vm, &devs[i], err) < 0)
            return -1;
    if (hypercall_register(HVT_HYPERCALL_NET_WRITE, hc_net_write, err) < 0 ||
        hypercall_register(HVT_HYPERCALL_NET_READ, hc_net_read, err) < 0 ||
        hypercall_register(HVT_HYPERCALL_NET_RXRING, hc_net_rxring, err) < 0)
        return -1;
    return 0;
}

static int net_seccomp(struct ukvm *vm, scmp_filter_ctx ctx)
{
    int r = 0;

    (void)vm;
    for (unsigned i = 0; i < ndevs && r == 0; i++) {
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(read), 1,
                             SCMP_A0(SCMP_CMP_EQ, (uint64_t)devs[i].fd));
        if (r == 0)
            r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(write), 1,
                                 SCMP_A0(SCMP_CMP_EQ, (uint64_t)devs[i].fd));
    }
    return r;
}

static const struct ukvm_module net_module = {
    .name = "net",
    .usage =
        "  --net:NAME=TAP   attach manifest device NAME to tap interface TAP\n"
        "  --net:NAME=@FD   ... or to the inherited tap descriptor FD\n"
        "  --net-mac:NAME=HWADDR  its MAC address (default: random)\n",
    .option = net_option,
    .setup = net_setup,
    .poll_pending = net_poll_pending,
    .seccomp = net_seccomp,
};
UKVM_MODULE(net_module);
