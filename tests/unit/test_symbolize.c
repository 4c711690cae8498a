/* SPDX-License-Identifier: ISC */
/*
 * symbolize (hostlib/symbolize.c) and the section headers of elf_file
 * on hostile files: known answers from hand-made line programs (DWARF 4
 * and 5, every standard opcode) and symbol tables; broken headers that
 * must give nothing, quickly; and a real unikernel's .debug_line,
 * .debug_line_str and symbols corrupted and cut at every length, each
 * in a buffer of exactly the file's size, so that ASan sees any read
 * past it. The result must stay inside the file, whatever it is.
 * Usage: test_symbolize [UNIKERNEL] (default: the build's test_hello.hvt).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "elf_file.h"
#include "symbolize.h"

#ifndef UKVM_BUILD_DIR
#define UKVM_BUILD_DIR "build"
#endif

/* ---- building small ELF files ---- */

struct sec {
    const char *name;
    uint32_t type, link;
    uint64_t flags, addr, entsize;
    const void *data;
    size_t size;
};

/*
 * An ELF file holding SECS as sections 1..N, packed without alignment
 * (the reader must cope), the bytes of SECS[LAST] ending the file.
 * Returns a buffer of exactly *SIZE bytes, for elf_file_parse.
 */
static uint8_t *build_elf_last(const struct sec *secs, unsigned n, unsigned last,
                               size_t *size)
{
    char names[512] = "";
    size_t names_len = 1, off;
    uint32_t name_off[16];
    Elf64_Ehdr eh = { .e_type = ET_EXEC, .e_machine = EM_X86_64,
                      .e_version = EV_CURRENT, .e_phoff = sizeof eh,
                      .e_ehsize = sizeof eh, .e_phentsize = sizeof(Elf64_Phdr),
                      .e_phnum = 1, .e_shentsize = sizeof(Elf64_Shdr) };
    Elf64_Phdr ph = { .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
                      .p_vaddr = 0x100000, .p_memsz = 0x1000 };
    Elf64_Shdr sh[16];
    uint8_t *buf;

    for (unsigned i = 0; i <= n; i++) {
        const char *nm = i < n ? secs[i].name : ".shstrtab";

        name_off[i] = (uint32_t)names_len;
        memcpy(names + names_len, nm, strlen(nm) + 1);
        names_len += strlen(nm) + 1;
    }
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_shnum = (uint16_t)(n + 2);
    eh.e_shstrndx = (uint16_t)(n + 1);
    off = sizeof eh + sizeof ph;
    memset(sh, 0, sizeof sh);
    sh[n + 1] = (Elf64_Shdr){ .sh_name = name_off[n], .sh_type = SHT_STRTAB,
                              .sh_offset = off, .sh_size = names_len };
    off += names_len;
    eh.e_shoff = off;
    off += (n + 2) * sizeof(Elf64_Shdr);
    for (unsigned k = 0; k < n; k++) {
        unsigned i = k < last ? k : k + 1 < n ? k + 1 : last;

        sh[i + 1] = (Elf64_Shdr){ .sh_name = name_off[i], .sh_type = secs[i].type,
                                  .sh_flags = secs[i].flags, .sh_addr = secs[i].addr,
                                  .sh_offset = off, .sh_size = secs[i].size,
                                  .sh_link = secs[i].link,
                                  .sh_entsize = secs[i].entsize };
        if (secs[i].type != SHT_NOBITS)
            off += secs[i].size;
    }
    *size = off;
    buf = malloc(off);
    if (!buf)
        abort();
    memcpy(buf, &eh, sizeof eh);
    memcpy(buf + sizeof eh, &ph, sizeof ph);
    memcpy(buf + sh[n + 1].sh_offset, names, names_len);
    memcpy(buf + eh.e_shoff, sh, (n + 2) * sizeof(Elf64_Shdr));
    for (unsigned i = 0; i < n; i++)
        if (secs[i].type != SHT_NOBITS && secs[i].size)
            memcpy(buf + sh[i + 1].sh_offset, secs[i].data, secs[i].size);
    return buf;
}

static uint8_t *build_elf(const struct sec *secs, unsigned n, size_t *size)
{
    return build_elf_last(secs, n, n - 1, size);
}

/* Every string symbolize hands back lies inside the file. */
static int inside(const struct elf_file *f, const char *s, size_t len)
{
    uintptr_t p = (uintptr_t)s, start = (uintptr_t)f->data;

    return !s || (p >= start && len <= f->size && p - start <= f->size - len);
}

static int result_inside(const struct elf_file *f, const struct symbol_info *s)
{
    return inside(f, s->func, s->func_len) && inside(f, s->dir, s->dir_len) &&
           inside(f, s->file, s->file_len);
}

static int str_is(const char *s, size_t len, const char *want)
{
    return s && len == strlen(want) && memcmp(s, want, len) == 0;
}

/* symbolize ADDR in the file of BUF; the text of its report in TEXT. */
static int lookup(const uint8_t *buf, size_t size, uint64_t addr,
                  struct symbol_info *s, char *text, size_t n)
{
    struct elf_file f;
    int rc;

