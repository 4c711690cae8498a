/* SPDX-License-Identifier: ISC */
/*
 * The dumpcore module on ukvm: the core file at the guest's end, with
 * the registers where its last exception struck when the backend saw it
 * (ring 3) or the guest left them in HALT's cookie (ours, in ring 0),
 * else where the vCPU stopped.
 */
#include <signal.h>

#include "arch.h"
#include "dumpcore.h"

bool dumpcore_page_readable(struct ukvm *vm, uint64_t gpa)
{
    return guest_mem_ptr(vm, gpa, 0x1000) != NULL;
}

/* The signal a process would have died of for exception VECTOR. */
static int vector_signal(int vector)
{
    switch (vector) {
    case 0: case 16: case 19: return SIGFPE;
    case 1: case 3: return SIGTRAP;
    case 6: return SIGILL;
    case 17: return SIGBUS;
    default: return SIGSEGV;
    }
}

static void dumpcore_halt(struct ukvm *vm, const struct ukvm_halt *h)
{
    struct user_regs_struct regs;
    struct user_fpregs_struct fpregs;
    int vector;

    if (!dumpcore_wanted(h) || !vm->arch)
        return;
    vector = arch_exception_regs(vm, h->cookie, &regs);
    if (vector < 0 && arch_get_regs(vm, &regs) < 0)
        return;
    dumpcore_write(vm, &regs, arch_get_fpregs(vm, &fpregs) == 0 ? &fpregs : NULL,
                   vector >= 0 ? vector_signal(vector) :
                   h->how == UKVM_HALT_SIGNAL ? h->signal :
                   h->how == UKVM_HALT_GUEST ? SIGABRT : SIGSEGV);
}

static const struct ukvm_module dumpcore_hvt_module = {
    .name = "dumpcore hvt",
    .halt = dumpcore_halt,
};
UKVM_MODULE(dumpcore_hvt_module);
