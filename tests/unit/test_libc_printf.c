/* SPDX-License-Identifier: ISC */
/*
 * The libc's printf engine against glibc's: the same format and value
 * through uk_snprintf and snprintf must give the same text and return
 * value. Integer conversions go through every combination of flags,
 * widths, precisions and length modifiers; the rest through tables.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "test_libc.h"

static char ubuf[1024], gbuf[1024];
static int mismatches;      /* in the current group */

static void group_start(void)
{
    mismatches = 0;
}

/* Compares the last two results; notes the first few differences. */
static void compare(const char *fmt, int un, int gn)
{
    if (un == gn && strcmp(ubuf, gbuf) == 0)
        return;
    if (mismatches++ < 10)
        pending_note("format \"%s\": ours \"%s\" (%d), glibc \"%s\" (%d)",
                   fmt, ubuf, un, gbuf, gn);
}

/* SAME(fmt, args...): one format, both libraries. */
#define SAME(...) compare(#__VA_ARGS__, \
    uk_snprintf(ubuf, sizeof(ubuf), __VA_ARGS__), \
    snprintf(gbuf, sizeof(gbuf), __VA_ARGS__))

static const unsigned long long int_values[] = {
    0, 1, 7, 8, 9, 10, 15, 16, 42, 100, 127, 128, 255, 256, 1000,
    32767, 32768, 65535, 65536, 0x7fffffff, 0x80000000, 0xffffffff,
    0x100000000, 1000000000000ULL, 0x7fffffffffffffffULL,
    0x8000000000000000ULL, 0xffffffffffffffffULL,
    (unsigned long long)-1LL, (unsigned long long)-42LL,
    (unsigned long long)-128LL, (unsigned long long)-129LL,
    (unsigned long long)-32768LL, (unsigned long long)(long long)INT_MIN,
    (unsigned long long)LLONG_MIN + 1,
};

static const char *const flag_sets[] = {
    "", "-", "+", " ", "#", "0", "-+", "- ", "-#", "-0", "+ ", "+#", "+0",
    " #", " 0", "#0", "-+ ", "-+#", "-+0", "- #", "- 0", "-#0", "+ #", "+ 0",
    "+#0", " #0", "-+ #", "-+ 0", "-+#0", "- #0", "+ #0", "-+ #0",
};
static const char *const widths[] = { "", "1", "2", "7", "21" };
static const char *const precisions[] = { "", ".", ".0", ".1", ".3", ".25" };
static const char *const lengths[] = { "", "hh", "h", "l", "ll", "z", "j", "t" };

