/* SPDX-License-Identifier: ISC */
/* Absolute values (of the most negative value: undefined, as in C). */
#include <stdlib.h>

int abs(int n) { return n < 0 ? -n : n; }
long labs(long n) { return n < 0 ? -n : n; }
long long llabs(long long n) { return n < 0 ? -n : n; }
