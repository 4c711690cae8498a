/* SPDX-License-Identifier: ISC */
/*
 * Minimal output for the kernel's fatal reports (traps, stack smashing).
 * No printf: each helper appends to a caller's buffer and returns the end.
 */
#include "kernel.h"

void kputs(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    platform_console_write(s, n);
}

char *fmt_str(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

char *fmt_hex(char *p, uint64_t v)
{
    *p++ = '0';
    *p++ = 'x';
    for (int shift = 60; shift >= 0; shift -= 4)
        *p++ = "0123456789abcdef"[v >> shift & 0xf];
    return p;
}

char *fmt_dec(char *p, uint64_t v)
{
    char tmp[20];
    int n = 0;

    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}
