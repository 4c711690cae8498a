/* SPDX-License-Identifier: ISC */
/* wnox: code and read-only data are not writable. Writing a function's
 * first byte (or, with the argument "rodata", a constant) must fault. */
#include "test_util.h"

/* Not volatile: gcc places const volatile objects in .data. */
static const uint8_t constant[8] = { 1 };

__attribute__((noinline)) static int victim(void)
{
    return 1;
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)&victim;

    if (streq(si->cmdline, "rodata")) {
        puts("writing read-only data\n");
        p = (volatile uint8_t *)(uintptr_t)constant;
    } else {
        puts("writing code\n");
    }
    *p = 0xc3;
    fail("the write succeeded");
    return victim();
}
