/* SPDX-License-Identifier: ISC */
/*
 * The container's init: create's child. It enters the container's
 * network namespace, lets the hooks run, attaches the network, then waits
 * on start.fifo until start, and becomes the monitor (execve), so the
 * monitor is the container's process: its pid, its signals, its status.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "launch.h"

int monitor_argv(const struct launch *l, const struct oci_net *net, char **argv,
                 size_t max, char *buf, size_t buflen, struct errbuf *err)
{
    size_t n = 0, used = 0, i;
    const struct oci_plan *p = l->plan;

#define ADD(...) do {                                                         \
        int w_ = snprintf(buf + used, buflen - used, __VA_ARGS__);            \
        if (w_ < 0 || (size_t)w_ >= buflen - used || n + 2 >= max)            \
            return err_set(err, "the monitor's command line is too long");    \
        argv[n++] = buf + used;                                               \
        used += (size_t)w_ + 1;                                               \
    } while (0)

    ADD("%s", l->monitor);
    if (p->mem_mib)
        ADD("--mem=%u", p->mem_mib);
    for (i = 0; i < l->nblocks; i++)
        ADD("--block:%s=/proc/self/fd/%d", l->block_name[i], l->block_fd[i]);
    if (net) {
        const unsigned char *m = net->mac;

        if (l->tap_fd >= 0)
            ADD("--net:%s=@%d", l->net_name, l->tap_fd);
        else
            ADD("--net:%s=%s", l->net_name, net->tap);
        ADD("--net-mac:%s=%02x:%02x:%02x:%02x:%02x:%02x", l->net_name,
            m[0], m[1], m[2], m[3], m[4], m[5]);
    }
    ADD("--");
    ADD("/proc/self/fd/%d", l->unikernel_fd);
    if (net) {
        char a[INET_ADDRSTRLEN];

        inet_ntop(AF_INET, net->addr, a, sizeof a);
        ADD("--ipv4=%s/%d", a, net->prefix);
        /* No default route is 0.0.0.0, none: without the option the
         * library OS would take its own default gateway. */
        inet_ntop(AF_INET, net->has_gw ? net->gw : (const unsigned char[4]){ 0 }, a, sizeof a);
        ADD("--ipv4-gateway=%s", a);
    }
    for (i = 0; i < p->nargs; i++)
        ADD("%s", p->args[i]);
    argv[n] = NULL;
    return 0;
#undef ADD
}

static void send_msg(int fd, const struct sync_msg *m)
{
    if (send(fd, m, sizeof *m, MSG_NOSIGNAL) < 0) {
        /* create is gone: it will not read this; the next step ends us. */
    }
}

__attribute__((noreturn, format(printf, 2, 3)))
static void fail(const struct launch *l, const char *fmt, ...)
{
    struct sync_msg m = { .kind = 'E' };
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(m.text, sizeof m.text, fmt, ap);
    va_end(ap);
    if (l->sync >= 0)
        send_msg(l->sync, &m);
    else
        fprintf(stderr, "ukvm-oci: %s\n", m.text);
    _exit(1);
}

static void enter_netns(const struct launch *l)
{
    const struct oci_plan *p = l->plan;
    int fd;

    if (p->netns == OCI_NETNS_NEW && unshare(CLONE_NEWNET) < 0)
        fail(l, "linux.namespaces: cannot make a network namespace: %s", strerror(errno));
    if (p->netns != OCI_NETNS_PATH)
        return;
    fd = open(p->netns_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || setns(fd, CLONE_NEWNET) < 0)
        fail(l, "linux.namespaces: network %.128s: %s", p->netns_path, strerror(errno));
    close(fd);
}

/* What applies to the monitor and may fail: before create reports success. */
static void apply_limits(const struct launch *l)
{
    const struct oci_plan *p = l->plan;
    size_t i;

    for (i = 0; i < p->nrlimits; i++) {
        struct rlimit r = { .rlim_cur = p->rlimit[i].soft, .rlim_max = p->rlimit[i].hard };

        if (setrlimit(p->rlimit[i].resource, &r) < 0)
            fail(l, "process.rlimits[%zu]: %s", i, strerror(errno));
    }
    if (p->has_oom_score_adj) {
        FILE *f = fopen("/proc/self/oom_score_adj", "we");

        if (!f || fprintf(f, "%d\n", p->oom_score_adj) < 0 || fclose(f) != 0)
            fail(l, "process.oomScoreAdj: %s", strerror(errno));
    }
}

