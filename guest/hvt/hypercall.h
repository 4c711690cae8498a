/* SPDX-License-Identifier: ISC */
/*
 * hvt hypercalls: the argument struct's address in %eax, out to port
 * 0x500 + nr. The monitor reads and writes the struct before we resume.
 */
#ifndef GUEST_HVT_HYPERCALL_H
#define GUEST_HVT_HYPERCALL_H

#include <stdint.h>

#include "abi/hvt_abi.h"

/* arg must lie below 4 GiB; all guest memory does (docs/ABI.md 3). */
static inline void hvt_hypercall(int nr, volatile void *arg)
{
    __asm__ __volatile__("outl %0, %1"
            : : "a"((uint32_t)(uintptr_t)arg),
                "d"((uint16_t)HVT_HYPERCALL_PORT(nr))
            : "memory");
}

/* The monitor's features this guest took up (boot info guest_features). */
extern uint32_t hvt_host_features;

#endif