    memset(s, 0, sizeof *s);
    if (elf_file_parse(&f, buf, size, NULL) < 0)
        return -1;
    rc = symbolize(&f, addr, s);
    if (!result_inside(&f, s))
        return -2;
    symbolize_format(s, text, n);
    return rc;
}

/* ---- hand-made line programs ---- */

struct bytes {
    uint8_t b[8192];
    size_t n;
};

static void put(struct bytes *o, const void *p, size_t n)
{
    if (o->n + n > sizeof o->b)
        abort();
    memcpy(o->b + o->n, p, n);
    o->n += n;
}

static void u8(struct bytes *o, unsigned v)
{
    uint8_t b = (uint8_t)v;

    put(o, &b, 1);
}

static void uint_le(struct bytes *o, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        u8(o, (unsigned)(v >> (8 * i)) & 0xff);
}

static void uleb(struct bytes *o, uint64_t v)
{
    do {
        u8(o, (v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
}

static void sleb(struct bytes *o, int64_t v)
{
    for (;;) {
        unsigned b = (unsigned)(v & 0x7f);

        v >>= 7;    /* arithmetic on gcc and clang */
        if ((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40))) {
            u8(o, b);
            return;
        }
        u8(o, b | 0x80);
    }
}

static void cstr(struct bytes *o, const char *s)
{
    put(o, s, strlen(s) + 1);
}

/* Header fields a case may break; the defaults are gcc's. */
struct unit_opts {
    unsigned version;           /* 4 or 5 */
    uint8_t line_range, opcode_base;
    int v5_dir_formats_none;    /* no directory entry formats, 2^64-1 dirs */
    uint64_t v5_path_form;      /* DW_FORM of file paths (default string) */
    const char *header_file;    /* the second file's name */
};

static const uint8_t std_lengths[] = { 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 2 };

/* Files: 1 "a.c" in the compilation directory, 2 HEADER_FILE in "inc". */
static void unit_tables(struct bytes *h, const struct unit_opts *o)
{
    const char *hdr = o->header_file ? o->header_file : "a.h";

    if (o->version < 5) {
        cstr(h, "inc");
        u8(h, 0);
        cstr(h, "a.c"), uleb(h, 0), uleb(h, 0), uleb(h, 0);
        cstr(h, hdr), uleb(h, 1), uleb(h, 0), uleb(h, 0);
        u8(h, 0);
        return;
    }
    if (o->v5_dir_formats_none) {
        u8(h, 0);
        uleb(h, UINT64_MAX);
    } else {
        u8(h, 1), uleb(h, 1), uleb(h, 0x08);            /* path, string */
        uleb(h, 2), cstr(h, "/comp"), cstr(h, "inc");
    }
    /* path, directory index (udata), MD5 (data16) */
    u8(h, 3), uleb(h, 1), uleb(h, o->v5_path_form ? o->v5_path_form : 0x08);
    uleb(h, 2), uleb(h, 0x0f), uleb(h, 5), uleb(h, 0x1e);
    uleb(h, 3);
    for (unsigned i = 0; i < 3; i++) {
        const char *name = i < 2 ? "a.c" : hdr;

        if (o->v5_path_form == 0x1f)    /* line_strp: offset 0, or far off */
            uint_le(h, i < 2 ? 0 : 0x7fffffff, 4);
        else if (o->v5_path_form && o->v5_path_form != 0x08)
            u8(h, 0);
        else
            cstr(h, name);
        uleb(h, i < 2 ? 0 : 1);
        put(h, "0123456789abcdef", 16);
    }
}

/* One unit of version O->version around the program PROG. */
static void unit(struct bytes *out, const struct unit_opts *o, const struct bytes *prog)
{
    static struct bytes h;
    uint8_t range = o->line_range ? o->line_range : 14;
    uint8_t base = o->opcode_base == 0xff ? 0 : o->opcode_base ? o->opcode_base : 13;

    h.n = 0;
    u8(&h, 1), u8(&h, 1), u8(&h, 1);    /* min insn length, max ops, is_stmt */
    u8(&h, (uint8_t)-5);
    u8(&h, o->line_range == 0xff ? 0 : range);
    u8(&h, base);
    for (unsigned i = 1; i < base; i++)
        u8(&h, i <= sizeof std_lengths ? std_lengths[i - 1] : 0);
    unit_tables(&h, o);
    uint_le(out, 2 + (o->version >= 5 ? 2 : 0) + 4 + h.n + prog->n, 4);
    uint_le(out, o->version, 2);
    if (o->version >= 5)
        u8(out, 8), u8(out, 0);
    uint_le(out, h.n, 4);
    put(out, h.b, h.n);
    put(out, prog->b, prog->n);
}

static void op_set_address(struct bytes *p, uint64_t a)
{
    u8(p, 0), uleb(p, 9), u8(p, 2), uint_le(p, a, 8);
}

static void op_end_sequence(struct bytes *p)
{
    u8(p, 0), uleb(p, 1), u8(p, 1);
}

/*
 * Rows (0x1000, a.c, 10), (0x1004, a.c, 11), (0x100c, inc/a.h, 8), end
 * 0x1010; then (0x2011, a.c, 1) by const_add_pc, (0x2021, a.c, 5) by
 * fixed_advance_pc, end 0x2022, with the opcodes that make no row.
 */
static void known_program(struct bytes *p)
{
    p->n = 0;
    op_set_address(p, 0x1000);
    u8(p, 3), sleb(p, 9);               /* advance_line: 10 */
    u8(p, 1);                           /* copy */
    u8(p, 75);                          /* special: address +4, line +1 */
    u8(p, 4), uleb(p, 2);               /* set_file 2 */
    u8(p, 2), uleb(p, 8);               /* advance_pc: 0x100c */
    u8(p, 3), sleb(p, -3);              /* line 8 */
    u8(p, 5), uleb(p, 7);               /* set_column */
    u8(p, 6), u8(p, 7), u8(p, 10), u8(p, 11);   /* flags only */
    u8(p, 12), uleb(p, 1);              /* set_isa */
    u8(p, 0), uleb(p, 2), u8(p, 4), uleb(p, 3);  /* set_discriminator */
    u8(p, 1);
    u8(p, 2), uleb(p, 4);
    op_end_sequence(p);
    op_set_address(p, 0x2000);
    u8(p, 8);                           /* const_add_pc: (255-13)/14 = 17 */
    u8(p, 1);
    u8(p, 9), uint_le(p, 0x10, 2);      /* fixed_advance_pc */
    u8(p, 3), sleb(p, 4);
    u8(p, 1);
    u8(p, 2), uleb(p, 1);
    op_end_sequence(p);
}

/* A file with .debug_line LINES (last) and .debug_line_str STRS. */
static uint8_t *line_elf(const struct bytes *lines, const char *strs,
                         size_t strs_len, size_t *size)
{
    struct sec secs[] = {
        { .name = ".debug_line_str", .type = SHT_PROGBITS, .data = strs,
          .size = strs_len },
        { .name = ".debug_line", .type = SHT_PROGBITS, .data = lines->b,
          .size = lines->n },
    };

    return build_elf(secs, 2, size);
}

struct want {
    uint64_t addr;
    const char *dir, *file;     /* NULL: none */
    unsigned line;
};

static void check_rows(const char *what, const struct bytes *lines,
                       const struct want *w, size_t n)
{
    size_t size;
    uint8_t *buf = line_elf(lines, "a.c", 4, &size);

    for (size_t i = 0; i < n; i++) {
        struct symbol_info s;
        char text[128];
        int rc = lookup(buf, size, w[i].addr, &s, text, sizeof text);
        int good = w[i].file ?
            rc == 1 && str_is(s.file, s.file_len, w[i].file) && s.line == w[i].line &&
            (w[i].dir ? str_is(s.dir, s.dir_len, w[i].dir) : s.dir_len == 0) :
            rc == 0 && !s.file && s.line == 0;

        if (w[i].file)
            CHECK(good, "%s: %#llx is %s%s%s:%u (got '%s')", what,
                  (unsigned long long)w[i].addr, w[i].dir ? w[i].dir : "",
                  w[i].dir ? "/" : "", w[i].file, w[i].line, text);
        else
            CHECK(good, "%s: %#llx has no line (got '%s')", what,
                  (unsigned long long)w[i].addr, text);
    }
    free(buf);
}

static const struct want known_rows[] = {
    { 0x0fff, NULL, NULL, 0 },
    { 0x1000, NULL, "a.c", 10 }, { 0x1003, NULL, "a.c", 10 },
    { 0x1004, NULL, "a.c", 11 }, { 0x100b, NULL, "a.c", 11 },
    { 0x100c, "inc", "a.h", 8 }, { 0x100f, "inc", "a.h", 8 },
    { 0x1010, NULL, NULL, 0 },
    { 0x2010, NULL, NULL, 0 }, { 0x2011, NULL, "a.c", 1 },
    { 0x2020, NULL, "a.c", 1 }, { 0x2021, NULL, "a.c", 5 },
    { 0x2022, NULL, NULL, 0 },
};

static void test_known_programs(void)
{
    struct bytes prog, lines;

    for (unsigned v = 4; v <= 5; v++) {
        struct unit_opts o = { .version = v };
        char what[64];

        known_program(&prog);
        lines.n = 0;
        unit(&lines, &o, &prog);
        snprintf(what, sizeof what, "DWARF %u rows", v);
        check_rows(what, &lines, known_rows, sizeof known_rows / sizeof known_rows[0]);
    }
}

/* A unit whose header is broken, then a good one: the second still counts. */
static void test_broken_headers(void)
{
    static const struct want found[] = { { 0x1004, NULL, "a.c", 11 } };
    static const struct want none[] = { { 0x1004, NULL, NULL, 0 } };
    struct bytes prog, lines;
    struct unit_opts good = { .version = 5 };
    struct {
        const char *what;
        struct unit_opts o;
    } cases[] = {
        { "line_range 0 (a division by zero)", { .version = 5, .line_range = 0xff } },
        { "opcode_base 0", { .version = 5, .opcode_base = 0xff } },
        { "version 4, line_range 0", { .version = 4, .line_range = 0xff } },
    };

    known_program(&prog);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char what[96];

        lines.n = 0;
        unit(&lines, &cases[i].o, &prog);
        snprintf(what, sizeof what, "%s alone gives nothing", cases[i].what);
        check_rows(what, &lines, none, 1);
        unit(&lines, &good, &prog);
        snprintf(what, sizeof what, "%s, then a good unit: the good one's row", cases[i].what);
        check_rows(what, &lines, found, 1);
    }

    /* header_length past the unit, then a good unit. */
    lines.n = 0;
    unit(&lines, &good, &prog);
    lines.b[11] = 0x7f;                 /* header_length's high byte */
    check_rows("header_length past its unit gives nothing", &lines, none, 1);
    unit(&lines, &good, &prog);
    check_rows("header_length past its unit, then a good unit", &lines, found, 1);

    /* unit_length: reserved, 64-bit and huge, past the section. */
    static const uint8_t lens[][12] = {
        { 0xf0, 0xff, 0xff, 0xff },
        { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
        { 0x00, 0x00, 0x00, 0x01 },
    };
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        lines.n = 0;
        put(&lines, lens[i], 12);
        unit(&lines, &good, &prog);
        check_rows("a unit length that cannot be trusted ends the search", &lines, none, 1);
    }
}

static void test_file_tables(void)
{
    struct bytes prog, lines;
    struct symbol_info s;
    char text[128];
    size_t size;
    uint8_t *buf;
    int rc;

    known_program(&prog);

    /* No directory formats and 2^64-1 directories take no bytes, no time. */
    struct unit_opts none = { .version = 5, .v5_dir_formats_none = 1 };
    lines.n = 0;
    unit(&lines, &none, &prog);
    buf = line_elf(&lines, "a.c", 4, &size);
    rc = lookup(buf, size, 0x100c, &s, text, sizeof text);
    CHECK(rc == 1 && str_is(s.file, s.file_len, "a.h") && s.line == 8 && s.dir_len == 0,
          "2^64-1 directories of no bytes: the file, no directory (got '%s')", text);
    free(buf);

    /* An unknown form, a line_strp past .debug_line_str: the line alone. */
    static const uint64_t forms[] = { 0x7f, 0x1f };
    for (size_t i = 0; i < 2; i++) {
        struct unit_opts o = { .version = 5, .v5_path_form = forms[i] };

        lines.n = 0;
        unit(&lines, &o, &prog);
        buf = line_elf(&lines, "a.c", 4, &size);
        rc = lookup(buf, size, 0x100c, &s, text, sizeof text);
        CHECK(rc == 1 && !s.file && s.line == 8 && !strcmp(text, " in ?? (??:8)"),
              "a path of form %#llx that cannot be read: the line alone (got '%s')",
              (unsigned long long)forms[i], text);
        free(buf);
    }

    /* Entry formats of long LEB128s and many entries: each entry costs its own bytes. */
    lines.n = 0;
    {
        static struct bytes big;
        struct bytes h = { .n = 0 };

        big.n = 0;
        u8(&h, 1), u8(&h, 1), u8(&h, 1), u8(&h, (uint8_t)-5), u8(&h, 14), u8(&h, 13);
        put(&h, std_lengths, 12);
        u8(&h, 0), uleb(&h, 0);                 /* no directories */
        u8(&h, 1);                              /* one format: path, data1 */
        for (int i = 0; i < 3000; i++)
            u8(&h, 0x80);      /* type 0, in 3000 bytes */
        u8(&h, 0), uleb(&h, 0x0b);
        uleb(&h, 4000);
        for (int i = 0; i < 4000; i++)
            u8(&h, 'x');
        uint_le(&big, 2 + 2 + 4 + h.n + prog.n, 4);
        uint_le(&big, 5, 2), u8(&big, 8), u8(&big, 0);
        uint_le(&big, h.n, 4);
        put(&big, h.b, h.n);
        put(&big, prog.b, prog.n);
        buf = line_elf(&big, "a.c", 4, &size);
        rc = lookup(buf, size, 0x100c, &s, text, sizeof text);
        CHECK(rc == 1 && !s.file && s.line == 8,
              "4000 files of a 3000-byte format: read once, the line (got '%s')", text);
        free(buf);
    }

    /* A file number past the table. */
    prog.n = 0;
    op_set_address(&prog, 0x100c);
    u8(&prog, 4), uleb(&prog, 99);
    u8(&prog, 1);
    u8(&prog, 2), uleb(&prog, 4);
    op_end_sequence(&prog);
    for (unsigned v = 4; v <= 5; v++) {
        struct unit_opts o = { .version = v };

        lines.n = 0;
        unit(&lines, &o, &prog);
        buf = line_elf(&lines, "a.c", 4, &size);
        rc = lookup(buf, size, 0x100c, &s, text, sizeof text);
        CHECK(rc == 1 && !s.file && s.line == 1,
              "DWARF %u: file 99 of 2: the line, no file (got '%s')", v, text);
        free(buf);
    }

    /* A name with a terminal escape is printed harmless. */
    struct unit_opts esc = { .version = 4, .header_file = "\033[2Jx.h" };
    known_program(&prog);
    lines.n = 0;
    unit(&lines, &esc, &prog);
    buf = line_elf(&lines, "", 1, &size);
    rc = lookup(buf, size, 0x100c, &s, text, sizeof text);
    CHECK(rc == 1 && !strcmp(text, " in ?? (inc/?[2Jx.h:8)"),
          "control characters in a file name become '?' (got '%s')", text);
    free(buf);
}

/* Programs that are all operands, or end inside one. */
static void test_hostile_programs(void)
{
    static const struct want none[] = { { 0x1000, NULL, NULL, 0 } };
    struct unit_opts o = { .version = 5 };
    struct bytes prog, lines;

    prog.n = 0;                         /* an advance_pc of 4000 LEB bytes */
    op_set_address(&prog, 0x1000);
    u8(&prog, 2);
    for (int i = 0; i < 4000; i++)
        u8(&prog, 0x80);
    lines.n = 0;
    unit(&lines, &o, &prog);
    check_rows("an endless LEB128 ends with the section", &lines, none, 1);

    prog.n = 0;                         /* extended opcode lengths past the end, and 0 */
    op_set_address(&prog, 0x1000);
    u8(&prog, 1);
    u8(&prog, 0), uleb(&prog, UINT64_MAX >> 1);
    lines.n = 0;
    unit(&lines, &o, &prog);
    check_rows("an extended opcode longer than the unit ends it", &lines, none, 1);
    prog.n -= 10;
    u8(&prog, 0), u8(&prog, 0), u8(&prog, 1);
    lines.n = 0;
    unit(&lines, &o, &prog);
    check_rows("an extended opcode of length 0 ends it", &lines, none, 1);

    prog.n = 0;                         /* set_address of 16 bytes is ignored */
    op_set_address(&prog, 0x1000);
    u8(&prog, 0), uleb(&prog, 17), u8(&prog, 2);
    for (int i = 0; i < 16; i++)
        u8(&prog, 0xee);
    u8(&prog, 1);
    u8(&prog, 2), uleb(&prog, 4);
    op_end_sequence(&prog);
    lines.n = 0;
    unit(&lines, &o, &prog);
    static const struct want kept[] = { { 0x1003, NULL, "a.c", 1 } };
    check_rows("a 16-byte set_address leaves the address alone", &lines, kept, 1);

    prog.n = 0;                         /* unknown standard opcode 13, 2 operands */
    op_set_address(&prog, 0x1000);
    u8(&prog, 13), uleb(&prog, 1 << 20), uleb(&prog, 5);
    u8(&prog, 1);
    u8(&prog, 2), uleb(&prog, 4);
    op_end_sequence(&prog);
    struct unit_opts o14 = { .version = 5, .opcode_base = 14 };
    lines.n = 0;
    unit(&lines, &o14, &prog);
    check_rows("an unknown standard opcode's operands are skipped", &lines, kept, 1);

    prog.n = 0;                         /* 7000 rows at one address */
    op_set_address(&prog, 0x1000);
    for (int i = 0; i < 7000; i++)
        u8(&prog, 1);
    lines.n = 0;
    unit(&lines, &o, &prog);
    check_rows("rows that never end a range give nothing", &lines, none, 1);
}

/* ---- hand-made symbol tables ---- */

static void test_symbols(void)
{
    static const char strs[] = "\0outer\0inner\0label\0after\0data_fn\0unterminated";
    Elf64_Sym syms[] = {
        { 0 },
        { .st_name = 1, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), .st_shndx = 1,
          .st_value = 0x1000, .st_size = 0x10 },
        { .st_name = 7, .st_info = ELF64_ST_INFO(STB_LOCAL, STT_FUNC), .st_shndx = 1,
          .st_value = 0x1004, .st_size = 4 },
        { .st_name = 13, .st_info = ELF64_ST_INFO(STB_LOCAL, STT_NOTYPE), .st_shndx = 1,
          .st_value = 0x3000 },
        { .st_name = 19, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), .st_shndx = 1,
          .st_value = 0x4000, .st_size = 4 },
        { .st_name = 25, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), .st_shndx = 2,
          .st_value = 0x5000, .st_size = 4 },
        { .st_name = 1, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
          .st_shndx = SHN_UNDEF, .st_value = 0x6000, .st_size = 4 },
        { .st_name = 33, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), .st_shndx = 1,
          .st_value = 0x7000, .st_size = 4 },
        { .st_name = 0x7fffffff, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
          .st_shndx = 1, .st_value = 0x8000, .st_size = 4 },
        { .st_name = 1, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), .st_shndx = 77,
          .st_value = 0x9000, .st_size = 4 },
    };
    struct sec secs[] = {
        { .name = ".text", .type = SHT_NOBITS, .flags = SHF_ALLOC | SHF_EXECINSTR,
          .addr = 0x1000, .size = 0x9000 },
        { .name = ".data", .type = SHT_NOBITS, .flags = SHF_ALLOC | SHF_WRITE,
          .addr = 0x5000, .size = 0x1000 },
        { .name = ".symtab", .type = SHT_SYMTAB, .link = 4, .entsize = sizeof(Elf64_Sym),
          .data = syms, .size = sizeof syms },
        { .name = ".strtab", .type = SHT_STRTAB, .data = strs, .size = sizeof strs - 1 },
    };
    static const struct {
        uint64_t addr;
        const char *text;
    } want[] = {
        { 0x1000, " in outer+0x0" }, { 0x1005, " in inner+0x1" },
        { 0x100f, " in outer+0xf" }, { 0x1010, "" },
        { 0x3000, " in label+0x0" }, { 0x3fff, " in label+0xfff" },
        { 0x4003, " in after+0x3" }, { 0x4004, "" },
        { 0x5000, "" }, { 0x6000, "" }, { 0x7000, "" }, { 0x8000, "" }, { 0x9000, "" },
        { 0x0fff, "" },
    };
    size_t size;
    uint8_t *buf = build_elf(secs, 4, &size);

    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        struct symbol_info s;
        char text[64];
        int rc = lookup(buf, size, want[i].addr, &s, text, sizeof text);

        CHECK(rc == (want[i].text[0] != 0) && !strcmp(text, want[i].text),
              "symbols: %#llx reads '%s' (got '%s')", (unsigned long long)want[i].addr,
              want[i].text, text);
    }
    free(buf);

    /* Names that never end: only the chosen one is read, not every one. */
    {
        enum { NSYMS = 20000, STRS = 1 << 20 };
        Elf64_Sym *many = calloc(NSYMS, sizeof *many);
        char *endless = malloc(STRS);
        struct sec big[] = { secs[0], secs[1], secs[2], secs[3] };
        struct symbol_info s;
        char text[64];
        int rc;

        memset(endless, 'x', STRS);
        for (unsigned i = 1; i < NSYMS; i++)
            many[i] = (Elf64_Sym){ .st_name = 1 + i, .st_shndx = 1,
                                   .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
                                   .st_value = 0x1000 + i, .st_size = 2 * NSYMS };
        big[2].data = many;
        big[2].size = NSYMS * sizeof *many;
        big[3].data = endless;
        big[3].size = STRS;
        buf = build_elf(big, 4, &size);
        rc = lookup(buf, size, 0x1000 + NSYMS, &s, text, sizeof text);
        CHECK(rc == 0 && !s.func, "symbols: %u names running off a 1 MiB table: none named, "
              "one pass", NSYMS);
        free(buf);
        free(many);
        free(endless);
    }

    /* Entries of another size, a string table link out of range. */
    secs[2].entsize = 16;
    buf = build_elf(secs, 4, &size);
    struct symbol_info s;
    char text[64];
    CHECK(lookup(buf, size, 0x1000, &s, text, sizeof text) == 0,
          "symbols: a table of 16-byte entries is not read");
    free(buf);
    secs[2].entsize = sizeof(Elf64_Sym);
    secs[2].link = 99;
    buf = build_elf(secs, 4, &size);
    CHECK(lookup(buf, size, 0x1000, &s, text, sizeof text) == 0,
          "symbols: a string table link out of range is not followed");
    free(buf);
}

