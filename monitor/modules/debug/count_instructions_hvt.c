/* SPDX-License-Identifier: ISC */
/*
 * --count-instructions (hvt): single-steps the guest and adds the number
 * of instructions it ran to --stats. PVM hands a ring-3 guest its own
 * single-step traps, so the guest runs in ring 0.
 */
#include <string.h>

#include "arch.h"
#include "stats.h"

static bool enabled;
static uint64_t steps;

static int count_option(const char *arg, struct errbuf *err)
{
    (void)err;
    if (strcmp(arg, "--count-instructions") != 0)
        return 0;
    enabled = stats.enabled = true;
    return 1;
}

static uint32_t count_withheld(void)
{
    return enabled ? HVT_HOST_FEATURE_RING3 : 0;
}

static int count_setup(struct ukvm *vm, struct errbuf *err)
{
    const struct arch_debug step = { .single_step = true };

    return enabled ? arch_set_debug(vm, &step, err) : 0;
}

static bool count_exit(struct ukvm *vm, const struct ukvm_exit *e)
{
    (void)vm;
    if (!enabled || e->kind != UKVM_EXIT_DEBUG)
        return false;
    steps++;
    return true;
}

static unsigned count_stats(struct ukvm_stat *out, unsigned max)
{
    if (!enabled || max == 0)
        return 0;
    out[0] = (struct ukvm_stat){ NULL, "guest_instructions", steps };
    return 1;
}

static const struct ukvm_module count_module = {
    .name = "count-instructions",
    .usage =
        "  --count-instructions  single-step the guest (slow, in ring 0) and\n"
        "                   add the number of guest instructions to --stats\n",
    .option = count_option,
    .withheld = count_withheld,
    .setup = count_setup,
    .exit = count_exit,
    .stats = count_stats,
};
UKVM_MODULE(count_module);
