/* SPDX-License-Identifier: ISC */
/*
 * The one bounds-checked reader of unikernel ELF files. Everything that
 * parses a unikernel (the loader, ukvm-elftool, the fuzz target) goes
 * through it; no other code indexes the file's bytes.
 */
#ifndef UKVM_ELF_FILE_H
#define UKVM_ELF_FILE_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#include "errbuf.h"

struct elf_file {
    const uint8_t *data;
    size_t size;
    const Elf64_Ehdr *ehdr;
    const Elf64_Phdr *phdr;   /* phnum entries, all inside data */
    unsigned phnum;
    void *mapping;            /* elf_file_map's private copy, for elf_file_unmap */
};

/*
 * Reads PATH, a regular file of at most 1 GiB, into private memory once
 * and checks it with elf_file_parse; elf_file_unmap frees the copy.
 */
int elf_file_map(struct elf_file *f, const char *path, struct errbuf *err);
void elf_file_unmap(struct elf_file *f);

/*
 * Checks the ELF header (64-bit, little endian, x86_64, ET_EXEC) and that
 * the program header table lies inside the file.
 */
int elf_file_parse(struct elf_file *f, const void *data, size_t size,
                   struct errbuf *err);

/* Returns a pointer to [off, off+len) of the file, or NULL if outside. */
const void *elf_file_bytes(const struct elf_file *f, uint64_t off, uint64_t len);

/*
 * Finds the note of NAME ("Solo5", or ukvm's own) and TYPE in the PT_NOTE
 * segments. Returns 1 and
 * sets *desc and *descsz when found, 0 when absent, -1 when it appears
 * twice or is absent where a note segment is malformed.
 * *desc points into the file at the descriptor (offset 20 of the note).
 */
int elf_file_find_note(const struct elf_file *f, const char *name,
                       uint32_t type, const uint8_t **desc, uint32_t *descsz,
                       struct errbuf *err);

/*
 * Section headers: only for what the loader does not need (symbols and
 * debug information, e.g. hostlib/symbolize.c). A file without a usable
 * table has no sections: none, entries of another size, a table outside
 * the file, or extended numbering (e_shnum 0, 65280 sections or more).
 * Headers are copied out, so a misaligned table is read safely.
 */
unsigned elf_file_shnum(const struct elf_file *f);

/* Copies section header I into *SH: 0, or -1 when there is no such one. */
int elf_file_section(const struct elf_file *f, unsigned i, Elf64_Shdr *sh);

/*
 * Finds the first section named NAME (by the section name string table):
 * 1 and *SH when found, 0 when absent or when the names are unreadable.
 */
int elf_file_find_section(const struct elf_file *f, const char *name,
                          Elf64_Shdr *sh);

/*
 * The sh_size bytes of section SH in the file, or NULL when it has none
 * there (SHT_NOBITS) or they lie outside the file.
 */
const uint8_t *elf_file_section_data(const struct elf_file *f,
                                     const Elf64_Shdr *sh);

#endif
