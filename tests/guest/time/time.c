/* SPDX-License-Identifier: ISC */
/* time: the monotonic clock never goes back, solo5_yield() sleeps as long
 * as asked (100 ms, at most 50 ms late), and the wall clock is printed as
 * "wall: <seconds since the epoch>" for the outside test to compare. */
#include "test_util.h"

#define MS 1000000ULL

int solo5_app_main(const struct solo5_start_info *si)
{
    solo5_time_t t0, prev, now, slept, wall;
    solo5_handle_set_t ready = ~0ULL;

    (void)si;
    t0 = prev = solo5_clock_monotonic();
    for (int i = 0; i < 1000; i++) {
        now = solo5_clock_monotonic();
        if (now < prev)
            fail("monotonic clock went backwards");
        prev = now;
    }
    if (prev == t0)
        fail("monotonic clock does not advance");

    now = solo5_clock_monotonic();
    solo5_yield(now + 100 * MS, &ready);
    slept = solo5_clock_monotonic() - now;
    puts("slept: ");
    put_dec(slept / MS);
    puts(" ms\n");
    if (slept < 100 * MS)
        fail("solo5_yield returned early");
    if (slept > 150 * MS)
        fail("solo5_yield slept too long");
    if (ready != 0)
        fail("solo5_yield reported ready devices, but there are none");

    wall = solo5_clock_wall();
    puts("wall: ");
    put_dec(wall / 1000000000ULL);
    puts("\n");
    if (wall / 1000000000ULL < 1577836800ULL)     /* 2020-01-01 */
        fail("wall clock is before 2020");
    puts("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
