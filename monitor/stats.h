/* SPDX-License-Identifier: ISC */
/*
 * --stats[=json]: the modules' figures (per device) and the run time,
 * printed at exit as text or one JSON line, by both tenders; on hvt also
 * VM exits by kind, hypercalls and where the time went (in the guest,
 * waiting in POLL, in the monitor: hvt/stats.c).
 */
#ifndef UKVM_STATS_H
#define UKVM_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/hvt_abi.h"
#include "ukvm.h"

struct ukvm_stats {
    bool enabled, json;
    uint64_t start_ns;
    /* hvt's alone: */
    uint64_t guest_ns;               /* running the vCPU */
    uint64_t wait_ns;                /* POLL waiting for input or its timeout */
    uint64_t exits[64];              /* by the backend's exit reason */
    uint64_t hypercalls[HVT_HYPERCALL_MAX];  /* by number */
};

extern struct ukvm_stats stats;

uint64_t stats_now_ns(void);

/* --stats, --stats=text or --stats=json: 1 (taken) or 0 (not ours). */
int stats_option(const char *arg);

/* The tender's report at exit (both: stats.c's stats_print_for). */
void stats_print(void);

/*
 * What the tenders share. The modules' figures, at most STATS_MAX_FIGURES;
 * the text lines of the guest's figures (those of no device) and of the
 * devices', each "NAME: stats: ..."; the JSON members of the same, each
 * after a comma ("devices" last).
 */
#define STATS_MAX_FIGURES 256
unsigned stats_figures(struct ukvm_stat *f);
void stats_text_guest(const char *name, const struct ukvm_stat *f, unsigned n);
void stats_text_devices(const char *name, const struct ukvm_stat *f, unsigned n);
void stats_json_guest(const struct ukvm_stat *f, unsigned n);
void stats_json_devices(const struct ukvm_stat *f, unsigned n);

#endif
