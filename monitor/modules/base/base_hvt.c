/* SPDX-License-Identifier: ISC */
/*
 * The base module (hvt): the hypercalls every guest has (WALLTIME, PUTS,
 * POLL, HALT). POLL waits on whatever descriptors device modules added.
 */
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "stats.h"
#include "ukvm.h"

static void hc_walltime(struct ukvm *vm, void *arg)
{
    struct hvt_hc_walltime *a = arg;
    struct timespec ts;

    (void)vm;
    clock_gettime(CLOCK_REALTIME, &ts);
    a->nsecs = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void hc_puts(struct ukvm *vm, void *arg)
{
    const struct hvt_hc_puts *a = arg;
    uint64_t len = a->len;
    const char *data = hypercall_buffer(vm, "PUTS", a->data, len, false);

    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, data, len);
        if (n <= 0)
            break;      /* a closed console must not stop the guest */
        data += n;
        len -= (uint64_t)n;
    }
}

/* Handles whose input some module already moved to the guest's side. */
static uint64_t poll_pending(struct ukvm *vm)
{
    uint64_t ready = 0;

    for_each_module(m)
        if ((*m)->poll_pending)
            ready |= (*m)->poll_pending(vm);
    return ready;
}

static void hc_poll(struct ukvm *vm, void *arg)
{
    struct hvt_hc_poll *a = arg;
    struct epoll_event ev[64];
    struct timespec ts;
    uint64_t ready, t, t0;
    int n;

    ready = poll_pending(vm);
    if (!ready) {
        t = a->timeout_nsecs;
        ts.tv_sec = (time_t)(t / 1000000000ULL);
        ts.tv_nsec = (long)(t % 1000000000ULL);
        t0 = stats.enabled ? stats_now_ns() : 0;
        n = epoll_pwait2(vm->poll_fd, ev, 64, &ts, NULL);
        if (stats.enabled)
            stats.wait_ns += stats_now_ns() - t0;
        for (int i = 0; i < n; i++)     /* n < 0: a signal, a short sleep */
            ready |= 1ULL << ev[i].data.u32;
        if (n > 0)
            ready |= poll_pending(vm);
    }
    a->ready_set = ready;
    a->ret = __builtin_popcountll(ready);
}

static void hc_halt(struct ukvm *vm, void *arg)
{
    const struct hvt_hc_halt *a = arg;
    const struct ukvm_halt h = {
        .how = UKVM_HALT_GUEST, .status = (int)(a->exit_status & 0xff),
        .cookie = a->cookie,
    };

    ukvm_guest_end(vm, &h);
}

static const struct ukvm_hypercall base_hypercalls[] = {
    { HVT_HYPERCALL_WALLTIME, "WALLTIME", sizeof(struct hvt_hc_walltime), true,
      hc_walltime },
    { HVT_HYPERCALL_PUTS, "PUTS", sizeof(struct hvt_hc_puts), false, hc_puts },
    { HVT_HYPERCALL_POLL, "POLL", sizeof(struct hvt_hc_poll), true, hc_poll },
    { HVT_HYPERCALL_HALT, "HALT", sizeof(struct hvt_hc_halt), false, hc_halt },
    { 0 },
};

static const struct ukvm_module base_module = {
    .name = "base",
    .hypercalls = base_hypercalls,
};
UKVM_MODULE(base_module);
