/* SPDX-License-Identifier: ISC */
/*
 * The hvt target: boot info in, hypercalls out.
 */
#include "kernel.h"
#include "hypercall.h"
#include "abi/mft_abi.h"

void hvt_main(struct hvt_boot_info *bi) __attribute__((noreturn));

uint32_t hvt_host_features;

/* Widens [*lo, *hi) to hold [start, start + len). */
static void widen(uint64_t *lo, uint64_t *hi, uint64_t start, uint64_t len)
{
    if (start < *lo)
        *lo = start;
    if (start + len > *hi)
        *hi = start + len;
}

void hvt_main(struct hvt_boot_info *bi)
{
    const struct mft *mft = (const struct mft *)bi->mft;
    struct boot_params bp;
    uint64_t lo = (uint64_t)bi, hi = lo + sizeof(*bi);

    bp.mem_size = bi->mem_size;
    bp.kernel_end = bi->kernel_end;
    bp.tsc_freq = bi->cpu_cycle_freq;
    bp.cmdline = (const char *)bi->cmdline;
    bp.mft = mft;
    /*
     * Take up what we know of the monitor's offer, and say so. Only a
     * monitor that offered one of our bits gets an answer: solo5-hvt maps
     * the boot info read-only.
     */
    hvt_host_features = bi->host_features & HVT_HOST_FEATURES_UKVM;
    if (hvt_host_features)
        bi->guest_features = hvt_host_features;
    /* In ring 3 the page tables are the monitor's alone. */
    bp.monitor_wx = (hvt_host_features & (HVT_HOST_FEATURE_WX_PAGING |
                                          HVT_HOST_FEATURE_RING3)) != 0;
    bp.net_vnet = (hvt_host_features & HVT_HOST_FEATURE_NET_VNET) != 0;

    /*
     * Keep the boot info, manifest and command line mapped (read-only),
     * wherever below the image the monitor put them; never page 0.
     */
    if (mft)
        widen(&lo, &hi, bi->mft, MFT_SIZE(mft->entries));
    widen(&lo, &hi, bi->cmdline, HVT_CMDLINE_SIZE);
    bp.boot_start = lo > PAGE_SIZE ? lo : PAGE_SIZE;
    bp.boot_end = hi < HVT_LOW_RO_END ? hi : HVT_LOW_RO_END;

    kernel_main(&bp);
}

void platform_init(const struct boot_params *bp)
{
    clock_init(bp->tsc_freq);       /* first: monotonic time starts here */
    cpu_init((hvt_host_features & HVT_HOST_FEATURE_RING3) != 0);
    if (!bp->monitor_wx)
        paging_init(bp);    /* thousands of instructions: only if needed */
}

uint64_t platform_random(void)
{
    return cpu_random();
}

void platform_set_tls_base(uint64_t base)
{
    cpu_set_tls_base(base);
}

void platform_console_write(const char *buf, size_t len)
{
    struct hvt_hc_puts p;

    p.data = (uint64_t)buf;
    p.len = len;
    hvt_hypercall(HVT_HYPERCALL_PUTS, &p);
}

void platform_set_tls_base_slow(uint64_t base)
{
    struct hvt_hc_tls_base p = { .base = base };

    hvt_hypercall(HVT_HYPERCALL_TLS_BASE, &p);
}

uint64_t platform_walltime(void)
{
    struct hvt_hc_walltime p;

    hvt_hypercall(HVT_HYPERCALL_WALLTIME, &p);
    return p.nsecs;
}

static void halt(int status, uint64_t cookie) __attribute__((noreturn));

static void halt(int status, uint64_t cookie)
{
    struct hvt_hc_halt p;

    p.cookie = cookie;
    p.exit_status = status;
    hvt_hypercall(HVT_HYPERCALL_HALT, &p);
    for (;;)
        __asm__ __volatile__("hlt");
}

void platform_halt(int status)
{
    halt(status, 0);
}

void platform_abort_trap(const struct hvt_trap_frame *f)
{
    static struct hvt_halt_trap t;

    t.magic = HVT_HALT_TRAP_MAGIC;
    t.frame = *f;
    halt(SOLO5_EXIT_ABORT, (uint64_t)(uintptr_t)&t);
}

void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set)
{
    struct hvt_hc_poll p;
    solo5_time_t now = solo5_clock_monotonic();

    p.timeout_nsecs = deadline > now ? deadline - now : 0;
    p.ready_set = 0;
    p.ret = 0;
    hvt_hypercall(HVT_HYPERCALL_POLL, &p);
    if (ready_set)
        *ready_set = p.ready_set;
}
