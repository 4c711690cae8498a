/* SPDX-License-Identifier: ISC */
/*
 * The KVM x86_64 backend's own state and set-up (docs/ABI.md section 3);
 * the core sees it only through arch.h.
 */
#ifndef UKVM_X86_64_VM_H
#define UKVM_X86_64_VM_H

#include <linux/kvm.h>

#include "arch.h"

struct arch_vcpu {
    int kvm_fd, vm_fd, vcpu_fd;
    struct kvm_run *run;
    size_t run_size;
    struct hvt_ring3_info ring3; /* the ring-3 note's trap handler and stack */
    bool deprivileged;      /* ring 3 without the note (Solo5's guests) */
    /* Ring 3 under a debugger: #DB and #BP stop for it (ring3_trap). */
    bool debugging, single_step;
    /* The last exception the guest saw in ring 3, where it struck. */
    struct { bool seen; unsigned vector; struct kvm_regs regs; } fault;
    /* What the vCPU's CPUID offers that ring-3 entry turns on in CR4/XCR0. */
    struct {
        bool fsgsbase, smep, smap, umip;
        uint64_t xcr0;       /* x87 | SSE, and AVX where present */
    } cpu;
};

/* Opens KVM and creates the VM, its memory and its vCPU (with CPUID). */
int vm_create(struct ukvm *vm, uint64_t mem_size, struct errbuf *err);

/* Registers and segments for entry: ring 0, or ring 3 if offered. */
int vcpu_setup(struct ukvm *vm, struct errbuf *err);

void vm_destroy(struct ukvm *vm);

/* D's hardware breakpoints as DR0-DR3 and DR7 (DR[7]). */
void arch_debugregs(const struct arch_debug *d, uint64_t dr[8]);

#endif
