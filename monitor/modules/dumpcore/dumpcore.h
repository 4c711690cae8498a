/* SPDX-License-Identifier: ISC */
/*
 * The dumpcore module's halves: dumpcore.c (the option, the directory,
 * the file; both tenders) and dumpcore_hvt.c / dumpcore_spt.c (what
 * each tender's guest memory and registers are).
 */
#ifndef UKVM_DUMPCORE_H
#define UKVM_DUMPCORE_H

#include <sys/user.h>

#include "core_file.h"
#include "ukvm.h"

/* Whether the guest's end H deserves a core file: a fault, an abort
 * (exit status 255, SOLO5_EXIT_ABORT) or SIGQUIT. */
bool dumpcore_wanted(const struct ukvm_halt *h);

/*
 * Writes the core file of REGS and FPREGS (if not NULL; signal SIG) and
 * the guest memory the
 * tender's dumpcore_page_readable allows, names it and prints its path
 * on stderr. Async-signal-safe (ukvm-spt calls it from a handler).
 */
void dumpcore_write(struct ukvm *vm, const struct user_regs_struct *regs,
                    const struct user_fpregs_struct *fpregs, int sig);

/* Each tender's: whether the guest may read the page at GPA. */
bool dumpcore_page_readable(struct ukvm *vm, uint64_t gpa);

#endif