/* ---- section headers ---- */

static void test_sections(void)
{
    static const char data[] = "payload";
    struct sec secs[] = {
        { .name = ".one", .type = SHT_PROGBITS, .data = data, .size = sizeof data },
        { .name = ".two", .type = SHT_NOBITS, .size = 100 },
    };
    struct elf_file f;
    Elf64_Shdr sh;
    Elf64_Ehdr *eh;
    size_t size;
    uint8_t *buf = build_elf(secs, 2, &size);

    eh = (Elf64_Ehdr *)buf;
    elf_file_parse(&f, buf, size, NULL);
    CHECK(elf_file_shnum(&f) == 4, "sections: null, .one, .two, .shstrtab");
    CHECK(elf_file_find_section(&f, ".one", &sh) == 1 &&
          elf_file_section_data(&f, &sh) &&
          !memcmp(elf_file_section_data(&f, &sh), data, sizeof data),
          "sections: .one is found by name, with its bytes (a misaligned table)");
    CHECK(elf_file_find_section(&f, ".two", &sh) == 1 && !elf_file_section_data(&f, &sh),
          "sections: SHT_NOBITS has no bytes in the file");
    CHECK(elf_file_find_section(&f, ".on", &sh) == 0 && elf_file_find_section(&f, ".one.", &sh) == 0,
          "sections: names match whole");
    CHECK(elf_file_section(&f, 4, &sh) < 0, "sections: index 4 of 4 is refused");

    eh->e_shentsize = 40;
    CHECK(elf_file_shnum(&f) == 0, "sections: entries of another size make no table");
    eh->e_shentsize = sizeof(Elf64_Shdr);
    eh->e_shoff = size - 64;
    CHECK(elf_file_shnum(&f) == 0, "sections: a table past the file's end makes none");
    eh->e_shoff = UINT64_MAX - 8;
    CHECK(elf_file_shnum(&f) == 0, "sections: a table offset that wraps makes none");
    free(buf);

    buf = build_elf(secs, 2, &size);
    eh = (Elf64_Ehdr *)buf;
    elf_file_parse(&f, buf, size, NULL);
    eh->e_shstrndx = 9;
    CHECK(elf_file_find_section(&f, ".one", &sh) == 0,
          "sections: a name table index out of range finds nothing");
    eh->e_shstrndx = 3;
    sh.sh_size = 3;                     /* ".one" cut: "\0.o" */
    memcpy(buf + eh->e_shoff + 3 * sizeof sh + offsetof(Elf64_Shdr, sh_size),
           &sh.sh_size, sizeof sh.sh_size);
    CHECK(elf_file_find_section(&f, ".one", &sh) == 0,
          "sections: a name running past its table is no match");
    free(buf);
}

