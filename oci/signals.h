/* SPDX-License-Identifier: ISC */
#ifndef UKVM_OCI_SIGNALS_H
#define UKVM_OCI_SIGNALS_H

/* "TERM", "SIGTERM", "sigterm" or "15": the signal's number, or -1. */
int signal_parse(const char *s);

#endif
