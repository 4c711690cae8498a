/* SPDX-License-Identifier: ISC */
/*
 * Host features a tender offers beyond Solo5's interface, and the testing
 * switch that withholds them: UKVM_WITHHOLD_FEATURES=NAME[,NAME...] or
 * "all" makes the tender offer the guest only what Solo5's would, so the
 * guest's Solo5 paths run under our own tenders too.
 */
#ifndef UKVM_HOST_FEATURES_H
#define UKVM_HOST_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "errbuf.h"

#define WITHHOLD_ENV "UKVM_WITHHOLD_FEATURES"

struct feature_name {
    const char *name;
    uint32_t bit;
};

/*
 * The bits of KNOWN (N entries) that LIST names; LIST may be NULL (none).
 * An unknown name is an error that lists the known ones.
 */
int features_withheld(const char *list, const struct feature_name *known,
                      size_t n, uint32_t *mask, struct errbuf *err);

#endif
