/*
 * The spt target: the unikernel runs as ukvm-spt's process, so clocks,
 * console, sleeping and exit are system calls (the only ones its seccomp
 * filter lets through, with the devices' reads and writes).
 */
#include "kernel.h"
#include "abi/spt_abi.h"
#include "syscall.h"

void spt_main(const struct spt_boot_info *bi) __attribute__((noreturn));

static int poll_fd;

void spt_main(const struct spt_boot_info *bi)
{
    struct boot_params bp = {
        .mem_size = bi->mem_size,
        .kernel_end = bi->kernel_end,
        .cmdline = (const char *)bi->cmdline,
        .mft = (const struct mft *)bi->mft,
        .monitor_wx = 1,        /* ukvm-spt maps by segment */
    };

    poll_fd = bi->poll_fd;
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

void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set)
{
    struct spt_epoll_event ev[16];
    solo5_time_t now = solo5_clock_monotonic();
    uint64_t t = deadline > now ? deadline - now : 0;
    struct spt_timespec ts = { (int64_t)(t / 1000000000ULL),
                               (int64_t)(t % 1000000000ULL) };
    solo5_handle_set_t ready = 0;
    long n = sys6(SYS_epoll_pwait2, poll_fd, (long)ev, 16, (long)&ts, 0, 8);

    for (long i = 0; i < n; i++)
        ready |= 1ULL << (ev[i].data & 63);
    if (ready_set)
        *ready_set = ready;
}

void platform_net_acquired(solo5_handle_t h)
{
    (void)h;
}
