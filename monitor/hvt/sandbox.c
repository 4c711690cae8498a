/* SPDX-License-Identifier: ISC */
/* ukvm's own seccomp rules: the core's calls and the backend's. */
#include <unistd.h>

#include "arch.h"
#include "sandbox.h"

#define ALLOW(ctx, call, ...) \
    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(call), __VA_ARGS__)

/* What ukvm's core does while the guest runs; the backend adds its own. */
static int allow_core(struct ukvm *vm, scmp_filter_ctx ctx)
{
    static const int plain[] = {
        SCMP_SYS(exit_group), SCMP_SYS(exit), SCMP_SYS(rt_sigreturn),
        SCMP_SYS(clock_gettime),    /* if the vDSO is not used */
    };
    int r = arch_seccomp(vm, ctx);

    for (size_t i = 0; i < sizeof plain / sizeof plain[0] && !r; i++)
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, plain[i], 0);
    if (!r)
        r = ALLOW(ctx, write, 1, SCMP_A0(SCMP_CMP_EQ, STDOUT_FILENO));
    if (!r)
        r = ALLOW(ctx, write, 1, SCMP_A0(SCMP_CMP_EQ, STDERR_FILENO));
    if (!r)
        r = ALLOW(ctx, epoll_pwait2, 1, SCMP_A0(SCMP_CMP_EQ, (uint64_t)vm->poll_fd));
    return r;
}

int sandbox_enter(struct ukvm *vm, struct errbuf *err)
{
    return sandbox_install(vm, SCMP_ACT_KILL_PROCESS, allow_core, err);
}

