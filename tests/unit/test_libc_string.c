/* SPDX-License-Identifier: ISC */
/*
 * The string functions against glibc's: the memory functions at every
 * alignment and length 0..64 (and a few long ones), with guard bytes
 * around the destination; overlapping memmove both ways; the string
 * functions on edge cases.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "test_libc.h"

#define AREA 4096
static unsigned char src[AREA], ours[AREA], want[AREA];

static void fill_random(unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)rand();
}

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

static const size_t long_lengths[] = { 100, 255, 256, 257, 1000, 1023, 3000 };

/* len 0..64 and some long ones, at every source and destination offset. */
#define FOR_EACH_CASE(body)                                              \
    for (size_t so = 0; so < 16; so++)                                   \
        for (size_t dof = 0; dof < 16; dof++) {                          \
            for (size_t len = 0; len <= 64; len++) { body }              \
            for (size_t li = 0; li < 7; li++) {                          \
                size_t len = long_lengths[li];                           \
                body                                                     \
            }                                                            \
        }

static void test_memcpy_memset(void)
{
    int bad_copy = 0, bad_set = 0, bad_ret = 0;

    fill_random(src, AREA);
    FOR_EACH_CASE({
        fill_random(ours, AREA);
        memcpy(want, ours, AREA);
        if (uk_memcpy(ours + 32 + dof, src + so, len) != ours + 32 + dof)
            bad_ret++;
        memcpy(want + 32 + dof, src + so, len);
        bad_copy += memcmp(ours, want, AREA) != 0;

        if (uk_memset(ours + 32 + dof, (int)(len + so), len) != ours + 32 + dof)
            bad_ret++;
        memset(want + 32 + dof, (int)(len + so), len);
        bad_set += memcmp(ours, want, AREA) != 0;
    })
    CHECK(bad_copy == 0, "memcpy: lengths 0..64 and long ones at all 16x16 "
          "alignments copy exactly, nothing around (%d bad)", bad_copy);
    CHECK(bad_set == 0, "memset: all lengths and alignments set exactly, "
          "nothing around (%d bad)", bad_set);
    CHECK(bad_ret == 0, "memcpy, memset: return the destination");
    uk_memset(ours, 0x1ff, 8);
    CHECK(memcmp(ours, "\xff\xff\xff\xff\xff\xff\xff\xff", 8) == 0,
          "memset: uses the value as an unsigned char");
}

/* Overlapping moves: a buffer moved within itself by -70..+70 bytes. */
static void test_memmove(void)
{
    int bad = 0, bad_ret = 0;

    for (int shift = -70; shift <= 70; shift++)
        for (size_t start = 100; start < 116; start++)
            for (size_t len = 0; len <= 200; len += (len < 70 ? 1 : 13)) {
                fill_random(ours, 512);
                memcpy(want, ours, 512);
                if (uk_memmove(ours + start + shift, ours + start, len) !=
                    ours + start + shift)
                    bad_ret++;
                memmove(want + start + shift, want + start, len);
                bad += memcmp(ours, want, 512) != 0;
            }
    CHECK(bad == 0, "memmove: overlapping moves either way by 0..70 bytes, "
          "lengths 0..200, all alignments (%d bad)", bad);
    CHECK(bad_ret == 0, "memmove: returns the destination");

    fill_random(src, AREA);
    memcpy(ours, src, AREA);
    uk_memmove(ours + 1, ours, AREA - 1);
    CHECK(memcmp(ours + 1, src, AREA - 1) == 0 && ours[0] == src[0],
          "memmove: a long move up by one byte");
    memcpy(ours, src, AREA);
    uk_memmove(ours, ours + 9, AREA - 9);
    CHECK(memcmp(ours, src + 9, AREA - 9) == 0,
          "memmove: a long move down by nine bytes");
}

