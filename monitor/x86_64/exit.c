/* SPDX-License-Identifier: ISC */
/*
 * KVM_RUN and what its exits mean to the core (arch.h): port I/O to a
 * hypercall port is a hypercall, to a trap port ring 3's trap entry;
 * the rest ends the guest with a reason.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "hypercall.h"
#include "ring3.h"
#include "simd_insn.h"
#include "vm.h"

static const char *const exit_names[64] = {
    [KVM_EXIT_IO] = "io", [KVM_EXIT_HLT] = "hlt", [KVM_EXIT_MMIO] = "mmio",
    [KVM_EXIT_SHUTDOWN] = "shutdown", [KVM_EXIT_FAIL_ENTRY] = "fail_entry",
    [KVM_EXIT_INTR] = "intr", [KVM_EXIT_INTERNAL_ERROR] = "internal_error",
    [KVM_EXIT_DEBUG] = "debug",
};

const char *arch_exit_name(unsigned reason)
{
    return reason < 64 ? exit_names[reason] : NULL;
}

__attribute__((format(printf, 2, 3)))
static void fault(struct ukvm_exit *e, const char *fmt, ...)
{
    va_list ap;

    e->kind = UKVM_EXIT_FAULT;
    va_start(ap, fmt);
    vsnprintf(e->why, sizeof e->why, fmt, ap);
    va_end(ap);
}

static void decode_io(struct ukvm *vm, const struct kvm_run *run, struct ukvm_exit *e)
{
    const struct arch_vcpu *a = vm->arch;
    unsigned nr = run->io.port - HVT_HYPERCALL_PIO_BASE;
    uint32_t arg;

    if ((vm->host_features & HVT_HOST_FEATURE_RING3) &&
        ring3_is_trap_port(run->io.port)) {
        ring3_trap(vm, run->io.port, e);
        return;
    }
    if (run->io.port < HVT_HYPERCALL_PIO_BASE || !hypercall_find(nr) ||
        run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 4 ||
        run->io.count != 1 || run->io.data_offset > a->run_size - 4) {
        fault(e, "unexpected %s of %u bytes on port %#x",
              run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
              run->io.size, run->io.port);
        return;
    }
    memcpy(&arg, (const uint8_t *)run + run->io.data_offset, 4);
    e->kind = UKVM_EXIT_HYPERCALL;
    e->nr = nr;
    e->arg = arg;
}

/* #BP is a software breakpoint; #DB a step or, by DR6 (B0-B3), a
 * hardware one. */
static void decode_debug(const struct kvm_debug_exit_arch *d, struct ukvm_exit *e)
{
    e->debug = UKVM_DEBUG_STEP;
    if (d->exception == 3) {
        e->debug = UKVM_DEBUG_SW_BREAKPOINT;
        return;
    }
    for (unsigned i = 0; i < 4; i++)
        if (d->dr6 & (1u << i)) {
            e->debug = UKVM_DEBUG_HW;
            e->hw_index = i;
            return;
        }
}

/*
 * A KVM that emulates its guests' ring 0 (PVM: KVM in a VM without
 * nested virtualisation) cannot run SIMD or x87 arithmetic there: say
 * so when the instruction at RIP is one.
 */
static void internal_error(struct ukvm *vm, const struct kvm_run *run,
                           struct ukvm_exit *e)
{
    struct kvm_regs r;
    const uint8_t *insn = NULL;
    const char *kind = NULL;

    if (ioctl(vm->arch->vcpu_fd, KVM_GET_REGS, &r) == 0) {
        for (unsigned n = 15; n > 0 && !insn; n--)  /* near a page's end */
            insn = guest_mem_ptr(vm, r.rip, n);
        if (insn)
            kind = x86_simd_insn_kind(insn, 15);
    }
    if (kind)
        fault(e, "KVM could not run the guest's %s instruction (KVM_EXIT_INTERNAL_ERROR, "
              "suberror %u): this KVM emulates ring-0 guests (as PVM does) and cannot "
              "run %s there; build with -mgeneral-regs-only, or run in ring 3 (no "
              "--no-deprivilege)", kind, run->internal.suberror, kind);
    else
        fault(e, "KVM could not run the guest's instruction "
              "(KVM_EXIT_INTERNAL_ERROR, suberror %u)", run->internal.suberror);
}

