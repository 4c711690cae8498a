/* SPDX-License-Identifier: ISC */
/*
 * The ELF core writer. Async-signal-safe: no allocation, no stdio, only
 * write(2) and mincore(2). The file is written in one pass, in order, so
 * a pipe works; every offset is planned (and checked for overflow) before
 * the first byte goes out.
 */
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/procfs.h>
#include <unistd.h>

#include "core_file.h"

/* x86_64's page size: sysconf is not on the async-signal-safe list. */
#define PAGE 4096u
#define MINCORE_BATCH 2048u   /* pages per mincore call: 2 KiB of stack */
#define WRITE_MAX (1u << 30)  /* below Linux's 0x7ffff000 cap per write */

/* The layout gdb (BFD's elfcore_grok_prstatus) expects of x86_64 Linux. */
_Static_assert(sizeof(struct elf_prstatus) == 336, "elf_prstatus size");
_Static_assert(offsetof(struct elf_prstatus, pr_reg) == 112, "pr_reg offset");
_Static_assert(sizeof(struct elf_prpsinfo) == 136, "elf_prpsinfo size");
_Static_assert(sizeof(elf_gregset_t) == sizeof(struct user_regs_struct),
               "pr_reg holds a user_regs_struct");
_Static_assert(sizeof(struct user_fpregs_struct) == 512, "fxsave area size");

static const char note_name[8] = "CORE";     /* 5 bytes, padded to 8 */
static const unsigned char zeros[PAGE];

/* Bounded copy of S to BUF[AT..], always terminated; returns the new end. */
static size_t append(char *buf, size_t n, size_t at, const char *s)
{
    while (*s && at + 1 < n)
        buf[at++] = *s++;
    buf[at] = '\0';
    return at;
}

/* V in decimal, by hand: snprintf is not async-signal-safe. */
static const char *decimal(char *end, unsigned v)
{
    *--end = '\0';
    do
        *--end = (char)('0' + v % 10);
    while (v /= 10);
    return end;
}

int core_err(struct errbuf *err, const char *a, const char *b, int errnum)
{
    char num[24];
    const char *why;
    size_t at = 0;

    if (!err)
        return -1;
    err->msg[0] = '\0';
    if (a)
        at = append(err->msg, sizeof err->msg, at, a);
    if (b) {
        if (at)
            at = append(err->msg, sizeof err->msg, at, ": ");
        at = append(err->msg, sizeof err->msg, at, b);
    }
    if (errnum) {
        /* A table lookup in glibc, untranslated: no locale involved. */
        why = strerrordesc_np(errnum);
        if (at)
            at = append(err->msg, sizeof err->msg, at, ": ");
        if (!why) {
            at = append(err->msg, sizeof err->msg, at, "errno ");
            why = decimal(num + sizeof num, (unsigned)errnum);
        }
        append(err->msg, sizeof err->msg, at, why);
    }
    return -1;
}

static int fail(struct errbuf *err, const char *why, int errnum)
{
    return core_err(err, "core file", why, errnum);
}

/* A sequential writer that knows its position. */
struct out {
    int fd;
    uint64_t pos;
    struct errbuf *err;
};

static int put(struct out *o, const void *buf, uint64_t len)
{
    const unsigned char *p = buf;
    ssize_t n;

    while (len > 0) {
        n = write(o->fd, p, len < WRITE_MAX ? (size_t)len : WRITE_MAX);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(o->err, errno == EFAULT ? "a region is not readable"
                                                : "write", errno);
        if (n == 0)
            return fail(o->err, "write made no progress", 0);
        p += n;
        len -= (uint64_t)n;
        o->pos += (uint64_t)n;
    }
    return 0;
}

static int pad_to(struct out *o, uint64_t off)
{
    uint64_t n;

    while (o->pos < off) {
        n = off - o->pos < PAGE ? off - o->pos : PAGE;
        if (put(o, zeros, n) < 0)
            return -1;
    }
    return 0;
}

