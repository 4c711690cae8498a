/* SPDX-License-Identifier: ISC */
/*
 * The smallest test harness that will do: each check prints "ok - NAME" or
 * "not ok - NAME" (TAP), and check_done() gives main its exit status.
 */
#ifndef UKVM_TEST_CHECK_H
#define UKVM_TEST_CHECK_H

#include <stdarg.h>
#include <stdio.h>

static int check_count, check_failures;

/* CHECK(condition, "name, printf style"): NAME says what must hold. */
#define CHECK(cond, ...) check_report(!!(cond), __FILE__, __LINE__, #cond, __VA_ARGS__)

__attribute__((format(printf, 5, 6)))
static inline int check_report(int ok, const char *file, int line,
                               const char *cond, const char *fmt, ...)
{
    va_list ap;

    check_count++;
    printf("%s - ", ok ? "ok" : "not ok");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!ok) {
        check_failures++;
        printf("#   %s:%d: %s\n", file, line, cond);
    }
    fflush(stdout);
    return ok;
}

/* Prints a "# ..." diagnostic line under the last check. */
__attribute__((format(printf, 1, 2)))
static inline void check_note(const char *fmt, ...)
{
    va_list ap;

    printf("#   ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

/* Prints the plan and returns main's exit status: 1 if any check failed. */
static inline int check_done(void)
{
    printf("1..%d\n", check_count);
    return check_failures != 0;
}

#endif
