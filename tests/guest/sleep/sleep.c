/* SPDX-License-Identifier: ISC */
/* Says it sleeps, then sleeps until stopped: for signal and sandbox tests. */
#include "test_util.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    puts("sleeping\n");
    for (;;)
        solo5_yield(solo5_clock_monotonic() + 3600ULL * 1000000000ULL, 0);
}
