/*
 * The base module: the hypercalls every guest has (WALLTIME, PUTS, POLL,
 * HALT). POLL waits on whatever descriptors device modules added.
 */
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "ukvm.h"

static void hc_walltime(struct ukvm *vm, uint64_t gpa)
{
    struct hvt_hc_walltime *a = guest_mem_ptr_rw(vm, gpa, sizeof *a);
    struct timespec ts;

    if (!a)
        guest_error(vm, "WALLTIME: bad argument address %#llx",
                    (unsigned long long)gpa);
    clock_gettime(CLOCK_REALTIME, &ts);
    a->nsecs = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void hc_puts(struct ukvm *vm, uint64_t gpa)
{
    struct hvt_hc_puts *a = guest_mem_ptr(vm, gpa, sizeof *a);
    const char *data;
    uint64_t len;

    if (!a)
        guest_error(vm, "PUTS: bad argument address %#llx", (unsigned long long)gpa);
    len = a->len;
    data = guest_mem_ptr(vm, a->data, len);
    if (!data)
        guest_error(vm, "PUTS: buffer %#llx+%llu is outside guest memory",
                    (unsigned long long)a->data, (unsigned long long)len);
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

static void hc_poll(struct ukvm *vm, uint64_t gpa)
{
    struct hvt_hc_poll *a = guest_mem_ptr_rw(vm, gpa, sizeof *a);
    struct epoll_event ev[64];
    struct timespec ts;
    uint64_t ready, t;
    int n;

    if (!a)
        guest_error(vm, "POLL: bad argument address %#llx", (unsigned long long)gpa);
    ready = poll_pending(vm);
    if (!ready) {
        t = a->timeout_nsecs;
        ts.tv_sec = (time_t)(t / 1000000000ULL);
        ts.tv_nsec = (long)(t % 1000000000ULL);
        n = epoll_pwait2(vm->poll_fd, ev, 64, &ts, NULL);
        for (int i = 0; i < n; i++)     /* n < 0: a signal, a short sleep */
            ready |= 1ULL << ev[i].data.u32;
        if (n > 0)
            ready |= poll_pending(vm);
    }
    a->ready_set = ready;
    a->ret = __builtin_popcountll(ready);
}

static void hc_halt(struct ukvm *vm, uint64_t gpa)
{
    struct hvt_hc_halt *a = guest_mem_ptr(vm, gpa, sizeof *a);

    if (!a)
        guest_error(vm, "HALT: bad argument address %#llx", (unsigned long long)gpa);
    ukvm_exit(vm, a->exit_status);
}

static int base_setup(struct ukvm *vm, struct errbuf *err)
{
    (void)vm;
    if (hypercall_register(HVT_HYPERCALL_WALLTIME, hc_walltime, err) < 0 ||
        hypercall_register(HVT_HYPERCALL_PUTS, hc_puts, err) < 0 ||
        hypercall_register(HVT_HYPERCALL_POLL, hc_poll, err) < 0 ||
        hypercall_register(HVT_HYPERCALL_HALT, hc_halt, err) < 0)
        return -1;
    return 0;
}

static const struct ukvm_module base_module = {
    .name = "base",
    .setup = base_setup,
};
UKVM_MODULE(base_module);
