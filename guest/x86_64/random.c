/* SPDX-License-Identifier: ISC */
/*
 * A random number for the stack protector, in user mode (spt) as well as
 * ring 0 (hvt): RDRAND where CPUID has it, else a mixed TSC.
 */
#include "kernel.h"

/* A random 64-bit number: RDRAND where present, else a mixed TSC. */
uint64_t cpu_random(void)
{
    uint64_t v;

    uint32_t r[4];

    cpu_cpuid(1, 0, r);
    if (r[2] & CPUID1_ECX_RDRAND) {
        for (int i = 0; i < 10; i++) {
            uint8_t ok;

            __asm__ __volatile__("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
            if (ok)
                return v;
        }
    }
    /* splitmix64's finaliser: spreads the few changing TSC bits. */
    v = cpu_rdtsc() + 0x9e3779b97f4a7c15ULL;
    v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9ULL;
    v = (v ^ (v >> 27)) * 0x94d049bb133111ebULL;
    return v ^ (v >> 31);
}

