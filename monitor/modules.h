/* SPDX-License-Identifier: ISC */
/* The tenders' (ukvm's and ukvm-spt's) view of the module table. */
#ifndef UKVM_MODULES_H
#define UKVM_MODULES_H

#include <stdio.h>

#include "ukvm.h"

/* Offers ARG to each module in turn: 1 taken, 0 nobody's, -1 bad. */
int modules_option(const char *arg, struct errbuf *err);
/* Prints every module's option lines. */
void modules_usage(FILE *f);
/* The host features some module needs withheld. */
uint32_t modules_withheld(void);
/* Sets every module up, then checks every declared device is attached. */
int modules_setup(struct ukvm *vm, struct errbuf *err);
/* The module that attaches devices of manifest TYPE, or NULL. */
const struct ukvm_module *module_for_device(uint32_t type);
void modules_start(struct ukvm *vm);
/* Offers exit E to each module's hook: true if one took it. */
bool modules_exit(struct ukvm *vm, const struct ukvm_exit *e);
void modules_halt(struct ukvm *vm, const struct ukvm_halt *h);
void modules_teardown(struct ukvm *vm);

#endif
