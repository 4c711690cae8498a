/* What an spt guest may ask of Linux itself; modules add their devices'. */
#include <asm/prctl.h>
#include <unistd.h>

#include "spt.h"

int spt_allow_guest(struct ukvm *vm, scmp_filter_ctx ctx)
{
    static const int plain[] = {
        SCMP_SYS(exit_group), SCMP_SYS(clock_gettime),
    };
    int r = 0;

    for (size_t i = 0; i < sizeof plain / sizeof plain[0] && !r; i++)
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, plain[i], 0);
    if (!r)     /* the console; stderr for ukvm-spt's own reports */
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(write), 1,
                             SCMP_A0(SCMP_CMP_EQ, STDOUT_FILENO));
    if (!r)
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(write), 1,
                             SCMP_A0(SCMP_CMP_EQ, STDERR_FILENO));
    if (!r)     /* solo5_yield */
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(epoll_pwait2), 1,
                             SCMP_A0(SCMP_CMP_EQ, (uint64_t)vm->poll_fd));
    if (!r)     /* solo5_set_tls_base */
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(arch_prctl), 1,
                             SCMP_A0(SCMP_CMP_EQ, ARCH_SET_FS));
    return r;
}
