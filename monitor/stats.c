/* Counting exits and time, and the report --stats prints. */
#include <linux/kvm.h>
#include <stdio.h>
#include <time.h>

#include "abi/hvt_abi.h"
#include "stats.h"

struct ukvm_stats stats;

uint64_t stats_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static const char *const exit_names[64] = {
    [KVM_EXIT_IO] = "io", [KVM_EXIT_HLT] = "hlt", [KVM_EXIT_MMIO] = "mmio",
    [KVM_EXIT_SHUTDOWN] = "shutdown", [KVM_EXIT_FAIL_ENTRY] = "fail_entry",
    [KVM_EXIT_INTR] = "intr", [KVM_EXIT_INTERNAL_ERROR] = "internal_error",
};

static const char *const hypercall_names[HVT_HYPERCALL_MAX] = {
    [HVT_HYPERCALL_WALLTIME] = "walltime", [HVT_HYPERCALL_PUTS] = "puts",
    [HVT_HYPERCALL_POLL] = "poll", [HVT_HYPERCALL_BLOCK_WRITE] = "block_write",
    [HVT_HYPERCALL_BLOCK_READ] = "block_read", [HVT_HYPERCALL_NET_WRITE] = "net_write",
    [HVT_HYPERCALL_NET_READ] = "net_read", [HVT_HYPERCALL_HALT] = "halt",
    [HVT_HYPERCALL_NET_RXRING] = "net_rxring", [HVT_HYPERCALL_TLS_BASE] = "tls_base",
};

void stats_print(void)
{
    uint64_t total = 0, all_ns = stats_now_ns() - stats.start_ns;

    if (!stats.enabled)
        return;
    if (stats.count_steps)
        fprintf(stderr, "ukvm: stats: guest instructions %llu\n",
                (unsigned long long)stats.steps);
    for (int i = 0; i < 64; i++)
        total += stats.exits[i];
    fprintf(stderr, "ukvm: stats: exits %llu", (unsigned long long)total);
    for (int i = 0; i < 64; i++) {
        if (!stats.exits[i])
            continue;
        if (exit_names[i])
            fprintf(stderr, ", %s %llu", exit_names[i],
                    (unsigned long long)stats.exits[i]);
        else
            fprintf(stderr, ", reason%d %llu", i, (unsigned long long)stats.exits[i]);
    }
    fprintf(stderr, "\nukvm: stats: hypercalls");
    for (int i = 0; i < HVT_HYPERCALL_MAX; i++)
        if (stats.hypercalls[i])
            fprintf(stderr, " %s %llu", hypercall_names[i] ? hypercall_names[i] : "?",
                    (unsigned long long)stats.hypercalls[i]);
    fprintf(stderr, "\nukvm: stats: time total %.3f ms, guest %.3f ms, monitor %.3f ms\n",
            all_ns / 1e6, stats.guest_ns / 1e6, (all_ns - stats.guest_ns) / 1e6);
}
