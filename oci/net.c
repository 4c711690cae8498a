/* SPDX-License-Identifier: ISC */
/*
 * ukvm-oci's networking (net.h): the CNI interface found with getifaddrs
 * and /proc/net/route, the tap made with /dev/net/tun, and the two joined
 * by tc ingress filters that redirect every frame to the other's egress.
 *
 * The filters are made by running tc (and the tap removed by ip), not by
 * netlink messages of our own: a u32 filter with a mirred action is a
 * deep nest of attributes that iproute2 is the reference for, its errors
 * are worded for people, and what it made can be checked by hand with
 * the same tool. Each run is bounded (RUN_TIMEOUT_S), gets no shell and
 * no descriptor of ours but its output pipe.
 */
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/if.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/sockios.h>
#include <linux/if_tun.h>
#include <net/route.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "net.h"

#define RUN_TIMEOUT_S 10
#define MAX_CANDS 64
#define ROUTE_MAX (256 * 1024)

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (errlen) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

void oci_net_format_mac(const unsigned char mac[6], char buf[18])
{
    snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
             mac[3], mac[4], mac[5]);
}

void oci_net_format_ip(const unsigned char ip[4], char buf[16])
{
    snprintf(buf, 16, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
}

int oci_net_default_route(const char *text, char ifname[16], unsigned char gw[4])
{
    unsigned long best_metric = 0;
    int found = 0;
    const char *line = text;

    /* The first line names the columns. */
    line = strchr(line, '\n');
    while (line && *++line) {
        char name[17], dest[9], gate[9], mask[9];
        unsigned flags, metric, refcnt, use;
        const char *next = strchr(line, '\n');
        char buf[256];
        size_t len = next ? (size_t)(next - line) : strlen(line);

        if (len < sizeof buf) {
            memcpy(buf, line, len);
            buf[len] = '\0';
            if (sscanf(buf, "%16s %8s %8s %x %u %u %u %8s", name, dest, gate, &flags,
                       &refcnt, &use, &metric, mask) == 8 &&
                strlen(name) < 16 && strtoul(dest, NULL, 16) == 0 &&
                strtoul(mask, NULL, 16) == 0 && (flags & RTF_UP) &&
                (!found || metric < best_metric)) {
                /* The kernel prints the address's 32 bits as one number. */
                uint32_t g = (flags & RTF_GATEWAY) ? (uint32_t)strtoul(gate, NULL, 16) : 0;
                memcpy(gw, &g, 4);
                strcpy(ifname, name);
                best_metric = metric;
                found = 1;
            }
        }
        line = next;
    }
    return found ? 0 : 1;
}

int oci_net_choose(const struct oci_net_cand *c, int n, const char *default_if)
{
    int best = -1;

    for (int i = 0; i < n; i++) {
        if (c[i].loopback)
            continue;
        if (default_if && *default_if && strcmp(c[i].ifname, default_if) == 0)
            return i;   /* the first address of the default route's interface */
        if (best < 0 || c[i].ifindex < c[best].ifindex)
            best = i;
    }
    return best;
}

/* The path of iproute2's TOOL: from PATH, else the usual places. */
static int find_tool(const char *tool, char *path, size_t len)
{
    const char *env = getenv("PATH");
    char dirs[4096];

    snprintf(dirs, sizeof dirs, "%s:/usr/sbin:/sbin:/usr/bin:/bin", env ? env : "");
    for (char *save, *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        if (*d != '/')
            continue;   /* never a relative directory */
        snprintf(path, len, "%s/%s", d, tool);
        if (access(path, X_OK) == 0)
            return 0;
    }
    return -1;
}

/*
 * Runs ARGV (argv[0]: "ip" or "tc") with its stdout and stderr into OUT
 * (OUTLEN bytes, NUL-terminated, the rest dropped), at most RUN_TIMEOUT_S
 * seconds. Returns its exit status (0 success), or -1 with ERR set when
 * it could not run or ran too long.
 */
static int run_tool_child(const char *const argv[], char *out, size_t outlen,
                          char *err, size_t errlen);

static int run_tool(const char *const argv[], char *out, size_t outlen,
                    char *err, size_t errlen)
{
    struct sigaction dfl = { .sa_handler = SIG_DFL }, old;
    int r;

    /* With SIGCHLD ignored the kernel reaps the child and waitpid fails. */
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGCHLD, &dfl, &old);
    r = run_tool_child(argv, out, outlen, err, errlen);
    sigaction(SIGCHLD, &old, NULL);
    return r;
}

