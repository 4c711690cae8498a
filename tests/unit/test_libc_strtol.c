/* SPDX-License-Identifier: ISC */
/*
 * strtol and family against glibc: value, errno and end pointer for a
 * table of inputs in every base, then random numbers printed in a base
 * and read back.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "test_libc.h"

static const char *const inputs[] = {
    "", " ", "0", "-0", "+0", "1", "-1", "+1", "42", "  \t\n\v\f\r 42", "- 1",
    "+-1", "--1", "12abc", "abc", "z", "Z", "zz", "0x", "0X1f", "0x1F",
    "-0x1f", "0xg", " 0x", "0x 1", "0b101", "0101", "08", "09", "007", "0z",
    "1_000", "9223372036854775807", "9223372036854775808",
    "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
    "18446744073709551616", "-18446744073709551615", "-18446744073709551616",
    "99999999999999999999999999999999", "-99999999999999999999999999999",
    "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295",
    "4294967296", "0xffffffffffffffff", "0x10000000000000000",
    "0x8000000000000000", "-0x8000000000000000", "0x7fffffffffffffff",
    "777777777777777777777", "1777777777777777777777",
    "2000000000000000000000", "1111111111111111111111111111111111111111111"
    "111111111111111111111", "11111111111111111111111111111111111111111111"
    "11111111111111111111111", "3w5e11264sgsf", "3w5e11264sgsg",
    "1y2p0ij32e8e7", "1y2p0ij32e8e8", "zzzzzzzzzzzzz", "-zzzzzzzzzzzzz",
    "123 456", "12\n", "1.5", "1e5", "\x80" "1", "7\xff",
};

static const int bases[] = { 0, 2, 3, 8, 10, 16, 35, 36 };

static int mismatches;

static void note(const char *fn, const char *s, int base, const char *what)
{
    if (mismatches++ < 10)
        pending_note("%s(\"%s\", %d): %s differs from glibc", fn, s, base, what);
}

static void compare_all(const char *s, int base)
{
    char *ue, *ge;
    int uerr, gerr;

#define COMPARE(fn, type)                                           \
    do {                                                            \
        type u, g;                                                  \
        uk_errno = 0;                                               \
        errno = 0;                                                  \
        u = uk_##fn(s, &ue, base);                                  \
        uerr = uk_errno;                                            \
        g = fn(s, &ge, base);                                       \
        gerr = errno;                                               \
        if (u != g)                                                 \
            note(#fn, s, base, "the value");                        \
        if (uerr != gerr)                                           \
            note(#fn, s, base, "errno");                            \
        if (ue != ge)                                               \
            note(#fn, s, base, "the end pointer");                  \
    } while (0)

    COMPARE(strtol, long);
    COMPARE(strtoul, unsigned long);
    COMPARE(strtoll, long long);
    COMPARE(strtoull, unsigned long long);
    COMPARE(strtoimax, intmax_t);
    COMPARE(strtoumax, uintmax_t);
#undef COMPARE
}

static void test_table(void)
{
    mismatches = 0;
    for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
        for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++)
            compare_all(inputs[i], bases[b]);
    CHECK_NOTED(mismatches == 0, "strtol family: value, errno and end pointer match "
          "glibc on %zu inputs in 8 bases (%d mismatches)",
          sizeof(inputs) / sizeof(inputs[0]), mismatches);
}

/* Random 64-bit numbers written in each base 2..36 and read back. */
static void test_round_trip(void)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char text[80];

    mismatches = 0;
    srand(12345);
    for (int i = 0; i < 20000; i++) {
        unsigned long long v = ((unsigned long long)rand() << 42) ^
                               ((unsigned long long)rand() << 21) ^
                               (unsigned long long)rand();
        int base = 2 + i % 35;
        int n = sizeof(text);

        v >>= rand() % 64;
        text[--n] = '\0';
        do {
            text[--n] = digits[v % (unsigned)base];
            v /= (unsigned)base;
        } while (v != 0);
        if (i & 1)
            text[--n] = '-';
        compare_all(text + n, base);
        if (base == 16 || base == 8 || base == 10)
            compare_all(text + n, 0);
    }
    CHECK_NOTED(mismatches == 0, "strtol family: 20000 random numbers in bases 2..36 "
          "read as glibc reads them (%d mismatches)", mismatches);
}

static void test_specifics(void)
{
    char *end;

    uk_errno = 0;
    CHECK(uk_strtol("99999999999999999999", &end, 10) == LONG_MAX &&
          uk_errno == ERANGE && *end == '\0',
          "strtol: overflow gives LONG_MAX, ERANGE, end after all digits");
    uk_errno = 0;
    CHECK(uk_strtol("-99999999999999999999", NULL, 10) == LONG_MIN &&
          uk_errno == ERANGE, "strtol: underflow gives LONG_MIN and ERANGE");
    uk_errno = 0;
    CHECK(uk_strtoul("-1", NULL, 10) == ULONG_MAX && uk_errno == 0,
          "strtoul: -1 is ULONG_MAX without an error");
    uk_errno = 0;
    CHECK(uk_strtol("12", &end, 1) == 0 && uk_errno == EINVAL,
          "strtol: base 1 is EINVAL");
    uk_errno = 0;
    CHECK(uk_strtol("12", &end, 37) == 0 && uk_errno == EINVAL,
          "strtol: base 37 is EINVAL");
    end = NULL;
    CHECK(uk_strtol("  +", &end, 10) == 0 && end != NULL &&
          strcmp(end, "  +") == 0, "strtol: no digits leaves end at the start");
    CHECK(uk_strtol("0x", &end, 16) == 0 && strcmp(end, "x") == 0,
          "strtol: \"0x\" alone is 0 followed by x");
    CHECK(uk_atoi(" -123xyz") == -123 && uk_atol("456") == 456 &&
          uk_atoll("-9223372036854775807") == -LLONG_MAX,
          "atoi, atol, atoll read decimal");
    CHECK(uk_atoi("0x10") == 0 && uk_atoi("010") == 10,
          "atoi: base 10 only (no 0x, no octal)");
}

int main(void)
{
    test_table();
    test_round_trip();
    test_specifics();
    return check_done();
}
