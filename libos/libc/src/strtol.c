/* SPDX-License-Identifier: ISC */
/*
 * String to integer, as C11 says: leading white space, an optional sign,
 * then digits in the base (0: decimal, 0x... hex, 0... octal; 16 also
 * takes 0x). Out of range gives the type's limit and ERANGE; no digits
 * gives 0 with *end at the start.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

static int digit_value(int c)
{
    if (isdigit(c))
        return c - '0';
    if (isalpha(c))
        return tolower(c) - 'a' + 10;
    return 36;
}

/* The magnitude of the number at s; *over if it is above ULLONG_MAX. */
static unsigned long long scan(const char *s, char **end, int base,
                               bool *neg, bool *over)
{
    const char *p = s;
    unsigned long long v = 0;
    const char *digits;
    int d;

    *neg = false;
    *over = false;
    if (base < 0 || base == 1 || base > 36) {
        errno = EINVAL;
        if (end != NULL)
            *end = (char *)s;
        return 0;
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '-' || *p == '+')
        *neg = *p++ == '-';
    /* A 0x prefix counts only if a hex digit follows it. */
    if ((base == 0 || base == 16) && p[0] == '0' &&
        tolower((unsigned char)p[1]) == 'x' &&
        digit_value((unsigned char)p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = *p == '0' ? 8 : 10;
    }
    digits = p;
    for (; (d = digit_value((unsigned char)*p)) < base; p++) {
        if (v > (ULLONG_MAX - (unsigned)d) / (unsigned)base)
            *over = true;
        v = v * (unsigned)base + (unsigned)d;
    }
    if (p == digits)
        p = s;      /* no number at all */
    if (end != NULL)
        *end = (char *)p;
    return v;
}

static long long to_signed(const char *s, char **end, int base,
                           long long min, long long max)
{
    bool neg, over;
    unsigned long long v = scan(s, end, base, &neg, &over);
    unsigned long long limit = neg ? 0 - (unsigned long long)min :
                               (unsigned long long)max;

    if (over || v > limit) {
        errno = ERANGE;
        return neg ? min : max;
    }
    return neg ? (long long)(0 - v) : (long long)v;
}

/* Unsigned: a minus sign negates in the type, as C says. */
static unsigned long long to_unsigned(const char *s, char **end, int base,
                                      unsigned long long max)
{
    bool neg, over;
    unsigned long long v = scan(s, end, base, &neg, &over);

    if (over || v > max) {
        errno = ERANGE;
        return max;
    }
    return neg ? (0 - v) & max : v;
}

long strtol(const char *restrict s, char **restrict end, int base)
{
    return (long)to_signed(s, end, base, LONG_MIN, LONG_MAX);
}

long long strtoll(const char *restrict s, char **restrict end, int base)
{
    return to_signed(s, end, base, LLONG_MIN, LLONG_MAX);
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
    return (unsigned long)to_unsigned(s, end, base, ULONG_MAX);
}

unsigned long long strtoull(const char *restrict s, char **restrict end,
                            int base)
{
    return to_unsigned(s, end, base, ULLONG_MAX);
}

intmax_t strtoimax(const char *restrict s, char **restrict end, int base)
{
    return to_signed(s, end, base, INTMAX_MIN, INTMAX_MAX);
}

uintmax_t strtoumax(const char *restrict s, char **restrict end, int base)
{
    return to_unsigned(s, end, base, UINTMAX_MAX);
}

int atoi(const char *s)
{
    return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
    return strtol(s, NULL, 10);
}

long long atoll(const char *s)
{
    return strtoll(s, NULL, 10);
}
