/* SPDX-License-Identifier: ISC */
/*
 * What an spt guest may ask of Linux itself; modules add their devices'.
 * Everything a Solo5 spt guest uses (docs/ABI.md section 7), and what
 * ukvm-spt offers beyond it only where it is offered.
 */
#include <asm/prctl.h>
#include <time.h>
#include <unistd.h>

#include "abi/spt_abi.h"
#include "spt.h"
#include "stats.h"

#define ALLOW(ctx, call, ...) \
    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(call), __VA_ARGS__)

int spt_allow_guest(struct ukvm *vm, scmp_filter_ctx ctx)
{
    /* exit_group is left to trap where ukvm-spt must see the guest end:
     * solo5_abort's exit_group(255) with trap_abort (halt hooks), every
     * one with --stats (the report). The handler then ends the process
     * with exit, which in a one-thread process is the same call. */
    int r = stats.enabled ? 0
          : vm->trap_abort ? ALLOW(ctx, exit_group, 1, SCMP_A0(SCMP_CMP_NE, 255))
          : ALLOW(ctx, exit_group, 0);

    if (!r && (vm->trap_abort || stats.enabled))
        r = ALLOW(ctx, exit, 0);

    if (!r)
        r = ALLOW(ctx, clock_gettime, 1, SCMP_A0(SCMP_CMP_EQ, CLOCK_MONOTONIC));
    if (!r)
        r = ALLOW(ctx, clock_gettime, 1, SCMP_A0(SCMP_CMP_EQ, CLOCK_REALTIME));
    if (!r)     /* the console; stderr for ukvm-spt's own reports */
        r = ALLOW(ctx, write, 1, SCMP_A0(SCMP_CMP_EQ, STDOUT_FILENO));
    if (!r)
        r = ALLOW(ctx, write, 1, SCMP_A0(SCMP_CMP_EQ, STDERR_FILENO));
    if (!r)     /* solo5_yield: arm the timer, wait on the set */
        r = ALLOW(ctx, timerfd_settime, 1,
                  SCMP_A0(SCMP_CMP_EQ, (uint64_t)vm->timer_fd));
    /* No signal mask: a guest must not block SIGTERM while it waits. */
    if (!r)
        r = ALLOW(ctx, epoll_pwait, 2, SCMP_A0(SCMP_CMP_EQ, (uint64_t)vm->poll_fd),
                  SCMP_A4(SCMP_CMP_EQ, 0));
    if (!r && (vm->host_features & SPT_FEATURE_YIELD_PWAIT2))
        r = ALLOW(ctx, epoll_pwait2, 2, SCMP_A0(SCMP_CMP_EQ, (uint64_t)vm->poll_fd),
                  SCMP_A4(SCMP_CMP_EQ, 0));
    if (!r)     /* solo5_set_tls_base */
        r = ALLOW(ctx, arch_prctl, 1, SCMP_A0(SCMP_CMP_EQ, ARCH_SET_FS));
    return r;
}
