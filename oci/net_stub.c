/* SPDX-License-Identifier: ISC */
/* No networking yet: every namespace looks empty (oci/net.c replaces this). */
#include <stdio.h>
#include <string.h>

#include "net.h"

int oci_net_attach(const char *tap_name, struct oci_net *out, char *err, size_t errlen)
{
    (void)tap_name;
    (void)err;
    (void)errlen;
    memset(out, 0, sizeof *out);
    return 1;
}

void oci_net_detach(const struct oci_net *n)
{
    (void)n;
}

int oci_net_open_tap(const struct oci_net *n, int vnet, char *err, size_t errlen)
{
    (void)vnet;
    snprintf(err, errlen, "%s: no networking in this build", n->tap);
    return -1;
}
