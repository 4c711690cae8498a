/* SPDX-License-Identifier: ISC */
/*
 * Random numbers for lwIP (initial sequence numbers, local ports):
 * xorshift64*, seeded from the clocks and the MAC address. Not for keys.
 */
#include "random.h"

static uint64_t state = 0x9e3779b97f4a7c15ULL;

/* Mixes seed in (splitmix64's finaliser), keeping what was there. */
void net_random_seed(uint64_t seed)
{
    uint64_t z = state ^ (seed + 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    state = z ? z : 0x9e3779b97f4a7c15ULL;
}

uint32_t net_random32(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return (uint32_t)((state * 0x2545f4914f6cdd1dULL) >> 32);
}
