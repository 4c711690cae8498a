/* SPDX-License-Identifier: ISC */
/*
 * create: checks the bundle, opens what the monitor will use (the
 * unikernel, its block files) while the paths are resolved inside the
 * rootfs, forks the container's init and leaves it waiting for start.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "console.h"
#include "hooks.h"
#include "launch.h"
#include "log.h"
#include "regular_file.h"
#include "rootfs.h"

struct create_opts {
    const char *bundle, *pid_file, *console_socket;
};

static int read_config(int bundle_fd, char **text, size_t *len, struct errbuf *err)
{
    int fd = openat(bundle_fd, "config.json", O_RDONLY | O_CLOEXEC | O_NOCTTY);
    size_t cap = 65536, n = 0;
    char *buf;
    ssize_t r;

    if (fd < 0)
        return err_set(err, "config.json: %m");
    buf = malloc(cap);
    while (buf && (r = read(fd, buf + n, cap - n)) > 0) {
        n += (size_t)r;
        if (n > OCI_CONFIG_MAX)
            break;
        if (n == cap) {
            char *more = realloc(buf, cap * 2);

            if (!more) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = more;
            cap *= 2;
        }
    }
    close(fd);
    if (!buf)
        return err_set(err, "config.json: out of memory");
    *text = buf;
    *len = n;
    return 0;
}

/* The unikernel: PATH, else PATH.hvt or PATH.spt, the target's first. */
static int open_unikernel(int root_fd, const char *path, enum oci_target want,
                          bool kvm, char *used, size_t usedlen, struct errbuf *err)
{
    static const char *const suffix[] = { "", ".hvt", ".spt" };
    int order[3] = { 0, 1, 2 }, fd = -1, i;
    struct errbuf first, e;

    if (want == OCI_TARGET_SPT || (want == OCI_TARGET_AUTO && !kvm)) {
        order[1] = 2;
        order[2] = 1;
    }
    for (i = 0; i < 3; i++) {
        snprintf(used, usedlen, "%s%s", path, suffix[order[i]]);
        fd = rootfs_open_file(root_fd, used, O_RDONLY, i ? &e : &first);
        if (fd >= 0)
            return fd;
        if (errno != ENOENT)        /* there, but not a file we can run */
            return err_set(err, "%s", i ? e.msg : first.msg);
    }
    return err_set(err, "%s (nor with .hvt or .spt)", first.msg);
}

static bool kvm_usable(void)
{
    int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

    if (fd < 0)
        return false;
    close(fd);
    return true;
}

/* ukvm or ukvm-spt: --monitor-dir, UKVM_OCI_MONITOR_DIR, else beside us. */
static int find_monitor(const struct oci_global *g, enum oci_target t, char *out,
                        size_t len, struct errbuf *err)
{
    const char *name = t == OCI_TARGET_HVT ? "ukvm" : "ukvm-spt";
    char self[PATH_MAX];
    ssize_t n;

    if (g->monitor_dir) {
        if ((size_t)snprintf(out, len, "%s/%s", g->monitor_dir, name) >= len)
            return err_set(err, "--monitor-dir: too long");
    } else {
        n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n < 0)
            return err_set(err, "/proc/self/exe: %m");
        self[n] = '\0';
        *strrchr(self, '/') = '\0';
        if ((size_t)snprintf(out, len, "%s/%s", self, name) >= len)
            return err_set(err, "%s: too long", self);
    }
    if (access(out, X_OK) < 0)
        return err_set(err, "%s: %m (the %s monitor)", out, t == OCI_TARGET_HVT ? "hvt" : "spt");
    return 0;
}

/* The manifest's devices: block files opened, the network device named. */
static int plan_devices(struct launch *l, const struct unikernel *u, int root_fd,
                        struct errbuf *err)
{
    const struct oci_plan *p = l->plan;
    bool bind_used[OCI_BINDS_MAX] = { 0 };
    size_t i, j;

