/* SPDX-License-Identifier: ISC */
/*
 * The guest's monotonic clock (guest/x86_64/tsc_clock.c) on the host: TSC
 * ticks to nanoseconds must match the exact d * 1e9 / freq within 1 ns,
 * for real TSC rates, over seconds to years, without drift or overflow.
 */
#include <stdio.h>

#include "check.h"
#include "../../guest/x86_64/tsc_clock.c"

uint64_t fake_tsc;

uint64_t platform_walltime(void)
{
    return 0;
}

static uint64_t exact_ns(uint64_t d, uint64_t freq)
{
    return (uint64_t)((unsigned __int128)d * 1000000000u / freq);
}

static void check_rate(uint64_t freq)
{
    static const uint64_t seconds[] = { 0, 1, 3, 60, 3600, 86400, 30 * 86400,
                                        10ULL * 365 * 86400 };
    char name[96];
    int ok = 1;

    fake_tsc = 12345;       /* boot TSC need not be 0 */
    last_ns = 0;
    clock_init(freq);
    for (size_t i = 0; i < sizeof seconds / sizeof seconds[0]; i++) {
        for (uint64_t extra = 0; extra < 3; extra++) {
            uint64_t d = seconds[i] * freq + extra * (freq / 3 + 7);
            uint64_t want = exact_ns(d, freq), got;

            fake_tsc = 12345 + d;
            got = solo5_clock_monotonic();
            if (got > want || want - got > 1) {
                fprintf(stderr, "freq %llu d %llu: got %llu want %llu\n",
                        (unsigned long long)freq, (unsigned long long)d,
                        (unsigned long long)got, (unsigned long long)want);
                ok = 0;
            }
        }
    }
    snprintf(name, sizeof name, "clock: %llu Hz TSC exact within 1 ns up to 10 years",
             (unsigned long long)freq);
    CHECK(ok, name);
}

int main(void)
{
    check_rate(2596134000ULL);      /* this machine, as KVM reports it */
    check_rate(3000000000ULL);
    check_rate(1000000000ULL);
    check_rate(999999937ULL);       /* below 1 GHz: whole ns per tick */
    check_rate(24000000ULL);        /* a slow fixed-rate counter */

    fake_tsc = 1000;
    clock_init(2000000000ULL);
    fake_tsc = 5000;
    uint64_t a = solo5_clock_monotonic();
    fake_tsc = 4000;        /* a TSC that steps back */
    CHECK(solo5_clock_monotonic() == a, "clock: never goes backwards");
    clock_init(0);
    fake_tsc += 1000000000;
    CHECK(solo5_clock_monotonic() > 0, "clock: a 0 Hz rate from the monitor does not divide by 0");
    return check_done();
}
