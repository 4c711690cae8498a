/* SPDX-License-Identifier: ISC */
/*
 * Memory and string functions. Where KVM emulates the guest (PVM) each
 * instruction costs about a microsecond and each repetition of a string
 * instruction counts as one, so the bulk moves go 8 bytes per step
 * (rep movsq / rep stosq) and only the tail goes by bytes; comparing and
 * scanning use repe cmpsq and repne scasb, one step per word or byte
 * instead of a loop's three or four instructions.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libc_internal.h"

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    void *d = dst;
    const void *s = src;
    size_t words = n / 8, tail = n % 8;

    __asm__ volatile("rep movsq\n\t"
                     "mov %3, %%rcx\n\t"
                     "rep movsb"
                     : "+D"(d), "+S"(s), "+c"(words)
                     : "r"(tail)
                     : "memory");
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    size_t words = n / 8, tail = n % 8;

    /* Forward unless dst starts inside src (dst - src wraps otherwise). */
    if ((uintptr_t)d - (uintptr_t)s >= n)
        return memcpy(dst, src, n);
    /* Backward: the tail bytes from the top, then the words below them. */
    d += n - 1;
    s += n - 1;
    __asm__ volatile("std\n\t"
                     "rep movsb\n\t"
                     "sub $7, %%rdi\n\t"
                     "sub $7, %%rsi\n\t"
                     "mov %3, %%rcx\n\t"
                     "rep movsq\n\t"
                     "cld"
                     : "+D"(d), "+S"(s), "+c"(tail)
                     : "r"(words)
                     : "memory", "cc");
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    void *d = dst;
    size_t words = n / 8, tail = n % 8;
    uint64_t pattern = (unsigned char)c * 0x0101010101010101ULL;

    __asm__ volatile("rep stosq\n\t"
                     "mov %3, %%rcx\n\t"
                     "rep stosb"
                     : "+D"(d), "+c"(words)
                     : "a"(pattern), "r"(tail)
                     : "memory");
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    size_t words = n / 8;
    bool differ = false;

    /* repe cmpsq stops just past the first unequal word, if any. */
    if (words > 0)
        __asm__ volatile("repe cmpsq"
                         : "+S"(p), "+D"(q), "+c"(words), "=@ccne"(differ)
                         :
                         : "memory");
    if (differ) {
        p -= 8;
        q -= 8;
        n = 8;
    } else {
        n %= 8;
    }
    for (; n > 0; n--, p++, q++)
        if (*p != *q)
            return *p - *q;
    return 0;
}

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;
    bool found = false;

    /* repne scasb stops just past the first match, if any. */
    if (n > 0)
        __asm__ volatile("repne scasb"
                         : "+D"(p), "+c"(n), "=@cce"(found)
                         : "a"(c)
                         : "memory");
    return found ? (void *)(p - 1) : NULL;
}

size_t strlen(const char *s)
{
    const char *p = s;
    size_t count = SIZE_MAX;

    __asm__ volatile("repne scasb"
                     : "+D"(p), "+c"(count)
                     : "a"(0)
                     : "memory", "cc");
    return (size_t)(p - s) - 1;     /* p is past the NUL */
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;

    while (*p && *p == *q) {
        p++;
        q++;
    }
    return *p - *q;
}

int strncmp(const char *a, const char *b, size_t n)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;

    for (; n > 0; n--, p++, q++)
        if (*p != *q || *p == '\0')
            return *p - *q;
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (*s == '\0')
            return NULL;
    }
}

char *strrchr(const char *s, int c)
{
    const char *last = NULL;

    for (;; s++) {
        if (*s == (char)c)
            last = s;
        if (*s == '\0')
            return (char *)last;
    }
}

char *strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    if (n == 0)
        return (char *)haystack;
    for (; (haystack = strchr(haystack, *needle)) != NULL; haystack++)
        if (strncmp(haystack, needle, n) == 0)
            return (char *)haystack;
    return NULL;
}

char *strcpy(char *restrict dst, const char *restrict src)
{
    memcpy(dst, src, strlen(src) + 1);
    return dst;
}

char *strncpy(char *restrict dst, const char *restrict src, size_t n)
{
    size_t len = strnlen(src, n);

    memcpy(dst, src, len);
    memset(dst + len, 0, n - len);
    return dst;
}

char *strcat(char *restrict dst, const char *restrict src)
{
    strcpy(dst + strlen(dst), src);
    return dst;
}

char *strncat(char *restrict dst, const char *restrict src, size_t n)
{
    char *end = dst + strlen(dst);
    size_t len = strnlen(src, n);

    memcpy(end, src, len);
    end[len] = '\0';
    return dst;
}

char *strdup(const char *s)
{
    return strndup(s, SIZE_MAX);
}

char *strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *copy = malloc(len + 1);

    if (copy != NULL) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

size_t strspn(const char *s, const char *accept)
{
    size_t n = 0;

    while (s[n] && strchr(accept, s[n]))
        n++;
    return n;
}

size_t strcspn(const char *s, const char *reject)
{
    size_t n = 0;

    while (s[n] && !strchr(reject, s[n]))
        n++;
    return n;
}

char *strpbrk(const char *s, const char *accept)
{
    s += strcspn(s, accept);
    return *s ? (char *)s : NULL;
}

char *strtok_r(char *restrict s, const char *restrict delim,
               char **restrict saveptr)
{
    char *end;

    if (s == NULL)
        s = *saveptr;
    s += strspn(s, delim);
    if (*s == '\0') {
        *saveptr = s;
        return NULL;
    }
    end = s + strcspn(s, delim);
    if (*end != '\0')
        *end++ = '\0';
    *saveptr = end;
    return s;
}
