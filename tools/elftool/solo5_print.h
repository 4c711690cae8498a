/* SPDX-License-Identifier: ISC */
/*
 * What solo5-elftool query-abi and query-manifest print, byte for byte,
 * for the files it accepts, and the checks it makes before printing.
 */
#ifndef UKVM_ELFTOOL_SOLO5_PRINT_H
#define UKVM_ELFTOOL_SOLO5_PRINT_H

#include <stdint.h>
#include <stdio.h>

#include "elf_file.h"

/*
 * Each checks F as solo5-elftool does and prints its ABI note or its
 * manifest on OUT; or prints nothing and returns -1 with ERR set.
 */
int solo5_print_abi(const struct elf_file *f, FILE *out, struct errbuf *err);
int solo5_print_manifest(const struct elf_file *f, FILE *out, struct errbuf *err);

#endif
