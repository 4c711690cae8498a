/* SPDX-License-Identifier: ISC */
/* errno: one plain global, as there is one thread. */
#include <errno.h>

int errno;
