/* SPDX-License-Identifier: ISC */
/* What ukvm-oci needs to know of a unikernel: its target and devices,
 * from its ABI and manifest notes (hostlib's checked ELF reader). */
#ifndef UKVM_OCI_UNIKERNEL_H
#define UKVM_OCI_UNIKERNEL_H

#include "abi/vnet_abi.h"
#include "errbuf.h"
#include "mft_check.h"
#include "plan.h"

struct unikernel {
    enum oci_target target;
    struct mft_buf buf;
    struct mft *mft;          /* points into buf */
    int wants_vnet;           /* ukvm's VNET note: virtio-net headers */
};

/* Reads the notes of the unikernel open as FD (NAME for messages). */
int unikernel_read(int fd, const char *name, struct unikernel *u, struct errbuf *err);

#endif