    for (i = 1; i < u->mft->entries; i++) {
        const struct mft_entry *e = &u->mft->e[i];
        const struct oci_block *b;
        char def[80];
        const char *path;
        struct errbuf e2;
        struct stat st;
        int fd = -1;

        if (e->type == MFT_DEV_NET_BASIC) {
            if (l->net_name)
                return err_set(err, "the unikernel has network devices %s and %s: "
                               "ukvm-oci attaches one", l->net_name, e->name);
            l->net_name = e->name;
            continue;
        }
        if (e->type != MFT_DEV_BLOCK_BASIC)
            continue;
        b = oci_plan_block(p, e->name);
        snprintf(def, sizeof def, "/%s.img", e->name);
        path = b ? b->path : def;
        for (j = 0; j < p->nbinds; j++)
            if (!strcmp(p->bind[j].destination, path))
                break;
        if (j < p->nbinds) {
            bind_used[j] = true;
            fd = open_regular_file(p->bind[j].source, O_RDWR, &st, &e2);
            if (fd < 0)
                return err_set(err, "block device %s: %.128s: %s", e->name,
                               p->bind[j].source, e2.msg);
        } else {
            fd = rootfs_open_file(root_fd, path, O_RDWR, &e2);
            if (fd < 0)
                return err_set(err, "block device %s: %s%s", e->name, e2.msg,
                               b ? "" : " (or name its file with annotation org.ukvm.block.NAME)");
        }
        l->block_fd[l->nblocks] = fd;
        l->block_name[l->nblocks++] = e->name;
    }
    for (i = 0; i < p->nblocks; i++)
        if (mft_find(u->mft, p->block[i].name) < 0)
            return err_set(err, "annotations.org.ukvm.block.%s: the unikernel has no "
                           "block device %s", p->block[i].name, p->block[i].name);
    for (j = 0; j < p->nbinds; j++)
        if (!bind_used[j])
            return err_set(err, "mounts: %.128s: no block device of the unikernel is "
                           "at this path", p->bind[j].destination);
    return 0;
}

/* The tap's name in the namespace: one per container ID. */
static void tap_name(const char *id, char *out)
{
    unsigned h = 2166136261u;

    for (; *id; id++)
        h = (h ^ (unsigned char)*id) * 16777619u;
    sprintf(out, "ukvm%08x", h);
}

static int write_pid_file(const char *path, pid_t pid, struct errbuf *err)
{
    char tmp[PATH_MAX];
    FILE *f;

    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
        return err_set(err, "--pid-file: too long");
    f = fopen(tmp, "we");
    if (!f || fprintf(f, "%d", (int)pid) < 0 || fclose(f) != 0 || rename(tmp, path) < 0)
        return err_set(err, "--pid-file %.128s: %m", path);
    return 0;
}

/* Reads init's next message; EOF means it died. */
static int await(int fd, char want, struct sync_msg *m, struct errbuf *err)
{
    ssize_t n = recv(fd, m, sizeof *m, 0);

    if (n != sizeof *m)
        return err_set(err, "the container's init ended during create");
    if (m->kind == 'E') {
        m->text[sizeof m->text - 1] = '\0';
        return err_set(err, "%s", m->text);
    }
    return m->kind == want ? 0 : err_set(err, "the container's init: unexpected message");
}

static int create(const struct oci_global *g, const char *id, const struct create_opts *o,
                  struct oci_state *st, struct oci_plan *plan, pid_t *child, struct errbuf *err)
{
    static struct launch l;
    struct unikernel uk;
    struct errbuf e;
    struct sync_msg m;
    char *text = NULL, real[PATH_MAX], used[OCI_PATH_MAX + 8], *json;
    size_t len = 0;
    int bundle_fd, root_fd, sv[2], r;
    bool kvm;