static int run_tool_child(const char *const argv[], char *out, size_t outlen,
                          char *err, size_t errlen)
{
    char path[4200];
    int pipefd[2], status;
    size_t have = 0;
    struct timespec start, now;
    pid_t pid;

    if (find_tool(argv[0], path, sizeof path) < 0)
        return fail(err, errlen, "%s not found (install iproute2)", argv[0]);
    if (pipe2(pipefd, O_CLOEXEC) < 0)
        return fail(err, errlen, "pipe: %s", strerror(errno));
    pid = fork();
    if (pid < 0) {
        close(pipefd[0]);
        close(pipefd[1]);
        return fail(err, errlen, "fork: %s", strerror(errno));
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);
        if (null < 0 || dup2(null, 0) < 0 || dup2(pipefd[1], 1) < 0 ||
            dup2(pipefd[1], 2) < 0)
            _exit(127);
        closefrom(3);
        execv(path, (char *const *)argv);
        _exit(127);
    }
    close(pipefd[1]);
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        struct pollfd p = { .fd = pipefd[0], .events = POLLIN };
        char buf[512];
        long left_ms;
        ssize_t r;

        clock_gettime(CLOCK_MONOTONIC, &now);
        left_ms = RUN_TIMEOUT_S * 1000L - (now.tv_sec - start.tv_sec) * 1000L -
                  (now.tv_nsec - start.tv_nsec) / 1000000L;
        if (left_ms <= 0 || poll(&p, 1, (int)left_ms) == 0) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            close(pipefd[0]);
            return fail(err, errlen, "%s %s: still running after %d s; killed",
                        argv[0], argv[1], RUN_TIMEOUT_S);
        }
        r = read(pipefd[0], buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        if (outlen && have < outlen - 1) {
            size_t n = (size_t)r < outlen - 1 - have ? (size_t)r : outlen - 1 - have;
            memcpy(out + have, buf, n);
            have += n;
        }
    }
    if (outlen)
        out[have] = '\0';
    close(pipefd[0]);
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return fail(err, errlen, "%s: waitpid: %s", argv[0], strerror(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return fail(err, errlen, "%s: cannot run it", path);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* run_tool, a failure being an error: "tc qdisc add dev eth0 ingress: WHY". */
static int run_checked(const char *const argv[], char *err, size_t errlen)
{
    char out[1024], cmd[256] = "";
    size_t len = 0;
    int r = run_tool(argv, out, sizeof out, err, errlen);

    if (r == 0)
        return 0;
    if (r < 0)
        return -1;
    for (int i = 0; argv[i] && len < sizeof cmd - 1; i++)
        len += (size_t)snprintf(cmd + len, sizeof cmd - len, "%s%s", i ? " " : "", argv[i]);
    out[strcspn(out, "\n")] = '\0';
    return fail(err, errlen, "%s: %s", cmd, *out ? out : "failed");
}

static int tap_name_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n >= IFNAMSIZ)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] >= 'a' && s[i] <= 'z') && !(s[i] >= 'A' && s[i] <= 'Z') &&
            !(s[i] >= '0' && s[i] <= '9') && !strchr("_.-", s[i]))
            return 0;
    return 1;
}

static int ifreq_ioctl(unsigned long req, struct ifreq *ifr);

static unsigned if_index(const char *name)
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, name);
    return ifreq_ioctl(SIOCGIFINDEX, &ifr) < 0 ? ~0u : (unsigned)ifr.ifr_ifindex;
}

/* Every IPv4 address of the namespace, in the kernel's order. */
static int list_cands(struct oci_net_cand *c, int max, char *err, size_t errlen)
{
    struct ifaddrs *all;
    int n = 0;

    if (getifaddrs(&all) < 0)
        return fail(err, errlen, "getifaddrs: %s", strerror(errno));
    for (struct ifaddrs *a = all; a && n < max; a = a->ifa_next) {
        uint32_t mask;

        if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET || !a->ifa_netmask ||
            strlen(a->ifa_name) >= IFNAMSIZ)
            continue;
        memset(&c[n], 0, sizeof c[n]);
        strcpy(c[n].ifname, a->ifa_name);
        c[n].ifindex = if_index(a->ifa_name);
        c[n].loopback = (a->ifa_flags & IFF_LOOPBACK) != 0;
        memcpy(c[n].addr, &((struct sockaddr_in *)a->ifa_addr)->sin_addr, 4);
        mask = ntohl(((struct sockaddr_in *)a->ifa_netmask)->sin_addr.s_addr);
        c[n].prefix = __builtin_popcount(mask);
        n++;
    }
    freeifaddrs(all);
    return n;
}

