/* SPDX-License-Identifier: ISC */
/* rand: a 64-bit linear congruential generator (Knuth's MMIX constants),
 * returning its top 31 bits, which are the well-mixed ones. */
#include <stdint.h>
#include <stdlib.h>

static uint64_t state = 1;

void srand(unsigned seed)
{
    state = seed;
}

int rand(void)
{
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int)(state >> 33);
}