static void test_memcmp_memchr(void)
{
    int bad_cmp = 0, bad_chr = 0;

    fill_random(src, AREA);
    FOR_EACH_CASE({
        memcpy(ours + dof, src + so, len);
        if (uk_memcmp(ours + dof, src + so, len) != 0)
            bad_cmp++;
        if (len > 0) {
            size_t at = (len * 7 + so) % len;

            ours[dof + at] ^= 0x80;
            if (sign(uk_memcmp(ours + dof, src + so, len)) !=
                sign(memcmp(ours + dof, src + so, len)))
                bad_cmp++;
            if (uk_memchr(src + so, src[so + at], len) !=
                memchr(src + so, src[so + at], len))
                bad_chr++;
        }
        if (uk_memchr(src + so, 0x1234, len) != memchr(src + so, 0x1234, len))
            bad_chr++;
    })
    CHECK(bad_cmp == 0, "memcmp: equal, and the sign of the first difference "
          "(bytes compared unsigned), at all lengths and alignments (%d bad)",
          bad_cmp);
    CHECK(bad_chr == 0, "memchr: finds the first match or NULL (%d bad)",
          bad_chr);
}

static const char *const strs[] = {
    "", "a", "b", "A", "ab", "abc", "abd", "abcd", "ABCD", "aBcD", "hello",
    "hello world", "Hello World", "\x80", "\xff", "a\xff", "xyz", "zzz",
    "the quick brown fox jumps over the lazy dog",
};
#define NSTRS (sizeof(strs) / sizeof(strs[0]))

static void test_compare_and_search(void)
{
    int bad = 0;

    for (size_t i = 0; i < NSTRS; i++) {
        const char *a = strs[i];

        bad += uk_strlen(a) != strlen(a);
        for (size_t n = 0; n < 50; n += 3)
            bad += uk_strnlen(a, n) != strnlen(a, n);
        for (int c = 0; c < 256; c++) {
            bad += uk_strchr(a, c) != strchr(a, c);
            bad += uk_strrchr(a, c) != strrchr(a, c);
        }
        for (size_t j = 0; j < NSTRS; j++) {
            const char *b = strs[j];

            bad += sign(uk_strcmp(a, b)) != sign(strcmp(a, b));
            bad += sign(uk_strcasecmp(a, b)) != sign(strcasecmp(a, b));
            for (size_t n = 0; n < 8; n++) {
                bad += sign(uk_strncmp(a, b, n)) != sign(strncmp(a, b, n));
                bad += sign(uk_strncasecmp(a, b, n)) !=
                       sign(strncasecmp(a, b, n));
            }
            bad += uk_strstr(a, b) != strstr(a, b);
            bad += uk_strspn(a, b) != strspn(a, b);
            bad += uk_strcspn(a, b) != strcspn(a, b);
            bad += uk_strpbrk(a, b) != strpbrk(a, b);
        }
    }
    CHECK(bad == 0, "strlen, strnlen, strchr, strrchr, strcmp, strncmp, "
          "strcasecmp, strncasecmp, strstr, strspn, strcspn, strpbrk match "
          "glibc on every pair of %zu strings (%d bad)", NSTRS, bad);
    CHECK(uk_strstr("aaab", "aab") != NULL &&
          strcmp(uk_strstr("aaab", "aab"), "aab") == 0 &&
          uk_strstr("abababc", "ababc") == strstr("abababc", "ababc"),
          "strstr: finds a match after a false start");
}