/* ---- symbolize_format ---- */

static void test_format(void)
{
    struct symbol_info s = { .func = "main", .func_len = 4, .func_off = 0x1f,
                             .dir = "src", .dir_len = 3, .file = "m.c", .file_len = 3,
                             .line = 42 };
    char buf[64];
    size_t n;

    n = symbolize_format(&s, buf, sizeof buf);
    CHECK(!strcmp(buf, " in main+0x1f (src/m.c:42)") && n == strlen(buf),
          "format: function, directory, file and line (got '%s')", buf);
    n = symbolize_format(&s, buf, 9);
    CHECK(!strcmp(buf, " in main") && n == 8, "format: cut to fit 9 bytes (got '%s')", buf);
    memset(buf, 'x', sizeof buf);
    n = symbolize_format(&s, buf, 0);
    CHECK(n == 0 && buf[0] == 'x', "format: 0 bytes writes nothing");
    s.line = 0;
    s.dir_len = 0;
    symbolize_format(&s, buf, sizeof buf);
    CHECK(!strcmp(buf, " in main+0x1f (m.c)"), "format: no line, no ':0' (got '%s')", buf);
    s.file = NULL;
    symbolize_format(&s, buf, sizeof buf);
    CHECK(!strcmp(buf, " in main+0x1f"), "format: the function alone (got '%s')", buf);
    s.func = NULL;
    n = symbolize_format(&s, buf, sizeof buf);
    CHECK(n == 0 && buf[0] == '\0', "format: nothing known, nothing written");
    s.func = "\x7f\x80";
    s.func_len = 2;
    s.func_off = UINT64_MAX;
    symbolize_format(&s, buf, sizeof buf);
    CHECK(!strcmp(buf, " in ??+0xffffffffffffffff"),
          "format: DEL and high bytes become '?', the offset in full (got '%s')", buf);
}

