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

#endif
