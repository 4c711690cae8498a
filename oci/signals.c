/* SPDX-License-Identifier: ISC */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "signals.h"

static const struct { const char *name; int sig; } names[] = {
    { "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "ILL", SIGILL },
    { "TRAP", SIGTRAP }, { "ABRT", SIGABRT }, { "IOT", SIGIOT }, { "BUS", SIGBUS },
    { "FPE", SIGFPE }, { "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV },
    { "USR2", SIGUSR2 }, { "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
    { "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD }, { "CONT", SIGCONT }, { "STOP", SIGSTOP },
    { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU }, { "URG", SIGURG },
    { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },
    { "WINCH", SIGWINCH }, { "IO", SIGIO }, { "POLL", SIGPOLL }, { "PWR", SIGPWR },
    { "SYS", SIGSYS },
};

int signal_parse(const char *s)
{
    char *end;
    long n;
    size_t i;

    if (*s >= '0' && *s <= '9') {
        n = strtol(s, &end, 10);
        return *end || n < 1 || n > SIGRTMAX ? -1 : (int)n;
    }
    if (!strncasecmp(s, "SIG", 3))
        s += 3;
    for (i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcasecmp(s, names[i].name))
            return names[i].sig;
    /* RTMIN, RTMIN+N, RTMAX-N */
    if (!strncasecmp(s, "RTMIN", 5) || !strncasecmp(s, "RTMAX", 5)) {
        int base = !strncasecmp(s, "RTMIN", 5) ? SIGRTMIN : SIGRTMAX;

        if (!s[5])
            return base;
        n = strtol(s + 5, &end, 10);
        if (*end || (base == SIGRTMIN ? n < 0 : n > 0) || base + n < SIGRTMIN ||
            base + n > SIGRTMAX)
            return -1;
        return base + (int)n;
    }
    return -1;
}
