/* SPDX-License-Identifier: ISC */
/* zeropage: reading address 0 must page fault (trap report, exit 255). */
#include "test_util.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    volatile uint64_t *volatile p = 0;

    (void)si;
    puts("reading address 0\n");
    put_hex(*p);
    fail("read from address 0 succeeded");
    return SOLO5_EXIT_FAILURE;
}
