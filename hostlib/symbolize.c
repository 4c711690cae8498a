/* SPDX-License-Identifier: ISC */
/*
 * Function and source line of an address, from .symtab and .debug_line
 * (DWARF 5, section 6.2; DWARF 2 to 4 for the older header), allocation
 * free: see symbolize.h for where this runs and why.
 */
#include <string.h>

#include "symbolize.h"

/* DWARF constants used here (DWARF 5, sections 7.5.6 and 7.22). */
enum {
    DW_LNS_copy = 1, DW_LNS_advance_pc, DW_LNS_advance_line, DW_LNS_set_file,
    DW_LNS_set_column, DW_LNS_negate_stmt, DW_LNS_set_basic_block,
    DW_LNS_const_add_pc, DW_LNS_fixed_advance_pc, DW_LNS_set_prologue_end,
    DW_LNS_set_epilogue_begin, DW_LNS_set_isa,
};
enum { DW_LNE_end_sequence = 1, DW_LNE_set_address = 2 };
enum { DW_LNCT_path = 1, DW_LNCT_directory_index = 2 };
enum {
    DW_FORM_block2 = 0x03, DW_FORM_block4 = 0x04, DW_FORM_data2 = 0x05,
    DW_FORM_data4 = 0x06, DW_FORM_data8 = 0x07, DW_FORM_string = 0x08,
    DW_FORM_block = 0x09, DW_FORM_block1 = 0x0a, DW_FORM_data1 = 0x0b,
    DW_FORM_flag = 0x0c, DW_FORM_sdata = 0x0d, DW_FORM_strp = 0x0e,
    DW_FORM_udata = 0x0f, DW_FORM_strx = 0x1a, DW_FORM_strp_sup = 0x1d,
    DW_FORM_data16 = 0x1e, DW_FORM_line_strp = 0x1f, DW_FORM_strx1 = 0x25,
    DW_FORM_strx2 = 0x26, DW_FORM_strx3 = 0x27, DW_FORM_strx4 = 0x28,
};

/*
 * A reader of [p, end). Reading past the end marks it bad and yields
 * zeroes, so parsers test once per record rather than at every field;
 * a bad reader has nothing left, which ends every loop over it.
 */
struct rd {
    const uint8_t *p, *end;
    int bad;
};

static struct rd rd_make(const uint8_t *p, size_t len)
{
    return (struct rd){ p, p + len, 0 };
}

static size_t rd_left(const struct rd *r)
{
    return r->bad ? 0 : (size_t)(r->end - r->p);
}

static void rd_skip(struct rd *r, uint64_t n)
{
    if (n > rd_left(r)) {
        r->bad = 1;
        return;
    }
    r->p += n;
}

/* A little-endian unsigned integer of N (at most 8) bytes. */
static uint64_t rd_uint(struct rd *r, unsigned n)
{
    uint64_t v = 0;

    if (n > rd_left(r)) {
        r->bad = 1;
        return 0;
    }
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)r->p[i] << (8 * i);
    r->p += n;
    return v;
}

/* LEB128; bits past the 64th are dropped. SLEB comes back as its bits. */
static uint64_t rd_leb(struct rd *r, int is_signed)
{
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t b;

    do {
        if (rd_left(r) == 0) {
            r->bad = 1;
            return 0;
        }
        b = *r->p++;
        if (shift < 64) {
            v |= (uint64_t)(b & 0x7f) << shift;
            shift += 7;
        }
    } while (b & 0x80);
    if (is_signed && shift < 64 && (b & 0x40))
        v |= ~(uint64_t)0 << shift;
    return v;
}

static uint64_t rd_uleb(struct rd *r)
{
    return rd_leb(r, 0);
}

/* A NUL-terminated string inside the reader; NULL (and bad) if none. */
static const char *rd_cstr(struct rd *r, size_t *len)
{
    const uint8_t *nul = rd_left(r) ? memchr(r->p, 0, rd_left(r)) : NULL;
    const char *s = (const char *)r->p;

    if (!nul) {
        r->bad = 1;
        return NULL;
    }
    *len = (size_t)(nul - r->p);
    r->p = nul + 1;
    return s;
}

