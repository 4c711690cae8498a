/* SPDX-License-Identifier: ISC */
/*
 * What the library's files share and applications do not see. The names
 * start with __libc_ so they cannot clash with an application's.
 */
#ifndef LIBC_INTERNAL_H
#define LIBC_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

/* malloc.c: hands [start, start + size) to the allocator. */
void __libc_heap_init(void *start, size_t size);

/* printf.c: the formatting engine. Every piece of output goes to sink. */
typedef void __libc_sink_fn(void *ctx, const char *s, size_t n);
int __libc_format(__libc_sink_fn *sink, void *ctx, const char *fmt,
                  va_list ap);

/* stdio.c: writes out whatever stdout and stderr hold. */
void __libc_flush_all(void);

/* Unaligned, alias-anything access to 8 bytes at once. */
typedef unsigned long __attribute__((may_alias, aligned(1))) __libc_word;

#endif