static void test_copies(void)
{
    char a[64], b[64];
    char *d;
    int bad = 0;

    for (size_t i = 0; i < NSTRS; i++) {
        for (size_t n = 0; n < 20; n++) {
            memset(a, '#', sizeof(a));
            memset(b, '#', sizeof(b));
            uk_strncpy(a, strs[i], n);
            strncpy(b, strs[i], n);
            bad += memcmp(a, b, sizeof(a)) != 0;

            memset(a, '#', sizeof(a));
            memset(b, '#', sizeof(b));
            strcpy(a, "pre-");
            strcpy(b, "pre-");
            uk_strncat(a, strs[i], n);
            strncat(b, strs[i], n);
            bad += memcmp(a, b, sizeof(a)) != 0;
        }
        memset(a, '#', sizeof(a));
        memset(b, '#', sizeof(b));
        bad += uk_strcpy(a, strs[i]) != a;
        strcpy(b, strs[i]);
        bad += memcmp(a, b, sizeof(a)) != 0;
        bad += uk_strcat(a, "!") != a;
        strcat(b, "!");
        bad += memcmp(a, b, sizeof(a)) != 0;
    }
    CHECK(bad == 0, "strcpy, strncpy (NUL padding), strcat, strncat match "
          "glibc byte for byte (%d bad)", bad);

    uk___libc_heap_init(ours, sizeof(ours));
    d = uk_strdup("duplicate me");
    CHECK(d != NULL && strcmp(d, "duplicate me") == 0 &&
          (unsigned char *)d >= ours && (unsigned char *)d < ours + AREA,
          "strdup: copies into the libc's heap");
    d = uk_strndup("duplicate me", 5);
    CHECK(d != NULL && strcmp(d, "dupli") == 0, "strndup: copies at most n");
    d = uk_strndup("ab", 5);
    CHECK(d != NULL && strcmp(d, "ab") == 0, "strndup: a shorter string whole");
}

static void test_strtok_r(void)
{
    char ua[] = ",,one,two;;three,,", ga[] = ",,one,two;;three,,";
    char *us, *gs, *ut, *gt;
    int bad = 0, tokens = 0;

    ut = uk_strtok_r(ua, ",;", &us);
    gt = strtok_r(ga, ",;", &gs);
    while (ut != NULL || gt != NULL) {
        if (ut == NULL || gt == NULL || strcmp(ut, gt) != 0 ||
            ut - ua != gt - ga)
            bad++;
        tokens++;
        if (ut == NULL || gt == NULL)
            break;
        ut = uk_strtok_r(NULL, ",;", &us);
        gt = strtok_r(NULL, ",;", &gs);
    }
    CHECK(bad == 0 && tokens == 3, "strtok_r: the same tokens as glibc");
    CHECK(uk_strtok_r(NULL, ",", &us) == NULL,
          "strtok_r: stays at the end once there");
    strcpy(ua, ",,,");
    CHECK(uk_strtok_r(ua, ",", &us) == NULL, "strtok_r: only delimiters");
}

static void test_strerror(void)
{
    static const int nums[] = {
        EPERM, ENOENT, EINTR, EIO, EBADF, EAGAIN, ENOMEM, EACCES, EFAULT,
        EBUSY, EEXIST, EINVAL, ENOSPC, ERANGE, ENOSYS, ENOTCONN, ECONNRESET,
        ECONNABORTED, ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH, EADDRINUSE,
        EALREADY, EINPROGRESS, EISCONN, ENOBUFS, EMSGSIZE, ENOTSUP,
        EOPNOTSUPP, EAFNOSUPPORT, EPROTO, ENETDOWN, ENETUNREACH, ENOTSOCK,
        EPIPE, EDOM, ENAMETOOLONG, EOVERFLOW,
    };
    const char *unknown = uk_strerror(-5);
    int bad = 0;

    for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
        const char *m = uk_strerror(nums[i]);

        bad += m == NULL || strcmp(m, unknown) == 0;
        for (size_t j = 0; j < i; j++)
            bad += nums[i] != nums[j] && strcmp(m, uk_strerror(nums[j])) == 0;
    }
    CHECK(bad == 0, "strerror: each errno.h number (Linux values, as the "
          "host's) has its own message (%d bad)", bad);
    CHECK(unknown != NULL && strcmp(uk_strerror(4095), unknown) == 0,
          "strerror: an unknown number has the unknown message");
}

int main(void)
{
    srand(2024);
    test_memcpy_memset();
    test_memmove();
    test_memcmp_memchr();
    test_compare_and_search();
    test_copies();
    test_strtok_r();
    test_strerror();
    return check_done();
}

/*
 * The libc's errno.h read over glibc's: every number must be Linux's, or
 * gcc reports the macro redefined and -Werror stops the build.
 */
#undef errno
#include "../../libos/libc/include/errno.h"
