/* SPDX-License-Identifier: ISC */
/* process.terminal: a pty whose master goes to the engine over
 * --console-socket (SCM_RIGHTS) and whose slave is the container's
 * stdio. */
#ifndef UKVM_OCI_CONSOLE_H
#define UKVM_OCI_CONSOLE_H

#include "errbuf.h"

/* Makes the pty (WIDTH x HEIGHT when both are set), sends its master to
 * the socket SOCKET and returns the slave's descriptor, or -1. */
int console_make(const char *socket_path, unsigned width, unsigned height,
                 struct errbuf *err);

#endif
