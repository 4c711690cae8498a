/* SPDX-License-Identifier: ISC */
/* sys/types.h: the few POSIX types the library uses. */
#ifndef _LIBC_SYS_TYPES_H
#define _LIBC_SYS_TYPES_H

#include <stddef.h>

typedef long ssize_t;
typedef long off_t;
#ifndef _LIBC_TIME_T
#define _LIBC_TIME_T
typedef long time_t;
#endif

#endif
