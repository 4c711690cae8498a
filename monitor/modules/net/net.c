/* SPDX-License-Identifier: ISC */
/*
 * The net module: NET_BASIC devices over Linux tap interfaces.
 * --net:NAME=IFACE opens an existing tap, --net:NAME=@FD takes an
 * inherited descriptor; --net-mac:NAME=HWADDR sets the MAC (else random).
 * The MTU is the tap's, asked of the kernel once at start-up; every
 * limit on frames (NET_WRITE, NET_READ, receive rings) follows it.
 *
 * A guest whose vnet note asks for it (vnet_abi.h) gets its taps with a
 * virtio-net header on every frame, so it can hand the host large TCP
 * segments and checksums to finish; --no-net-offload (or withholding
 * "offload") keeps plain frames, as every Solo5 guest gets.
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

#include "net.h"

struct net_dev net_devs[MFT_MAX_DEVICES];
unsigned net_ndevs;
static struct net_dev *by_handle[MFT_MAX_ENTRIES];
static struct device_settings macs = { .kind = "net-mac" };
static bool no_offload;

static bool has_device(const char *name)
{
    for (unsigned i = 0; i < net_ndevs; i++)
        if (strcmp(net_devs[i].name, name) == 0)
            return true;
    return false;
}

/* A second --net for the same name is kept, so attach reports it. */
static struct net_dev *dev_add(const char *name)
{
    if (net_ndevs == MFT_MAX_DEVICES)
        return NULL;
    memset(&net_devs[net_ndevs], 0, sizeof net_devs[0]);
    strcpy(net_devs[net_ndevs].name, name);
    net_devs[net_ndevs].fd = -1;
    return &net_devs[net_ndevs++];
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

static int net_option(const char *arg, struct errbuf *err)
{
    char name[MFT_NAME_SIZE];
    const char *val;
    int r;

    if (strcmp(arg, "--no-net-offload") == 0) {
        no_offload = true;
        return 1;
    }
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
    r = device_setting_option(&macs, arg, &val, err);
    if (r > 0 && parse_mac(val, (uint8_t[6]){ 0 }) < 0)
        return err_set(err, "%s: not a unicast MAC address like "
                       "02:00:00:00:00:01", arg);
    return r;
}

static uint32_t net_withheld(void)
{
    return no_offload ? UKVM_FEATURE_NET_VNET : 0;
}

/* Whether the unikernel asks for frames with a virtio-net header. */
static bool guest_wants_vnet(const struct ukvm *vm)
{
    struct vnet_note_info n;
    const uint8_t *desc;
    uint32_t descsz;
    struct errbuf why;

    if (!vm->kernel || elf_file_find_note(vm->kernel, VNET_NOTE_NAME,
                                          VNET_NOTE_TYPE, &desc, &descsz,
                                          &why) <= 0 || descsz != sizeof n)
        return false;
    memcpy(&n, desc, sizeof n);
    return n.version == 1;
}

/* Whether this network namespace has an interface named NAME. */
static bool iface_exists(const char *name)
{
    struct ifreq ifr;
    int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    bool r;

    if (s < 0)
        return true;    /* cannot tell: let TUNSETIFF decide */
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, name);
    r = ioctl(s, SIOCGIFINDEX, &ifr) == 0 || errno != ENODEV;
    close(s);
    return r;
}

/*
 * Opens D's tap, with a virtio-net header where VNET asks and the kernel
 * has it. An inherited descriptor comes as it was opened: one with the
 * header is refused unless VNET (the guest would read headers as frames).
 */
static int open_tap(struct net_dev *d, bool vnet, struct errbuf *err)
{
    unsigned features = 0;
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
        if ((ifr.ifr_flags & IFF_VNET_HDR) && !vnet)
            return err_set(err, "--net:%s=%s: the tap descriptor has virtio-net "
                           "headers (IFF_VNET_HDR), which this unikernel does not "
                           "take%s", d->name, d->iface,
                           no_offload ? " with --no-net-offload" : "");
        d->fd = (int)fd;
        d->vnet = (ifr.ifr_flags & IFF_VNET_HDR) != 0;
        memcpy(d->ifname, ifr.ifr_name, IFNAMSIZ);
        d->ifname[IFNAMSIZ - 1] = '\0';
        return 0;
    }
    if (strlen(d->iface) >= IFNAMSIZ)
        return err_set(err, "--net:%s=%s: interface name too long", d->name,
                       d->iface);
    /*
     * Attach to an existing tap only: TUNSETIFF would create a missing one.
     * Asked of this network namespace, not of /sys, which lists the
     * namespace it was mounted in (another after setns or nsenter, as
     * under ukvm-oci).
     */
    if (!iface_exists(d->iface))
        return err_set(err, "--net:%s=%s: no such network interface", d->name,
                       d->iface);
    d->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (d->fd < 0)
        return err_set(err, "/dev/net/tun: %m");
    d->vnet = vnet && ioctl(d->fd, TUNGETFEATURES, &features) == 0 &&
              (features & IFF_VNET_HDR);
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | (d->vnet ? IFF_VNET_HDR : 0);
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
bool tap_in_other_netns(int fd)
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
    return 0;
}

