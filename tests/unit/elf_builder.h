/* SPDX-License-Identifier: ISC */
/*
 * Builds small unikernel ELF images in memory for the loader's tests.
 * eb_build() makes a valid image; a test then breaks one field through
 * the pointers below and hands the bytes to the reader with eb_parse().
 *
 * The default image (guest addresses):
 *   phdr 0  PT_LOAD  R+X  0x100000  64 bytes of text, memsz 0x1000
 *   phdr 1  PT_LOAD  R    0x101000  64 bytes of rodata, memsz 0x1000
 *   phdr 2  PT_LOAD  RW   0x103000  64 bytes of data, memsz 0x2000 (bss)
 *   phdr 3  PT_NOTE       the ABI note (hvt, version 2)
 *   phdr 4  PT_NOTE       the manifest note (entry 0 plus NDEV devices)
 *   entry   0x100000
 */
#ifndef UKVM_TEST_ELF_BUILDER_H
#define UKVM_TEST_ELF_BUILDER_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/hvt_abi.h"
#include "abi/mft_abi.h"
#include "elf_file.h"

#define EB_MAX_PHDRS  24
#define EB_MAX_ENTRIES (MFT_MAX_ENTRIES + 2)  /* room for "too many" */
#define EB_CONTENT_SIZE 64

enum { EB_PH_TEXT, EB_PH_RODATA, EB_PH_DATA, EB_PH_ABI, EB_PH_MFT, EB_NPH };

struct eb_image {
    uint8_t *bytes;           /* the whole buffer, EB_BUF_SIZE bytes */
    size_t size;              /* how many of them are the file */
    Elf64_Ehdr *eh;
    Elf64_Phdr *ph;           /* EB_MAX_PHDRS slots, eh->e_phnum in use */
    Elf64_Nhdr *abi_nh;
    struct abi1_info *abi;
    Elf64_Nhdr *mft_nh;
    struct mft *mft;
    uint8_t *text, *rodata, *data;   /* EB_CONTENT_SIZE bytes each */
    uint8_t *parsed;          /* exact-size copy given to elf_file_parse */
};

/* A valid image with NDEV devices (at most EB_MAX_ENTRIES - 1). */
void eb_build(struct eb_image *img, unsigned ndev);
void eb_free(struct eb_image *img);

/* Appends a PT_LOAD with no file contents; returns its header. */
Elf64_Phdr *eb_add_load(struct eb_image *img, uint64_t vaddr, uint64_t memsz,
                        uint32_t flags);

/*
 * Appends ukvm's ring-3 note in its own PT_NOTE: handler 0x100010 (text),
 * stack 0x104000+0x1000 (bss). Returns its descriptor, to break.
 */
struct hvt_ring3_info *eb_add_ring3_note(struct eb_image *img);

/* Sets the manifest note's n_descsz and sizes its segment to match. */
void eb_set_mft_descsz(struct eb_image *img, uint32_t descsz);

/*
 * Copies the first img->size bytes into a buffer of exactly that size
 * (so ASan sees any read past the file) and runs elf_file_parse on it.
 */
int eb_parse(struct eb_image *img, struct elf_file *f, struct errbuf *err);

#endif
