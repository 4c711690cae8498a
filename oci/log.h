/* SPDX-License-Identifier: ISC */
/*
 * Errors and debug lines: every error goes to stderr as one line
 * ("ukvm-oci: ..."), and to --log FILE when given, as text or, with
 * --log-format json, as {"level":"error","msg":"...","time":"..."}
 * (containerd's shim reads its last line to report a failure).
 */
#ifndef UKVM_OCI_LOG_H
#define UKVM_OCI_LOG_H

#include <stdbool.h>

/* Opens PATH (appended to; NULL: none). Returns 0, or -1 after a message. */
int oci_log_open(const char *path, bool json, bool debug);

__attribute__((format(printf, 1, 2)))
void oci_error(const char *fmt, ...);

/* With --debug only, to the log (stderr without one). */
__attribute__((format(printf, 1, 2)))
void oci_debug(const char *fmt, ...);

/* The time now in RFC 3339 with nanoseconds, UTC, as runc's logs and
 * state's "created" have it. */
void oci_now_rfc3339(char *buf, size_t len);

/* The log's descriptor (-1: none), for the container's init to close. */
int oci_log_fd(void);

#endif
