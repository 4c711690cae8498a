/* SPDX-License-Identifier: ISC */
/* Parsing the list of withheld features (host_features.h). */
#include <string.h>

#include "host_features.h"
#include "ukvm.h"

/* The bit of the LEN-character NAME in KNOWN, all of them for "all", or 0. */
static uint32_t feature_bits(const char *name, size_t len,
                             const struct feature_name *known, size_t n)
{
    uint32_t all = 0;

    for (size_t i = 0; i < n; i++) {
        if (strlen(known[i].name) == len && strncmp(name, known[i].name, len) == 0)
            return known[i].bit;
        all |= known[i].bit;
    }
    return len == 3 && strncmp(name, "all", 3) == 0 ? all : 0;
}

int features_withheld(const char *list, const struct feature_name *known,
                      size_t n, uint32_t *mask, struct errbuf *err)
{
    *mask = 0;
    if (!list || !*list)
        return 0;
    for (const char *p = list;; p++) {     /* each name, and the comma after */
        size_t len = strcspn(p, ",");
        uint32_t bits = feature_bits(p, len, known, n);

        if (!bits) {
            char names[128] = "";
            for (size_t i = 0; i < n; i++)
                snprintf(names + strlen(names), sizeof names - strlen(names),
                         "%s, ", known[i].name);
            return err_set(err, "%s=%s: unknown feature '%.*s' (known: %sall)",
                           WITHHOLD_ENV, list, (int)(len > 40 ? 40 : len), p, names);
        }
        *mask |= bits;
        p += len;
        if (!*p)
            return 0;
    }
}

bool ukvm_feature_agreed(struct ukvm *vm, uint32_t bit)
{
    /* The boot info is the monitor's own page: no guest address to check. */
    const struct hvt_boot_info *bi =
        vm->mem_size >= HVT_BOOT_INFO_BASE + sizeof *bi ?
        (const struct hvt_boot_info *)(vm->mem + HVT_BOOT_INFO_BASE) : NULL;

    return (vm->host_features & bit) && bi && (bi->guest_features & bit);
}
