/* SPDX-License-Identifier: ISC */
/*
 * ukvm-spt's --stats: the modules' figures (each tap's frames and bytes,
 * net_spt.c) and the run time; no exits or hypercalls, which an spt
 * guest does not make. Printed once, by whichever way the guest ends
 * (guest_entry.c), with ukvm-spt's own TLS.
 */
#include <stdio.h>

#include "stats.h"

void stats_print(void)
{
    static struct ukvm_stat figures[STATS_MAX_FIGURES];
    static bool printed;
    uint64_t all_ns = stats_now_ns() - stats.start_ns;
    unsigned n;

    if (!stats.enabled || printed)
        return;
    printed = true;
    n = stats_figures(figures);
    if (stats.json) {
        fprintf(stderr, "{\"time_ms\":{\"total\":%.3f}", all_ns / 1e6);
        stats_json_guest(figures, n);
        stats_json_devices(figures, n);
        fprintf(stderr, "}\n");
    } else {
        stats_text_guest("ukvm-spt", figures, n);
        stats_text_devices("ukvm-spt", figures, n);
        fprintf(stderr, "ukvm-spt: stats: time total %.3f ms\n", all_ns / 1e6);
    }
}
