/* SPDX-License-Identifier: ISC */
/*
 * stdio.h: formatted output to the console (libos libc). stdout is
 * line-buffered, stderr written at the end of each call; both go to
 * solo5_console_write. There is no input and there are no files. printf
 * has no floating point (see libos/libc/README.md).
 */
#ifndef _LIBC_STDIO_H
#define _LIBC_STDIO_H

#include <stddef.h>

#define EOF (-1)
#define BUFSIZ 1024

typedef struct libc_file FILE;

extern FILE *const stdout;
extern FILE *const stderr;

#define _LIBC_PRINTF(f, a) __attribute__((__format__(__printf__, f, a)))

int printf(const char *restrict fmt, ...) _LIBC_PRINTF(1, 2);
int fprintf(FILE *restrict f, const char *restrict fmt, ...) _LIBC_PRINTF(2, 3);
int sprintf(char *restrict buf, const char *restrict fmt, ...)
    _LIBC_PRINTF(2, 3);
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    _LIBC_PRINTF(3, 4);
int vprintf(const char *restrict fmt, __builtin_va_list ap) _LIBC_PRINTF(1, 0);
int vfprintf(FILE *restrict f, const char *restrict fmt, __builtin_va_list ap)
    _LIBC_PRINTF(2, 0);
int vsprintf(char *restrict buf, const char *restrict fmt,
             __builtin_va_list ap) _LIBC_PRINTF(2, 0);
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
              __builtin_va_list ap) _LIBC_PRINTF(3, 0);

int puts(const char *s);
int fputs(const char *restrict s, FILE *restrict f);
int putchar(int c);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
size_t fwrite(const void *restrict buf, size_t size, size_t count,
              FILE *restrict f);
int fflush(FILE *f);

#endif
