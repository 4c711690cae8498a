/* SPDX-License-Identifier: ISC */
/* Validation of a binary manifest, as read from a unikernel's note, and
 * the names of the notes' numbers. */
#ifndef UKVM_MFT_CHECK_H
#define UKVM_MFT_CHECK_H

#include <stdint.h>

#include "abi/mft_abi.h"
#include "errbuf.h"

/* Returns the name of a manifest device type, or NULL if unknown. */
const char *mft_type_name(uint32_t type);

/* The ABI note's target: "hvt", "spt", ... or "unknown" for a number without a name. */
const char *abi_target_name(uint32_t target);

/* Room for the largest manifest, aligned for struct mft. */
struct mft_buf {
    _Alignas(8) uint8_t bytes[MFT_SIZE(MFT_MAX_ENTRIES)];
};

/*
 * Checks a manifest note's descriptor (DESC, DESCSZ bytes as in the ELF
 * note: 4 bytes of padding, then struct mft), copies it into BUF and
 * returns it, or returns NULL with ERR set.
 */
struct mft *mft_from_note(const uint8_t *desc, uint32_t descsz,
                          struct mft_buf *buf, struct errbuf *err);

/* Checks one name: 1..67 characters of [A-Za-z0-9]. */
int mft_check_name(const char *name, size_t len, struct errbuf *err);

/* Index of the entry named NAME, or -1. */
int mft_find(const struct mft *m, const char *name);

#endif
