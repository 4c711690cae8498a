/* SPDX-License-Identifier: ISC */
/*
 * Runs the vCPU until the guest halts, faults or a signal stops it.
 * Modules see each exit first (a debugger's breakpoints, single steps);
 * then hypercalls go to the table, and faults end the guest.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "hypercall.h"
#include "modules.h"
#include "run.h"
#include "stats.h"

static volatile sig_atomic_t stop_signal;
static struct ukvm *volatile signal_vm;

static void on_signal(int sig)
{
    stop_signal = sig;
    if (signal_vm)
        arch_kick(signal_vm);
}

void run_catch_signals(struct ukvm *vm)
{
    struct sigaction sa;

    signal_vm = vm;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;   /* no SA_RESTART: the vCPU must return */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
}

static void handle_exit(struct ukvm *vm, const struct ukvm_exit *e)
{
    switch (e->kind) {
    case UKVM_EXIT_HYPERCALL:
        if (stats.enabled && hypercall_find(e->nr))
            stats.hypercalls[e->nr]++;
        hypercall_dispatch(vm, e->nr, e->arg);
        return;
    case UKVM_EXIT_HANDLED:
    case UKVM_EXIT_SIGNAL:
        return;
    case UKVM_EXIT_DEBUG:
        guest_error(vm, "unexpected debug exit");
    case UKVM_EXIT_FAULT:
        guest_error(vm, "%s", e->why);
    }
}

void run_loop(struct ukvm *vm)
{
    struct ukvm_exit e;

    for (;;) {
        uint64_t t0 = 0;

        if (stop_signal) {
            const struct ukvm_halt h = {
                .how = UKVM_HALT_SIGNAL, .status = 128 + stop_signal,
                .signal = stop_signal,
            };
            fprintf(stderr, "ukvm: stopped by %s\n", strsignal(stop_signal));
            ukvm_guest_end(vm, &h);
        }
        if (stats.enabled)
            t0 = stats_now_ns();
        arch_run(vm, &e);
        if (stats.enabled) {
            stats.guest_ns += stats_now_ns() - t0;
            /* Steps and breakpoints are the debugger's, not the guest's. */
            if (e.kind != UKVM_EXIT_DEBUG)
                stats.exits[e.reason < 63 ? e.reason : 63]++;
        }
        if (!modules_exit(vm, &e))
            handle_exit(vm, &e);
    }
}
