/* SPDX-License-Identifier: ISC */
/* quiet: writes nothing at all; the kernel must not print either. */
#include "solo5.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    return SOLO5_EXIT_SUCCESS;
}
