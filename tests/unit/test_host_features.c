/* SPDX-License-Identifier: ISC */
/*
 * The testing switch that withholds host features (features_withheld)
 * and the check that a guest took a feature up (ukvm_feature_agreed).
 */
#include <string.h>

#include "check.h"
#include "host_features.h"
#include "ukvm.h"

static const struct feature_name known[] = {
    { "wx", 1U << 31 }, { "rxring", 1U << 30 }, { "multiblock", 1U << 29 },
};
#define NKNOWN (sizeof known / sizeof known[0])

static void withheld(const char *list, uint32_t want, const char *name)
{
    struct errbuf err = { "" };
    uint32_t mask = 0xdead;
    int r = features_withheld(list, known, NKNOWN, &mask, &err);

    if (!CHECK(r == 0 && mask == want, "%s", name))
        check_note("r=%d mask=%#x err='%s'", r, mask, err.msg);
}

static void refused(const char *list, const char *want, const char *name)
{
    struct errbuf err = { "" };
    uint32_t mask;
    int r = features_withheld(list, known, NKNOWN, &mask, &err);

    if (!CHECK(r < 0 && strstr(err.msg, want) && !strchr(err.msg, '\n'), "%s", name))
        check_note("r=%d err='%s' (wanted '%s')", r, err.msg, want);
}

static void test_withheld(void)
{
    withheld(NULL, 0, "withhold: unset withholds nothing");
    withheld("", 0, "withhold: empty withholds nothing");
    withheld("wx", 1U << 31, "withhold: one name gives its bit");
    withheld("rxring,wx", 3U << 30, "withhold: a list gives each bit");
    withheld("all", 7U << 29, "withhold: all gives every known bit");
    withheld("wx,all", 7U << 29, "withhold: all with names gives every bit");
    refused("bogus", "UKVM_WITHHOLD_FEATURES=bogus: unknown feature 'bogus' "
            "(known: wx, rxring, multiblock, all)",
            "withhold: an unknown name is refused, listing the known ones");
    refused("wx,", "unknown feature ''", "withhold: a trailing comma is refused");
    refused("w", "unknown feature 'w'", "withhold: a prefix of a name is refused");
    refused("wxx", "unknown feature 'wxx'", "withhold: a longer name is refused");
    refused("ALL", "unknown feature 'ALL'", "withhold: names are case-sensitive");
}

static void test_agreed(void)
{
    static uint8_t mem[2 << 20];
    struct ukvm vm = { .mem = mem, .mem_size = sizeof mem };
    struct hvt_boot_info *bi = (struct hvt_boot_info *)(mem + HVT_BOOT_INFO_BASE);

    vm.host_features = 3U << 30;
    bi->guest_features = 1U << 30;
    CHECK(ukvm_feature_agreed(&vm, 1U << 30), "agreed: offered and answered");
    CHECK(!ukvm_feature_agreed(&vm, 1U << 31), "agreed: offered, not answered");
    bi->guest_features = 1U << 29;
    CHECK(!ukvm_feature_agreed(&vm, 1U << 29), "agreed: answered, not offered");
    vm.mem_size = HVT_BOOT_INFO_BASE;
    CHECK(!ukvm_feature_agreed(&vm, 1U << 30),
          "agreed: no boot info inside guest memory, nothing agreed");
}

int main(void)
{
    test_withheld();
    test_agreed();
    return check_done();
}
