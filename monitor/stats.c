/* SPDX-License-Identifier: ISC */
/* --stats: the option, the clock and the modules' figures (stats.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "stats.h"

struct ukvm_stats stats;

uint64_t stats_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int stats_option(const char *arg)
{
    if (strcmp(arg, "--stats") == 0 || strcmp(arg, "--stats=text") == 0)
        stats.enabled = true;
    else if (strcmp(arg, "--stats=json") == 0)
        stats.enabled = stats.json = true;
    else
        return 0;
    return 1;
}

/* The modules' figures, in module order. */
unsigned stats_figures(struct ukvm_stat *f)
{
    unsigned n = 0;

    for_each_module(m)
        if ((*m)->stats && n < STATS_MAX_FIGURES)
            n += (*m)->stats(f + n, STATS_MAX_FIGURES - n);
    return n;
}

void stats_text_guest(const char *name, const struct ukvm_stat *f, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (!f[i].device)
            fprintf(stderr, "%s: stats: guest %s %llu\n", name,
                    strncmp(f[i].key, "guest_", 6) == 0 ? f[i].key + 6 : f[i].key,
                    (unsigned long long)f[i].value);
}

/* One line a device: "NAME: stats: device service0: tx_frames 3 ...". */
void stats_text_devices(const char *name, const struct ukvm_stat *f, unsigned n)
{
    const char *device = NULL;

    for (unsigned i = 0; i < n; i++) {
        if (!f[i].device)
            continue;
        if (!device || strcmp(device, f[i].device) != 0) {
            fprintf(stderr, "%s%s: stats: device %s:", device ? "\n" : "", name,
                    f[i].device);
            device = f[i].device;
        }
        fprintf(stderr, " %s %llu", f[i].key, (unsigned long long)f[i].value);
    }
    if (device)
        fputc('\n', stderr);
}

void stats_json_guest(const struct ukvm_stat *f, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (!f[i].device)
            fprintf(stderr, ",\"%s\":%llu", f[i].key, (unsigned long long)f[i].value);
}

/* Device names are manifest names (no quote, no backslash, no control
 * character: mft_check). */
void stats_json_devices(const struct ukvm_stat *f, unsigned n)
{
    const char *device = NULL;
    const char *sep = "";

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
    fprintf(stderr, "%s}", device ? "}" : "");
}
