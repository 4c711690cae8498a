/* SPDX-License-Identifier: ISC */
/* Unbounded recursion must hit the unmapped page below the stack. */
#include "solo5.h"
#include "test_util.h"

/* The limit is far beyond the 512 KiB stack; it only silences gcc. */
static int depth(volatile char *prev, unsigned long n)
{
    volatile char frame[512];

    frame[0] = prev ? prev[0] + 1 : 0;
    if (n == 0)
        return frame[0];
    return depth(frame, n - 1) + frame[1];
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    puts("recursing\n");
    depth(0, 1UL << 30);
    puts("SURVIVED\n");
    return 1;
}
