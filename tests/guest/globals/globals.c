/* SPDX-License-Identifier: ISC */
/* globals: initialised data arrives with its values, bss arrives zeroed,
 * and writes to both stick. */
#include "test_util.h"

static volatile uint64_t inited = 0x1122334455667788ULL;
static volatile char text[] = "initialised";
static volatile uint64_t zeroed;
static volatile uint8_t zero_array[8192];

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    if (inited != 0x1122334455667788ULL)
        fail("initialised global has the wrong value");
    if (text[0] != 'i' || text[10] != 'd' || text[11] != 0)
        fail("initialised string has the wrong value");
    if (zeroed != 0)
        fail("zero-initialised global is not zero");
    for (size_t i = 0; i < sizeof(zero_array); i++)
        if (zero_array[i] != 0)
            fail("zero-initialised array is not zero");

    inited = 42;
    zeroed = 43;
    text[0] = 'I';
    zero_array[4096] = 44;
    if (inited != 42 || zeroed != 43 || text[0] != 'I' ||
            zero_array[4096] != 44)
        fail("a write to a global did not stick");
    puts("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
