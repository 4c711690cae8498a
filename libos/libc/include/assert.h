/* SPDX-License-Identifier: ISC */
/*
 * assert.h: on failure prints "FILE:LINE: FUNCTION: assertion failed:
 * EXPR" to stderr and aborts (exit status 255). NDEBUG turns it off;
 * like every assert.h, it may be included again after changing NDEBUG.
 */
#undef assert

#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr) \
    ((expr) ? (void)0 : __libc_assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

#ifndef _LIBC_ASSERT_H
#define _LIBC_ASSERT_H

#if __STDC_VERSION__ >= 201112L
#define static_assert _Static_assert
#endif

void __libc_assert_fail(const char *expr, const char *file, int line,
                        const char *func) __attribute__((__noreturn__));

#endif
