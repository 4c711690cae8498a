/*
 * Clocks. Monotonic time is the TSC since boot, scaled by the frequency
 * the monitor measured. Wall time is the host's clock, asked for once
 * (on first use, to keep it off the boot path) plus monotonic time since.
 */
#include "kernel.h"

#define NSEC_PER_SEC 1000000000ULL

static uint64_t tsc_boot, tsc_freq;
static uint64_t last_ns;
static uint64_t wall_offset;    /* wall time at monotonic 0; 0 = unknown */

void clock_init(uint64_t freq)
{
    tsc_boot = cpu_rdtsc();
    tsc_freq = freq ? freq : NSEC_PER_SEC;  /* never divide by 0 */
}

solo5_time_t solo5_clock_monotonic(void)
{
    uint64_t d = cpu_rdtsc() - tsc_boot;
    uint64_t ns;

    /*
     * Whole seconds and the remainder apart: exact, and rem * 1e9 fits
     * in 64 bits for any TSC below 18 GHz, however long we run.
     */
    ns = d / tsc_freq * NSEC_PER_SEC + d % tsc_freq * NSEC_PER_SEC / tsc_freq;
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