static void wait_for_start(const struct launch *l)
{
    int fd = open(l->fifo, O_WRONLY | O_CLOEXEC);

    if (fd < 0 || write(fd, "0", 1) != 1) {
        fprintf(stderr, "ukvm-oci: %s: %m\n", l->fifo);
        _exit(1);
    }
    close(fd);
}

/* The user, the privileges and the descriptors, just before the exec. */
__attribute__((noreturn)) static void become_monitor(const struct launch *l, char **argv)
{
    static char *const env[] = { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                                 NULL };
    const struct oci_plan *p = l->plan;
    size_t i;

    /* Capabilities outside the bounding set go first (that takes
     * CAP_SETPCAP, which root has until here). */
    for (int cap = 0; p->has_cap_bounding && cap < 64; cap++)
        if (!(p->cap_bounding & 1ULL << cap) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 &&
            errno != EINVAL) {
            fprintf(stderr, "ukvm-oci: process.capabilities.bounding: %m\n");
            _exit(1);
        }
    if (setgroups(p->ngids, p->gids) < 0 || setgid(p->gid) < 0 || setuid(p->uid) < 0) {
        fprintf(stderr, "ukvm-oci: process.user %u:%u: %m\n", (unsigned)p->uid,
                (unsigned)p->gid);
        _exit(1);
    }
    if (p->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
        fprintf(stderr, "ukvm-oci: process.noNewPrivileges: %m\n");
        _exit(1);
    }
    /* Only the unikernel and the block files cross into the monitor. */
    close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
    fcntl(l->unikernel_fd, F_SETFD, 0);
    for (i = 0; i < l->nblocks; i++)
        fcntl(l->block_fd[i], F_SETFD, 0);
    if (l->tap_fd >= 0)
        fcntl(l->tap_fd, F_SETFD, 0);
    /* The monitor starts as a fresh process would: no signal ignored or
     * blocked by whoever ran create. */
    for (int sig = 1; sig < NSIG; sig++)
        signal(sig, SIG_DFL);
    sigprocmask(SIG_SETMASK, &(sigset_t){ 0 }, NULL);
    execve(l->monitor, argv, env);
    fprintf(stderr, "ukvm-oci: %s: %m\n", l->monitor);
    _exit(127);
}

void init_main(struct launch *l)
{
    static char *argv[512];
    static char buf[65536];
    struct sync_msg m = { .kind = 'R' };
    struct errbuf err;
    ssize_t n;

    prctl(PR_SET_PDEATHSIG, SIGKILL);
    setsid();
    if (l->console >= 0) {
        if (ioctl(l->console, TIOCSCTTY, 0) < 0 || dup2(l->console, 0) < 0 ||
            dup2(l->console, 1) < 0 || dup2(l->console, 2) < 0)
            fail(l, "process.terminal: %s", strerror(errno));
        close(l->console);
    }
    enter_netns(l);
    send_msg(l->sync, &m);
    n = recv(l->sync, &m, sizeof m, 0);
    if (n != sizeof m || m.kind != 'A')
        _exit(1);
    memset(&m, 0, sizeof m);
    if (l->net_name) {
        char e[256] = "";
        int r = oci_net_attach(l->tap, &m.net, e, sizeof e);

        if (r < 0)
            fail(l, "network: %s", e);
        if (r > 0)
            fail(l, "the unikernel has network device %s, and the container's network "
                 "namespace no interface with an IPv4 address for it", l->net_name);
        m.has_net = 1;
        /* The monitor gets the tap open (--net:NAME=@FD): by name it
         * would look for it in /sys, which shows the host's namespace,
         * and, not root, could not attach it. */
        l->tap_fd = oci_net_open_tap(&m.net, l->wants_vnet, e, sizeof e);
        if (l->tap_fd < 0)
            fail(l, "network: %s", e);
    }
    if (monitor_argv(l, m.has_net ? &m.net : NULL, argv, sizeof argv / sizeof *argv,
                     buf, sizeof buf, &err) < 0)
        fail(l, "%s", err.msg);
    apply_limits(l);
    /* From here on we outlive create, which exits once it has 'O': the
     * death signal goes before that message, or create's exit could
     * kill us first (then start found the init gone). A create that
     * fails after it kills us itself. */
    prctl(PR_SET_PDEATHSIG, 0);
    m.kind = 'O';
    send_msg(l->sync, &m);
    close(l->sync);
    l->sync = -1;
    wait_for_start(l);
    become_monitor(l, argv);
}