/*
 * Where region R's bytes go when the file so far ends at *END: the first
 * offset from there congruent to its address modulo the page. Advances
 * *END past them; a zero region has none. Returns nonzero on overflow.
 */
static int lay_out(uint64_t *end, const struct core_region *r, uint64_t *off)
{
    if (!r->data) {
        *off = *end;
        return 0;
    }
    return __builtin_add_overflow(*end, (r->addr - *end) & (PAGE - 1), off) ||
           __builtin_add_overflow(*off, r->len, end);
}

static uint64_t note_size(uint64_t descsz)
{
    return sizeof(Elf64_Nhdr) + sizeof note_name + ((descsz + 3) & ~3ull);
}

static uint64_t notes_size(const struct user_fpregs_struct *fpregs)
{
    return note_size(sizeof(struct elf_prstatus)) +
           note_size(sizeof(struct elf_prpsinfo)) +
           (fpregs ? note_size(sizeof *fpregs) : 0);
}

static int check_region(const struct core_region *r, const struct core_region *prev,
                        struct errbuf *err)
{
    uintptr_t end;

    if (r->len == 0)
        return fail(err, "a region is empty", 0);
    if (r->len - 1 > UINT64_MAX - r->addr || (r->data && (r->len > UINTPTR_MAX ||
            __builtin_add_overflow((uintptr_t)r->data, (uintptr_t)r->len, &end))))
        return fail(err, "a region wraps around the address space", 0);
    if (prev && (r->addr < prev->addr || r->addr - prev->addr < prev->len))
        return fail(err, "regions overlap or are out of address order", 0);
    return 0;
}

/* Checks the regions and that every offset up to the file's end fits. */
static int plan(const struct core_region *r, unsigned n, uint64_t data_start,
                struct errbuf *err)
{
    uint64_t end = data_start, off;
    unsigned i;

    if (n > CORE_MAX_REGIONS)
        return fail(err, "too many regions for one ELF file", 0);
    for (i = 0; i < n; i++) {
        if (check_region(&r[i], i ? &r[i - 1] : NULL, err) < 0)
            return -1;
        if (lay_out(&end, &r[i], &off) || end > INT64_MAX)
            return fail(err, "the regions are too large for one file", 0);
    }
    return 0;
}

static int put_ehdr(struct out *o, unsigned phnum)
{
    Elf64_Ehdr e;

    memset(&e, 0, sizeof e);
    memcpy(e.e_ident, ELFMAG, SELFMAG);
    e.e_ident[EI_CLASS] = ELFCLASS64;
    e.e_ident[EI_DATA] = ELFDATA2LSB;
    e.e_ident[EI_VERSION] = EV_CURRENT;
    e.e_ident[EI_OSABI] = ELFOSABI_NONE;
    e.e_type = ET_CORE;
    e.e_machine = EM_X86_64;
    e.e_version = EV_CURRENT;
    e.e_phoff = sizeof e;
    e.e_ehsize = sizeof e;
    e.e_phentsize = sizeof(Elf64_Phdr);
    e.e_phnum = (Elf64_Half)phnum;
    return put(o, &e, sizeof e);
}

/* A PT_LOAD; the bytes past FILESZ, up to MEMSZ, are zeros by ELF's rule. */
static int put_phdr(struct out *o, uint32_t flags, uint64_t off, uint64_t addr,
                    uint64_t filesz, uint64_t memsz)
{
    Elf64_Phdr p = {
        .p_type = PT_LOAD, .p_flags = flags, .p_offset = off,
        .p_vaddr = addr, .p_paddr = addr,     /* guest physical == virtual */
        .p_filesz = filesz, .p_memsz = memsz, .p_align = PAGE,
    };

    return put(o, &p, sizeof p);
}

