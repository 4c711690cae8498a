/* SPDX-License-Identifier: ISC */
/* exception: an invalid opcode (ud2) must give the kernel's trap report
 * and exit status 255. */
#include "test_util.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    puts("executing ud2\n");
    __asm__ __volatile__("ud2");
    fail("ud2 returned");
    return SOLO5_EXIT_FAILURE;
}
