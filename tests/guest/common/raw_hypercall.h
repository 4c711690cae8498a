/* SPDX-License-Identifier: ISC */
/*
 * For hvt tests that must reach the monitor past the guest kernel's own
 * checks: one hypercall with argument ARG (a guest address, or anything
 * a hostile guest might pass).
 */
#ifndef RAW_HYPERCALL_H
#define RAW_HYPERCALL_H

#include <stdint.h>

#include "abi/hvt_abi.h"

static inline void raw_hypercall(unsigned nr, uint64_t arg)
{
    __asm__ __volatile__("outl %0, %1"
                         : : "a"((uint32_t)arg),
                           "d"((uint16_t)HVT_HYPERCALL_PORT(nr))
                         : "memory");
}

/*
 * Whether the monitor is ukvm, which offers its own feature bits: the
 * answers to raw hypercalls these tests pin are ukvm's (solo5-hvt takes a
 * misaligned block offset, say). Tests skip those checks elsewhere and
 * print MONITOR_CHECKS_SKIPPED, so the outside test sees it.
 */
#define MONITOR_CHECKS_SKIPPED "monitor checks: skipped, the monitor is not ukvm\n"

static inline int monitor_is_ukvm(void)
{
    const struct hvt_boot_info *bi =
        (const struct hvt_boot_info *)(uintptr_t)HVT_BOOT_INFO_BASE;

    return (bi->host_features & HVT_HOST_FEATURES_UKVM) != 0;
}

#endif
