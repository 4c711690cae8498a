/* SPDX-License-Identifier: ISC */
/*
 * Names the function and source line of a code address in a unikernel,
 * for the tenders' fault reports. It runs at fault time, inside a
 * monitor whose seccomp filter allows no open, mmap or brk, so it reads
 * only the file's bytes already in memory (struct elf_file, through
 * hostlib/elf_file.h), allocates nothing, never recurses, and takes the
 * file as hostile: every offset, length and count is checked, and every
 * loop ends by consuming the bytes it reads.
 *
 * The function is the .symtab STT_FUNC symbol covering the address (the
 * out-of-line function, even where code was inlined into it); the line
 * is the .debug_line row covering it (DWARF 2 to 5, 32- and 64-bit), so
 * for inlined code it is the inlined source line, as `addr2line` prints.
 * Compressed debug sections (SHF_COMPRESSED) are not read.
 */
#ifndef UKVM_SYMBOLIZE_H
#define UKVM_SYMBOLIZE_H

#include <stddef.h>
#include <stdint.h>

#include "elf_file.h"

/*
 * Strings point into the file and are not NUL-terminated. The source
 * file is DIR/FILE; DIR is empty (dir_len 0) when FILE is absolute or
 * lies in the compilation directory (DWARF's directory 0), so FILE then
 * reads as the compiler was given it, e.g. "tests/guest/hello/hello.c".
 */
struct symbol_info {
    const char *func;       /* NULL when no function symbol covers addr */
    size_t func_len;
    uint64_t func_off;      /* addr minus the function's start */
    const char *dir;
    size_t dir_len;
    const char *file;       /* NULL when no line row covers addr */
    size_t file_len;
    unsigned line;          /* 0 when unknown */
};

/*
 * Fills *OUT for the code address ADDR. Returns 1 when something was
 * found (the function, the line, or both), 0 when nothing is known.
 */
int symbolize(const struct elf_file *f, uint64_t addr, struct symbol_info *out);

/*
 * Writes " in FUNC+0xOFF (DIR/FILE:LINE)" into BUF, or the parts known
 * (" in ?? (FILE:LINE)", " in FUNC+0xOFF"; "" when nothing is), NUL
 * terminated and cut to fit N bytes; bytes that are not printable ASCII
 * become '?'. Async-signal-safe (no stdio, no allocation). Returns the
 * length written, without the NUL.
 */
size_t symbolize_format(const struct symbol_info *s, char *buf, size_t n);

#endif
