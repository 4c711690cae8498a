/* SPDX-License-Identifier: ISC */
/* inttypes.h: printf formats for the stdint.h types (x86_64, LP64). */
#ifndef _LIBC_INTTYPES_H
#define _LIBC_INTTYPES_H

#include <stdint.h>

#define PRId8   "d"
#define PRId16  "d"
#define PRId32  "d"
#define PRId64  "ld"
#define PRIdPTR "ld"
#define PRIdMAX "ld"
#define PRIi8   "i"
#define PRIi16  "i"
#define PRIi32  "i"
#define PRIi64  "li"
#define PRIiPTR "li"
#define PRIiMAX "li"
#define PRIu8   "u"
#define PRIu16  "u"
#define PRIu32  "u"
#define PRIu64  "lu"
#define PRIuPTR "lu"
#define PRIuMAX "lu"
#define PRIx8   "x"
#define PRIx16  "x"
#define PRIx32  "x"
#define PRIx64  "lx"
#define PRIxPTR "lx"
#define PRIxMAX "lx"
#define PRIX8   "X"
#define PRIX16  "X"
#define PRIX32  "X"
#define PRIX64  "lX"
#define PRIXPTR "lX"
#define PRIXMAX "lX"
#define PRIo8   "o"
#define PRIo16  "o"
#define PRIo32  "o"
#define PRIo64  "lo"
#define PRIoPTR "lo"
#define PRIoMAX "lo"

intmax_t strtoimax(const char *restrict s, char **restrict end, int base);
uintmax_t strtoumax(const char *restrict s, char **restrict end, int base);

#endif