static int read_routes(char *buf, size_t len)
{
    int fd = open("/proc/net/route", O_RDONLY | O_CLOEXEC);
    size_t have = 0;
    ssize_t r;

    if (fd < 0)
        return -1;
    while (have < len - 1 && (r = read(fd, buf + have, len - 1 - have)) > 0)
        have += (size_t)r;
    close(fd);
    buf[have] = '\0';
    return 0;
}

/* A socket for the interface ioctls of this namespace. */
static int ifreq_ioctl(unsigned long req, struct ifreq *ifr)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r;

    if (s < 0)
        return -1;
    r = ioctl(s, req, ifr);
    if (r < 0) {
        int e = errno;
        close(s);
        errno = e;
        return -1;
    }
    close(s);
    return 0;
}

static int iface_info(struct oci_net *n, char *err, size_t errlen)
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, n->ifname);
    if (ifreq_ioctl(SIOCGIFHWADDR, &ifr) < 0)
        return fail(err, errlen, "%s: cannot read its MAC: %s", n->ifname, strerror(errno));
    if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER)
        return fail(err, errlen, "%s: not an Ethernet interface (hardware type %u)",
                    n->ifname, ifr.ifr_hwaddr.sa_family);
    memcpy(n->mac, ifr.ifr_hwaddr.sa_data, 6);
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, n->ifname);
    if (ifreq_ioctl(SIOCGIFMTU, &ifr) < 0)
        return fail(err, errlen, "%s: cannot read its MTU: %s", n->ifname, strerror(errno));
    n->mtu = ifr.ifr_mtu;
    return 0;
}

/*
 * Creates the persistent tap, up, with the interface's MTU and no IPv6 of
 * the namespace's own. -1: nothing made; -2: the tap is made, remove it.
 */
static int tap_create(const struct oci_net *n, char *err, size_t errlen)
{
    struct ifreq ifr;
    char path[80];
    int fd;

    fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return fail(err, errlen, "/dev/net/tun: %s", strerror(errno));
    memset(&ifr, 0, sizeof ifr);
    /* IFF_TUN_EXCL: fail, not attach, where an interface has the name. */
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_TUN_EXCL;
    strcpy(ifr.ifr_name, n->tap);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        int e = errno;
        close(fd);
        return fail(err, errlen, "tap %s: cannot create it: %s", n->tap,
                    e == EBUSY ? "an interface has that name" : strerror(e));
    }
    if (ioctl(fd, TUNSETPERSIST, 1) < 0) {
        int e = errno;
        close(fd);   /* not persistent: closing removes it */
        return fail(err, errlen, "tap %s: cannot make it persistent: %s", n->tap,
                    strerror(e));
    }
    close(fd);
    /* The namespace's IPv6 (router solicitations, DAD) would reach the guest. */
    snprintf(path, sizeof path, "/proc/sys/net/ipv6/conf/%s/disable_ipv6", n->tap);
    fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        if (write(fd, "1", 1) != 1) {
            /* No IPv6 in the namespace: nothing to silence. */
        }
        close(fd);
    }
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, n->tap);
    ifr.ifr_mtu = n->mtu;
    if (ifreq_ioctl(SIOCSIFMTU, &ifr) < 0)
        return -1 + fail(err, errlen, "tap %s: cannot set its MTU to %d: %s", n->tap, n->mtu,
                    strerror(errno));
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, n->tap);
    if (ifreq_ioctl(SIOCGIFFLAGS, &ifr) < 0)
        return -1 + fail(err, errlen, "tap %s: %s", n->tap, strerror(errno));
    ifr.ifr_flags |= IFF_UP;
    if (ifreq_ioctl(SIOCSIFFLAGS, &ifr) < 0)
        return -1 + fail(err, errlen, "tap %s: cannot bring it up: %s", n->tap, strerror(errno));
    return 0;
}

/* Every frame arriving on FROM leaves by TO: an ingress qdisc and a filter. */
static int redirect(const char *from, const char *to, char *err, size_t errlen)
{
    const char *qdisc[] = { "tc", "qdisc", "add", "dev", from, "ingress", NULL };
    const char *filter[] = { "tc", "filter", "add", "dev", from, "parent", "ffff:",
                             "protocol", "all", "prio", "1", "u32", "match", "u8",
                             "0", "0", "action", "mirred", "egress", "redirect",
                             "dev", to, NULL };

    if (run_checked(qdisc, err, errlen) < 0)
        return -1;
    return run_checked(filter, err, errlen);
}