static void decode(struct ukvm *vm, const struct kvm_run *run, struct ukvm_exit *e)
{
    switch (run->exit_reason) {
    case KVM_EXIT_IO:
        decode_io(vm, run, e);
        return;
    case KVM_EXIT_DEBUG:
        e->kind = UKVM_EXIT_DEBUG;
        decode_debug(&run->debug.arch, e);
        return;
    case KVM_EXIT_HLT:
        fault(e, "guest executed hlt (it would never wake)");
        return;
    case KVM_EXIT_SHUTDOWN:
        fault(e, "triple fault (KVM_EXIT_SHUTDOWN)");
        return;
    case KVM_EXIT_MMIO:
        fault(e, "%s of %u bytes at %#llx, outside guest memory",
              run->mmio.is_write ? "write" : "read", run->mmio.len,
              (unsigned long long)run->mmio.phys_addr);
        return;
    case KVM_EXIT_INTERNAL_ERROR:
        internal_error(vm, run, e);
        return;
    case KVM_EXIT_FAIL_ENTRY:
        fault(e, "KVM entry failed (reason %#llx)",
              (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
        return;
    default:
        fault(e, "unexpected exit reason %u", run->exit_reason);
    }
}

void arch_run(struct ukvm *vm, struct ukvm_exit *e)
{
    struct arch_vcpu *a = vm->arch;

    memset(e, 0, offsetof(struct ukvm_exit, why));
    e->why[0] = '\0';
    if (ioctl(a->vcpu_fd, KVM_RUN, 0) < 0) {
        if (errno == EINTR || errno == EAGAIN) {
            a->run->immediate_exit = 0;
            e->kind = UKVM_EXIT_SIGNAL;
            e->reason = KVM_EXIT_INTR;
            return;
        }
        fault(e, "KVM_RUN: %s", strerror(errno));
        return;
    }
    e->reason = a->run->exit_reason;
    decode(vm, a->run, e);
}

void arch_kick(struct ukvm *vm)
{
    if (vm->arch && vm->arch->run)
        vm->arch->run->immediate_exit = 1;
}

void arch_debugregs(const struct arch_debug *d, uint64_t dr[8])
{
    /* DR7: enable bit, then R/W and LEN, per breakpoint (gdb's Z types
     * 1 execute, 2 write, 3 read (x86 has read/write only), 4 access). */
    static const unsigned rw_bits[5] = { 0, 0, 1, 3, 3 };

    memset(dr, 0, 8 * sizeof dr[0]);
    for (unsigned i = 0; i < d->nhw && i < 4; i++) {
        unsigned type = d->hw[i].type <= 4 ? d->hw[i].type : 1;
        unsigned len = type == 1 ? 0 : d->hw[i].len == 8 ? 2 :
                       d->hw[i].len == 4 ? 3 : d->hw[i].len == 2 ? 1 : 0;

        dr[i] = d->hw[i].addr;
        dr[7] |= (1ULL << (i * 2)) | (uint64_t)(rw_bits[type] | len << 2) << (16 + i * 4);
    }
}

int arch_set_debug(struct ukvm *vm, const struct arch_debug *d, struct errbuf *err)
{
    struct kvm_guest_debug g = { .control = 0 };

    if (vm->host_features & HVT_HOST_FEATURE_RING3)
        return ring3_set_debug(vm, d, err);

    if (d->single_step || d->sw_breakpoints || d->nhw)
        g.control = KVM_GUESTDBG_ENABLE;
    if (d->single_step)
        g.control |= KVM_GUESTDBG_SINGLESTEP;
    if (d->sw_breakpoints)
        g.control |= KVM_GUESTDBG_USE_SW_BP;
    if (d->nhw) {
        uint64_t dr[8];

        g.control |= KVM_GUESTDBG_USE_HW_BP;
        arch_debugregs(d, dr);
        for (int i = 0; i < 8; i++)
            g.arch.debugreg[i] = dr[i];
    }
    if (ioctl(vm->arch->vcpu_fd, KVM_SET_GUEST_DEBUG, &g) < 0)
        return err_set(err, "KVM_SET_GUEST_DEBUG: %m");
    return 0;
}
