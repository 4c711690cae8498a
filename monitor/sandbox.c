/* The seccomp filter ukvm runs the guest under. */
#include <errno.h>
#include <linux/kvm.h>
#include <string.h>
#include <unistd.h>

#include "sandbox.h"

#define ALLOW(ctx, call, ...) \
    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(call), __VA_ARGS__)

static int allow_core(struct ukvm *vm, scmp_filter_ctx ctx)
{
    static const unsigned long vcpu_ioctls[] = { KVM_RUN, KVM_GET_REGS, KVM_GET_SREGS };
    static const int plain[] = {
        SCMP_SYS(exit_group), SCMP_SYS(exit), SCMP_SYS(rt_sigreturn),
        SCMP_SYS(clock_gettime),    /* if the vDSO is not used */
    };
    int r = 0;

    for (size_t i = 0; i < sizeof vcpu_ioctls / sizeof vcpu_ioctls[0] && !r; i++)
        r = ALLOW(ctx, ioctl, 2, SCMP_A0(SCMP_CMP_EQ, (uint64_t)vm->vcpu_fd),
                  SCMP_A1(SCMP_CMP_EQ, vcpu_ioctls[i]));
    for (size_t i = 0; i < sizeof plain / sizeof plain[0] && !r; i++)
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, plain[i], 0);
    if (!r)
        r = ALLOW(ctx, write, 1, SCMP_A0(SCMP_CMP_EQ, STDOUT_FILENO));
    if (!r)
        r = ALLOW(ctx, write, 1, SCMP_A0(SCMP_CMP_EQ, STDERR_FILENO));
    if (!r)
        r = ALLOW(ctx, epoll_pwait2, 1, SCMP_A0(SCMP_CMP_EQ, (uint64_t)vm->poll_fd));
#if defined(__SANITIZE_ADDRESS__)
    /* The sanitizer runtime maps memory and reads /proc when it reports. */
    static const int sanitizer[] = {
        SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(madvise), SCMP_SYS(mprotect),
        SCMP_SYS(openat), SCMP_SYS(read), SCMP_SYS(close), SCMP_SYS(readlink),
        SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(tgkill), SCMP_SYS(sigaltstack),
        SCMP_SYS(rt_sigprocmask), SCMP_SYS(rt_sigaction), SCMP_SYS(sched_yield),
        SCMP_SYS(prctl), SCMP_SYS(futex), SCMP_SYS(newfstatat), SCMP_SYS(write),
    };
    for (size_t i = 0; i < sizeof sanitizer / sizeof sanitizer[0] && !r; i++)
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, sanitizer[i], 0);
#endif
    return r;
}

#if defined(__SANITIZE_ADDRESS__)
/*
 * LeakSanitizer's exit-time check clones and ptraces, which the filter
 * rightly forbids; the unit tests check for leaks instead.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}
#endif

int sandbox_enter(struct ukvm *vm, struct errbuf *err)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
    int r;

    if (!ctx)
        return err_set(err, "seccomp_init failed");
    r = allow_core(vm, ctx);
    for_each_module(m)
        if (!r && (*m)->seccomp)
            r = (*m)->seccomp(vm, ctx);
    if (!r)
        r = seccomp_load(ctx);
    seccomp_release(ctx);
    if (r)
        return err_set(err, "cannot install the seccomp filter: %s", strerror(-r));
    return 0;
}
