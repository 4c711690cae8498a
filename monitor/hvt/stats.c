/* Counting exits and time, and the report --stats prints. */
#include <ctype.h>
#include <stdio.h>
#include <time.h>

#include "arch.h"
#include "hypercall.h"
#include "stats.h"

struct ukvm_stats stats;

uint64_t stats_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void stats_print(void)
{
    uint64_t total = 0, all_ns = stats_now_ns() - stats.start_ns;

    if (!stats.enabled)
        return;
    for (int i = 0; i < 64; i++)
        total += stats.exits[i];
    fprintf(stderr, "ukvm: stats: exits %llu", (unsigned long long)total);
    for (int i = 0; i < 64; i++) {
        if (!stats.exits[i])
            continue;
        if (arch_exit_name((unsigned)i))
            fprintf(stderr, ", %s %llu", arch_exit_name((unsigned)i),
                    (unsigned long long)stats.exits[i]);
        else
            fprintf(stderr, ", reason%d %llu", i, (unsigned long long)stats.exits[i]);
    }
    fprintf(stderr, "\nukvm: stats: hypercalls");
    for (unsigned i = 0; i < HVT_HYPERCALL_MAX; i++) {
        if (!stats.hypercalls[i])
            continue;
        fputc(' ', stderr);
        for (const char *c = hypercall_find(i)->name; *c; c++)
            fputc(tolower((unsigned char)*c), stderr);
        fprintf(stderr, " %llu", (unsigned long long)stats.hypercalls[i]);
    }
    fprintf(stderr, "\nukvm: stats: time total %.3f ms, guest %.3f ms, monitor %.3f ms\n",
            all_ns / 1e6, stats.guest_ns / 1e6, (all_ns - stats.guest_ns) / 1e6);
}