static int put_phdrs(struct out *o, const struct core_region *r, unsigned n,
                     uint64_t notes_off, uint64_t notes_len)
{
    uint64_t end = notes_off + notes_len, off;
    unsigned i;

    Elf64_Phdr note = { .p_type = PT_NOTE, .p_offset = notes_off,
                        .p_filesz = notes_len, .p_align = 4 };

    if (put(o, &note, sizeof note) < 0)
        return -1;
    for (i = 0; i < n; i++) {
        lay_out(&end, &r[i], &off);            /* checked by plan() */
        if (put_phdr(o, r[i].flags, off, r[i].addr, r[i].data ? r[i].len : 0,
                     r[i].len) < 0)
            return -1;
    }
    return 0;
}

static int put_note(struct out *o, uint32_t type, const void *desc, uint32_t size)
{
    Elf64_Nhdr h = { .n_namesz = 5, .n_descsz = size, .n_type = type };
    uint64_t padded = note_size(size) - sizeof h - sizeof note_name;

    if (put(o, &h, sizeof h) < 0 || put(o, note_name, sizeof note_name) < 0 ||
            put(o, desc, size) < 0)
        return -1;
    return put(o, zeros, padded - size);
}

static int put_prstatus(struct out *o, const struct user_regs_struct *regs,
                        int fpvalid, int sig)
{
    struct elf_prstatus s;

    memset(&s, 0, sizeof s);
    s.pr_info.si_signo = sig;
    s.pr_cursig = (short)sig;
    s.pr_pid = 1;        /* gdb names the thread after it: "LWP 1" */
    s.pr_pgrp = 1;
    s.pr_sid = 1;
    memcpy(&s.pr_reg, regs, sizeof *regs);
    s.pr_fpvalid = fpvalid;
    return put_note(o, NT_PRSTATUS, &s, sizeof s);
}

/* Copies at most N bytes of S into a zeroed BUF. */
static void copy_name(char *buf, size_t n, const char *s)
{
    size_t i;

    for (i = 0; s[i] && i < n; i++)
        buf[i] = s[i];
}

static int put_prpsinfo(struct out *o, const char *name)
{
    struct elf_prpsinfo p;
    const char *base = name;

    for (const char *s = name; *s; s++)
        if (*s == '/' && s[1])
            base = s + 1;
    memset(&p, 0, sizeof p);
    p.pr_sname = 'R';
    p.pr_pid = 1;
    p.pr_pgrp = 1;
    p.pr_sid = 1;
    /*
     * gdb compares pr_fname with the executable's name, reading all 16
     * bytes: a 16-byte name needs no terminator.
     */
    copy_name(p.pr_fname, sizeof p.pr_fname, base);
    copy_name(p.pr_psargs, sizeof p.pr_psargs - 1, name);
    return put_note(o, NT_PRPSINFO, &p, sizeof p);
}

static int put_regions(struct out *o, const struct core_region *r, unsigned n)
{
    uint64_t end = o->pos, off;
    unsigned i;

    for (i = 0; i < n; i++) {
        lay_out(&end, &r[i], &off);            /* checked by plan() */
        if (r[i].data && (pad_to(o, off) < 0 || put(o, r[i].data, r[i].len) < 0))
            return -1;
    }
    return 0;
}

int core_file_write(int fd, const struct user_regs_struct *regs,
                    const struct user_fpregs_struct *fpregs, int sig,
                    const char *name, const struct core_region *r,
                    unsigned nregions, struct errbuf *err)
{
    struct out o = { .fd = fd, .pos = 0, .err = err };
    uint64_t notes_off = sizeof(Elf64_Ehdr) +
                         (uint64_t)(nregions + 1u) * sizeof(Elf64_Phdr);
    uint64_t notes_len = notes_size(fpregs);

    if (!regs)
        return fail(err, "no registers", 0);
    if (!name)
        name = "guest";
    if (nregions && !r)
        return fail(err, "no regions", 0);
    if (plan(r, nregions, notes_off + notes_len, err) < 0)
        return -1;
    if (put_ehdr(&o, nregions + 1) < 0 ||
            put_phdrs(&o, r, nregions, notes_off, notes_len) < 0 ||
            put_prstatus(&o, regs, fpregs != NULL, sig) < 0 ||
            put_prpsinfo(&o, name) < 0 ||
            (fpregs && put_note(&o, NT_FPREGSET, fpregs, sizeof *fpregs) < 0))
        return -1;
    return put_regions(&o, r, nregions);
}