/* One integer format, the value passed as its length modifier's type. */
static void same_integer(const char *fmt, const char *length,
                         unsigned long long v)
{
    int un, gn;

    if (strcmp(length, "ll") == 0) {
        un = uk_snprintf(ubuf, sizeof(ubuf), fmt, (long long)v);
        gn = snprintf(gbuf, sizeof(gbuf), fmt, (long long)v);
    } else if (length[0] == '\0' || length[0] == 'h') {
        un = uk_snprintf(ubuf, sizeof(ubuf), fmt, (int)v);
        gn = snprintf(gbuf, sizeof(gbuf), fmt, (int)v);
    } else {
        un = uk_snprintf(ubuf, sizeof(ubuf), fmt, (long)v);
        gn = snprintf(gbuf, sizeof(gbuf), fmt, (long)v);
    }
    compare(fmt, un, gn);
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void test_integer_matrix(char conv)
{
    char fmt[32];

    for (size_t l = 0; l < COUNT(lengths); l++) {
        group_start();
        for (size_t f = 0; f < COUNT(flag_sets); f++)
            for (size_t w = 0; w < COUNT(widths); w++)
                for (size_t p = 0; p < COUNT(precisions); p++) {
                    snprintf(fmt, sizeof(fmt), "%%%s%s%s%s%c", flag_sets[f],
                             widths[w], precisions[p], lengths[l], conv);
                    for (size_t v = 0; v < COUNT(int_values); v++)
                        same_integer(fmt, lengths[l], int_values[v]);
                }
        CHECK_NOTED(mismatches == 0, "printf: %%%s%c with every flag, width and "
              "precision matches glibc (%d mismatches)", lengths[l], conv,
              mismatches);
    }
}

static void test_strings_and_chars(void)
{
    static const char *const strings[] = {
        "", "a", "hello", "a string that is longer than the widths", NULL,
    };
    static const char *const sflags[] = { "", "-", "0", "-0" };
    static const char *const swidths[] = { "", "1", "5", "12", "45" };
    static const char *const sprecs[] = { "", ".", ".0", ".2", ".5", ".6", ".40" };
    char fmt[32];

    group_start();
    for (size_t s = 0; s < sizeof(strings) / sizeof(strings[0]); s++)
        for (size_t f = 0; f < 4; f++)
            for (size_t w = 0; w < 5; w++)
                for (size_t p = 0; p < 7; p++) {
                    snprintf(fmt, sizeof(fmt), "[%%%s%s%ss]", sflags[f],
                             swidths[w], sprecs[p]);
                    compare(fmt, uk_snprintf(ubuf, sizeof(ubuf), fmt, strings[s]),
                            snprintf(gbuf, sizeof(gbuf), fmt, strings[s]));
                }
    CHECK_NOTED(mismatches == 0, "printf: %%s with flags, widths and precisions, "
          "NULL as \"(null)\", matches glibc (%d mismatches)", mismatches);

    group_start();
    for (int c = 1; c < 256; c++)
        for (size_t f = 0; f < 4; f++)
            for (size_t w = 0; w < 5; w++) {
                snprintf(fmt, sizeof(fmt), "<%%%s%sc>", sflags[f], swidths[w]);
                compare(fmt, uk_snprintf(ubuf, sizeof(ubuf), fmt, c),
                        snprintf(gbuf, sizeof(gbuf), fmt, c));
            }
    CHECK_NOTED(mismatches == 0, "printf: %%c of 1..255 with flags and widths "
          "matches glibc (%d mismatches)", mismatches);

    /* %c of 0 writes a NUL byte: compare the bytes, not the strings. */
    memset(ubuf, 'x', 8);
    CHECK(uk_snprintf(ubuf, sizeof(ubuf), "a%cb", 0) == 3 &&
          memcmp(ubuf, "a\0b\0", 4) == 0, "printf: %%c of 0 writes a NUL byte");
}

static void test_pointers(void)
{
    static void *const pointers[] = {
        NULL, (void *)1, (void *)0x10, (void *)0xdeadbeef,
        (void *)0x7fffffffe000, (void *)UINTPTR_MAX,
    };
    static const char *const pformats[] = {
        "%p", "%20p", "%-20p", "%020p", "%.20p", "%8.3p", "%+p", "% p", "%1p",
        "%-1p", "%2p",
    };

    group_start();
    for (size_t i = 0; i < sizeof(pointers) / sizeof(pointers[0]); i++)
        for (size_t f = 0; f < sizeof(pformats) / sizeof(pformats[0]); f++)
            compare(pformats[f],
                    uk_snprintf(ubuf, sizeof(ubuf), pformats[f], pointers[i]),
                    snprintf(gbuf, sizeof(gbuf), pformats[f], pointers[i]));
    CHECK_NOTED(mismatches == 0, "printf: %%p, NULL as \"(nil)\", with widths and "
          "flags matches glibc (%d mismatches)", mismatches);
}

/* Flags that gcc calls useless are here on purpose: glibc defines them. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
static void test_table(void)
{
    group_start();
    SAME("plain text, no conversions");
    SAME("%%");
    SAME("100%% sure %d%%", 5);
    SAME("%0-5d|", 3);
    SAME("%d %i %u", INT_MIN, INT_MAX, UINT_MAX);
    SAME("%ld %ld %lu", LONG_MIN, LONG_MAX, ULONG_MAX);
    SAME("%lld %lld %llu %llx %llX %llo", LLONG_MIN, LLONG_MAX, ULLONG_MAX,
         ULLONG_MAX, 0xabcdefULL, ULLONG_MAX);
    SAME("%zu %zd %zx", SIZE_MAX, (ssize_t)-5, (size_t)4096);
    SAME("%jd %ju %td %tx", INTMAX_MIN, UINTMAX_MAX, (ptrdiff_t)-3,
         (ptrdiff_t)255);
    SAME("%hhd %hhu %hhx %hd %hu %hx", 200, 300, -1, 40000, 70000, -2);
    SAME("%s=%d, %s=%#x", "a", 1, "b", 255);
    SAME("[%*d] [%-*d] [%*d]", 6, 42, 6, 42, -6, 42);
    SAME("[%.*d] [%.*d] [%.*d]", 5, 42, 0, 0, -1, 0);
    SAME("[%*.*d] [%*.*s] [%.*s]", 8, 4, -7, -9, 2, "abcdef", 3, "abcdef");
    SAME("[%-*.*x]", 10, 6, 0xbeef);
    SAME("[%0*d]", 7, -42);
    SAME("%c%c%c", 'a', 'b', 'c');
    SAME("%s", "");
    SAME("%10s|%-10s|", "right", "left");
    SAME("%#o %#o %#x %#X %#x", 0, 8, 0, 255, 1);
    SAME("%#.3o %#.0o %.0o %#5o", 8, 0, 0, 9);
    SAME("%+d %+d % d % d %+ d", 0, -1, 0, -1, 7);
    SAME("%+u % u %+x % x", 5, 5, 5, 5);
    SAME("%05d %-05d %05.2d %5.0d|", -3, -3, -3, 0);
    SAME("%10.4d|%-10.4d|%010.4d", 99, -99, 7);
    SAME("%lld%%%llu", -1LL, 1ULL);
    SAME("%p %s %d", (void *)&ubuf, "mixed", 3);
    CHECK_NOTED(mismatches == 0, "printf: a table of common formats matches glibc "
          "(%d mismatches)", mismatches);
}
#pragma GCC diagnostic pop

/* snprintf at every size up to the full length and a little beyond. */
static void truncation_case(const char *fmt, ...)
{
    char ufull[256];
    va_list ap, ap2;
    int full;

    va_start(ap, fmt);
    va_copy(ap2, ap);
    full = vsnprintf(ufull, sizeof(ufull), fmt, ap);
    for (size_t size = 0; size <= (size_t)full + 2; size++) {
        int un, gn;
        va_list a, b;

        memset(ubuf, '#', sizeof(ubuf));
        memset(gbuf, '#', sizeof(gbuf));
        va_copy(a, ap2);
        va_copy(b, ap2);
        un = uk_vsnprintf(ubuf, size, fmt, a);
        gn = vsnprintf(gbuf, size, fmt, b);
        va_end(a);
        va_end(b);
        if (un != gn || memcmp(ubuf, gbuf, sizeof(ubuf)) != 0) {
            if (mismatches++ < 10)
                pending_note("\"%s\" size %zu: ours \"%.*s\" (%d), glibc "
                           "\"%.*s\" (%d)", fmt, size, (int)size, ubuf, un,
                           (int)size, gbuf, gn);
        }
    }
    va_end(ap2);
    va_end(ap);
}

static void test_truncation(void)
{
    char big[3000];
    char *s;

    group_start();
    truncation_case("hello");
    truncation_case("%d", INT_MIN);
    truncation_case("[%-12s|%5.2x]", "abc", 0x1234);
    truncation_case("%s and %s", "first", "second");
    truncation_case("%020p", (void *)0x1234);
    truncation_case("%c%c", 'x', 'y');
    CHECK_NOTED(mismatches == 0, "snprintf: at every buffer size the text, the NUL "
          "and the untouched rest match glibc (%d mismatches)", mismatches);

    CHECK(uk_snprintf(NULL, 0, "%d-%s", 12345, "xyz") == 9,
          "snprintf: NULL buffer of size 0 returns the full length");
    memset(big, 'q', sizeof(big));
    big[sizeof(big) - 1] = '\0';
    CHECK(uk_snprintf(ubuf, 10, "%s", big) == (int)sizeof(big) - 1 &&
          strcmp(ubuf, "qqqqqqqqq") == 0,
          "snprintf: a long string is cut and its length returned");
    CHECK(uk_snprintf(ubuf, sizeof(ubuf), "%2000d|", 5) == 2001 &&
          strlen(ubuf) == sizeof(ubuf) - 1,
          "snprintf: a width beyond the buffer is counted in full");
    s = malloc(100001);
    memset(s, 'z', 100000);
    s[100000] = '\0';
    CHECK(uk_snprintf(NULL, 0, "%s%s", s, s) == 200000,
          "snprintf: counts 200000 bytes of output it does not keep");
    free(s);
    CHECK(uk_sprintf(ubuf, "%s-%05d", "id", 42) == 8 &&
          strcmp(ubuf, "id-00042") == 0, "sprintf: writes and returns the length");
}

static void test_unsupported(void)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
    CHECK(uk_snprintf(ubuf, sizeof(ubuf), "[%f|%.2e|%d]", 42) == 12 &&
          strcmp(ubuf, "[%f|%.2e|42]") == 0,
          "printf: floating conversions print as written and take no argument "
          "(got \"%s\")", ubuf);
    CHECK(uk_snprintf(ubuf, sizeof(ubuf), "[%n|%ls|%lc|%d]", 7) == 14 &&
          strcmp(ubuf, "[%n|%ls|%lc|7]") == 0,
          "printf: %%n and wide conversions print as written (got \"%s\")",
          ubuf);
    /* glibc agrees, but ASan's printf interceptor complains about it. */
    CHECK(uk_snprintf(ubuf, sizeof(ubuf), "[%5%]") == 3 &&
          strcmp(ubuf, "[%]") == 0, "printf: %%5%% prints one %%, as glibc does");
    CHECK(uk_snprintf(ubuf, sizeof(ubuf), "end%") == 4 &&
          strcmp(ubuf, "end%") == 0, "printf: a lone %% at the end prints as is");
#pragma GCC diagnostic pop
}

int main(void)
{
    test_table();
    test_integer_matrix('d');
    test_integer_matrix('i');
    test_integer_matrix('u');
    test_integer_matrix('o');
    test_integer_matrix('x');
    test_integer_matrix('X');
    test_strings_and_chars();
    test_pointers();
    test_truncation();
    test_unsupported();
    return check_done();
}