/* ---- a real unikernel, corrupted ---- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

struct real {
    struct elf_file f;
    struct sec secs[6];
    Elf64_Sym *syms;            /* a copy, its sections renumbered */
    size_t nsyms;
    uint64_t addrs[8];          /* function starts and middles */
    unsigned naddrs;
};

static const uint8_t *real_section(const struct elf_file *f, const char *name, size_t *size)
{
    Elf64_Shdr sh;
    const uint8_t *p = NULL;

    *size = 0;
    if (elf_file_find_section(f, name, &sh) == 1 && (p = elf_file_section_data(f, &sh)))
        *size = sh.sh_size;
    return p;
}

/*
 * The real file's .symtab, .strtab, .debug_line_str and .debug_line in
 * a file of build_elf's, symbols in executable sections moved to its
 * .text (section 1), the others made absolute.
 */
static int real_load(struct real *r, const char *path)
{
    static const char *names[] = { ".symtab", ".strtab", ".debug_str",
                                   ".debug_line_str", ".debug_line" };
    Elf64_Shdr sh;
    size_t size;
    const uint8_t *p;
    struct errbuf err;

    if (elf_file_map(&r->f, path, &err) < 0) {
        printf("# %s: %s\n", path, err.msg);
        return -1;
    }
    r->secs[0] = (struct sec){ .name = ".text", .type = SHT_NOBITS,
                               .flags = SHF_ALLOC | SHF_EXECINSTR, .addr = 0x100000,
                               .size = 0x1000000 };
    for (unsigned i = 0; i < 5; i++) {
        p = real_section(&r->f, names[i], &size);
        if (!p && i != 2)
            return -1;
        r->secs[i + 1] = (struct sec){ .name = names[i], .type = SHT_PROGBITS,
                                       .data = p, .size = size };
    }
    r->secs[1].type = SHT_SYMTAB;
    r->secs[1].link = 3;                /* .strtab */
    r->secs[1].entsize = sizeof(Elf64_Sym);
    r->nsyms = r->secs[1].size / sizeof(Elf64_Sym);
    r->syms = malloc(r->secs[1].size + 1);
    memcpy(r->syms, r->secs[1].data, r->nsyms * sizeof(Elf64_Sym));
    r->secs[1].data = r->syms;
    for (size_t i = 0; i < r->nsyms; i++) {
        Elf64_Sym *s = &r->syms[i];
        int text = elf_file_section(&r->f, s->st_shndx, &sh) == 0 &&
                   (sh.sh_flags & SHF_EXECINSTR);

        if (s->st_shndx != SHN_UNDEF)
            s->st_shndx = text ? 1 : SHN_ABS;
        if (text && ELF64_ST_TYPE(s->st_info) == STT_FUNC && s->st_size > 8 &&
            r->naddrs + 2 <= sizeof r->addrs / sizeof r->addrs[0] && i % 3 == 0) {
            r->addrs[r->naddrs++] = s->st_value;
            r->addrs[r->naddrs++] = s->st_value + s->st_size / 2;
        }
    }
    return r->naddrs > 0 ? 0 : -1;
}

