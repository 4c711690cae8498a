/* SPDX-License-Identifier: ISC */
/* The seccomp filter a tender runs the guest under. */
#include <errno.h>
#include <malloc.h>
#include <string.h>

#include "sandbox.h"

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

int sandbox_install(struct ukvm *vm, uint32_t default_action,
                    int (*allow_core)(struct ukvm *vm, scmp_filter_ctx ctx),
                    struct errbuf *err)
{
    scmp_filter_ctx ctx;
    int r;

    /*
     * The filter's own memory is freed once it is loaded, when brk and
     * munmap are no longer allowed: from here on, allocations come from
     * the heap (no mmap) and free never gives memory back (no trim).
     */
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, -1);
    ctx = seccomp_init(default_action);

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
