/* SPDX-License-Identifier: ISC */
/* ssp: overrunning a protected stack buffer must end in the kernel's
 * __stack_chk_fail message and exit status 255. */
#include "test_util.h"

/* Writes n bytes into a 16-byte buffer; the stack protector guards it. */
__attribute__((noinline)) static int fill(volatile size_t n)
{
    char buf[16];
    volatile char *p = buf;
    int sum = 0;

    for (size_t i = 0; i < n; i++)
        p[i] = 'A';
    for (size_t i = 0; i < 16; i++)
        sum += p[i];
    return sum;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    if (fill(16) != 16 * 'A')
        fail("filling the buffer");
    puts("smashing the stack\n");
    fill(64);
    fail("stack smashing went unnoticed");
    return SOLO5_EXIT_FAILURE;
}
