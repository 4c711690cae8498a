/* Counting exits and time, and the report --stats prints. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arch.h"
#include "hypercall.h"
#include "stats.h"
#include "ukvm.h"

#define MAX_FIGURES 256

struct ukvm_stats stats;

uint64_t stats_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* The modules' figures, in module order. */
static unsigned module_figures(struct ukvm_stat *f)
{
    unsigned n = 0;

    for_each_module(m)
        if ((*m)->stats && n < MAX_FIGURES)
            n += (*m)->stats(f + n, MAX_FIGURES - n);
    return n;
}

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
    const char *device = NULL;

    for (unsigned i = 0; i < n; i++)
        if (!f[i].device)
            fprintf(stderr, "ukvm: stats: guest %s %llu\n",
                    strncmp(f[i].key, "guest_", 6) == 0 ? f[i].key + 6 : f[i].key,
                    (unsigned long long)f[i].value);
    fprintf(stderr, "ukvm: stats: exits %llu", exits_total());
    for (unsigned i = 0; i < 64; i++)
        if (stats.exits[i])
            fprintf(stderr, ", %s %llu", exit_key(i), (unsigned long long)stats.exits[i]);
    fprintf(stderr, "\nukvm: stats: hypercalls");
    for (unsigned i = 0; i < HVT_HYPERCALL_MAX; i++)
        if (stats.hypercalls[i])
            fprintf(stderr, " %s %llu", hypercall_key(i),
                    (unsigned long long)stats.hypercalls[i]);
    for (unsigned i = 0; i < n; i++) {
        if (!f[i].device)
            continue;
        if (!device || strcmp(device, f[i].device) != 0)
            fprintf(stderr, "\nukvm: stats: device %s:", device = f[i].device);
        fprintf(stderr, " %s %llu", f[i].key, (unsigned long long)f[i].value);
    }
    fprintf(stderr, "\nukvm: stats: time total %.3f ms, guest %.3f ms, poll wait %.3f ms, "
            "monitor %.3f ms\n", all_ns / 1e6, stats.guest_ns / 1e6, stats.wait_ns / 1e6,
            (all_ns - stats.guest_ns - stats.wait_ns) / 1e6);
}

/* One line of JSON; device names are manifest names (no quote, no
 * backslash, no control character: mft_check). */
static void print_json(uint64_t all_ns, const struct ukvm_stat *f, unsigned n)
{
    const char *device = NULL;
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
    for (unsigned i = 0; i < n; i++)
        if (!f[i].device)
            fprintf(stderr, ",\"%s\":%llu", f[i].key, (unsigned long long)f[i].value);
    fprintf(stderr, ",\"devices\":{");
    for (unsigned i = 0; i < n; i++) {
        if (!f[i].device)
            continue;
        if (!device || strcmp(device, f[i].device) != 0) {
            fprintf(stderr, "%s\"%s\":{", device ? "}," : "", f[i].device);
            device = f[i].device;
            sep = "";
        }
        fprintf(stderr, "%s\"%s\":%llu", sep, f[i].key, (unsigned long long)f[i].value);
        sep = ",";
    }
    fprintf(stderr, "%s}}\n", device ? "}" : "");
}

void stats_print(void)
{
    static struct ukvm_stat figures[MAX_FIGURES];
    uint64_t all_ns = stats_now_ns() - stats.start_ns;
    unsigned n;

    if (!stats.enabled)
        return;
    n = module_figures(figures);
    if (stats.json)
        print_json(all_ns, figures, n);
    else
        print_text(all_ns, figures, n);
}
