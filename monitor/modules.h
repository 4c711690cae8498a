/* The tenders' (ukvm's and ukvm-spt's) view of the module table. */
#ifndef UKVM_MODULES_H
#define UKVM_MODULES_H

#include <stdio.h>

#include "ukvm.h"

/* Offers ARG to each module in turn: 1 taken, 0 nobody's, -1 bad. */
int modules_option(const char *arg, struct errbuf *err);
/* Prints every module's option lines. */
void modules_usage(FILE *f);
/* Sets every module up, then checks every declared device is attached. */
int modules_setup(struct ukvm *vm, struct errbuf *err);
void modules_teardown(struct ukvm *vm);

#endif
