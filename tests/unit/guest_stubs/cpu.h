/* SPDX-License-Identifier: ISC */
/* Host stand-in for guest/x86_64/cpu.h: a TSC the test sets. */
#ifndef GUEST_CPU_H
#define GUEST_CPU_H

#include <stdint.h>

extern uint64_t fake_tsc;

static inline uint64_t cpu_rdtsc(void)
{
    return fake_tsc;
}

#endif
