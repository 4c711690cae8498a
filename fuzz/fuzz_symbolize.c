/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: hostlib/symbolize.c on a whole unikernel file, as a
 * fault report would run it: the file's bytes, then a few addresses
 * (the entry point, each executable segment's start and middle, and one
 * picked by the input's size), each formatted too. Whatever the bytes,
 * what comes back must point into them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elf_file.h"
#include "symbolize.h"

static void check_inside(const struct elf_file *f, const char *s, size_t len)
{
    uintptr_t p = (uintptr_t)s, start = (uintptr_t)f->data;

    if (s && (p < start || len > f->size || p - start > f->size - len))
        abort();
}

static void try_addr(const struct elf_file *f, uint64_t addr)
{
    struct symbol_info s;
    char text[160];
    size_t n;

    symbolize(f, addr, &s);
    check_inside(f, s.func, s.func_len);
    check_inside(f, s.dir, s.dir_len);
    check_inside(f, s.file, s.file_len);
    n = symbolize_format(&s, text, sizeof text);
    if (n >= sizeof text || strlen(text) != n)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf_file f;
    uint8_t *copy;
    unsigned tries = 0;

    /* An exact-size, aligned copy: ASan sees any read past the file. */
    copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    if (elf_file_parse(&f, copy, size, NULL) == 0) {
        try_addr(&f, f.ehdr->e_entry);
        try_addr(&f, 0x100000 + size % 0x4000);
        for (unsigned i = 0; i < f.phnum && tries < 4; i++) {
            const Elf64_Phdr *ph = &f.phdr[i];

            if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
                continue;
            try_addr(&f, ph->p_vaddr);
            try_addr(&f, ph->p_vaddr + ph->p_memsz / 2);
            tries++;
        }
    }
    free(copy);
    return 0;
}