/* The string at OFF of a string section, or NULL if it does not end there. */
static const char *str_at(const uint8_t *sec, uint64_t size, uint64_t off,
                          size_t *len)
{
    struct rd r;

    if (!sec || off >= size)
        return NULL;
    r = rd_make(sec + off, size - off);
    return rd_cstr(&r, len);
}

/* ---- .symtab ---- */

/*
 * The function is the smallest STT_FUNC whose extent holds the address
 * (an alias's body may lie inside another), global before local. Where
 * none does, an assembly label (a symbol of size 0 in an executable
 * section) is taken if it is the nearest symbol below the address: its
 * extent is unknown. Alignment padding between sized functions belongs
 * to no function.
 */
struct sym_search {
    uint64_t addr;
    Elf64_Sym covering, below;  /* the best so far, when have_* */
    int have_covering, have_below;
};

static int sym_in_text(const struct elf_file *f, const Elf64_Sym *s)
{
    Elf64_Shdr sh;
    unsigned type = ELF64_ST_TYPE(s->st_info);

    return (type == STT_FUNC || type == STT_NOTYPE) &&
           elf_file_section(f, s->st_shndx, &sh) == 0 &&
           (sh.sh_flags & SHF_EXECINSTR);
}

static void sym_consider(struct sym_search *q, const Elf64_Sym *s)
{
    const Elf64_Sym *c = &q->covering;

    if (ELF64_ST_TYPE(s->st_info) == STT_FUNC && s->st_size > 0 &&
        q->addr - s->st_value < s->st_size &&
        (!q->have_covering || s->st_size < c->st_size ||
         (s->st_size == c->st_size && ELF64_ST_BIND(s->st_info) != STB_LOCAL &&
          ELF64_ST_BIND(c->st_info) == STB_LOCAL))) {
        q->covering = *s;
        q->have_covering = 1;
    }
    /* Of several symbols at one address, the first sized one, else the first. */
    if (!q->have_below || s->st_value > q->below.st_value ||
        (s->st_value == q->below.st_value && s->st_size > 0 &&
         q->below.st_size == 0)) {
        q->below = *s;
        q->have_below = 1;
    }
}

static void symtab_lookup(const struct elf_file *f, uint64_t addr,
                          struct symbol_info *out)
{
    struct sym_search q = { .addr = addr };
    Elf64_Shdr symtab, strtab;
    const uint8_t *syms, *strs;
    const Elf64_Sym *pick;
    Elf64_Sym sym;
    unsigned n = elf_file_shnum(f), i;

    for (i = 0; i < n; i++)
        if (elf_file_section(f, i, &symtab) == 0 && symtab.sh_type == SHT_SYMTAB)
            break;
    if (i == n || symtab.sh_entsize != sizeof sym ||
        elf_file_section(f, symtab.sh_link, &strtab) < 0)
        return;
    syms = elf_file_section_data(f, &symtab);
    strs = elf_file_section_data(f, &strtab);
    if (!syms || !strs)
        return;
    for (uint64_t k = 0; k < symtab.sh_size / sizeof sym; k++) {
        memcpy(&sym, syms + k * sizeof sym, sizeof sym);   /* maybe misaligned */
        if (sym.st_value > addr || sym.st_name == 0 || sym.st_name >= strtab.sh_size ||
            !sym_in_text(f, &sym))
            continue;
        sym_consider(&q, &sym);
    }
    /* Only the pick's name is read: one scan of the table, not one a symbol. */
    pick = q.have_covering ? &q.covering :
           q.have_below && q.below.st_size == 0 ? &q.below : NULL;
    if (pick && str_at(strs, strtab.sh_size, pick->st_name, &out->func_len) &&
        out->func_len > 0) {
        out->func = (const char *)strs + pick->st_name;
        out->func_off = addr - pick->st_value;
    } else {
        out->func_len = 0;
    }
}

/* ---- .debug_line: the unit header ---- */

struct dwarf_strs {
    const uint8_t *line_str, *str;     /* .debug_line_str, .debug_str */
    uint64_t line_str_size, str_size;
};

