#ifndef UKVM_SANDBOX_H
#define UKVM_SANDBOX_H

#include "ukvm.h"

/*
 * Locks ukvm down before the guest runs: a seccomp filter that allows the
 * core's system calls (KVM_RUN and register reads on the vCPU, console
 * writes, waiting on the poll set, exit) and what each module declares.
 * Anything else kills the process.
 */
int sandbox_enter(struct ukvm *vm, struct errbuf *err);

#endif
