/* SPDX-License-Identifier: ISC */
/* The hypercall table, indexed by number; filled from the modules'. */
#ifndef UKVM_HYPERCALL_H
#define UKVM_HYPERCALL_H

#include "ukvm.h"

/* Takes every module's declared hypercalls (hvt, at set-up). */
int hypercalls_from_modules(struct errbuf *err);

/* The hypercall of number NR, or NULL if none is registered. */
const struct ukvm_hypercall *hypercall_find(unsigned nr);

/*
 * Calls hypercall NR with its argument struct at guest address ARG,
 * after checking both; stops the guest if either is bad.
 */
void hypercall_dispatch(struct ukvm *vm, unsigned nr, uint64_t arg);

#endif
