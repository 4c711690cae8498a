/* SPDX-License-Identifier: ISC */
#ifndef UKVM_PROBE_H
#define UKVM_PROBE_H

/*
 * --kvm-info: runs a one-instruction guest doing SSE arithmetic to tell
 * whether this KVM executes guests natively or emulates them (as PVM
 * does, where such instructions end in KVM_EXIT_INTERNAL_ERROR).
 * Prints "native: yes" or "native: no (why)"; returns the exit status.
 */
int probe_kvm_info(void);

#endif
