/* SPDX-License-Identifier: ISC */
/* manifest.json, the source form of the manifest, to and from struct mft. */
#ifndef UKVM_ELFTOOL_MANIFEST_JSON_H
#define UKVM_ELFTOOL_MANIFEST_JSON_H

#include <stdio.h>

#include "json.h"
#include "mft_check.h"

/*
 * Checks a parsed manifest.json against every rule of ABI.md section 2
 * and builds the binary manifest in BUF: entry 0 reserved, then the
 * devices in file order. Returns it, or NULL with ERR set to
 * "FIELD: what is wrong".
 */
struct mft *mft_from_json(const struct json_value *root, struct mft_buf *buf,
                          struct errbuf *err);

/*
 * Prints a valid manifest (one that mft_from_json or mft_from_note
 * accepted) as manifest.json, nested INDENT spaces deep, without a final
 * newline.
 */
void mft_print_json(FILE *out, const struct mft *m, int indent);

#endif