struct line_unit {
    unsigned version;
    unsigned offset_size;       /* 4 or 8: 32- or 64-bit DWARF */
    uint8_t min_insn_len, max_ops, line_range, opcode_base;
    int line_base;
    const uint8_t *std_lengths; /* operand counts of opcodes 1..opcode_base-1 */
    struct rd tables;           /* directory and file name tables */
    struct rd program;          /* the line number program */
};

/*
 * Reads the unit at SEC and moves SEC past it. Returns 1 for a unit to
 * run, 0 for one to skip (unknown version, broken header), -1 when the
 * units end or their lengths cannot be trusted any further.
 */
static int line_unit_parse(struct rd *sec, struct line_unit *u)
{
    uint64_t len = rd_uint(sec, 4), hlen;
    struct rd unit, hdr;

    u->offset_size = 4;
    if (len == 0xffffffff) {
        u->offset_size = 8;
        len = rd_uint(sec, 8);
    } else if (len >= 0xfffffff0) {
        return -1;              /* reserved values */
    }
    if (sec->bad || len > rd_left(sec))
        return -1;
    unit = rd_make(sec->p, len);
    rd_skip(sec, len);

    u->version = (unsigned)rd_uint(&unit, 2);
    if (u->version < 2 || u->version > 5)
        return 0;
    if (u->version >= 5)
        rd_skip(&unit, 2);      /* address and segment selector sizes */
    hlen = rd_uint(&unit, u->offset_size);
    if (unit.bad || hlen > rd_left(&unit))
        return 0;
    hdr = rd_make(unit.p, hlen);
    u->program = rd_make(unit.p + hlen, rd_left(&unit) - hlen);

    u->min_insn_len = (uint8_t)rd_uint(&hdr, 1);
    u->max_ops = u->version >= 4 ? (uint8_t)rd_uint(&hdr, 1) : 1;
    rd_skip(&hdr, 1);           /* default_is_stmt: rows are taken either way */
    u->line_base = (int)rd_uint(&hdr, 1);
    if (u->line_base >= 128)
        u->line_base -= 256;    /* a signed byte */
    u->line_range = (uint8_t)rd_uint(&hdr, 1);
    u->opcode_base = (uint8_t)rd_uint(&hdr, 1);
    u->std_lengths = hdr.p;
    rd_skip(&hdr, u->opcode_base ? u->opcode_base - 1u : 0);
    if (hdr.bad || u->line_range == 0 || u->opcode_base == 0)
        return 0;
    u->tables = hdr;
    return 1;
}

/* ---- .debug_line: the program ---- */

struct line_state {
    uint64_t addr, file, line, op_index;
};

/* The search: the row whose range [row, next row) holds WANT. */
struct line_search {
    uint64_t want;
    struct line_state prev;     /* the last row of the sequence, if have_prev */
    int have_prev, found;
    uint64_t file, line;
};

static void line_reset(struct line_state *s)
{
    *s = (struct line_state){ .file = 1, .line = 1 };
}

/* A new row ends the previous row's range. */
static void line_row(struct line_search *q, const struct line_state *s)
{
    if (q->have_prev && q->prev.addr <= q->want && q->want < s->addr) {
        q->found = 1;
        q->file = q->prev.file;
        q->line = q->prev.line;
    }
    q->prev = *s;
    q->have_prev = 1;
}

/* Advances by ADV operations (VLIW-aware, as DWARF 5 6.2.5.1 says). */
static void line_advance(struct line_state *s, const struct line_unit *u,
                         uint64_t adv)
{
    uint64_t ops;

    if (u->max_ops <= 1) {
        s->addr += u->min_insn_len * adv;
        return;
    }
    ops = s->op_index + adv;
    s->addr += u->min_insn_len * (ops / u->max_ops);
    s->op_index = ops % u->max_ops;
}

static void line_special(const struct line_unit *u, uint8_t op,
                         struct line_state *s, struct line_search *q)
{
    unsigned adj = op - u->opcode_base;

    line_advance(s, u, adj / u->line_range);
    s->line += (uint64_t)(int64_t)(u->line_base + (int)(adj % u->line_range));
    line_row(q, s);
}

static void line_extended(struct rd *r, struct line_state *s,
                          struct line_search *q)
{
    uint64_t len = rd_uleb(r);
    struct rd e;

