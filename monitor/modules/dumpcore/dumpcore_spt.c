/* SPDX-License-Identifier: ISC */
/*
 * The dumpcore module on ukvm-spt: the core file from the signal handler
 * that saw the guest's end, with the registers it was interrupted at.
 */
#include <elf.h>
#include <signal.h>

#include "abi/spt_abi.h"
#include "dumpcore.h"

/* Boot data and heap: read/write or read-only; the image: its segments'. */
bool dumpcore_page_readable(struct ukvm *vm, uint64_t gpa)
{
    int64_t flags;

    if (gpa < SPT_MEM_BASE || gpa >= vm->mem_size)
        return false;
    if (gpa < SPT_IMAGE_BASE || gpa >= ((vm->kernel_end + 0xfff) & ~0xfffULL))
        return true;
    flags = segment_page_flags(vm->seg, vm->nseg, gpa);
    return flags > 0 && (flags & PF_R);
}

static void dumpcore_halt(struct ukvm *vm, const struct ukvm_halt *h)
{
    if (dumpcore_wanted(h) && h->regs)
        dumpcore_write(vm, h->regs, h->fpregs,
                       h->how == UKVM_HALT_GUEST ? SIGABRT : h->signal);
}

static const struct ukvm_module dumpcore_spt_module = {
    .name = "dumpcore spt",
    .halt = dumpcore_halt,
};
UKVM_MODULE(dumpcore_spt_module);