/* Whether IFNAME's ingress qdisc has our filter towards TAP. */
static int has_our_filter(const char *ifname, const char *tap)
{
    const char *show[] = { "tc", "filter", "show", "dev", ifname, "ingress", NULL };
    char out[8192], want[64], e[8];

    if (run_tool(show, out, sizeof out, e, sizeof e) != 0)
        return 0;
    snprintf(want, sizeof want, "Redirect to device %s)", tap);
    return strstr(out, want) != NULL;
}

/*
 * Whether TAP names a tap of this namespace, not any other interface:
 * the tun driver says "tap" as its bus. Asked of the kernel, not of
 * /sys, which lists the namespace it was mounted in (the host's, in a
 * runtime that has only entered the container's network namespace).
 */
static int is_tap(const char *tap)
{
    struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, tap);
    ifr.ifr_data = (void *)&info;
    return ifreq_ioctl(SIOCETHTOOL, &ifr) == 0 && strcmp(info.driver, "tun") == 0 &&
           strcmp(info.bus_info, "tap") == 0;
}

static void undo(const struct oci_net *n)
{
    const char *qdisc_del[] = { "tc", "qdisc", "del", "dev", n->ifname, "ingress", NULL };
    const char *link_del[] = { "ip", "link", "del", "dev", n->tap, NULL };
    char out[256], e[8];

    if (n->ifname[0] && has_our_filter(n->ifname, n->tap))
        run_tool(qdisc_del, out, sizeof out, e, sizeof e);
    /* The tap's own ingress qdisc and filter go with it. */
    if (n->tap[0] && is_tap(n->tap))
        run_tool(link_del, out, sizeof out, e, sizeof e);
}

int oci_net_attach(const char *tap_name, struct oci_net *out, char *err, size_t errlen)
{
    struct oci_net_cand c[MAX_CANDS];
    char default_if[16] = "", *routes;
    unsigned char gw[4] = { 0 };
    int n, i, r, has_default;

    memset(out, 0, sizeof *out);
    if (errlen)
        *err = '\0';
    if (!tap_name_ok(tap_name))
        return fail(err, errlen, "tap name '%s': 1 to 15 letters, digits, '_', '.' or '-'",
                    tap_name);
    n = list_cands(c, MAX_CANDS, err, errlen);
    if (n < 0)
        return -1;
    routes = malloc(ROUTE_MAX);
    if (!routes)
        return fail(err, errlen, "out of memory");
    has_default = read_routes(routes, ROUTE_MAX) == 0 &&
                  oci_net_default_route(routes, default_if, gw) == 0;
    free(routes);
    i = oci_net_choose(c, n, has_default ? default_if : NULL);
    if (i < 0)
        return 1;
    strcpy(out->ifname, c[i].ifname);
    memcpy(out->addr, c[i].addr, 4);
    out->prefix = c[i].prefix;
    /* The gateway only where the default route leaves by this interface. */
    if (has_default && strcmp(default_if, out->ifname) == 0 && (gw[0] | gw[1] | gw[2] | gw[3])) {
        memcpy(out->gw, gw, 4);
        out->has_gw = 1;
    }
    strcpy(out->tap, tap_name);
    if (iface_info(out, err, errlen) < 0) {
        out->tap[0] = '\0';
        return -1;
    }
    r = tap_create(out, err, errlen);
    if (r < 0) {
        if (r == -2)
            undo(out);
        return -1;
    }
    if (redirect(out->ifname, out->tap, err, errlen) < 0 ||
        redirect(out->tap, out->ifname, err, errlen) < 0) {
        undo(out);
        return -1;
    }
    return 0;
}

void oci_net_detach(const struct oci_net *n)
{
    if (!tap_name_ok(n->tap) || strlen(n->ifname) >= IFNAMSIZ)
        return;
    undo(n);
}

int oci_net_open_tap(const struct oci_net *n, int vnet, char *err, size_t errlen)
{
    struct ifreq ifr;
    int fd;

    if (!tap_name_ok(n->tap) || !is_tap(n->tap))
        return fail(err, errlen, "tap '%s': no such tap", n->tap);
    fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return fail(err, errlen, "/dev/net/tun: %s", strerror(errno));
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | (vnet ? IFF_VNET_HDR : 0);
    strcpy(ifr.ifr_name, n->tap);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        int e = errno;
        close(fd);
        return fail(err, errlen, "tap %s: cannot open it: %s", n->tap,
                    e == EBUSY ? "it is open already" : strerror(e));
    }
    return fd;
}
