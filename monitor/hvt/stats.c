/* SPDX-License-Identifier: ISC */
/* hvt's --stats: exits, hypercalls and where the time went (stats.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "hypercall.h"
#include "stats.h"
#include "ukvm.h"

/* A hypercall's name as --stats prints it: "net_write". */
static const char *hypercall_key(unsigned nr)
{
    static char key[32];
    const char *name = hypercall_find(nr)->name;
    size_t i;

    for (i = 0; name[i] && i < sizeof key - 1; i++)
        key[i] = (char)tolower((unsigned char)name[i]);
    key[i] = '\0';
    return key;
}

/* An exit reason's name, or "reasonN". */
static const char *exit_key(unsigned reason)
{
    static char key[16];

    if (arch_exit_name(reason))
        return arch_exit_name(reason);
    snprintf(key, sizeof key, "reason%u", reason);
    return key;
}

static unsigned long long exits_total(void)
{
    unsigned long long total = 0;

    for (int i = 0; i < 64; i++)
        total += stats.exits[i];
    return total;
}

static void print_text(uint64_t all_ns, const struct ukvm_stat *f, unsigned n)
{
    stats_text_guest("ukvm", f, n);
    fprintf(stderr, "ukvm: stats: exits %llu", exits_total());
    for (unsigned i = 0; i < 64; i++)
        if (stats.exits[i])
            fprintf(stderr, ", %s %llu", exit_key(i), (unsigned long long)stats.exits[i]);
    fprintf(stderr, "\nukvm: stats: hypercalls");
    for (unsigned i = 0; i < HVT_HYPERCALL_MAX; i++)
        if (stats.hypercalls[i])
            fprintf(stderr, " %s %llu", hypercall_key(i),
                    (unsigned long long)stats.hypercalls[i]);
    fputc('\n', stderr);
    stats_text_devices("ukvm", f, n);
    fprintf(stderr, "ukvm: stats: time total %.3f ms, guest %.3f ms, poll wait %.3f ms, "
            "monitor %.3f ms\n", all_ns / 1e6, stats.guest_ns / 1e6, stats.wait_ns / 1e6,
            (all_ns - stats.guest_ns - stats.wait_ns) / 1e6);
}

/* One line of JSON. */
static void print_json(uint64_t all_ns, const struct ukvm_stat *f, unsigned n)
{
    const char *sep = "";

    fprintf(stderr, "{\"exits\":{\"total\":%llu", exits_total());
    for (unsigned i = 0; i < 64; i++)
        if (stats.exits[i])
            fprintf(stderr, ",\"%s\":%llu", exit_key(i), (unsigned long long)stats.exits[i]);
    fprintf(stderr, "},\"hypercalls\":{");
    for (unsigned i = 0; i < HVT_HYPERCALL_MAX; i++)
        if (stats.hypercalls[i]) {
            fprintf(stderr, "%s\"%s\":%llu", sep, hypercall_key(i),
                    (unsigned long long)stats.hypercalls[i]);
            sep = ",";
        }
    fprintf(stderr, "},\"time_ms\":{\"total\":%.3f,\"guest\":%.3f,\"poll_wait\":%.3f,"
            "\"monitor\":%.3f}", all_ns / 1e6, stats.guest_ns / 1e6, stats.wait_ns / 1e6,
            (all_ns - stats.guest_ns - stats.wait_ns) / 1e6);
    stats_json_guest(f, n);
    stats_json_devices(f, n);
    fprintf(stderr, "}\n");
}

void stats_print(void)
{
    static struct ukvm_stat figures[STATS_MAX_FIGURES];
    uint64_t all_ns = stats_now_ns() - stats.start_ns;
    unsigned n;

    if (!stats.enabled)
        return;
    n = stats_figures(figures);
    if (stats.json)
        print_json(all_ns, figures, n);
    else
        print_text(all_ns, figures, n);
}