/* The real file's results, from its own copy and from build_elf's. */
static void test_real_baseline(struct real *r, const char *path)
{
    size_t size;
    uint8_t *buf = build_elf(r->secs, 6, &size);
    unsigned same = 0, found = 0;

    for (unsigned i = 0; i < r->naddrs; i++) {
        struct symbol_info a, b;
        char ta[256], tb[256];

        symbolize(&r->f, r->addrs[i], &a);
        symbolize_format(&a, ta, sizeof ta);
        lookup(buf, size, r->addrs[i], &b, tb, sizeof tb);
        same += strcmp(ta, tb) == 0;
        found += a.func && a.file && a.line;
    }
    CHECK(found == r->naddrs && same == r->naddrs,
          "%s: %u addresses name function, file and line, the same when rebuilt",
          path, r->naddrs);
    free(buf);
}

/* Each of the real file's sections cut at every length, last in the file. */
static void test_real_truncated(struct real *r)
{
    unsigned runs = 0, bad = 0;

    for (unsigned k = 1; k < 6; k++) {
        struct sec secs[6];
        size_t full = r->secs[k].size, step = full > 1024 ? full / 1024 : 1;

        memcpy(secs, r->secs, sizeof secs);
        for (size_t len = 0; len <= full; len += len < 256 ? 1 : step) {
            size_t size;
            uint8_t *buf;

            secs[k].size = len;
            buf = build_elf_last(secs, 6, k, &size);
            for (unsigned i = 0; i < r->naddrs; i += 3) {
                struct symbol_info s;
                char text[256];

                bad += lookup(buf, size, r->addrs[i], &s, text, sizeof text) < 0;
                runs++;
            }
            free(buf);
        }
    }
    CHECK(bad == 0, "real sections cut at every length: %u lookups, all inside the file",
          runs);
}

