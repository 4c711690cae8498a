/* SPDX-License-Identifier: ISC */
/*
 * console: four rounds of "hello", a one-second sleep and "world" (so
 * the lines alternate and the run takes four seconds), then exit 0. The
 * sleep is solo5_yield with a deadline: no device is attached, so the
 * guest waits in the monitor until then.
 */
#include <stdio.h>

#include "solo5.h"

#define ROUNDS 4
#define SLEEP_NS 1000000000ULL

static void sleep_until(solo5_time_t deadline)
{
    while (solo5_clock_monotonic() < deadline)
        solo5_yield(deadline, NULL);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    solo5_time_t t = solo5_clock_monotonic();

    for (int i = 0; i < ROUNDS; i++) {
        puts("hello");
        t += SLEEP_NS;
        sleep_until(t);
        puts("world");
    }
    return 0;
}
