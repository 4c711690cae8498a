/* The vCPU loop: runs the guest and dispatches its exits. */
#ifndef UKVM_RUN_H
#define UKVM_RUN_H

#include "ukvm.h"

/* SIGINT and SIGTERM end the guest at its next exit (or at once). */
void run_catch_signals(void);

/* Prints the guest's registers to stderr. */
void run_dump_registers(struct ukvm *vm);

/* Makes every guest instruction exit (for --count-instructions). */
int run_single_step(struct ukvm *vm, struct errbuf *err);

__attribute__((noreturn)) void run_loop(struct ukvm *vm);

#endif