/* Random bytes of the real sections overwritten, a few at a time. */
static void test_real_corrupted(struct real *r)
{
    static const uint8_t values[] = { 0x00, 0xff, 0x80, 0x7f, 0x01, 0x0c, 0x1f, 0x02 };
    size_t size;
    uint8_t *pristine = build_elf(r->secs, 6, &size);
    uint8_t *buf = malloc(size);
    unsigned runs = 0, bad = 0, found = 0;
    Elf64_Shdr line_sh;
    struct elf_file f;

    elf_file_parse(&f, pristine, size, NULL);
    elf_file_find_section(&f, ".debug_line", &line_sh);
    for (unsigned iter = 0; iter < 6000; iter++) {
        unsigned edits = 1 + (unsigned)(rnd() % 8);

        memcpy(buf, pristine, size);
        for (unsigned e = 0; e < edits; e++) {
            /* most edits in .debug_line, the rest anywhere after the headers */
            uint64_t at = rnd() % 4 ? line_sh.sh_offset + rnd() % line_sh.sh_size
                                    : sizeof(Elf64_Ehdr) + rnd() % (size - sizeof(Elf64_Ehdr));

            buf[at] = rnd() % 2 ? values[rnd() % sizeof values] : (uint8_t)rnd();
        }
        for (unsigned i = 0; i < r->naddrs; i += 2) {
            struct symbol_info s;
            char text[256];
            int rc = lookup(buf, size, r->addrs[i] + rnd() % 16, &s, text, sizeof text);

            bad += rc < 0;
            found += rc == 1;
            runs++;
        }
    }
    CHECK(bad == 0, "real file with random bytes overwritten: %u lookups (%u found "
          "something), all inside the file", runs, found);
    free(buf);
    free(pristine);
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : UKVM_BUILD_DIR "/tests/test_hello.hvt";
    struct real r = { .naddrs = 0 };

    test_sections();
    test_format();
    test_symbols();
    test_known_programs();
    test_broken_headers();
    test_file_tables();
    test_hostile_programs();
    if (CHECK(real_load(&r, path) == 0, "%s has symbols and .debug_line", path)) {
        test_real_baseline(&r, path);
        test_real_truncated(&r);
        test_real_corrupted(&r);
    }
    free(r.syms);
    elf_file_unmap(&r.f);
    return check_done();
}
