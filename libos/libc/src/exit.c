/* SPDX-License-Identifier: ISC */
/* Leaving the program: exit flushes the output, abort and _Exit do too
 * little to need it, but abort flushes stdout so its last words show. */
#include <stdio.h>
#include <stdlib.h>

#include "libc_internal.h"
#include "solo5.h"

void exit(int status)
{
    __libc_flush_all();
    solo5_exit(status);
}

void _Exit(int status)
{
    solo5_exit(status);
}

void abort(void)
{
    __libc_flush_all();
    solo5_abort();
}
