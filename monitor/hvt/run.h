/* SPDX-License-Identifier: ISC */
/* The hvt tender's vCPU loop: runs the guest and dispatches its exits. */
#ifndef UKVM_RUN_H
#define UKVM_RUN_H

#include "ukvm.h"

/* SIGINT, SIGTERM and SIGQUIT end the guest at its next exit (or at once). */
void run_catch_signals(struct ukvm *vm);

/* Until the guest ends: each exit goes to the modules, then the core. */
__attribute__((noreturn)) void run_loop(struct ukvm *vm);

#endif
