/* Runs the vCPU until the guest halts, faults or a signal stops it. */
#include <errno.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "hypercall.h"
#include "ring3.h"
#include "run.h"
#include "stats.h"

static volatile sig_atomic_t stop_signal;
static struct kvm_run *volatile signal_run;

static void on_signal(int sig)
{
    stop_signal = sig;
    if (signal_run)
        signal_run->immediate_exit = 1;
}

void run_catch_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;   /* no SA_RESTART: KVM_RUN must return */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

void run_dump_registers(struct ukvm *vm)
{
    struct kvm_regs r;
    struct kvm_sregs s;

    if (ioctl(vm->vcpu_fd, KVM_GET_REGS, &r) < 0 ||
        ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s) < 0) {
        fprintf(stderr, "ukvm: cannot read guest registers: %m\n");
        return;
    }
    fprintf(stderr,
            "ukvm: rip %016llx rsp %016llx rflags %016llx\n"
            "ukvm: rax %016llx rbx %016llx rcx %016llx rdx %016llx\n"
            "ukvm: rsi %016llx rdi %016llx rbp %016llx r8  %016llx\n"
            "ukvm: r9  %016llx r10 %016llx r11 %016llx r12 %016llx\n"
            "ukvm: r13 %016llx r14 %016llx r15 %016llx\n"
            "ukvm: cr0 %016llx cr2 %016llx cr3 %016llx cr4 %016llx efer %016llx\n"
            "ukvm: cs %04x ss %04x (CPL %u)\n",
            r.rip, r.rsp, r.rflags, r.rax, r.rbx, r.rcx, r.rdx, r.rsi, r.rdi,
            r.rbp, r.r8, r.r9, r.r10, r.r11, r.r12, r.r13, r.r14, r.r15,
            s.cr0, s.cr2, s.cr3, s.cr4, s.efer, s.cs.selector, s.ss.selector,
            s.cs.dpl);
}

static void handle_io(struct ukvm *vm)
{
    struct kvm_run *run = vm->run;
    hypercall_fn fn = hypercall_for_port(run->io.port);
    uint32_t gpa;

    if ((vm->host_features & HVT_HOST_FEATURE_RING3) &&
        ring3_is_trap_port(run->io.port)) {
        ring3_trap(vm, run->io.port);
        return;
    }
    if (!fn || run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 4 ||
        run->io.count != 1 || run->io.data_offset > vm->run_size - 4)
        guest_error(vm, "unexpected %s of %u bytes on port %#x",
                    run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
                    run->io.size, run->io.port);
    memcpy(&gpa, (uint8_t *)run + run->io.data_offset, 4);
    /* Every argument struct holds 64-bit fields: the guest's compiler
     * aligns it, and handlers may then read it in place. */
    if (gpa % 8)
        guest_error(vm, "hypercall argument %#x is not 8-byte aligned", gpa);
    if (stats.enabled)
        stats.hypercalls[run->io.port - HVT_HYPERCALL_PIO_BASE]++;
    fn(vm, gpa);
}

static void handle_exit(struct ukvm *vm)
{
    struct kvm_run *run = vm->run;

    switch (run->exit_reason) {
    case KVM_EXIT_IO:
        handle_io(vm);
        return;
    case KVM_EXIT_DEBUG:
        if (stats.count_steps) {
            stats.steps++;
            return;
        }
        guest_error(vm, "unexpected debug exit");
    case KVM_EXIT_HLT:
        guest_error(vm, "guest executed hlt (it would never wake)");
    case KVM_EXIT_SHUTDOWN:
        guest_error(vm, "triple fault (KVM_EXIT_SHUTDOWN)");
    case KVM_EXIT_MMIO:
        guest_error(vm, "%s of %u bytes at %#llx, outside guest memory",
                    run->mmio.is_write ? "write" : "read", run->mmio.len,
                    (unsigned long long)run->mmio.phys_addr);
    case KVM_EXIT_INTERNAL_ERROR:
        guest_error(vm, "KVM could not run the guest's instruction "
                    "(KVM_EXIT_INTERNAL_ERROR, suberror %u)",
                    run->internal.suberror);
    case KVM_EXIT_FAIL_ENTRY:
        guest_error(vm, "KVM entry failed (reason %#llx)",
                    (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
    default:
        guest_error(vm, "unexpected exit reason %u", run->exit_reason);
    }
}

int run_single_step(struct ukvm *vm, struct errbuf *err)
{
    struct kvm_guest_debug step = {
        .control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP,
    };

    if (ioctl(vm->vcpu_fd, KVM_SET_GUEST_DEBUG, &step) < 0)
        return err_set(err, "KVM_SET_GUEST_DEBUG: %m");
    return 0;
}

void run_loop(struct ukvm *vm)
{
    signal_run = vm->run;
    for (;;) {
        uint64_t t0 = 0;
        int r;

        if (stop_signal)
            break;
        if (stats.enabled)
            t0 = stats_now_ns();
        r = ioctl(vm->vcpu_fd, KVM_RUN, 0);
        if (stats.enabled)
            stats.guest_ns += stats_now_ns() - t0;
        if (r < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            fprintf(stderr, "ukvm: KVM_RUN: %m\n");
            ukvm_exit(vm, 1);
        }
        /* Single steps of --count-instructions are not exits the guest made. */
        if (stats.enabled && vm->run->exit_reason != KVM_EXIT_DEBUG)
            stats.exits[vm->run->exit_reason < 63 ? vm->run->exit_reason : 63]++;
        handle_exit(vm);
    }
    fprintf(stderr, "ukvm: stopped by %s\n", strsignal(stop_signal));
    ukvm_exit(vm, 128 + stop_signal);
}
