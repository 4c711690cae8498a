/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hooks.h"

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int run_one(const char *kind, size_t i, const struct oci_hook *h,
                   const char *state_json, struct errbuf *err)
{
    int in[2], out[2], status;
    char said[512] = "";
    size_t got = 0;
    long long deadline = h->timeout ? now_ms() + h->timeout * 1000LL : 0;
    const char *argv_default[] = { h->path, NULL };
    pid_t pid;
    bool timed_out = false;

    if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0)
        return err_set(err, "hooks.%s[%zu]: pipe: %m", kind, i);
    pid = fork();
    if (pid < 0)
        return err_set(err, "hooks.%s[%zu]: fork: %m", kind, i);
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(out[1], 2);
        execve(h->path, (char *const *)(h->args[0] ? h->args : argv_default),
               (char *const *)h->env);
        fprintf(stderr, "%s: %m\n", h->path);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    /* The state is small (under the pipe's 64 KiB): one write. */
    signal(SIGPIPE, SIG_IGN);
    if (write(in[1], state_json, strlen(state_json)) < 0) {
        /* A hook that does not read its stdin. */
    }
    close(in[1]);
    for (;;) {
        struct pollfd p = { .fd = out[0], .events = POLLIN };
        int wait_ms = deadline ? (int)(deadline - now_ms()) : -1;
        char buf[256];
        ssize_t n;

        if (deadline && wait_ms <= 0) {
            timed_out = true;
            break;
        }
        if (poll(&p, 1, wait_ms) < 0 && errno != EINTR)
            break;
        n = read(out[0], buf, sizeof buf);
        if (n <= 0)
            break;
        if (got < sizeof said - 1) {
            size_t k = (size_t)n < sizeof said - 1 - got ? (size_t)n : sizeof said - 1 - got;

            memcpy(said + got, buf, k);
            got += k;
        }
    }
    close(out[0]);
    if (timed_out)
        kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    said[strcspn(said, "\n")] = '\0';
    if (timed_out)
        return err_set(err, "hooks.%s[%zu]: %.128s: killed after its %d s timeout",
                       kind, i, h->path, h->timeout);
    if (WIFSIGNALED(status))
        return err_set(err, "hooks.%s[%zu]: %.128s: killed by signal %d%s%.128s", kind, i,
                       h->path, WTERMSIG(status), *said ? ": " : "", said);
    if (WEXITSTATUS(status))
        return err_set(err, "hooks.%s[%zu]: %.128s: exit status %d%s%.128s", kind, i,
                       h->path, WEXITSTATUS(status), *said ? ": " : "", said);
    return 0;
}

int hooks_run(const char *kind, const struct oci_hook *h, size_t n,
              const char *state_json, struct errbuf *err)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (run_one(kind, i, &h[i], state_json, err) < 0)
            return -1;
    return 0;
}
