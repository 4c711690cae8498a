/* SPDX-License-Identifier: ISC */
/* hello: the smallest complete run: console output, the command line,
 * a clean exit. */
#include "test_util.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    puts("Hello, World\n");
    puts("cmdline: ");
    puts(si->cmdline);
    puts("\n");
    puts("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
