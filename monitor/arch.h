/* SPDX-License-Identifier: ISC */
/*
 * The hvt backend: what the hvt tender (monitor/hvt/) and its hvt-only
 * modules ask of a hypervisor and an architecture. One folder implements
 * it: monitor/x86_64/ (KVM on x86_64). Another backend (aarch64, or a
 * hypervisor other than KVM) is another folder with these functions,
 * picked in monitor/monitor.mk; the core and the modules do not change.
 */
#ifndef UKVM_ARCH_H
#define UKVM_ARCH_H

#include <stdio.h>

#include "elf_load.h"
#include "ukvm.h"

/*
 * Creates the VM with MEM_SIZE bytes of zeroed guest memory (vm->mem)
 * and its vCPU; notes what the vCPU offers in vm->arch.
 */
int arch_vm_create(struct ukvm *vm, uint64_t mem_size, struct errbuf *err);

/*
 * After the image is in guest memory: builds what the architecture
 * needs around it (page tables from IMG's segments, the monitor area of
 * ring 3), moving vm->kernel_end past anything it puts after the image.
 * Decides the guest's privilege from IMG and vm->host_features.
 */
int arch_guest_build(struct ukvm *vm, const struct elf_image *img,
                     bool no_deprivilege, struct errbuf *err);

/* Sets the vCPU's registers for entry; reads the TSC rate (vm->tsc_freq). */
int arch_vcpu_setup(struct ukvm *vm, struct errbuf *err);

/* What the vCPU stopped for, as the core sees it. */
enum ukvm_exit_kind {
    UKVM_EXIT_HYPERCALL,    /* nr and arg (the guest address of its struct) */
    UKVM_EXIT_DEBUG,        /* a step or breakpoint arch_set_debug asked for */
    UKVM_EXIT_SIGNAL,       /* a signal interrupted the vCPU */
    UKVM_EXIT_HANDLED,      /* the backend dealt with it (a ring-3 trap) */
    UKVM_EXIT_FAULT,        /* the guest cannot go on; why says why */
};

struct ukvm_exit {
    enum ukvm_exit_kind kind;
    unsigned reason;        /* the backend's own exit code, for --stats */
    unsigned nr;            /* HYPERCALL */
    uint64_t arg;
    /* DEBUG: a single step, a software breakpoint (RIP on it), or
     * hardware breakpoint HW_INDEX (arch_debug's hw[]). */
    enum { UKVM_DEBUG_STEP, UKVM_DEBUG_SW_BREAKPOINT, UKVM_DEBUG_HW } debug;
    unsigned hw_index;
    char why[320];
};

/* Runs the vCPU until its next exit and says what it was. */
void arch_run(struct ukvm *vm, struct ukvm_exit *e);

/* Async-signal-safe: makes a running (or entering) vCPU exit. */
void arch_kick(struct ukvm *vm);

/* The name of exit code REASON for --stats, or NULL. */
const char *arch_exit_name(unsigned reason);

/* The guest's registers in the layout of an x86_64 Linux core file's
 * NT_PRSTATUS (struct user_regs_struct), and back. */
struct user_regs_struct;
struct user_fpregs_struct;
int arch_get_regs(struct ukvm *vm, struct user_regs_struct *r);
/* The x87/SSE state, as a core file's NT_FPREGSET (fxsave layout). */
int arch_get_fpregs(struct ukvm *vm, struct user_fpregs_struct *f);
int arch_set_regs(struct ukvm *vm, const struct user_regs_struct *r);

/*
 * Where the guest's last CPU exception struck: as the backend saw it (a
 * guest in ring 3), else as the guest left it in HALT's COOKIE (struct
 * hvt_halt_trap: ours, in ring 0). Sets R and returns the vector, or -1
 * when neither is known.
 */
int arch_exception_regs(struct ukvm *vm, uint64_t cookie, struct user_regs_struct *r);

/* Prints the guest's registers to stderr, one report after an error. */
void arch_dump_registers(struct ukvm *vm);

/*
 * Debugging: single-step every instruction, stop at software
 * breakpoints (int3), and at up to 4 hardware breakpoints/watchpoints.
 */
struct arch_debug {
    bool single_step;
    bool sw_breakpoints;
    unsigned nhw;
    struct { uint64_t addr; unsigned type, len; } hw[4]; /* type: gdb's Z1-Z4 */
};
int arch_set_debug(struct ukvm *vm, const struct arch_debug *d, struct errbuf *err);
/* Whether arch_set_debug takes hardware breakpoints (nhw > 0) for this
 * guest; where not, a debugger puts int3 (sw_breakpoints) in their place. */
bool arch_has_debug_registers(struct ukvm *vm);

/* The system calls the backend makes while the guest runs. */
int arch_seccomp(struct ukvm *vm, scmp_filter_ctx ctx);
/* ... and those a debugger needs too (arch_set_debug, arch_set_regs). */
int arch_seccomp_debug(struct ukvm *vm, scmp_filter_ctx ctx);

/* --kvm-info: tells whether guests run natively; returns the exit status. */
int arch_probe(void);

#endif
