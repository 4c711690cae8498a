/* SPDX-License-Identifier: ISC */
/* notls: a __thread variable used before any TLS base is set (FS base 0)
 * must fault, not silently read low memory. */
#include "test_util.h"

static __thread volatile uint64_t var = 7;

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    puts("reading a __thread variable without a TLS base\n");
    put_hex(var);
    fail("__thread read without a TLS base succeeded");
    return SOLO5_EXIT_FAILURE;
}
