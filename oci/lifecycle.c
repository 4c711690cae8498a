/* SPDX-License-Identifier: ISC */
/* start, state, kill, delete and ps: each reads the state directory and
 * acts on the container's process (the init until start, then the
 * monitor it became). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "hooks.h"
#include "log.h"
#include "net.h"
#include "signals.h"
#include "state.h"

/* Parses "[options] ID" with OPTS (and SHORTS); the ID, or NULL after a
 * message. Each option found sets its flag in FLAGS[val - 'a']. */
static const char *one_id(int argc, char **argv, const char *shorts,
                          const struct option *opts, bool *flags, const char *usage)
{
    int c;

    optind = 0;
    while ((c = getopt_long(argc, argv, shorts, opts, NULL)) != -1) {
        if (c == '?' || c < 'a' || c > 'z') {
            oci_error("%s: bad option (%s)", argv[0], usage);
            return NULL;
        }
        flags[c - 'a'] = true;
    }
    if (optind >= argc) {
        oci_error("%s: no container ID (%s)", argv[0], usage);
        return NULL;
    }
    return argv[optind];
}

static int load(const struct oci_global *g, const char *id, struct oci_state *st)
{
    struct errbuf err;

    if (state_read(st, g->root, id, &err) < 0) {
        oci_error("%s", err.msg);
        return -1;
    }
    return 0;
}

static long long ms_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The hooks of KIND from the bundle's config.json (as create saw it). */
static void run_saved_hooks(const struct oci_state *st, int kind, const char *name,
                            enum oci_status status)
{
    char path[sizeof st->bundle + 16], *json;
    struct oci_plan plan;
    struct errbuf err;
    FILE *f;
    char *text = NULL;
    size_t len = 0;

    snprintf(path, sizeof path, "%s/config.json", st->bundle);
    f = fopen(path, "re");
    if (!f)
        return;
    text = malloc(OCI_CONFIG_MAX + 1);
    if (text)
        len = fread(text, 1, OCI_CONFIG_MAX + 1, f);
    fclose(f);
    if (text && oci_plan_parse(&plan, text, len, &err) == 0 && plan.nhooks[kind]) {
        json = state_json(st, status);
        if (json && hooks_run(name, plan.hooks[kind], plan.nhooks[kind], json, &err) < 0)
            oci_error("%s (ignored: the container is %s)", err.msg,
                      kind == OCI_HOOK_POSTSTART ? "started" : "deleted");
        free(json);
    }
    oci_plan_free(&plan);
    free(text);
}

int cmd_start(const struct oci_global *g, int argc, char **argv)
{
    static const struct option opts[] = { { NULL, 0, NULL, 0 } };
    bool flags[26] = { 0 };
    const char *id = one_id(argc, argv, "+", opts, flags, "start ID");
    struct oci_state st;
    enum oci_status s;
    char fifo[sizeof st.dir + 16], c;
    long long deadline;
    int fd;

    if (!id || load(g, id, &st) < 0)
        return 1;
    s = state_status(&st);
    if (s != OCI_CREATED) {
        oci_error("container %s is %s, not created", id, status_name(s));
        return 1;
    }
    snprintf(fifo, sizeof fifo, "%s/start.fifo", st.dir);
    /* Non-blocking: the init may be gone, and then no one would write. */
    fd = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        oci_error("%s: %m", fifo);
        return 1;
    }
    deadline = ms_now() + 10000;
    for (;;) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        ssize_t n;

        poll(&p, 1, 50);
        n = read(fd, &c, 1);
        if (n == 1)
            break;
        if (!state_alive(&st) || ms_now() > deadline) {
            close(fd);
            oci_error("container %s: its init %s before start", id,
                      state_alive(&st) ? "did not answer in 10 s" : "ended");
            return 1;
        }
    }
    close(fd);
    unlink(fifo);
    oci_debug("started %s: pid %d", id, (int)st.pid);
    run_saved_hooks(&st, OCI_HOOK_POSTSTART, "poststart", OCI_RUNNING);
    return 0;
}

int cmd_state(const struct oci_global *g, int argc, char **argv)
{
    static const struct option opts[] = { { NULL, 0, NULL, 0 } };
    bool flags[26] = { 0 };
    const char *id = one_id(argc, argv, "+", opts, flags, "state ID");
    struct oci_state st;
    char *json;

    if (!id || load(g, id, &st) < 0)
        return 1;
    json = state_json(&st, state_status(&st));
    if (!json) {
        oci_error("out of memory");
        return 1;
    }
    printf("%s\n", json);
    free(json);
    return 0;
}

