/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for ukvm-oci's config.json reader (oci/config.c): any
 * bytes give a plan or a one-line refusal, never a crash, and a plan's
 * promises hold (its paths stay in the rootfs, its sizes in bounds).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct oci_plan p;
    struct errbuf err;
    size_t i, total = 0;

    if (oci_plan_parse(&p, (const char *)data, size, &err) < 0) {
        if (!memchr(err.msg, '\0', sizeof err.msg) || strchr(err.msg, '\n'))
            abort();
        oci_plan_free(&p);
        return 0;
    }
    if (!p.unikernel || strstr(p.unikernel, "..") == p.unikernel ||
        p.nargs >= OCI_ARGS_MAX || p.mem_mib > 4096 || p.nblocks > OCI_BLOCKS_MAX ||
        p.nbinds > OCI_BINDS_MAX || (p.netns == OCI_NETNS_PATH && p.netns_path[0] != '/'))
        abort();
    for (i = 0; i < p.nargs; i++)
        total += strlen(p.args[i]) + (i > 0);
    if (total > OCI_CMDLINE_MAX || p.args[p.nargs])
        abort();
    oci_plan_free(&p);
    return 0;
}
