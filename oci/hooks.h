/* SPDX-License-Identifier: ISC */
/* OCI hooks (prestart, createRuntime, poststart, poststop): run on the
 * host, the container's state JSON on their stdin. */
#ifndef UKVM_OCI_HOOKS_H
#define UKVM_OCI_HOOKS_H

#include <stddef.h>

#include "errbuf.h"
#include "plan.h"

/* Runs the N hooks H of KIND in order; the first to fail (non-zero
 * status, killed, or past its timeout) stops them: -1 naming it and the
 * first line it printed. */
int hooks_run(const char *kind, const struct oci_hook *h, size_t n,
              const char *state_json, struct errbuf *err);

#endif
