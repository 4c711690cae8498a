/* SPDX-License-Identifier: ISC */
/*
 * Finding a note the way solo5-elftool 0.12 does, so that query-abi and
 * query-manifest accept and refuse exactly the files it does. This differs
 * from elf_file_find_note (the monitor's rules) on purpose:
 *
 * - only the first note of each PT_NOTE segment is looked at;
 * - segments are searched in order and the first note of the type wins;
 *   a broken segment met before it is fatal, one after it does not count;
 * - a PT_NOTE of fewer than 12 bytes is fatal, one of 12 to 19 is skipped;
 * - the descriptor must fit the segment unpadded (p_filesz >= 20 + descsz).
 */
#ifndef UKVM_ELFTOOL_SOLO5_NOTE_H
#define UKVM_ELFTOOL_SOLO5_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include "elf_file.h"

struct solo5_note_rule {
    uint32_t type;        /* NOTE_TYPE_ABI or NOTE_TYPE_MFT */
    const char *what;     /* "ABI note", for messages */
    uint32_t desc_align;  /* the data starts at 20 rounded up to this */
    uint32_t max_descsz;  /* n_descsz must be 1..max_descsz */
};

/*
 * Checks what solo5-elftool checks of the ELF header beyond
 * elf_file_parse: e_version and e_ehsize.
 */
int solo5_check_ehdr(const struct elf_file *f, struct errbuf *err);

/*
 * Finds the note of RULE->type. Returns 1 and sets *data and *size (at
 * least 1) to the descriptor after its alignment padding, which is what
 * Solo5 reads; 0 if there is none; -1 with ERR set if the file is refused.
 */
int solo5_note_find(const struct elf_file *f, const struct solo5_note_rule *rule,
                    const uint8_t **data, size_t *size, struct errbuf *err);

#endif
