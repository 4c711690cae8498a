/* SPDX-License-Identifier: ISC */
/*
 * The spt target: the unikernel runs as the tender's process (ukvm-spt
 * or Solo5's solo5-spt), so clocks, console, sleeping and exit are
 * system calls: only those Solo5's seccomp filter lets through, with the
 * devices' reads and writes, unless ukvm-spt offers more.
 */
#include "kernel.h"
#include "abi/spt_abi.h"
#include "spt.h"
#include "syscall.h"

void spt_main(const struct spt_boot_info *bi) __attribute__((noreturn));

static int epoll_fd, timer_fd;
uint32_t spt_features;

/* ukvm-spt's offer (spt_abi.h), or 0 from Solo5's tender. */
static uint32_t offered_features(const struct spt_boot_info *bi)
{
    const struct spt_offer *of = (const struct spt_offer *)(bi + 1);
    uint64_t past = (uint64_t)(of + 1);

    if (bi->mft < past || bi->cmdline < past || of->magic != SPT_OFFER_MAGIC)
        return 0;
    return of->host_features & SPT_FEATURES_UKVM;
}

void spt_main(const struct spt_boot_info *bi)
{
    struct boot_params bp = {
        .mem_size = bi->mem_size,
        .kernel_end = bi->kernel_end,
        .cmdline = (const char *)bi->cmdline,
        .mft = (const struct mft *)bi->mft,
        .monitor_wx = 1,        /* both tenders map by segment */
    };

    /* No TLS until the application sets one: not the tender's. */
    platform_set_tls_base(0);
    epoll_fd = bi->epollfd;
    timer_fd = bi->timerfd;
    spt_features = offered_features(bi);
    bp.net_vnet = (spt_features & SPT_FEATURE_NET_VNET) != 0;
    kernel_main(&bp);
}

void platform_init(const struct boot_params *bp)
{
    (void)bp;
}

uint64_t platform_random(void)
{
    return cpu_random();
}

void platform_set_tls_base(uint64_t base)
{
    sys2(SYS_arch_prctl, ARCH_SET_FS, base);
}

static uint64_t clock_ns(int clock)
{
    struct spt_timespec ts;

    sys2(SYS_clock_gettime, clock, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

solo5_time_t solo5_clock_monotonic(void)
{
    return clock_ns(CLOCK_MONOTONIC);
}

solo5_time_t solo5_clock_wall(void)
{
    return clock_ns(CLOCK_REALTIME);
}

void platform_console_write(const char *buf, size_t len)
{
    while (len > 0) {
        long n = sys3(SYS_write, 1, buf, len);
        if (n == -EINTR)
            continue;
        if (n <= 0)
            return;
        buf += n;
        len -= (size_t)n;
    }
}

void platform_halt(int status)
{
    for (;;)
        sys1(SYS_exit_group, status);
}

static struct spt_timespec timespec_of(uint64_t ns)
{
    return (struct spt_timespec){ (int64_t)(ns / 1000000000ULL),
                                  (int64_t)(ns % 1000000000ULL) };
}

/*
 * Waits for the set's events: with one epoll_pwait2 and a relative
 * timeout where ukvm-spt offers it, else as Solo5 does, by arming the
 * timer for the deadline (never 0, which would disarm it) and waiting
 * with no timeout.
 */
static long wait_events(solo5_time_t deadline, struct spt_epoll_event *ev, int n)
{
    long r;

    if (spt_features & SPT_FEATURE_YIELD_PWAIT2) {
        solo5_time_t now = solo5_clock_monotonic();
        struct spt_timespec ts = timespec_of(deadline > now ? deadline - now : 0);

        return sys6(SYS_epoll_pwait2, epoll_fd, (long)ev, n, (long)&ts, 0, 8);
    }
    struct spt_itimerspec it = { { 0, 0 }, timespec_of(deadline | 1) };
    sys4(SYS_timerfd_settime, timer_fd, TFD_TIMER_ABSTIME, &it, 0);
    do
        r = sys6(SYS_epoll_pwait, epoll_fd, (long)ev, n, -1, 0, 0);
    while (r == -EINTR);
    return r;
}

void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set)
{
    struct spt_epoll_event ev[16];
    solo5_handle_set_t ready = 0;
    long n = wait_events(deadline, ev, 16);

    for (long i = 0; i < n; i++)
        if (ev[i].data != SPT_EPOLL_TIMER)
            ready |= 1ULL << (ev[i].data & 63);
    if (ready_set)
        *ready_set = ready;
}

void platform_net_acquired(solo5_handle_t h)
{
    (void)h;
}