    if (len == 0 || len > rd_left(r)) {
        r->bad = 1;
        return;
    }
    e = rd_make(r->p, len);
    rd_skip(r, len);
    switch (rd_uint(&e, 1)) {
    case DW_LNE_end_sequence:
        line_row(q, s);
        q->have_prev = 0;
        line_reset(s);
        break;
    case DW_LNE_set_address:
        if (len - 1 <= 8) {
            s->addr = rd_uint(&e, (unsigned)(len - 1));
            s->op_index = 0;
        }
        break;
    default:                    /* define_file, set_discriminator, vendors' */
        break;
    }
}

static void line_standard(struct rd *r, const struct line_unit *u, uint8_t op,
                          struct line_state *s, struct line_search *q)
{
    switch (op) {
    case DW_LNS_copy:
        line_row(q, s);
        break;
    case DW_LNS_advance_pc:
        line_advance(s, u, rd_uleb(r));
        break;
    case DW_LNS_advance_line:
        s->line += rd_leb(r, 1);
        break;
    case DW_LNS_set_file:
        s->file = rd_uleb(r);
        break;
    case DW_LNS_const_add_pc:
        line_advance(s, u, (255u - u->opcode_base) / u->line_range);
        break;
    case DW_LNS_fixed_advance_pc:
        s->addr += rd_uint(r, 2);
        s->op_index = 0;
        break;
    case DW_LNS_negate_stmt:
    case DW_LNS_set_basic_block:
    case DW_LNS_set_prologue_end:
    case DW_LNS_set_epilogue_begin:
        break;
    default:                    /* set_column, set_isa, unknown: skip operands */
        for (unsigned i = 0; i < u->std_lengths[op - 1] && !r->bad; i++)
            rd_uleb(r);
        break;
    }
}

/* Every opcode consumes at least one byte: the loop ends with the unit. */
static void line_program(const struct line_unit *u, struct line_search *q)
{
    struct rd r = u->program;
    struct line_state s;

    line_reset(&s);
    q->have_prev = 0;
    while (!q->found && rd_left(&r) > 0) {
        uint8_t op = (uint8_t)rd_uint(&r, 1);

        if (op >= u->opcode_base)
            line_special(u, op, &s, q);
        else if (op == 0)
            line_extended(&r, &s, q);
        else
            line_standard(&r, u, op, &s, q);
    }
}

/* ---- .debug_line: directory and file names ---- */

struct name_entry {
    const char *path;
    size_t len;
    uint64_t dir;
};

/* Reads one value of FORM; keeps strings and numbers. 0 if unreadable. */
static int read_form(struct rd *r, uint64_t form, const struct line_unit *u,
                     const struct dwarf_strs *strs, const char **str,
                     size_t *len, uint64_t *num)
{
    static const uint8_t fixed[] = {
        [DW_FORM_data1] = 1, [DW_FORM_data2] = 2, [DW_FORM_data4] = 4,
        [DW_FORM_data8] = 8, [DW_FORM_flag] = 1, [DW_FORM_strx1] = 1,
        [DW_FORM_strx2] = 2, [DW_FORM_strx3] = 3, [DW_FORM_strx4] = 4,
    };

    *str = NULL;
    *num = 0;
    switch (form) {
    case DW_FORM_string:
        *str = rd_cstr(r, len);
        break;
    case DW_FORM_line_strp:
        *str = str_at(strs->line_str, strs->line_str_size,
                      rd_uint(r, u->offset_size), len);
        break;
    case DW_FORM_strp:
        *str = str_at(strs->str, strs->str_size, rd_uint(r, u->offset_size), len);
        break;
    case DW_FORM_strp_sup:      /* in a supplementary file: not read */
        rd_skip(r, u->offset_size);
        break;
    case DW_FORM_udata:
    case DW_FORM_strx:          /* needs .debug_str_offsets: not read */
        *num = rd_uleb(r);
        break;
    case DW_FORM_sdata:
        rd_leb(r, 1);
        break;
    case DW_FORM_data16:
        rd_skip(r, 16);
        break;
    case DW_FORM_block:
        rd_skip(r, rd_uleb(r));
        break;
    case DW_FORM_block1:
    case DW_FORM_block2:
    case DW_FORM_block4:
        rd_skip(r, rd_uint(r, form == DW_FORM_block1 ? 1 : form == DW_FORM_block2 ? 2 : 4));
        break;
    default:
        if (form >= sizeof fixed || fixed[form] == 0)
            return 0;
        *num = rd_uint(r, fixed[form]);
        break;
    }
    return !r->bad;
}

