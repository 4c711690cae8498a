/* SPDX-License-Identifier: ISC */
#ifndef UKVM_SANDBOX_H
#define UKVM_SANDBOX_H

#include "ukvm.h"

/*
 * hvt (monitor/hvt/sandbox.c): locks ukvm down before the guest runs: a
 * seccomp filter that allows the core's system calls (console writes,
 * waiting on the poll set, exit), the backend's (KVM_RUN and register
 * reads on the vCPU) and what each module declares. Anything else kills
 * the process.
 */
int sandbox_enter(struct ukvm *vm, struct errbuf *err);

/*
 * The same for any tender: DEFAULT_ACTION for what is not allowed, the
 * tender's own rules from ALLOW_CORE, then every module's.
 */
int sandbox_install(struct ukvm *vm, uint32_t default_action,
                    int (*allow_core)(struct ukvm *vm, scmp_filter_ctx ctx),
                    struct errbuf *err);

#endif
