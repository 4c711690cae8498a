/* SPDX-License-Identifier: ISC */
/*
 * Ring-3 entry (docs/ABI.md, "hvt: ring 3"): for a unikernel with the
 * ring-3 note, ukvm owns the CPU's tables and a small ring-0 trap entry
 * in a monitor area the guest cannot reach, and runs the guest at CPL 3
 * with IOPL 0: the TSS's I/O bitmap lets it reach the hypercall ports
 * and no other (PVM ignores IOPL; the bitmap holds on every KVM).
 */
#ifndef UKVM_RING3_H
#define UKVM_RING3_H

#include <linux/kvm.h>

#include "arch.h"

/*
 * The monitor area, the top 16 KiB below 1 MiB (above the boot data),
 * mapped for ring 0 only: GDT, TSS and IDT (read-only), the trap entry
 * (read-only, executable), the trap entry's stack, a guard page.
 */
#define RING3_TABLES   0xfc000ULL
#define RING3_ENTRY    0xfd000ULL
#define RING3_STACK    0xfe000ULL
#define RING3_GUARD    0xff000ULL
#define RING3_AREA_END HVT_LOW_RO_END

#define RING3_GDT  (RING3_TABLES)
#define RING3_TSS  (RING3_TABLES + 0x80)
#define RING3_IDT  (RING3_TABLES + 0x800)
#define RING3_VECTORS 32

/* Selectors of the monitor's GDT; user ones carry RPL 3. */
#define RING3_KERNEL_CS 0x08
#define RING3_KERNEL_DS 0x10
#define RING3_USER_CS   (0x18 | 3)
#define RING3_USER_DS   (0x20 | 3)
#define RING3_TSS_SEL   0x28

/*
 * Exception V enters the trap entry, which does `out %al, $(PORT_BASE+V)`
 * at CPL 0 and nothing else; ukvm then calls the guest's trap handler.
 */
#define RING3_TRAP_PORT_BASE 0xe0

/* Writes the tables and the trap entry into guest memory. */
void ring3_build(struct ukvm *vm);

/* Sets segments, descriptor tables and RFLAGS for entry at CPL 3. */
void ring3_entry_state(struct kvm_sregs *s, struct kvm_regs *r);

/* Whether PORT is a trap entry's; ring3_trap then handles the exit. */
static inline int ring3_is_trap_port(unsigned port)
{
    return port >= RING3_TRAP_PORT_BASE &&
           port < RING3_TRAP_PORT_BASE + RING3_VECTORS;
}
/* Sets E: HANDLED, or under a debugger a DEBUG stop for #DB and #BP, the
 * vCPU then back where the guest was (RIP on the int3 of a #BP). */
void ring3_trap(struct ukvm *vm, unsigned port, struct ukvm_exit *e);

/* arch_set_debug in ring 3: TF for steps; no debug registers. */
int ring3_set_debug(struct ukvm *vm, const struct arch_debug *d, struct errbuf *err);

/* Registers hypercall TLS_BASE. */
int ring3_setup(struct errbuf *err);

#endif