/*
 * A DWARF 5 table's entry formats: (content type, form) pairs, decoded
 * once, so that each entry costs its own bytes only. Types and forms
 * all lie below 0x10000 (DW_LNCT_hi_user is 0x3fff); larger ones make
 * the table unreadable. 1 KiB of stack.
 */
struct entry_formats {
    unsigned n;
    uint16_t type[255], form[255];
};

static int v5_formats(struct rd *t, struct entry_formats *fm)
{
    fm->n = (unsigned)rd_uint(t, 1);
    for (unsigned i = 0; i < fm->n; i++) {
        uint64_t type = rd_uleb(t), form = rd_uleb(t);

        if (type > 0xffff || form > 0xffff)
            return -1;
        fm->type[i] = (uint16_t)type;
        fm->form[i] = (uint16_t)form;
    }
    return t->bad ? -1 : 0;
}

/*
 * Walks a DWARF 5 directory or file name table at T (its entry formats,
 * then its entries) and leaves T after it. Returns 1 and sets *E for
 * entry WANT, 0 when there is none, -1 when the table is unreadable.
 * Each entry reads at least one byte, so the walk ends with the header.
 */
static int v5_table(struct rd *t, const struct line_unit *u,
                    const struct dwarf_strs *strs, uint64_t want,
                    struct name_entry *e)
{
    struct entry_formats fm;
    uint64_t count;
    int found = 0;

    if (v5_formats(t, &fm) < 0)
        return -1;
    count = rd_uleb(t);
    if (t->bad)
        return -1;
    if (fm.n == 0)
        return 0;               /* entries of nothing, taking no bytes */
    for (uint64_t i = 0; i < count; i++) {
        struct name_entry cur = { NULL, 0, 0 };

        for (unsigned k = 0; k < fm.n; k++) {
            const char *s;
            size_t len = 0;
            uint64_t num;

            if (!read_form(t, fm.form[k], u, strs, &s, &len, &num))
                return -1;
            if (fm.type[k] == DW_LNCT_path) {
                cur.path = s;
                cur.len = len;
            } else if (fm.type[k] == DW_LNCT_directory_index) {
                cur.dir = num;
            }
        }
        if (i == want) {
            *e = cur;
            found = 1;
        }
    }
    return found;
}

/* DWARF 2-4: include_directories, WANT counted from 1. */
static int v4_dir(struct rd *t, uint64_t want, struct name_entry *e)
{
    for (uint64_t i = 1;; i++) {
        size_t len;
        const char *s = rd_cstr(t, &len);

        if (!s)
            return -1;
        if (len == 0)
            return 0;
        if (i == want) {
            *e = (struct name_entry){ s, len, 0 };
            return 1;
        }
    }
}

/* DWARF 2-4: file_names (after the directories), WANT counted from 1. */
static int v4_file(struct rd *t, uint64_t want, struct name_entry *e)
{
    struct name_entry skip;

    if (v4_dir(t, 0, &skip) < 0)
        return -1;
    for (uint64_t i = 1;; i++) {
        struct name_entry cur;

        cur.path = rd_cstr(t, &cur.len);
        if (!cur.path)
            return -1;
        if (cur.len == 0)
            return 0;
        cur.dir = rd_uleb(t);
        rd_uleb(t);             /* modification time */
        rd_uleb(t);             /* length */
        if (t->bad)
            return -1;
        if (i == want) {
            *e = cur;
            return 1;
        }
    }
}

/*
 * Sets OUT's file and directory for file number FILE of unit U. The
 * directory is left empty for directory 0 (the compilation directory)
 * and for absolute names.
 */