/*
 * No receive offloads until the guest asks: they belong to the tap, not
 * to the descriptor, so the last guest's (or an inherited descriptor's)
 * would stay, and hand a plain guest unsummed or coalesced frames. A
 * plain tap on a kernel that refuses the call had none to begin with.
 */
static int tap_offloads_off(struct net_dev *d, struct errbuf *err)
{
    if (ioctl(d->fd, TUNSETOFFLOAD, 0U) < 0 && d->vnet)
        return err_set(err, "--net:%s=%s: cannot turn the tap's offloads off: %m",
                       d->name, d->iface);
    return 0;
}

/*
 * The header's size; on hvt, where the monitor fills receive rings, the
 * spill buffer for frames too big for a slot.
 */
static int vnet_setup(const struct ukvm *vm, struct net_dev *d, struct errbuf *err)
{
    int hdr = sizeof(struct vnet_hdr);

    if (ioctl(d->fd, TUNSETVNETHDRSZ, &hdr) < 0)
        return err_set(err, "--net:%s=%s: cannot set the tap's virtio-net "
                       "header: %m", d->name, d->iface);
    if (vm->guest_is_process)
        return 0;
    d->spill = malloc(VNET_FRAME_MAX);
    if (!d->spill)
        return err_set(err, "--net:%s: out of memory", d->name);
    return 0;
}

static int net_setup_dev(struct ukvm *vm, struct net_dev *d, bool vnet,
                         struct errbuf *err)
{
    int h = ukvm_attach_device(vm, d->name, MFT_DEV_NET_BASIC, err);
    const char *mac = device_setting(&macs, d->name);
    struct mft_entry *e;

    if (h < 0 || open_tap(d, vnet, err) < 0 || tap_mtu(d, err) < 0 ||
        tap_offloads_off(d, err) < 0 || (d->vnet && vnet_setup(vm, d, err) < 0))
        return -1;
    d->frame_max = (size_t)d->mtu + ETH_HLEN + (d->vnet ? sizeof(struct vnet_hdr) : 0);
    d->tx_max = d->vnet ? VNET_FRAME_MAX : d->frame_max;
    d->rx_max = d->frame_max;
    if (mac) {
        parse_mac(mac, d->mac);     /* checked when given */
    } else {
        if (getrandom(d->mac, 6, 0) != 6)
            return err_set(err, "getrandom: %m");
        d->mac[0] = (d->mac[0] & 0xfe) | 0x02;    /* unicast, local */
    }
    e = &vm->mft->e[h];
    memcpy(e->u.net_basic.mac, d->mac, 6);
    e->u.net_basic.mtu = d->mtu;
    e->u.net_basic.ukvm_flags = d->vnet ? MFT_NET_VNET : 0;
    e->b.hostfd = d->fd;        /* what an spt guest reads and writes */
    by_handle[h] = d;
    d->handle = (unsigned)h;
    return ukvm_poll_add(vm, d->fd, (unsigned)h, err);
}

struct net_dev *net_dev_for(uint64_t handle)
{
    return handle < MFT_MAX_ENTRIES ? by_handle[handle] : NULL;
}

static int net_setup(struct ukvm *vm, struct errbuf *err)
{
    bool vnet = (vm->host_features & UKVM_FEATURE_NET_VNET) && guest_wants_vnet(vm);

    if (device_settings_check(&macs, "net", has_device, err) < 0)
        return -1;
    /* Offered only to a guest that asked: to others the bit means nothing. */
    if (!vnet)
        vm->host_features &= ~UKVM_FEATURE_NET_VNET;
    for (unsigned i = 0; i < net_ndevs; i++)
        if (net_setup_dev(vm, &net_devs[i], vnet, err) < 0)
            return -1;
    return 0;
}

static int net_seccomp(struct ukvm *vm, scmp_filter_ctx ctx)
{
    int r = 0;

    (void)vm;
    for (unsigned i = 0; i < net_ndevs && r == 0; i++) {
        const struct net_dev *d = &net_devs[i];

        r = sandbox_allow_fd(ctx, SCMP_SYS(read), d->fd);
        if (r == 0)
            r = sandbox_allow_fd(ctx, SCMP_SYS(write), d->fd);
        /* Receive offloads, turned on by NET_OFFLOAD (hvt) or by the guest
         * itself (spt): only the bits vnet_abi.h names. */
        if (r == 0 && d->vnet)
            r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 3,
                                 SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)d->fd),
                                 SCMP_A1(SCMP_CMP_EQ, TUNSETOFFLOAD),
                                 SCMP_A2(SCMP_CMP_MASKED_EQ,
                                         ~(scmp_datum_t)VNET_RX_ALL, 0));
    }
    return r;
}

static const struct ukvm_module net_module = {
    .name = "net",
    .device = { MFT_DEV_NET_BASIC, "net", "TAP" },
    .usage =
        "  --net:NAME=TAP   attach manifest device NAME to tap interface TAP\n"
        "  --net:NAME=@FD   ... or to the inherited tap descriptor FD\n"
        "  --net-mac:NAME=HWADDR  its MAC address (default: random)\n"
        "  --no-net-offload plain frames only, even for a unikernel that asks for\n"
        "                   segmentation and checksum offload\n",
    .option = net_option,
    .withheld = net_withheld,
    .setup = net_setup,
    .seccomp = net_seccomp,
};
UKVM_MODULE(net_module);
