/*
 * --stats[=json]: VM exits by kind, hypercalls, where the time went
 * (in the guest, waiting in POLL, in the monitor) and the modules'
 * figures (per device), printed at exit as text or one JSON line.
 */
#ifndef UKVM_STATS_H
#define UKVM_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/hvt_abi.h"

struct ukvm_stats {
    bool enabled, json;
    uint64_t start_ns;
    uint64_t guest_ns;               /* running the vCPU */
    uint64_t wait_ns;                /* POLL waiting for input or its timeout */
    uint64_t exits[64];              /* by the backend's exit reason */
    uint64_t hypercalls[HVT_HYPERCALL_MAX];  /* by number */
};

extern struct ukvm_stats stats;

uint64_t stats_now_ns(void);
void stats_print(void);

#endif