    memset(&l, 0, sizeof l);
    l.plan = plan;
    l.state = st;
    l.console = -1;
    l.tap_fd = -1;
    if (!realpath(o->bundle, real))
        return err_set(err, "--bundle %.128s: %m", o->bundle);
    if (strlen(real) >= sizeof st->bundle)
        return err_set(err, "--bundle: longer than %zu bytes", sizeof st->bundle - 1);
    memcpy(st->bundle, real, strlen(real) + 1);
    bundle_fd = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (bundle_fd < 0)
        return err_set(err, "--bundle %.128s: %m", real);
    if (read_config(bundle_fd, &text, &len, err) < 0)
        return -1;
    r = oci_plan_parse(plan, text, len, &e);
    free(text);
    if (r < 0)
        return err_set(err, "config.json: %s", e.msg);
    root_fd = rootfs_open(bundle_fd, plan->root, err);
    if (root_fd < 0)
        return -1;
    kvm = kvm_usable();
    l.unikernel_fd = open_unikernel(root_fd, plan->unikernel, plan->target, kvm, used,
                                    sizeof used, err);
    if (l.unikernel_fd < 0 || unikernel_read(l.unikernel_fd, used, &uk, err) < 0)
        return -1;
    if (plan->target && plan->target != uk.target)
        return err_set(err, "annotations.org.ukvm.target: %s, but %s is built for %s",
                       plan->target == OCI_TARGET_HVT ? "hvt" : "spt", used,
                       uk.target == OCI_TARGET_HVT ? "hvt" : "spt");
    if (uk.target == OCI_TARGET_HVT && !kvm)
        return err_set(err, "%s is built for hvt, and /dev/kvm cannot be opened here "
                       "(build it for spt, or give the host KVM)", used);
    l.wants_vnet = uk.wants_vnet;
    snprintf(st->target, sizeof st->target, "%s", uk.target == OCI_TARGET_HVT ? "hvt" : "spt");
    if (find_monitor(g, uk.target, l.monitor, sizeof l.monitor, err) < 0 ||
        plan_devices(&l, &uk, root_fd, err) < 0)
        return -1;
    close(root_fd);
    close(bundle_fd);
    if (plan->terminal && !o->console_socket)
        return err_set(err, "process.terminal is true, and no --console-socket was given");
    if (!plan->terminal && o->console_socket)
        return err_set(err, "--console-socket: process.terminal is false");
    if (plan->terminal) {
        l.console = console_make(o->console_socket, plan->console_width,
                                 plan->console_height, err);
        if (l.console < 0)
            return -1;
    }
    tap_name(id, l.tap);
    snprintf(l.fifo, sizeof l.fifo, "%s/start.fifo", st->dir);
    if (mkfifo(l.fifo, 0600) < 0)
        return err_set(err, "%s: %m", l.fifo);
    snprintf(st->annotations, sizeof st->annotations, "%s", plan->annotations_json);
    st->netns = plan->netns;
    snprintf(st->netns_path, sizeof st->netns_path, "%s", plan->netns_path ? plan->netns_path : "");
    oci_now_rfc3339(st->created, sizeof st->created);
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        return err_set(err, "socketpair: %m");
    fflush(NULL);
    *child = fork();
    if (*child < 0)
        return err_set(err, "fork: %m");
    if (*child == 0) {
        close(sv[0]);
        l.sync = sv[1];
        init_main(&l);
    }
    close(sv[1]);
    if (l.console >= 0)
        close(l.console);
    st->pid = *child;
    if (await(sv[0], 'R', &m, err) < 0)
        return -1;
    st->start_time = process_start_time(*child);
    json = state_json(st, OCI_CREATED);
    r = !json ? err_set(err, "out of memory")
        : hooks_run("prestart", plan->hooks[OCI_HOOK_PRESTART],
                    plan->nhooks[OCI_HOOK_PRESTART], json, err) < 0 ||
          hooks_run("createRuntime", plan->hooks[OCI_HOOK_CREATE_RUNTIME],
                    plan->nhooks[OCI_HOOK_CREATE_RUNTIME], json, err) < 0 ? -1 : 0;
    free(json);
    if (r < 0)
        return -1;
    m.kind = 'A';
    if (send(sv[0], &m, sizeof m, MSG_NOSIGNAL) < 0 || await(sv[0], 'O', &m, err) < 0)
        return -1;
    close(sv[0]);
    st->has_net = m.has_net;
    st->net = m.net;
    if (state_write(st, err) < 0 || (o->pid_file && write_pid_file(o->pid_file, *child, err) < 0))
        return -1;
    oci_debug("created %s: pid %d, %s, %s", id, (int)*child, st->target, used);
    return 0;
}

int cmd_create(const struct oci_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        { "bundle", required_argument, NULL, 'b' },
        { "pid-file", required_argument, NULL, 'p' },
        { "console-socket", required_argument, NULL, 'c' },
        { "no-pivot", no_argument, NULL, 'n' },
        { "no-new-keyring", no_argument, NULL, 'k' },
        { "preserve-fds", required_argument, NULL, 'f' },
        { NULL, 0, NULL, 0 }
    };
    struct create_opts o = { .bundle = "." };
    struct oci_state st;
    struct oci_plan plan;
    struct errbuf err;
    pid_t child = 0;
    int c;

    optind = 0;
    while ((c = getopt_long(argc, argv, "+b:", opts, NULL)) != -1) {
        switch (c) {
        case 'b': o.bundle = optarg; break;
        case 'p': o.pid_file = optarg; break;
        case 'c': o.console_socket = optarg; break;
        case 'n': case 'k': case 'f': break;   /* nothing to pivot, no keyring, no fds */
        default:
            oci_error("create: bad option (create [--bundle DIR] [--pid-file FILE] "
                      "[--console-socket SOCK] ID)");
            return 1;
        }
    }
    if (optind != argc - 1) {
        oci_error("create: one container ID, please");
        return 1;
    }
    memset(&st, 0, sizeof st);
    memset(&plan, 0, sizeof plan);
    if (state_path(&st, g->root, argv[optind], &err) < 0) {
        oci_error("%s", err.msg);
        return 1;
    }
    if (state_make_root(g->root) < 0 || mkdir(st.dir, 0700) < 0) {
        if (errno == EEXIST)
            oci_error("container %s exists already", st.id);
        else
            oci_error("%s: %m", st.dir);
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    if (create(g, st.id, &o, &st, &plan, &child, &err) < 0) {
        oci_error("%s", err.msg);
        if (child > 0) {
            kill(child, SIGKILL);
            waitpid(child, NULL, 0);
        }
        state_remove(&st, NULL);
        oci_plan_free(&plan);
        return 1;
    }
    oci_plan_free(&plan);
    return 0;
}
