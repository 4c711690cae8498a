/* SPDX-License-Identifier: ISC */
/*
 * Clocks. Monotonic time is the TSC since boot, scaled by the frequency
 * the monitor measured. Wall time is the host's clock, asked for once
 * (on first use, to keep it off the boot path) plus monotonic time since.
 */
#include "kernel.h"

#define NSEC_PER_SEC 1000000000ULL

static uint64_t tsc_boot;
static uint64_t ns_per_tick;    /* whole ns per TSC tick (0 above 1 GHz) */
static uint64_t ns_frac;        /* and the fraction, in units of 2^-64 ns */
static uint64_t last_ns;
static uint64_t wall_offset;    /* wall time at monotonic 0; 0 = unknown */

void clock_init(uint64_t freq)
{
    uint64_t rem;

    tsc_boot = cpu_rdtsc();
    if (freq == 0)
        freq = NSEC_PER_SEC;    /* never divide by 0 */
    ns_per_tick = NSEC_PER_SEC / freq;
    rem = NSEC_PER_SEC % freq;
    /* ns_frac = rem * 2^64 / freq: one divide of rem:0 by freq (rem < freq). */
    __asm__("divq %2" : "=a"(ns_frac), "+d"(rem) : "r"(freq), "a"(0ULL));
}

solo5_time_t solo5_clock_monotonic(void)
{
    uint64_t d = cpu_rdtsc() - tsc_boot;
    uint64_t hi, lo, ns;

    /*
     * ns = d * 1e9 / freq as d * ns_per_tick + the high half of the
     * 128-bit d * ns_frac: no divide on the hot path, computed from boot
     * each time (no drift), at most 1 ns short, no overflow for centuries.
     */
    __asm__("mulq %3" : "=a"(lo), "=d"(hi) : "a"(d), "r"(ns_frac));
    (void)lo;
    ns = d * ns_per_tick + hi;
    if (ns < last_ns)
        ns = last_ns;       /* a TSC that steps back must not show */
    last_ns = ns;
    return ns;
}

solo5_time_t solo5_clock_wall(void)
{
    if (wall_offset == 0)
        wall_offset = platform_walltime() - solo5_clock_monotonic();
    return wall_offset + solo5_clock_monotonic();
}
