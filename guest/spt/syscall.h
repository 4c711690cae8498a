/* SPDX-License-Identifier: ISC */
/* Raw Linux system calls: the spt guest's only way out. */
#ifndef GUEST_SPT_SYSCALL_H
#define GUEST_SPT_SYSCALL_H

#include <stdint.h>

/* x86_64 numbers (asm/unistd_64.h); the guest has no libc headers. */
#define SYS_read         0
#define SYS_write        1
#define SYS_pread64      17
#define SYS_pwrite64     18
#define SYS_ioctl        16
#define SYS_arch_prctl   158
#define SYS_clock_gettime 228
#define SYS_exit_group   231
#define SYS_epoll_pwait  281
#define SYS_timerfd_settime 286
#define SYS_epoll_pwait2 441

#define ARCH_SET_FS      0x1002
#define CLOCK_REALTIME   0
#define CLOCK_MONOTONIC  1
#define EINTR            4
#define EAGAIN           11
#define TFD_TIMER_ABSTIME 1
#define SPT_TUNSETOFFLOAD 0x400454d0     /* _IOW('T', 208, unsigned int) */

struct spt_timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};

struct spt_itimerspec {
    struct spt_timespec it_interval;
    struct spt_timespec it_value;
};

struct spt_epoll_event {
    uint32_t events;
    uint64_t data;
} __attribute__((packed));

static inline long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;

    __asm__ __volatile__("syscall"
                         : "=a"(ret)
                         : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                         : "rcx", "r11", "memory");
    return ret;
}

#define sys1(nr, a)          sys6(nr, (long)(a), 0, 0, 0, 0, 0)
#define sys2(nr, a, b)       sys6(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define sys3(nr, a, b, c)    sys6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(nr, a, b, c, d) sys6(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

#endif
