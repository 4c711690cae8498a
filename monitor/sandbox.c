/* The seccomp filter ukvm runs the guest under. */
#include <errno.h>
#include <linux/kvm.h>
#include <string.h>
#include <unistd.h>

#include "sandbox.h"

#define ALLOW(ctx, call, ...) \
    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(call), __VA_ARGS__)

#if defined(__SANITIZE_ADDRESS__)
/* The sanitizer runtime maps memory and reads /proc when it reports. */
static int allow_sanitizer(scmp_filter_ctx ctx)
{
    static const int calls[] = {
        SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(madvise), SCMP_SYS(mprotect),
        SCMP_SYS(openat), SCMP_SYS(read), SCMP_SYS(close), SCMP_SYS(readlink),
        SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(tgkill), SCMP_SYS(sigaltstack),
        SCMP_SYS(rt_sigprocmask), SCMP_SYS(rt_sigaction), SCMP_SYS(sched_yield),
        SCMP_SYS(prctl), SCMP_SYS(futex), SCMP_SYS(newfstatat), SCMP_SYS(write),
    };
    int r = 0;

    for (size_t i = 0; i < sizeof calls / sizeof calls[0] && !r; i++)
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, calls[i], 0);
    return r;
}
#endif

static int allow_core(struct ukvm *vm, scmp_filter_ctx ctx)
{
    static const unsigned long vcpu_ioctls[] = { KVM_RUN, KVM_GET_REGS, KVM_GET_SREGS };
    static const int plain[] = {
        SCMP_SYS(exit_group), SCMP_SYS(exit), SCMP_SYS(rt_sigreturn),
        SCMP_SYS(clock_gettime),    /* if the vDSO is not used */
    };

    /* Ring 3: calling the trap handler and TLS_BASE set registers. */
    static const unsigned long ring3_ioctls[] = { KVM_SET_REGS, KVM_SET_SREGS };
    const bool ring3 = vm->host_features & HVT_HOST_FEATURE_RING3;
    int r = 0;

    for (size_t i = 0; i < sizeof vcpu_ioctls / sizeof vcpu_ioctls[0] && !r; i++)
        r = ALLOW(ctx, ioctl, 2, SCMP_A0(SCMP_CMP_EQ, (uint64_t)vm->vcpu_fd),
                  SCMP_A1(SCMP_CMP_EQ, vcpu_ioctls[i]));
    for (size_t i = 0; ring3 && i < sizeof ring3_ioctls / sizeof ring3_ioctls[0] &&
                       !r; i++)
        r = ALLOW(ctx, ioctl, 2, SCMP_A0(SCMP_CMP_EQ, (uint64_t)vm->vcpu_fd),
                  SCMP_A1(SCMP_CMP_EQ, ring3_ioctls[i]));
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
    return sandbox_install(vm, SCMP_ACT_KILL_PROCESS, allow_core, err);
}

int sandbox_install(struct ukvm *vm, uint32_t default_action,
                    int (*allow_core)(struct ukvm *vm, scmp_filter_ctx ctx),
                    struct errbuf *err)
{
    scmp_filter_ctx ctx = seccomp_init(default_action);
    int r;

    if (!ctx)
        return err_set(err, "seccomp_init failed");
    /* x32 and i386 (int $0x80) calls get the default action too, so
     * ukvm-spt reports them like any forbidden call. */
    r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, default_action);
    if (!r)
        r = allow_core(vm, ctx);
#if defined(__SANITIZE_ADDRESS__)
    if (!r)
        r = allow_sanitizer(ctx);
#endif
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
