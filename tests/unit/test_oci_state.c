/* SPDX-License-Identifier: ISC */
/*
 * ukvm-oci's state helpers: signal names and numbers for kill, container
 * IDs that stay one directory under --root, and the start time that
 * tells a live process from an ended one (or a reused pid).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "signals.h"
#include "state.h"

static void signals(void)
{
    CHECK(signal_parse("TERM") == SIGTERM && signal_parse("SIGTERM") == SIGTERM &&
          signal_parse("sigterm") == SIGTERM && signal_parse("15") == SIGTERM,
          "signals: TERM, SIGTERM, sigterm and 15 are SIGTERM");
    CHECK(signal_parse("KILL") == SIGKILL && signal_parse("9") == SIGKILL &&
          signal_parse("SIGINT") == SIGINT && signal_parse("QUIT") == SIGQUIT &&
          signal_parse("USR1") == SIGUSR1 && signal_parse("WINCH") == SIGWINCH,
          "signals: the names runc takes");
    CHECK(signal_parse("RTMIN") == SIGRTMIN && signal_parse("RTMIN+2") == SIGRTMIN + 2 &&
          signal_parse("RTMAX-1") == SIGRTMAX - 1,
          "signals: RTMIN, RTMIN+N and RTMAX-N");
    CHECK(signal_parse("0") == -1 && signal_parse("65") == -1 && signal_parse("15x") == -1 &&
          signal_parse("") == -1 && signal_parse("SIG") == -1 && signal_parse("TERMS") == -1 &&
          signal_parse("RTMIN-1") == -1 && signal_parse("RTMAX+1") == -1 &&
          signal_parse("-9") == -1,
          "signals: 0, out of range numbers, trailing junk and unknown names are refused");
}

static void ids(void)
{
    static const char *const bad[] = { "", ".", "..", "../x", "a/b", "a b", "a\n", "é" };
    static const char *const shown[] = { "", ".", "..", "../x", "a/b", "a b", "a\\n", "é" };
    struct oci_state s;
    struct errbuf err;
    char long_id[OCI_ID_MAX + 2];
    size_t i;

    CHECK(state_path(&s, "/run/ukvm-oci", "3f4e1b2c9a7d_web-1.2+x", &err) == 0 &&
          !strcmp(s.dir, "/run/ukvm-oci/3f4e1b2c9a7d_web-1.2+x"),
          "ids: a container ID is a directory under --root");
    for (i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK(state_path(&s, "/run/ukvm-oci", bad[i], &err) < 0 &&
              strstr(err.msg, "container id"),
              "ids: \"%s\" is refused", shown[i]);
    memset(long_id, 'a', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = '\0';
    CHECK(state_path(&s, "/run/ukvm-oci", long_id, &err) < 0,
          "ids: an ID of %d characters is refused", OCI_ID_MAX + 1);
    long_id[OCI_ID_MAX] = '\0';
    CHECK(state_path(&s, "/run/ukvm-oci", long_id, &err) == 0,
          "ids: an ID of %d characters is taken", OCI_ID_MAX);
}

static void start_times(void)
{
    struct oci_state s = { .pid = getpid() };
    pid_t child;

    s.start_time = process_start_time(getpid());
    CHECK(s.start_time > 0 && state_alive(&s), "start time: our own process is alive");
    s.start_time++;
    CHECK(!state_alive(&s), "start time: the same pid with another start time is not ours");
    child = fork();
    if (child == 0)
        _exit(0);
    for (int i = 0; i < 200 && process_start_time(child); i++)
        usleep(10000);
    CHECK(process_start_time(child) == 0, "start time: a zombie has ended (0)");
    waitpid(child, NULL, 0);
    CHECK(process_start_time(child) == 0, "start time: a collected process is gone (0)");
    CHECK(process_start_time(0x3fffffff) == 0, "start time: no such pid (0)");
}

int main(void)
{
    signals();
    ids();
    start_times();
    return check_done();
}
