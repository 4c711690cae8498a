/* SPDX-License-Identifier: ISC */
/*
 * --gdb[=PORT], shared by the gdb modules of both tenders: gdb_hvt.c
 * (ukvm's own gdb server) and gdb_spt.c (ukvm-spt under gdbserver).
 */
#ifndef UKVM_GDB_H
#define UKVM_GDB_H

#include "ukvm.h"

/* The port gdb connects to, 0 without --gdb. */
extern unsigned gdb_port;

/*
 * Listens on 127.0.0.1:gdb_port, says "WHO: waiting for gdb on ..." and
 * returns the connection of the one gdb that comes, or -1 (ERR set).
 */
int gdb_wait_client(const char *who, struct errbuf *err);

#endif
