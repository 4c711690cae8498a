/* SPDX-License-Identifier: ISC */
/*
 * Stack protector support for applications built with
 * -fstack-protector-* -mstack-protector-guard=global.
 */
#include "kernel.h"

uintptr_t __stack_chk_guard;

void ssp_init(void)
{
    /* A zero low byte stops string overflows from copying the canary. */
    __stack_chk_guard = platform_random() & ~(uintptr_t)0xff;
}

void __stack_chk_fail(void) __attribute__((noreturn));

void __stack_chk_fail(void)
{
    kputs("guest: stack smashing detected, aborting\n");
    platform_halt(SOLO5_EXIT_ABORT);
}
