/* SPDX-License-Identifier: ISC */
/*
 * Small output helpers for the guest test unikernels. Tests print plain
 * lines that the outside test greps for, and end with "SUCCESS" when
 * every check held.
 */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include "solo5.h"

static inline size_t t_strlen(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

static inline void puts(const char *s)
{
    solo5_console_write(s, t_strlen(s));
}

static inline void put_dec(uint64_t v)
{
    char buf[21];
    int i = sizeof(buf);

    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    solo5_console_write(buf + i, sizeof(buf) - (size_t)i);
}

static inline void put_hex(uint64_t v)
{
    char buf[18];
    int i = sizeof(buf);

    do {
        buf[--i] = "0123456789abcdef"[v & 0xf];
        v >>= 4;
    } while (v);
    buf[--i] = 'x';
    buf[--i] = '0';
    solo5_console_write(buf + i, sizeof(buf) - (size_t)i);
}

/* Prints "FAILURE: what" and exits 1. */
static inline void fail(const char *what)
{
    puts("FAILURE: ");
    puts(what);
    puts("\n");
    solo5_exit(SOLO5_EXIT_FAILURE);
}

/* The value of "KEY=N" on the command line, or DEF. */
static inline uint64_t arg_value(const char *cmdline, const char *key,
        uint64_t def)
{
    const char *p = cmdline;
    size_t klen = t_strlen(key);

    while (*p) {
        size_t i = 0;

        while (*p == ' ')
            p++;
        while (i < klen && p[i] == key[i])
            i++;
        if (i == klen && p[i] == '=') {
            uint64_t v = 0;

            for (p += i + 1; *p >= '0' && *p <= '9'; p++)
                v = v * 10 + (uint64_t)(*p - '0');
            return v;
        }
        while (*p && *p != ' ')
            p++;
    }
    return def;
}

#endif