static void line_file_name(const struct line_unit *u, const struct dwarf_strs *strs,
                           uint64_t file, struct symbol_info *out)
{
    struct rd t = u->tables, dirs = u->tables;
    struct name_entry fe, de;
    int ok;

    if (u->version >= 5) {
        ok = v5_table(&t, u, strs, UINT64_MAX, &de) >= 0 &&
             v5_table(&t, u, strs, file, &fe) == 1;
    } else {
        ok = v4_file(&t, file, &fe) == 1;
    }
    if (!ok || !fe.path)
        return;
    out->file = fe.path;
    out->file_len = fe.len;
    if (fe.dir == 0 || (fe.len > 0 && fe.path[0] == '/'))
        return;
    if (u->version >= 5)
        ok = v5_table(&dirs, u, strs, fe.dir, &de) == 1;
    else
        ok = v4_dir(&dirs, fe.dir, &de) == 1;
    if (ok && de.path) {
        out->dir = de.path;
        out->dir_len = de.len;
    }
}

static const uint8_t *debug_section(const struct elf_file *f, const char *name,
                                    uint64_t *size)
{
    Elf64_Shdr sh;

    if (!elf_file_find_section(f, name, &sh) || (sh.sh_flags & SHF_COMPRESSED))
        return NULL;
    *size = sh.sh_size;
    return elf_file_section_data(f, &sh);
}

/* Units are searched in order; the first row covering ADDR is taken. */
static void line_lookup(const struct elf_file *f, uint64_t addr,
                        struct symbol_info *out)
{
    struct dwarf_strs strs = { NULL, NULL, 0, 0 };
    const uint8_t *lines;
    uint64_t size = 0;
    struct rd sec;

    lines = debug_section(f, ".debug_line", &size);
    if (!lines)
        return;
    strs.line_str = debug_section(f, ".debug_line_str", &strs.line_str_size);
    strs.str = debug_section(f, ".debug_str", &strs.str_size);
    sec = rd_make(lines, size);
    while (rd_left(&sec) > 0) {
        struct line_unit u;
        struct line_search q = { .want = addr };
        int rc = line_unit_parse(&sec, &u);

        if (rc < 0)
            break;
        if (rc == 0)
            continue;
        line_program(&u, &q);
        if (q.found) {
            out->line = (unsigned)q.line;
            line_file_name(&u, &strs, q.file, out);
            return;
        }
    }
}

int symbolize(const struct elf_file *f, uint64_t addr, struct symbol_info *out)
{
    memset(out, 0, sizeof *out);
    if (!f || !f->ehdr)
        return 0;
    symtab_lookup(f, addr, out);
    line_lookup(f, addr, out);
    return out->func || out->file || out->line;
}

/* ---- the report text ---- */

struct text {
    char *buf;
    size_t n, len;
};

/* Appends, cut to fit; what would not print on a terminal becomes '?'. */
static void put(struct text *t, const char *s, size_t len)
{
    for (size_t i = 0; i < len && t->len + 1 < t->n; i++) {
        unsigned char c = (unsigned char)s[i];

        t->buf[t->len++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
}

static void put_str(struct text *t, const char *s)
{
    put(t, s, strlen(s));
}

static void put_num(struct text *t, uint64_t v, unsigned base)
{
    char digits[24];
    size_t i = sizeof digits;

    do {
        digits[--i] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    put(t, digits + i, sizeof digits - i);
}

size_t symbolize_format(const struct symbol_info *s, char *buf, size_t n)
{
    struct text t = { buf, n, 0 };

    if (s->func || s->file || s->line) {
        put_str(&t, " in ");
        if (s->func) {
            put(&t, s->func, s->func_len);
            put_str(&t, "+0x");
            put_num(&t, s->func_off, 16);
        } else {
            put_str(&t, "??");
        }
    }
    if (s->file || s->line) {
        put_str(&t, " (");
        if (s->dir_len) {
            put(&t, s->dir, s->dir_len);
            put_str(&t, "/");
        }
        if (s->file)
            put(&t, s->file, s->file_len);
        else
            put_str(&t, "??");
        if (s->line) {
            put_str(&t, ":");
            put_num(&t, s->line, 10);
        }
        put_str(&t, ")");
    }
    if (n > 0)
        buf[t.len] = '\0';
    return t.len;
}
