/* SPDX-License-Identifier: ISC */
/* Checks a unikernel ELF (docs/ABI.md section 1) and loads it. */
#ifndef UKVM_ELF_LOAD_H
#define UKVM_ELF_LOAD_H

#include "elf_file.h"
#include "mft_check.h"
#include "ukvm.h"

struct elf_image {
    uint64_t entry;
    uint64_t kernel_end;      /* first byte past the highest segment */
    struct guest_segment seg[UKVM_MAX_SEGMENTS];
    unsigned nseg;            /* sorted by address */
    struct mft *mft;          /* the checked manifest, in the caller's buffer */
    bool has_ring3;           /* hvt: the ring-3 note, checked */
    struct hvt_ring3_info ring3;
};

/*
 * Checks every rule of section 1 against a guest of MEM_SIZE bytes, for
 * a unikernel of TARGET and VERSION (the ABI note); copies nothing.
 */
int elf_check(const struct elf_file *f, uint64_t mem_size, uint32_t target,
              uint32_t version, struct elf_image *img, struct mft_buf *mft_buf,
              struct errbuf *err);

/*
 * elf_check for hvt, plus the ring-3 note if there is one, and, only if
 * all holds, copies the segments into MEM (which arrives zeroed).
 */
int elf_load(const struct elf_file *f, uint8_t *mem, uint64_t mem_size,
             struct elf_image *img, struct mft_buf *mft_buf, struct errbuf *err);

/*
 * Copies each checked segment's file bytes to BASE + its address (hvt:
 * BASE is guest memory's host mapping; spt: 0, the guest lives there).
 */
void elf_copy_segments(const struct elf_file *f, uintptr_t base);

#endif