/* Residency of NPAGES pages from PAGE into VEC (bit 0), 0 where unmapped. */
static void residency(uintptr_t page, size_t npages, unsigned char *vec)
{
    size_t i;

    if (mincore((void *)page, npages * PAGE, vec) == 0)
        return;
    /* ENOMEM: a hole in the range; ask page by page. */
    for (i = 0; i < npages; i++)
        if (mincore((void *)(page + i * PAGE), PAGE, &vec[i]) != 0)
            vec[i] = 0;
}

/* The run of resident bytes being built, and where runs are stored. */
struct runs {
    uint64_t addr;            /* guest address of DATA's first byte */
    uintptr_t start;          /* host address of DATA */
    uint32_t flags;
    struct core_region *out;
    unsigned max, n;
    uintptr_t lo, hi;         /* the open run, empty when lo == hi */
};

static void run_close(struct runs *s)
{
    if (s->lo == s->hi)
        return;
    if (s->n < s->max)
        s->out[s->n] = (struct core_region){
            .addr = s->addr + (s->lo - s->start), .data = (const void *)s->lo,
            .len = s->hi - s->lo, .flags = s->flags };
    s->n++;
    s->lo = s->hi = 0;
}

static void run_add(struct runs *s, uintptr_t lo, uintptr_t hi)
{
    if (s->lo != s->hi && s->hi == lo) {
        s->hi = hi;
        return;
    }
    run_close(s);
    s->lo = lo;
    s->hi = hi;
}

unsigned core_resident_regions(uint64_t addr, const void *data, uint64_t len,
                               uint32_t flags, struct core_region *out,
                               unsigned max)
{
    unsigned char vec[MINCORE_BATCH];
    struct runs s = { .addr = addr, .start = (uintptr_t)data, .flags = flags,
                      .out = out, .max = max };
    uintptr_t end, page, lo, hi;
    size_t npages, i;

    if (len == 0 || len > UINTPTR_MAX ||
            __builtin_add_overflow(s.start, (uintptr_t)len, &end) ||
            len - 1 > UINT64_MAX - addr)
        return 0;
    for (page = s.start & ~(uintptr_t)(PAGE - 1); page < end; page += npages * PAGE) {
        npages = (end - page - 1) / PAGE + 1;
        if (npages > MINCORE_BATCH)
            npages = MINCORE_BATCH;
        residency(page, npages, vec);
        for (i = 0; i < npages; i++) {
            lo = page + i * PAGE;
            hi = end - lo < PAGE ? end : lo + PAGE;
            if (lo < s.start)
                lo = s.start;
            if (vec[i] & 1)
                run_add(&s, lo, hi);
            else
                run_close(&s);
        }
    }
    run_close(&s);
    return s.n;
}

static void gap(struct core_region *out, unsigned max, unsigned *n,
                uint64_t lo, uint64_t hi, uint32_t flags)
{
    if (lo < hi && *n < max)
        out[*n] = (struct core_region){ .addr = lo, .len = hi - lo, .flags = flags };
    *n += lo < hi;
}

unsigned core_zero_gaps(uint64_t addr, uint64_t len, uint32_t flags,
                        const struct core_region *in, unsigned nin,
                        struct core_region *out, unsigned max)
{
    uint64_t at = addr, end, r_end;
    unsigned i, n = 0;

    if (__builtin_add_overflow(addr, len, &end))
        end = UINT64_MAX;
    for (i = 0; i < nin; i++) {
        gap(out, max, &n, at, in[i].addr < end ? in[i].addr : end, flags);
        if (n < max)
            out[n] = in[i];
        n++;
        if (__builtin_add_overflow(in[i].addr, in[i].len, &r_end))
            r_end = UINT64_MAX;
        if (r_end > at)
            at = r_end;
    }
    gap(out, max, &n, at, end, flags);
    return n;
}