int cmd_kill(const struct oci_global *g, int argc, char **argv)
{
    static const struct option opts[] = { { "all", no_argument, NULL, 'a' },
                                          { NULL, 0, NULL, 0 } };
    bool flags[26] = { 0 };
    const char *id = one_id(argc, argv, "+a", opts, flags, "kill [--all] ID [SIGNAL]");
    struct oci_state st;
    int sig = SIGTERM;

    if (!id)
        return 1;
    if (optind + 2 < argc) {
        oci_error("kill: too many arguments (kill [--all] ID [SIGNAL])");
        return 1;
    }
    if (optind + 1 < argc && (sig = signal_parse(argv[optind + 1])) < 0) {
        oci_error("kill: %.32s is not a signal", argv[optind + 1]);
        return 1;
    }
    if (load(g, id, &st) < 0)
        return 1;
    /* One process: --all means it too. Checked just before, so a pid
     * reused since is never signalled. */
    if (!state_alive(&st)) {
        if (flags['a' - 'a'])
            return 0;      /* --all: nothing left to signal is no error (runc) */
        /* runc's words, which containerd's shim recognises. */
        oci_error("container not running: %s", id);
        return 1;
    }
    if (kill(st.pid, sig) < 0) {
        oci_error("kill %d: %m", (int)st.pid);
        return 1;
    }
    oci_debug("signal %d to %s (pid %d)", sig, id, (int)st.pid);
    return 0;
}

/* Removes the tap from a namespace that outlives the container. */
static void net_detach(const struct oci_state *st)
{
    int fd, self;

    if (!st->has_net || st->netns != 2 || !*st->netns_path)
        return;       /* a namespace of its own went with the process */
    self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    fd = open(st->netns_path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && setns(fd, CLONE_NEWNET) == 0) {
        oci_net_detach(&st->net);
        if (self >= 0)
            setns(self, CLONE_NEWNET);
    }
    if (fd >= 0)
        close(fd);
    if (self >= 0)
        close(self);
}

int cmd_delete(const struct oci_global *g, int argc, char **argv)
{
    static const struct option opts[] = { { "force", no_argument, NULL, 'f' },
                                          { NULL, 0, NULL, 0 } };
    bool flags[26] = { 0 };
    const char *id = one_id(argc, argv, "+f", opts, flags, "delete [--force] ID");
    bool force = flags['f' - 'a'];
    struct oci_state st;
    struct errbuf err;
    enum oci_status s;
    long long deadline;

    if (!id)
        return 1;
    if (state_read(&st, g->root, id, &err) < 0) {
        /* A create cut short may leave the directory without state. */
        if (state_path(&st, g->root, id, NULL) == 0)
            state_remove(&st, NULL);
        if (force)
            return 0;
        oci_error("%s", err.msg);
        return 1;
    }
    s = state_status(&st);
    if (s == OCI_RUNNING && !force) {
        oci_error("container %s is running: stop it first, or delete --force", id);
        return 1;
    }
    if (s != OCI_STOPPED) {
        kill(st.pid, SIGKILL);
        for (deadline = ms_now() + 10000; state_alive(&st) && ms_now() < deadline;)
            usleep(10000);
        if (state_alive(&st)) {
            oci_error("container %s: pid %d outlived SIGKILL for 10 s", id, (int)st.pid);
            return 1;
        }
    }
    net_detach(&st);
    run_saved_hooks(&st, OCI_HOOK_POSTSTOP, "poststop", OCI_STOPPED);
    if (state_remove(&st, &err) < 0) {
        oci_error("%s", err.msg);
        return 1;
    }
    oci_debug("deleted %s", id);
    return 0;
}

int cmd_ps(const struct oci_global *g, int argc, char **argv)
{
    static const struct option opts[] = { { "format", required_argument, NULL, 'f' },
                                          { NULL, 0, NULL, 0 } };
    struct oci_state st;
    const char *format = "table";
    int c;

    optind = 0;
    while ((c = getopt_long(argc, argv, "+f:", opts, NULL)) != -1) {
        if (c != 'f') {
            oci_error("ps: bad option (ps [--format table|json] ID)");
            return 1;
        }
        format = optarg;
    }
    if (optind >= argc || (strcmp(format, "json") && strcmp(format, "table"))) {
        oci_error("ps: ps [--format table|json] ID");
        return 1;
    }
    if (load(g, argv[optind], &st) < 0)
        return 1;
    if (!strcmp(format, "json"))
        printf(state_alive(&st) ? "[%d]\n" : "[]\n", (int)st.pid);
    else if (state_alive(&st))
        printf("PID\n%d\n", (int)st.pid);
    else
        printf("PID\n");
    return 0;
}
