/* SPDX-License-Identifier: ISC */
/* A one-line error message carried back to the caller, who prints it. */
#ifndef UKVM_ERRBUF_H
#define UKVM_ERRBUF_H

#include <stdarg.h>
#include <stdio.h>

struct errbuf {
    char msg[256];
};

__attribute__((format(printf, 2, 3)))
static inline int err_set(struct errbuf *err, const char *fmt, ...)
{
    va_list ap;

    if (err) {
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

#endif
