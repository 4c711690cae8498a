/* SPDX-License-Identifier: ISC */
/*
 * stdout and stderr on the solo5 console. Every console write is an exit
 * to the monitor, so output is gathered first: stdout until a newline
 * (or a full buffer), stderr until the end of each call. Writing to
 * stderr first flushes stdout, so the console shows both in program order.
 */
#include <stdio.h>
#include <string.h>

#include "libc_internal.h"
#include "solo5.h"

struct libc_file {
    size_t len;
    int line_buffered;      /* else flushed at the end of every call */
    char buf[BUFSIZ];
};

static struct libc_file out_file = { .line_buffered = 1 };
static struct libc_file err_file = { .line_buffered = 0 };

FILE *const stdout = &out_file;
FILE *const stderr = &err_file;

int fflush(FILE *f)
{
    if (f == NULL) {
        __libc_flush_all();
        return 0;
    }
    if (f->len > 0)
        solo5_console_write(f->buf, f->len);
    f->len = 0;
    return 0;
}

void __libc_flush_all(void)
{
    fflush(stdout);
    fflush(stderr);
}

static void file_write(FILE *f, const char *s, size_t n)
{
    if (f == stderr)
        fflush(stdout);
    if (n > sizeof(f->buf) - f->len) {
        fflush(f);
        if (n >= sizeof(f->buf)) {
            solo5_console_write(s, n);
            return;
        }
    }
    memcpy(f->buf + f->len, s, n);
    f->len += n;
    if (f->line_buffered && memchr(s, '\n', n) != NULL)
        fflush(f);
}

/* The end of one stdio call: the unbuffered stream goes out now. */
static void call_done(FILE *f)
{
    if (!f->line_buffered)
        fflush(f);
}

static void file_sink(void *ctx, const char *s, size_t n)
{
    file_write(ctx, s, n);
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
    int n = __libc_format(file_sink, f, fmt, ap);

    call_done(f);
    return n;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

size_t fwrite(const void *restrict buf, size_t size, size_t count,
              FILE *restrict f)
{
    if (size == 0 || count == 0)
        return 0;
    file_write(f, buf, size * count);
    call_done(f);
    return count;
}

int fputs(const char *restrict s, FILE *restrict f)
{
    file_write(f, s, strlen(s));
    call_done(f);
    return 0;
}

int puts(const char *s)
{
    file_write(stdout, s, strlen(s));
    file_write(stdout, "\n", 1);
    return 0;
}

int fputc(int c, FILE *f)
{
    char ch = (char)c;

    file_write(f, &ch, 1);
    call_done(f);
    return (unsigned char)ch;
}

int putc(int c, FILE *f)
{
    return fputc(c, f);
}

int putchar(int c)
{
    return fputc(c, stdout);
}
