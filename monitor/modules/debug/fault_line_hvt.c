/* SPDX-License-Identifier: ISC */
/*
 * When a guest aborts after a CPU exception that ukvm saw (ring 3) or
 * that the guest left in HALT's cookie (ours, in ring 0), one line names
 * where it struck, with the function and source line from the
 * unikernel's symbols: the guest's own report gives addresses only.
 */
#include <stdio.h>
#include <sys/user.h>

#include "arch.h"
#include "symbolize.h"

static void fault_line_halt(struct ukvm *vm, const struct ukvm_halt *h)
{
    struct user_regs_struct r;
    struct symbol_info sym;
    char where[512] = "";
    int vector;

    if (h->how != UKVM_HALT_GUEST || h->status != 255 || !vm->arch)
        return;
    vector = arch_exception_regs(vm, h->cookie, &r);
    if (vector < 0)
        return;
    if (vm->kernel && symbolize(vm->kernel, r.rip, &sym))
        symbolize_format(&sym, where, sizeof where);
    fflush(stdout);
    fprintf(stderr, "ukvm: the guest aborted after CPU exception %d at rip %#llx%s\n",
            vector, r.rip, where);
}

static const struct ukvm_module fault_line_module = {
    .name = "fault line",
    .halt = fault_line_halt,
};
UKVM_MODULE(fault_line_module);
