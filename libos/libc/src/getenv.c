/* SPDX-License-Identifier: ISC */
/* A unikernel has no environment. */
#include <stdlib.h>

char *getenv(const char *name)
{
    (void)name;
    return NULL;
}
