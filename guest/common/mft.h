/* SPDX-License-Identifier: ISC */
/*
 * The manifest copy the monitor left in guest memory: devices by name
 * (acquire). Shared by all targets.
 */
#ifndef GUEST_MFT_H
#define GUEST_MFT_H

#include "kernel.h"
#include "abi/mft_abi.h"

/* The manifest copy; an empty one until mft_init() (never NULL). */
extern const struct mft *mft_boot;

/* At boot: use MFT (may be NULL, then the guest has no devices). */
void mft_init(const struct mft *mft);

/*
 * The attached device called NAME of TYPE, and its handle (its index), or
 * NULL when the manifest has no such device or the monitor left it
 * unattached.
 */
const struct mft_entry *mft_find(const char *name, uint32_t type,
        solo5_handle_t *handle);

#endif
