/* SPDX-License-Identifier: ISC */
/*
 * --deprivilege (docs/ABI.md, "hvt: ring 3"): a guest without the ring-3
 * note, Solo5's, run in ring 3 all the same, its privileged instructions
 * emulated and its exceptions delivered to its own handlers.
 */
#ifndef UKVM_DEPRIVILEGE_H
#define UKVM_DEPRIVILEGE_H

#include <linux/kvm.h>

#include "ukvm.h"

/* What the guest's ring-0 code set up, as far as ukvm keeps it. */
struct deprivileged {
    uint64_t idt_base;          /* from its lidt */
    uint16_t idt_limit;
    uint64_t cr2;               /* of its last page fault, for mov %cr2 */
};

/*
 * Exception V struck the guest at CPL 3; HW is the CPU's frame (error
 * code or 0, RIP, CS, RFLAGS, RSP, SS). Sets R and S to where the guest
 * goes on: past an emulated instruction, or into its handler. Returns
 * true when it was an exception the guest sees, not one emulated away.
 */
bool deprivileged_trap(struct ukvm *vm, struct deprivileged *d, unsigned v,
                       const uint64_t hw[6], bool has_error, struct kvm_regs *r,
                       struct kvm_sregs *s);

#endif
