/* SPDX-License-Identifier: ISC */
/*
 * spt only: a guest that makes a system call its seccomp filter does not
 * allow must be stopped, and ukvm-spt must say why. The command line
 * picks the call: getpid (the default), the same through the x32 ABI or
 * int $0x80 (i386), or epoll_pwait/epoll_pwait2 on the allowed epoll set
 * but with a signal mask (which would let the guest block SIGTERM), or,
 * under --dumpcore, "linkat dirfd=N": linkat of "victim" (in the working
 * directory) to "stolen" in the core directory, descriptor N, with a path
 * of the guest's own that the filter's pinned one is not.
 */
#include "test_util.h"
#include "abi/spt_abi.h"

#define X32_BIT 0x40000000L

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* Whether S starts with PREFIX. */
static int starts(const char *s, const char *prefix)
{
    while (*prefix && *s == *prefix)
        s++, prefix++;
    return *prefix == '\0';
}

static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;

    __asm__ __volatile__("syscall" : "=a"(ret)
                         : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                         : "rcx", "r11", "memory");
    return ret;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    const struct spt_boot_info *bi =
        (const struct spt_boot_info *)(uintptr_t)SPT_BOOT_INFO_BASE;
    static uint64_t mask = ~0ULL, events[4];
    static struct { long sec, nsec; } ts = { 3, 0 };
    long ret;

    if (streq(si->cmdline, "x32")) {
        puts("calling x32 getpid\n");
        ret = sys6(X32_BIT | 39, 0, 0, 0, 0, 0, 0);
    } else if (streq(si->cmdline, "int80")) {
        puts("calling int $0x80 getpid\n");
        __asm__ __volatile__("int $0x80" : "=a"(ret) : "a"(20L) : "memory");
    } else if (streq(si->cmdline, "pwait-mask")) {
        puts("calling epoll_pwait with a signal mask\n");
        ret = sys6(281, bi->epollfd, (long)events, 4, 3000, (long)&mask, 8);
    } else if (streq(si->cmdline, "pwait2-mask")) {
        puts("calling epoll_pwait2 with a signal mask\n");
        ret = sys6(441, bi->epollfd, (long)events, 4, (long)&ts, (long)&mask, 8);
    } else if (starts(si->cmdline, "linkat ")) {
        puts("calling linkat of victim into the core directory\n");
        ret = sys6(265, -100 /* AT_FDCWD */, (long)"victim",
                   (long)arg_value(si->cmdline, "dirfd", 0), (long)"stolen",
                   0x400 /* AT_SYMLINK_FOLLOW */, 0);
    } else {
        puts("calling getpid\n");
        ret = sys6(39, 0, 0, 0, 0, 0, 0);
    }
    puts("SURVIVED\n");
    return (int)ret;
}
