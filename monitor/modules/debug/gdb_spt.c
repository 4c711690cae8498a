/* SPDX-License-Identifier: ISC */
/*
 * --gdb[=PORT] (spt): the guest waits for gdb at start. The guest is this
 * very process, so Debian's gdbserver debugs it with ptrace: ukvm-spt
 * listens on 127.0.0.1:PORT, and when gdb connects it starts gdbserver
 * on that connection (gdbserver's "stdio") to attach to ukvm-spt, then
 * waits until it is attached. That happens in set-up, after the image is
 * loaded and before anything of the guest runs, before the tender makes
 * itself undumpable (which would forbid attaching) and before the
 * seccomp filter (which forbids fork and exec). The tracer stays
 * attached through both; the filter needs nothing for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gdb.h"

#define GDBSERVER_PACKAGE "Debian's gdbserver package"

/* The gdbserver that PATH names, into BUF. */
static int find_gdbserver(char *buf, size_t size, struct errbuf *err)
{
    const char *path = getenv("PATH");

    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    for (const char *p = path; *p; ) {
        size_t n = strcspn(p, ":");
        int len = snprintf(buf, size, "%.*s/gdbserver", (int)n, p);

        if (n > 0 && len > 0 && (size_t)len < size && access(buf, X_OK) == 0)
            return 0;
        p += n + (p[n] == ':');
    }
    return err_set(err, "--gdb: gdbserver not found in PATH (install %s)",
                   GDBSERVER_PACKAGE);
}

/*
 * In the child: gdbserver attaches to PARENT, speaking to gdb on CONN.
 * It waits on SYNC_FD until the parent allows it to trace, and reports
 * an exec failure's errno there (SYNC_FD is closed at exec).
 */
__attribute__((noreturn))
static void run_gdbserver(const char *gdbserver, int conn, int sync_fd, pid_t parent)
{
    char pid[16], go;
    int devnull = open("/dev/null", O_WRONLY);
    int e;

    /* Its own process group: gdb's interrupt is a SIGINT to ours. */
    setpgid(0, 0);
    snprintf(pid, sizeof pid, "%d", (int)parent);
    /* Out of the way of the dup2s below, should stdin have been closed. */
    conn = fcntl(conn, F_DUPFD, 10);
    sync_fd = fcntl(sync_fd, F_DUPFD, 10);
    /* gdb on stdin and stdout, gdbserver's messages nowhere: stdout and
     * stderr are the guest's and ukvm-spt's. */
    if (devnull < 0 || conn < 0 || sync_fd < 0 || dup2(conn, 0) < 0 ||
        dup2(conn, 1) < 0 || dup2(devnull, 2) < 0 || dup2(sync_fd, 3) < 0 ||
        fcntl(3, F_SETFD, FD_CLOEXEC) < 0)
        _exit(127);
    /* None of the devices' descriptors go to gdbserver. */
    close_range(4, ~0U, 0);
    if (read(3, &go, 1) != 1)
        _exit(127);
    execl(gdbserver, "gdbserver", "--attach", "stdio", pid, (char *)NULL);
    e = errno;
    if (write(3, &e, sizeof e) < 0)
        _exit(127);
    _exit(127);
}

/* Who traces this process: its TracerPid, 0 if none, -1 if unknown. */
static int tracer_pid(void)
{
    char line[128];
    int pid = -1;
    FILE *f = fopen("/proc/self/status", "re");

    if (!f)
        return -1;
    while (pid < 0 && fgets(line, sizeof line, f))
        if (sscanf(line, "TracerPid: %d", &pid) != 1)
            pid = -1;
    fclose(f);
    return pid;
}

/* Why a tracer may be refused, for the error. */
static const char *ptrace_hint(void)
{
    int scope = 0;
    FILE *f = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");

    if (f) {
        if (fscanf(f, "%d", &scope) != 1)
            scope = 0;
        fclose(f);
    }
    return scope >= 3 ? "; kernel.yama.ptrace_scope 3 forbids ptrace" :
           scope == 2 ? "; kernel.yama.ptrace_scope 2 needs CAP_SYS_PTRACE" : "";
}

/*
 * Lets CHILD start, then waits until it traces us. Once attached we are
 * stopped until gdb continues, so the bound is on time we ran: 10 s.
 */
static int wait_attached(pid_t child, int sync_fd, struct errbuf *err)
{
    const struct timespec tick = { .tv_nsec = 10 * 1000 * 1000 };
    int e = 0, status;
    ssize_t n;

    /* yama's ptrace_scope 1: only a named tracer may attach to a parent.
     * EINVAL where yama is not built in. */
    prctl(PR_SET_PTRACER, (unsigned long)child, 0, 0, 0);
    if (send(sync_fd, "g", 1, MSG_NOSIGNAL) != 1)
        return err_set(err, "--gdb: cannot start gdbserver: %m");
    do
        n = read(sync_fd, &e, sizeof e);
    while (n < 0 && errno == EINTR);
    if (n == sizeof e)
        return err_set(err, "--gdb: cannot run gdbserver: %s", strerror(e));
    for (int i = 0; i < 1000; i++) {
        if (tracer_pid() == child)
            return 0;
        if (waitpid(child, &status, WNOHANG) == child)
            return err_set(err, "--gdb: gdbserver could not attach to ukvm-spt "
                           "(it exited with status %d)%s",
                           WIFEXITED(status) ? WEXITSTATUS(status)
                                             : 128 + WTERMSIG(status),
                           ptrace_hint());
        nanosleep(&tick, NULL);
    }
    kill(child, SIGKILL);
    return err_set(err, "--gdb: gdbserver did not attach to ukvm-spt");
}

static int start_gdbserver(const char *gdbserver, int conn, struct errbuf *err)
{
    pid_t self = getpid(), child;
    int sv[2], r;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return err_set(err, "--gdb: socketpair: %m");
    fflush(NULL);
    child = fork();
    if (child == 0) {
        close(sv[0]);
        run_gdbserver(gdbserver, conn, sv[1], self);
    }
    close(sv[1]);
    close(conn);
    r = child < 0 ? err_set(err, "--gdb: fork: %m") : wait_attached(child, sv[0], err);
    close(sv[0]);
    return r;
}

static int gdb_setup(struct ukvm *vm, struct errbuf *err)
{
    char gdbserver[4096];
    int conn, tracer;

    (void)vm;
    if (!gdb_port)
        return 0;
    tracer = tracer_pid();
    if (tracer > 0)
        return err_set(err, "--gdb: ukvm-spt is already traced (by pid %d)", tracer);
    if (find_gdbserver(gdbserver, sizeof gdbserver, err) < 0)
        return -1;
    conn = gdb_wait_client("ukvm-spt", err);
    if (conn < 0)
        return -1;
    /*
     * gdbserver interrupts (Ctrl-C in gdb) by a SIGINT to the process
     * group of the process it attached to: lead one. Only now, so that
     * while we waited a Ctrl-C in our terminal still reached us.
     */
    if (getpgrp() != getpid() && setpgid(0, 0) < 0) {
        close(conn);
        return err_set(err, "--gdb: setpgid: %m");
    }
    return start_gdbserver(gdbserver, conn, err);
}

static const struct ukvm_module gdb_spt_module = {
    .name = "gdb spt",
    .setup = gdb_setup,
};
UKVM_MODULE(gdb_spt_module);
