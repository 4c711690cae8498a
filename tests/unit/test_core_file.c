/* SPDX-License-Identifier: ISC */
/*
 * Core files: what core_file_write puts in the file, read back field by
 * field (ELF header, program headers, notes, region bytes); what it
 * refuses before writing anything; core_resident_regions on fresh
 * anonymous memory; short writes, EINTR and pipes; a dump from a signal
 * handler in bounded stack; and core_dir: its refusals at start-up, the
 * names it gives, that it never replaces a file, and its Landlock
 * confinement of linkat.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/procfs.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <dirent.h>
#include <sched.h>
#include <unistd.h>

#include "check.h"
#include "core_dir.h"
#include "core_file.h"

#define PAGE 4096u

/* CHECK, and under a failure the error message ERR (a struct errbuf). */
#define CHECK_ERR(cond, err, ...) \
    (CHECK(cond, __VA_ARGS__) || (check_note("error: %s", (err).msg), 0))

static char tmp_root[] = "/tmp/test_core_file.XXXXXX";

/* --- write(2), cut short on one descriptor -------------------------------- */

/*
 * Interposed for the whole program: on CHOP_FD every third call fails
 * with EINTR and the others write at most 7 bytes, so the writer's loop
 * must carry on from wherever the kernel stopped. Other descriptors go
 * straight to the system call.
 */
static int chop_fd = -1;
static unsigned chop_calls;

ssize_t write(int fd, const void *buf, size_t n)
{
    if (fd == chop_fd) {
        if (++chop_calls % 3 == 0) {
            errno = EINTR;
            return -1;
        }
        if (n > 7)
            n = 7;
    }
    return syscall(SYS_write, fd, buf, n);
}

/* --- reading a core back ------------------------------------------------- */

struct bytes {
    uint8_t *p;
    size_t n;
};

static struct bytes slurp(int fd)
{
    struct bytes b = { NULL, 0 };
    struct stat st;

    if (fstat(fd, &st) < 0)
        return b;
    b.p = malloc((size_t)st.st_size + 1);
    if (b.p && pread(fd, b.p, (size_t)st.st_size, 0) == st.st_size)
        b.n = (size_t)st.st_size;
    return b;
}

static struct bytes slurp_path(const char *path)
{
    int fd = open(path, O_RDONLY);
    struct bytes b = { NULL, 0 };

    if (fd >= 0) {
        b = slurp(fd);
        close(fd);
    }
    return b;
}

static int scratch_file(void)
{
    char path[PATH_MAX];
    int fd;

    snprintf(path, sizeof path, "%s/scratchXXXXXX", tmp_root);
    fd = mkstemp(path);
    if (fd >= 0)
        unlink(path);
    return fd;
}

static const Elf64_Phdr *phdr(const struct bytes *b, unsigned i)
{
    return (const Elf64_Phdr *)(b->p + sizeof(Elf64_Ehdr) + i * sizeof(Elf64_Phdr));
}

/* The descriptor of note TYPE named CORE, its size in *SIZE; NULL if none. */
static const uint8_t *find_note(const struct bytes *b, uint32_t type, uint32_t *size)
{
    const Elf64_Phdr *p = phdr(b, 0);
    uint64_t off = p->p_offset, end = p->p_offset + p->p_filesz;

    while (off + sizeof(Elf64_Nhdr) <= end && end <= b->n) {
        const Elf64_Nhdr *h = (const Elf64_Nhdr *)(b->p + off);
        uint64_t desc = off + sizeof *h + ((h->n_namesz + 3) & ~3u);

        if (h->n_type == type && h->n_namesz == 5 &&
                memcmp(b->p + off + sizeof *h, "CORE", 5) == 0 &&
                desc + h->n_descsz <= end) {
            *size = h->n_descsz;
            return b->p + desc;
        }
        off = desc + ((h->n_descsz + 3) & ~3u);
    }
    return NULL;
}

static unsigned count_notes(const struct bytes *b)
{
    const Elf64_Phdr *p = phdr(b, 0);
    uint64_t off = p->p_offset, end = p->p_offset + p->p_filesz;
    unsigned n = 0;

    while (off + sizeof(Elf64_Nhdr) <= end && end <= b->n) {
        const Elf64_Nhdr *h = (const Elf64_Nhdr *)(b->p + off);

        off += sizeof *h + ((h->n_namesz + 3) & ~3u) + ((h->n_descsz + 3) & ~3u);
        n++;
    }
    return n;
}

struct expect {
    const char *what;
    const struct user_regs_struct *regs;
    const struct user_fpregs_struct *fp;
    int sig;
    const char *fname;        /* pr_fname, 16 bytes compared */
    const char *psargs;
    const struct core_region *r;
    unsigned n;
};

static void check_ehdr(const struct bytes *b, const struct expect *e)
{
    const Elf64_Ehdr *h = (const Elf64_Ehdr *)b->p;

    CHECK(b->n >= sizeof *h + (e->n + 1) * sizeof(Elf64_Phdr),
          "%s: the file holds the ELF header and program headers", e->what);
    CHECK(memcmp(h->e_ident, ELFMAG, SELFMAG) == 0 && h->e_ident[EI_CLASS] == ELFCLASS64 &&
          h->e_ident[EI_DATA] == ELFDATA2LSB && h->e_ident[EI_VERSION] == EV_CURRENT,
          "%s: e_ident is ELF64, little endian, version 1", e->what);
    CHECK(h->e_type == ET_CORE && h->e_machine == EM_X86_64 && h->e_version == EV_CURRENT,
          "%s: ET_CORE for EM_X86_64", e->what);
    CHECK(h->e_phoff == sizeof *h && h->e_phentsize == sizeof(Elf64_Phdr) &&
          h->e_phnum == e->n + 1 && h->e_shnum == 0 && h->e_ehsize == sizeof *h,
          "%s: %u program headers right after the ELF header, no sections",
          e->what, e->n + 1);
}

static void check_notes(const struct bytes *b, const struct expect *e)
{
    const Elf64_Phdr *p = phdr(b, 0);
    struct elf_prstatus prstatus, *st = &prstatus;
    struct elf_prpsinfo prpsinfo, *ps = &prpsinfo;
    const uint8_t *fp, *desc;
    uint32_t size = 0;

    CHECK(p->p_type == PT_NOTE && p->p_offset == sizeof(Elf64_Ehdr) +
          (e->n + 1) * sizeof(Elf64_Phdr) && p->p_offset + p->p_filesz <= b->n,
          "%s: PT_NOTE first, right after the program headers", e->what);
    CHECK(count_notes(b) == (e->fp ? 3u : 2u), "%s: %u notes", e->what, e->fp ? 3u : 2u);
    /* Descriptors are 4-byte aligned in the file: copy them out. */
    desc = find_note(b, NT_PRSTATUS, &size);
    if (desc && size == sizeof *st)
        memcpy(st, desc, sizeof *st);
    if (CHECK(desc && size == sizeof *st, "%s: NT_PRSTATUS of 336 bytes", e->what)) {
        CHECK(memcmp(&st->pr_reg, e->regs, sizeof *e->regs) == 0,
              "%s: pr_reg is the registers given", e->what);
        CHECK(st->pr_cursig == e->sig && st->pr_info.si_signo == e->sig,
              "%s: pr_cursig and si_signo are %d", e->what, e->sig);
        CHECK(st->pr_pid == 1 && st->pr_fpvalid == (e->fp != NULL),
              "%s: pr_pid 1, pr_fpvalid %d", e->what, e->fp != NULL);
    }
    desc = find_note(b, NT_PRPSINFO, &size);
    if (desc && size == sizeof *ps)
        memcpy(ps, desc, sizeof *ps);
    if (CHECK(desc && size == sizeof *ps, "%s: NT_PRPSINFO of 136 bytes", e->what)) {
        CHECK(strncmp(ps->pr_fname, e->fname, sizeof ps->pr_fname) == 0,
              "%s: pr_fname is \"%.16s\"", e->what, e->fname);
        CHECK(strcmp(ps->pr_psargs, e->psargs) == 0 && ps->pr_pid == 1,
              "%s: pr_psargs is \"%s\"", e->what, e->psargs);
    }
    fp = find_note(b, NT_FPREGSET, &size);
    if (e->fp)
        CHECK(fp && size == sizeof *e->fp && memcmp(fp, e->fp, size) == 0,
              "%s: NT_FPREGSET holds the FPU state given", e->what);
    else
        CHECK(!fp, "%s: no NT_FPREGSET without FPU state", e->what);
}

static void check_loads(const struct bytes *b, const struct expect *e)
{
    uint64_t end = phdr(b, 0)->p_offset + phdr(b, 0)->p_filesz;
    int headers = 1, bytes = 1, aligned = 1;

    for (unsigned i = 0; i < e->n; i++) {
        const Elf64_Phdr *p = phdr(b, i + 1);
        const struct core_region *r = &e->r[i];
        uint64_t filesz = r->data ? r->len : 0;

        headers &= p->p_type == PT_LOAD && p->p_vaddr == r->addr && p->p_paddr == r->addr &&
                   p->p_filesz == filesz && p->p_memsz == r->len && p->p_flags == r->flags &&
                   p->p_align == PAGE;
        if (!r->data)
            continue;
        aligned &= p->p_offset % PAGE == r->addr % PAGE && p->p_offset >= end;
        bytes &= p->p_offset + r->len <= b->n &&
                 memcmp(b->p + p->p_offset, r->data, r->len) == 0;
        end = p->p_offset + r->len;
    }
    CHECK(headers, "%s: one PT_LOAD per region: address, sizes, flags", e->what);
    CHECK(aligned, "%s: region offsets ascend, congruent to addresses mod 4096", e->what);
    CHECK(bytes, "%s: each region's bytes are at its offset", e->what);
    CHECK(b->n == end, "%s: the file ends with the last region (%zu bytes)", e->what, b->n);
}

static void check_core(const struct bytes *b, const struct expect *e)
{
    if (!CHECK(b->p && b->n >= sizeof(Elf64_Ehdr), "%s: a file was written", e->what))
        return;
    check_ehdr(b, e);
    if (b->n < sizeof(Elf64_Ehdr) + (e->n + 1) * sizeof(Elf64_Phdr))
        return;
    check_notes(b, e);
    check_loads(b, e);
}

/* --- core_file_write ----------------------------------------------------- */

static struct user_regs_struct test_regs(void)
{
    struct user_regs_struct r;
    unsigned long long *w = (unsigned long long *)&r;

    for (size_t i = 0; i < sizeof r / sizeof *w; i++)
        w[i] = 0x1000 + i;      /* every field its own value */
    return r;
}

static struct user_fpregs_struct test_fpregs(void)
{
    struct user_fpregs_struct f;

    memset(&f, 0, sizeof f);
    f.cwd = 0x37f;
    f.mxcsr = 0x1f80;
    for (unsigned i = 0; i < 64; i++)
        f.xmm_space[i] = 0xa0000000u + i;
    return f;
}

/* LEN bytes on the heap, patterned by SEED: ASan knows their exact end. */
static uint8_t *pattern(size_t len, unsigned seed)
{
    uint8_t *p = malloc(len);

    for (size_t i = 0; p && i < len; i++)
        p[i] = (uint8_t)(i * 7 + seed);
    return p;
}

static void test_write_layout(void)
{
    struct user_regs_struct regs = test_regs();
    struct user_fpregs_struct fp = test_fpregs();
    uint8_t *a = pattern(100, 1), *b = pattern(PAGE, 2), *c = pattern(5000, 3);
    struct core_region r[] = {
        { 0x100010, a, 100, PF_R | PF_X },
        { 0x200000, b, PAGE, PF_R | PF_W },
        { 0x201000, NULL, 16 * PAGE, PF_R | PF_W },      /* zeros, no bytes */
        { 0x211000, c, 5000, PF_R | PF_W },              /* adjacent to it */
        { 0xfffffffffffff000ull, b, PAGE, PF_R },        /* ends at 2^64 */
    };
    struct errbuf err = { "" };
    struct expect e = { "core with FPU state", &regs, &fp, SIGSEGV,
                        "test_x.hvt", "build/tests/test_x.hvt", r, 5 };
    struct bytes got;
    int fd = scratch_file(), rc;

    rc = core_file_write(fd, &regs, &fp, SIGSEGV, "build/tests/test_x.hvt", r, 5, &err);
    CHECK_ERR(rc == 0, err, "core_file_write: five regions, one all zero, succeed");
    got = slurp(fd);
    check_core(&got, &e);
    CHECK(got.n < 3 * PAGE + 100 + PAGE + 5000 + 2 * PAGE,
          "core with FPU state: the zero region takes no room in the file");
    free(got.p);
    close(fd);

    fd = scratch_file();
    rc = core_file_write(fd, &regs, NULL, SIGILL, "0123456789abcdefghij", r, 1, &err);
    e = (struct expect){ "core without FPU state, long name", &regs, NULL, SIGILL,
                         "0123456789abcdef", "0123456789abcdefghij", r, 1 };
    CHECK_ERR(rc == 0, err, "core_file_write: without FPU state succeeds");
    got = slurp(fd);
    check_core(&got, &e);
    free(got.p);
    close(fd);

    fd = scratch_file();
    rc = core_file_write(fd, &regs, NULL, SIGILL, NULL, NULL, 0, &err);
    e = (struct expect){ "core without regions", &regs, NULL, SIGILL, "guest", "guest", r, 0 };
    CHECK_ERR(rc == 0, err, "core_file_write: no regions and no name succeed");
    got = slurp(fd);
    check_core(&got, &e);
    free(got.p);
    close(fd);
    free(a);
    free(b);
    free(c);
}

/* NAME: core_file_write refuses R (N regions) with ERR containing WANT, writing nothing. */
static void refuses(const char *name, const struct core_region *r, unsigned n,
                    const char *want)
{
    struct user_regs_struct regs = test_regs();
    struct errbuf err = { "" };
    int fd = scratch_file(), rc;
    struct stat st;

    rc = core_file_write(fd, &regs, NULL, SIGSEGV, "x", r, n, &err);
    fstat(fd, &st);
    CHECK(rc == -1 && st.st_size == 0 && strstr(err.msg, want) &&
          strncmp(err.msg, "core file: ", 11) == 0 && !strchr(err.msg, '\n'),
          "core_file_write refuses %s, writing nothing: \"%s\"", name, err.msg);
    close(fd);
}

static void test_write_refusals(void)
{
    static uint8_t small[64];
    uint64_t huge = 1ull << 62;     /* never read: refused before writing */
    struct core_region overlap[] = { { 0x1000, small, 64, PF_R }, { 0x1020, small, 64, PF_R } };
    struct core_region order[] = { { 0x2000, small, 64, PF_R }, { 0x1000, small, 64, PF_R } };
    struct core_region empty[] = { { 0x1000, small, 0, PF_R } };
    struct core_region wrap[] = { { UINT64_MAX - 10, small, 64, PF_R } };
    struct core_region zwrap[] = { { 0x1000, NULL, UINT64_MAX, PF_R } };
    struct core_region big[] = { { 0, small, huge, PF_R }, { huge, small, huge, PF_R },
                                 { 2 * huge, small, huge, PF_R } };
    struct core_region same[] = { { 0x1000, small, 64, PF_R }, { 0x1000, small, 64, PF_R } };

    refuses("overlapping regions", overlap, 2, "overlap");
    refuses("regions out of address order", order, 2, "out of address order");
    refuses("two regions at one address", same, 2, "overlap");
    refuses("an empty region", empty, 1, "empty");
    refuses("a region past 2^64", wrap, 1, "wraps");
    refuses("a zero region past 2^64", zwrap, 1, "wraps");
    refuses("offsets beyond 2^63 (3 x 2^62 bytes)", big, 3, "too large");
    refuses("more regions than e_phnum holds", overlap, CORE_MAX_REGIONS + 1, "too many");

    struct user_regs_struct regs = test_regs();
    struct errbuf err = { "" };
    int fd = scratch_file();

    CHECK(core_file_write(fd, NULL, NULL, 0, "x", NULL, 0, &err) == -1 &&
          strstr(err.msg, "no registers"), "core_file_write refuses no registers");
    CHECK(core_file_write(fd, &regs, NULL, 0, "x", NULL, 2, &err) == -1,
          "core_file_write refuses regions counted but not given");
    close(fd);
}

/* Regions whose neighbours are PROT_NONE: a byte read outside is EFAULT. */
static void test_write_reads_only_regions(void)
{
    struct user_regs_struct regs = test_regs();
    struct errbuf err = { "" };
    uint8_t *m = mmap(NULL, 5 * PAGE, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int fd = scratch_file();

    memset(m, 0x5a, 5 * PAGE);
    mprotect(m, PAGE, PROT_NONE);
    mprotect(m + 2 * PAGE, PAGE, PROT_NONE);
    mprotect(m + 4 * PAGE, PAGE, PROT_NONE);
    struct core_region r[] = {
        { 0x10000, m + PAGE, PAGE, PF_R },                   /* a whole page */
        { 0x20000, m + 3 * PAGE, 100, PF_R },                /* after a hole */
        { 0x30f9c, m + 4 * PAGE - 100, 100, PF_R },          /* before one */
    };
    struct core_region bad[] = { { 0x10000, m + PAGE, PAGE + 1, PF_R } };

    CHECK_ERR(core_file_write(fd, &regs, NULL, SIGSEGV, "x", r, 3, &err) == 0, err,
              "core_file_write reads regions between PROT_NONE pages");
    close(fd);
    fd = scratch_file();
    CHECK(core_file_write(fd, &regs, NULL, SIGSEGV, "x", bad, 1, &err) == -1 &&
          strcmp(err.msg, "core file: a region is not readable: Bad address") == 0,
          "core_file_write: a region running into PROT_NONE is one line: \"%s\"", err.msg);
    close(fd);
    munmap(m, 5 * PAGE);
}

/* The same core three ways: a file, a file written 7 bytes at a time with EINTR, a pipe. */
static struct bytes reference_core(const struct core_region *r, unsigned n)
{
    struct user_regs_struct regs = test_regs();
    struct user_fpregs_struct fp = test_fpregs();
    struct errbuf err = { "" };
    int fd = scratch_file();
    struct bytes b = { NULL, 0 };

    if (core_file_write(fd, &regs, &fp, SIGBUS, "ref", r, n, &err) == 0)
        b = slurp(fd);
    close(fd);
    return b;
}

static void test_short_writes(const struct core_region *r, unsigned n,
                              const struct bytes *ref)
{
    struct user_regs_struct regs = test_regs();
    struct user_fpregs_struct fp = test_fpregs();
    struct errbuf err = { "" };
    struct bytes got;
    int fd = scratch_file(), rc;

    chop_fd = fd;
    chop_calls = 0;
    rc = core_file_write(fd, &regs, &fp, SIGBUS, "ref", r, n, &err);
    chop_fd = -1;
    got = slurp(fd);
    CHECK(rc == 0 && chop_calls > ref->n / 7,
          "core_file_write carries on after short writes and EINTR (%u calls)", chop_calls);
    CHECK(got.n == ref->n && memcmp(got.p, ref->p, ref->n) == 0,
          "short writes and EINTR: the file is byte for byte the same");
    free(got.p);
    close(fd);
}

static volatile sig_atomic_t alarms;
static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

/* A child drains the pipe slowly; SIGALRM every 200 us interrupts the writer. */
static void test_pipe(const struct core_region *r, unsigned n, const struct bytes *ref)
{
    struct user_regs_struct regs = test_regs();
    struct user_fpregs_struct fp = test_fpregs();
    struct sigaction sa = { .sa_handler = on_alarm };   /* no SA_RESTART */
    struct itimerval it = { { 0, 200 }, { 0, 200 } }, off = { { 0, 0 }, { 0, 0 } };
    struct errbuf err = { "" };
    int p[2], out = scratch_file(), rc, status = 0;
    struct bytes got;
    pid_t child;

    if (pipe(p) < 0)
        return;
    fcntl(p[1], F_SETPIPE_SZ, PAGE);
    child = fork();
    if (child == 0) {
        char buf[512];
        ssize_t k;

        close(p[1]);
        while ((k = read(p[0], buf, sizeof buf)) > 0) {
            if (syscall(SYS_write, out, buf, (size_t)k) != k)
                _exit(1);
            usleep(20);
        }
        _exit(k == 0 ? 0 : 1);
    }
    close(p[0]);
    sigaction(SIGALRM, &sa, NULL);
    alarms = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    rc = core_file_write(p[1], &regs, &fp, SIGBUS, "ref", r, n, &err);
    setitimer(ITIMER_REAL, &off, NULL);
    close(p[1]);
    waitpid(child, &status, 0);
    got = slurp(out);
    CHECK_ERR(rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0, err,
              "core_file_write to a pipe, interrupted %d times, succeeds", (int)alarms);
    CHECK(got.n == ref->n && memcmp(got.p, ref->p, ref->n) == 0,
          "pipe: the reader gets byte for byte the same core");
    free(got.p);
    close(out);
}

/* A write that fails for good (RLIMIT_FSIZE: EFBIG) is one line, in a child. */
static void test_write_error(const struct core_region *r, unsigned n)
{
    int p[2], status = 0;
    char msg[256] = "";
    pid_t child;

    if (pipe(p) < 0)
        return;
    child = fork();
    if (child == 0) {
        struct user_regs_struct regs = test_regs();
        struct rlimit lim = { 8192, 8192 };
        struct errbuf err = { "" };
        int fd = scratch_file();

        signal(SIGXFSZ, SIG_IGN);
        setrlimit(RLIMIT_FSIZE, &lim);
        if (core_file_write(fd, &regs, NULL, SIGBUS, "ref", r, n, &err) == 0)
            _exit(2);
        syscall(SYS_write, p[1], err.msg, strlen(err.msg));
        _exit(0);
    }
    close(p[1]);
    if (read(p[0], msg, sizeof msg - 1) < 0)
        msg[0] = '\0';
    close(p[0]);
    waitpid(child, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
          strcmp(msg, "core file: write: File too large") == 0,
          "core_file_write past RLIMIT_FSIZE fails with one line: \"%s\"", msg);
}

static void test_err(void)
{
    struct errbuf err;

    core_err(&err, "a", "b", ENOSPC);
    CHECK(strcmp(err.msg, "a: b: No space left on device") == 0, "core_err: \"%s\"", err.msg);
    core_err(&err, NULL, "b", 0);
    CHECK(strcmp(err.msg, "b") == 0, "core_err without A and errno: \"%s\"", err.msg);
    core_err(&err, "a", NULL, 123456);
    CHECK(strcmp(err.msg, "a: errno 123456") == 0, "core_err, unknown errno: \"%s\"", err.msg);
    char longs[400];
    memset(longs, 'x', sizeof longs - 1);
    longs[sizeof longs - 1] = '\0';
    core_err(&err, longs, "b", EIO);
    CHECK(strlen(err.msg) == sizeof err.msg - 1, "core_err cuts a long message to the buffer");
    CHECK(core_err(NULL, "a", "b", EIO) == -1, "core_err without a buffer returns -1");
}

/* --- core_resident_regions ----------------------------------------------- */

static uint8_t *fresh(size_t pages)
{
    void *m = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

    if (m == MAP_FAILED)
        return NULL;
    madvise(m, pages * PAGE, MADV_NOHUGEPAGE);  /* one touch, one page */
    return m;
}

static int region_is(const struct core_region *r, uint64_t addr, const void *data,
                     uint64_t len)
{
    return r->addr == addr && r->data == data && r->len == len && r->flags == (PF_R | PF_W);
}

static void test_resident(void)
{
    struct core_region out[8];
    uint8_t *m = fresh(64);
    const uint64_t base = 0x100000;
    unsigned n;

    if (!CHECK(m, "mmap of 64 fresh pages"))
        return;
    m[3 * PAGE] = m[4 * PAGE + 9] = m[5 * PAGE + PAGE - 1] = 1;
    m[10 * PAGE + 100] = 2;
    m[63 * PAGE] = 3;
    n = core_resident_regions(base, m, 64 * PAGE, PF_R | PF_W, out, 8);
    CHECK(n == 3 && region_is(&out[0], base + 3 * PAGE, m + 3 * PAGE, 3 * PAGE) &&
          region_is(&out[1], base + 10 * PAGE, m + 10 * PAGE, PAGE) &&
          region_is(&out[2], base + 63 * PAGE, m + 63 * PAGE, PAGE),
          "resident regions: exactly the touched pages 3-5, 10 and 63, merged (%u)", n);

    memset(out, 0xee, sizeof out);
    n = core_resident_regions(base, m, 64 * PAGE, PF_R | PF_W, out, 2);
    CHECK(n == 3 && region_is(&out[1], base + 10 * PAGE, m + 10 * PAGE, PAGE) &&
          out[2].len == 0xeeeeeeeeeeeeeeeeull,
          "resident regions: with room for 2, says 3 and stores 2");

    n = core_resident_regions(base, m + 3 * PAGE + 100, 2 * PAGE, PF_R | PF_W, out, 8);
    CHECK(n == 1 && region_is(&out[0], base, m + 3 * PAGE + 100, 2 * PAGE),
          "resident regions: a range inside pages is clipped to it");

    n = core_resident_regions(base, m + 6 * PAGE, 4 * PAGE, PF_R | PF_W, out, 8);
    CHECK(n == 0, "resident regions: untouched pages make none");
    CHECK(core_resident_regions(base, m, 0, PF_R, out, 8) == 0,
          "resident regions: an empty range makes none");
    CHECK(core_resident_regions(UINT64_MAX - PAGE, m, 2 * PAGE, PF_R, out, 8) == 0,
          "resident regions: a range past guest address 2^64 makes none");

    /* A hole in the middle: pages 20 and 22 touched, 21 unmapped. */
    m[20 * PAGE] = m[22 * PAGE] = 4;
    munmap(m + 21 * PAGE, PAGE);
    n = core_resident_regions(base, m + 16 * PAGE, 16 * PAGE, PF_R | PF_W, out, 8);
    CHECK(n == 2 && region_is(&out[0], base + 4 * PAGE, m + 20 * PAGE, PAGE) &&
          region_is(&out[1], base + 6 * PAGE, m + 22 * PAGE, PAGE),
          "resident regions: an unmapped page is left out, the rest found (%u)", n);
    munmap(m, 64 * PAGE);

    /* Across mincore batches: 5000 pages, 2047 and 2048 touched. */
    m = fresh(5000);
    if (!CHECK(m, "mmap of 5000 fresh pages"))
        return;
    m[0] = m[2047 * PAGE] = m[2048 * PAGE] = m[4999 * PAGE + 5] = 1;
    n = core_resident_regions(0, m, 5000 * PAGE, PF_R | PF_W, out, 8);
    CHECK(n == 3 && region_is(&out[0], 0, m, PAGE) &&
          region_is(&out[1], 2047 * PAGE, m + 2047 * PAGE, 2 * PAGE) &&
          region_is(&out[2], 4999 * PAGE, m + 4999 * PAGE, PAGE),
          "resident regions: pages either side of a 2048-page batch merge (%u)", n);
    munmap(m, 5000 * PAGE);
}

static void test_zero_gaps(void)
{
    static uint8_t x[16];
    struct core_region in[] = { { 0x3000, x, 0x1000, PF_R }, { 0x5000, x, 0x2000, PF_R },
                                { 0x7000, x, 0x1000, PF_R } };
    struct core_region out[8], early[] = { { 0x0, x, 0x2000, PF_R } };
    unsigned n;

    n = core_zero_gaps(0x1000, 0x7000, PF_R | PF_W, in, 3, out, 8);
    CHECK(n == 5 && !out[0].data && out[0].addr == 0x1000 && out[0].len == 0x2000 &&
          out[1].addr == 0x3000 && out[1].data == x &&
          !out[2].data && out[2].addr == 0x4000 && out[2].len == 0x1000 &&
          out[3].addr == 0x5000 && out[4].addr == 0x7000 && out[4].data == x,
          "zero gaps: holes before and between regions, none where they touch (%u)", n);
    n = core_zero_gaps(0x1000, 0xa000, PF_R | PF_W, in, 3, out, 8);
    CHECK(n == 6 && !out[5].data && out[5].addr == 0x8000 && out[5].len == 0x3000 &&
          out[5].flags == (PF_R | PF_W), "zero gaps: and after the last one");
    CHECK(core_zero_gaps(0x1000, 0xa000, PF_R, in, 3, out, 4) == 6,
          "zero gaps: with room for 4, says 6");
    n = core_zero_gaps(0x1000, 0x3000, PF_R, early, 1, out, 8);
    CHECK(n == 2 && out[0].addr == 0 && out[1].addr == 0x2000 && out[1].len == 0x2000,
          "zero gaps: a region starting before the range is kept, the gap after it added");
    n = core_zero_gaps(0x1000, 0x3000, PF_R, NULL, 0, out, 8);
    CHECK(n == 1 && out[0].addr == 0x1000 && out[0].len == 0x3000 && !out[0].data,
          "zero gaps: no regions, one zero region");
}

/* --- a dump from a signal handler, on a measured stack ------------------- */

#define ALT_SIZE (64 * 1024)
static uint8_t alt_stack[ALT_SIZE] __attribute__((aligned(16)));
static struct core_dir sig_dir;
static struct core_region sig_regions[16];
static uint8_t *sig_mem;
static uintptr_t sig_frame;
static int sig_rc = -1;
static char sig_path[PATH_MAX];
static struct errbuf sig_err;

static void on_usr1(int sig)
{
    struct user_regs_struct regs;
    unsigned n;

    sig_frame = (uintptr_t)__builtin_frame_address(0);
    memset(&regs, 0, sizeof regs);
    regs.rip = 0x100000;
    n = core_resident_regions(0x100000, sig_mem, 16 * PAGE, PF_R | PF_W, sig_regions, 16);
    sig_rc = core_file_write(sig_dir.tmp_fd, &regs, NULL, sig, "sig", sig_regions, n,
                             &sig_err);
    if (sig_rc == 0)
        sig_rc = core_dir_commit(&sig_dir, "sig.hvt", sig_path, sizeof sig_path, &sig_err);
}

static void test_signal_handler(const char *dir)
{
    stack_t ss = { .ss_sp = alt_stack, .ss_size = ALT_SIZE };
    struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_ONSTACK };
    struct errbuf err = { "" };
    size_t low = 0;
    struct bytes b;

    sig_mem = fresh(16);
    if (!sig_mem || core_dir_open(&sig_dir, dir, &err) < 0) {
        CHECK_ERR(0, err, "signal handler: set-up");
        return;
    }
    sig_mem[2 * PAGE] = 7;
    memset(alt_stack, 0xa5, sizeof alt_stack);
    sigaltstack(&ss, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    while (low < ALT_SIZE && alt_stack[low] == 0xa5)
        low++;
    CHECK_ERR(sig_rc == 0, sig_err, "a core written and named from a signal handler");
    CHECK(sig_frame > (uintptr_t)alt_stack + low &&
          sig_frame - ((uintptr_t)alt_stack + low) < 8192,
          "signal handler: the dump used %zu bytes of stack (under 8 KiB)",
          (size_t)(sig_frame - ((uintptr_t)alt_stack + low)));
    b = slurp_path(sig_path);
    CHECK(b.n == 2 * PAGE && b.p[PAGE] == 7,
          "signal handler: the named file holds the touched page, after one of headers");
    free(b.p);
    core_dir_close(&sig_dir);
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
    munmap(sig_mem, 16 * PAGE);
}

/* --- core_dir ------------------------------------------------------------ */

static void path_in(char *buf, const char *name)
{
    snprintf(buf, PATH_MAX, "%s/%s", tmp_root, name);
}

static unsigned count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    unsigned n = 0;

    while (d && (e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

static void open_refuses(const char *name, const char *dir, const char *want)
{
    struct core_dir d;
    struct errbuf err = { "" };
    char full[PATH_MAX + 64];

    snprintf(full, sizeof full, "%s: %s", dir, want);
    CHECK(core_dir_open(&d, dir, &err) == -1 && strcmp(err.msg, full) == 0 &&
          d.dir_fd == -1 && d.tmp_fd == -1,
          "core_dir_open refuses %s: \"%s\"", name, err.msg);
}

/* Runs FN(ARG) in a child and returns what it wrote to the pipe, or "". */
static void in_child(void (*fn)(const char *arg, int out), const char *arg,
                     char *msg, size_t n)
{
    int p[2], status;
    ssize_t k = 0;
    pid_t child;

    msg[0] = '\0';
    if (pipe(p) < 0)
        return;
    child = fork();
    if (child == 0) {
        close(p[0]);
        fn(arg, p[1]);
        _exit(0);
    }
    close(p[1]);
    k = read(p[0], msg, n - 1);
    msg[k > 0 ? k : 0] = '\0';
    close(p[0]);
    waitpid(child, &status, 0);
}

static void say(int out, const char *s)
{
    if (syscall(SYS_write, out, s, strlen(s)) < 0)
        _exit(1);
}

static void open_as_nobody(const char *dir, int out)
{
    struct core_dir d;
    struct errbuf err = { "" };

    if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
            setresuid(65534, 65534, 65534) < 0) {
        say(out, "skip: cannot become uid 65534");
        return;
    }
    if (core_dir_open(&d, dir, &err) == 0)
        say(out, "opened");
    else
        say(out, err.msg);
}

static void open_on_readonly_tmpfs(const char *dir, int out)
{
    struct core_dir d;
    struct errbuf err = { "" };

    if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
            mount("tmpfs", dir, "tmpfs", MS_RDONLY, "size=64k") < 0) {
        say(out, "skip: no private read-only tmpfs mount: ");
        say(out, strerror(errno));
        return;
    }
    if (core_dir_open(&d, dir, &err) == 0)
        say(out, "opened");
    else
        say(out, err.msg);
}

/*
 * As uid 65534 (no CAP_DAC_READ_SEARCH), opens DIR, confines as ukvm-spt
 * does (Landlock gives the process new credentials) and commits.
 */
static void commit_as_nobody_confined(const char *dir, int out)
{
    struct core_dir d;
    struct errbuf err = { "" };
    char path[PATH_MAX];

    if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
            setresuid(65534, 65534, 65534) < 0) {
        say(out, "skip: cannot become uid 65534");
        return;
    }
    if (core_dir_open(&d, dir, &err) < 0) {
        say(out, err.msg);
        return;
    }
    if (core_dir_confine(&d, &err) < 0) {
        say(out, strstr(err.msg, "Landlock") ? "skip: " : "");
        say(out, err.msg);
        return;
    }
    if (core_dir_commit(&d, "x", path, sizeof path, &err) == 0)
        say(out, "named");
    else
        say(out, err.msg);
}

/* With an empty /proc over the real one, in a mount namespace of its own. */
static void open_without_proc(const char *dir, int out)
{
    const char *want = "the core file is named through /proc, which is not "
                       "mounted here (/proc/self/fd/";
    struct core_dir d;
    struct errbuf err = { "" };
    const char *m;

    if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
            mount("tmpfs", "/proc", "tmpfs", 0, "size=64k") < 0) {
        say(out, "skip: no private tmpfs over /proc: ");
        say(out, strerror(errno));
        return;
    }
    if (core_dir_open(&d, dir, &err) == 0) {
        say(out, "opened");
        return;
    }
    m = err.msg + strlen(dir);
    if (strncmp(err.msg, dir, strlen(dir)) == 0 && strncmp(m, ": ", 2) == 0 &&
            strncmp(m + 2, want, strlen(want)) == 0 &&
            strstr(m, ": No such file or directory)") && d.tmp_fd == -1)
        say(out, "refused");
    else
        say(out, err.msg);
}

static void child_result(const char *name, const char *msg, const char *want)
{
    if (strncmp(msg, "skip: ", 6) == 0)
        printf("ok - %s # skip %s\n", name, msg + 6);
    else
        CHECK(strcmp(msg, want) == 0, "%s: \"%s\"", name, msg);
}

static void test_dir_refusals(void)
{
    char missing[PATH_MAX], file[PATH_MAX], ro[PATH_MAX], want[PATH_MAX + 64];
    char msg[512], longdir[PATH_MAX + 10];
    int fd;

    path_in(missing, "missing");
    open_refuses("a missing directory", missing, "no such directory");
    path_in(file, "file");
    fd = open(file, O_CREAT | O_WRONLY, 0644);
    close(fd);
    open_refuses("a file", file, "not a directory");
    open_refuses("a file system without O_TMPFILE (/proc)", "/proc",
                 "its file system cannot create unnamed files (O_TMPFILE)");
    memset(longdir, 'a', sizeof longdir - 1);
    longdir[sizeof longdir - 1] = '\0';
    {
        struct core_dir d;
        struct errbuf err = { "" };

        CHECK(core_dir_open(&d, longdir, &err) == -1 && strstr(err.msg, "too long") &&
              strlen(err.msg) < 100, "core_dir_open refuses a name too long: \"%s\"", err.msg);
    }

    path_in(ro, "root-only");
    mkdir(ro, 0755);
    in_child(open_as_nobody, ro, msg, sizeof msg);
    snprintf(want, sizeof want, "%s: not writable (Permission denied)", ro);
    child_result("core_dir_open refuses a directory uid 65534 cannot write", msg, want);

    path_in(ro, "readonly");
    mkdir(ro, 0755);
    in_child(open_on_readonly_tmpfs, ro, msg, sizeof msg);
    snprintf(want, sizeof want, "%s: on a read-only file system", ro);
    child_result("core_dir_open refuses a read-only file system", msg, want);

    path_in(ro, "shared");
    mkdir(ro, 0777);
    chmod(ro, 01777);
    in_child(commit_as_nobody_confined, ro, msg, sizeof msg);
    child_result("uid 65534, confined by Landlock, names its core (no "
                 "CAP_DAC_READ_SEARCH needed)", msg, "named");
    CHECK(count_entries(ro) == 1, "uid 65534's core is in DIR, and the test names are gone");

    path_in(ro, "noproc");
    mkdir(ro, 0755);
    in_child(open_without_proc, ro, msg, sizeof msg);
    child_result("core_dir_open refuses, in one line, where /proc is not mounted", msg,
                 "refused");
}

static int file_is(const char *path, const void *data, size_t len)
{
    struct bytes b = slurp_path(path);
    int same = b.n == len && memcmp(b.p, data, len) == 0;

    free(b.p);
    return same;
}

static int name_ok(const char *path, const char *dir, const char *prefix)
{
    char want[PATH_MAX];
    const char *p;
    int i;

    snprintf(want, sizeof want, "%s/%s.%d.", dir, prefix, (int)getpid());
    if (strncmp(path, want, strlen(want)) != 0)
        return 0;
    p = path + strlen(want);
    for (i = 0; i < 16; i++)
        if (!strchr("0123456789abcdef", p[i]))
            return 0;
    return strcmp(p + 16, ".core") == 0;
}

/* The permissions /proc/self/maps gives the mapping that starts at P ("r--p"). */
static void map_perms(const void *p, char perms[5])
{
    FILE *f = fopen("/proc/self/maps", "r");
    unsigned long start, end;
    char line[512];

    strcpy(perms, "?");
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "%lx-%lx %4s", &start, &end, perms) == 3 &&
                start == (unsigned long)(uintptr_t)p)
            break;
        else
            strcpy(perms, "?");
    if (f)
        fclose(f);
}

static void test_dir_naming(void)
{
    char dir[PATH_MAX], slash[PATH_MAX + 1], path[PATH_MAX];
    struct core_dir d, same[9];
    struct errbuf err = { "" };
    struct stat st;
    char content[9][32];
    int ok = 1;

    path_in(dir, "cores");
    mkdir(dir, 0755);
    if (!CHECK_ERR(core_dir_open(&d, dir, &err) == 0, err, "core_dir_open succeeds"))
        return;
    CHECK(count_entries(dir) == 0, "core_dir_open leaves nothing in DIR (its test name is gone)");
    CHECK(syscall(SYS_write, d.tmp_fd, "core!", 5) == 5 && fstat(d.tmp_fd, &st) == 0 &&
          (st.st_mode & 0777) == 0600 && st.st_nlink == 0,
          "the unnamed file is writable, mode 600, with no name yet");
    {
        char want[32], perms[5];
        int zero = open("/dev/zero", O_RDONLY);

        snprintf(want, sizeof want, "/proc/self/fd/%d", d.tmp_fd);
        map_perms(d.link_path, perms);
        CHECK(strcmp(d.link_path, want) == 0 && ((uintptr_t)d.link_path & (PAGE - 1)) == 0 &&
              strcmp(perms, "r--p") == 0,
              "link_path is %s, at the start of a page mapped %s", want, perms);
        CHECK(syscall(SYS_read, zero, d.link_path, 1) == -1 && errno == EFAULT &&
              strcmp(d.link_path, want) == 0,
              "the kernel cannot write link_path either (read into it: EFAULT)");
        close(zero);
    }
    CHECK(core_dir_commit(&d, "a/b/test.hvt", path, 10, &err) == -1 &&
          strstr(err.msg, "no room") && count_entries(dir) == 0,
          "core_dir_commit refuses a short PATH_OUT before naming anything");
    CHECK_ERR(core_dir_commit(&d, "a/b/test.hvt", path, sizeof path, &err) == 0, err,
              "core_dir_commit names the file");
    CHECK(name_ok(path, dir, "test.hvt"), "the name is DIR/test.hvt.PID.NONCE.core: %s", path);
    CHECK(file_is(path, "core!", 5) && stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
          "the named file holds what was written, mode 600");
    core_dir_close(&d);

    snprintf(slash, sizeof slash, "%s/", dir);
    if (core_dir_open(&d, slash, &err) == 0 &&
            core_dir_commit(&d, "", path, sizeof path, &err) == 0)
        CHECK(name_ok(path, dir, "guest"), "DIR/ and an empty prefix: %s", path);
    else
        CHECK_ERR(0, err, "DIR/ and an empty prefix");
    core_dir_close(&d);

    CHECK_ERR(core_dir_open(&d, dir, &err) == 0, err, "an unnamed file, closed");
    core_dir_close(&d);
    CHECK(count_entries(dir) == 2, "an uncommitted file leaves nothing behind");

    /* Nine dumps that would all choose the same names (same pid, nonce). */
    path_in(dir, "clash");
    mkdir(dir, 0755);
    for (int i = 0; i < 9; i++) {
        if (core_dir_open(&same[i], dir, &err) < 0)
            ok = 0;
        same[i].nonce = 42;
        snprintf(content[i], sizeof content[i], "dump %d", i);
        if (syscall(SYS_write, same[i].tmp_fd, content[i], strlen(content[i])) < 0)
            ok = 0;
    }
    if (!CHECK_ERR(ok, err, "nine core_dirs on one DIR"))
        return;
    char paths[9][PATH_MAX];
    for (int i = 0; i < 8; i++)
        if (core_dir_commit(&same[i], "clash", paths[i], PATH_MAX, &err) < 0)
            ok = 0;
    CHECK_ERR(ok && count_entries(dir) == 8, err,
              "eight dumps with the same first name get eight names");
    CHECK(core_dir_commit(&same[8], "clash", path, sizeof path, &err) == -1 &&
          strstr(err.msg, "every name tried for the core file exists: File exists") &&
          strncmp(err.msg, dir, strlen(dir)) == 0,
          "the ninth, all its names taken, fails with one line: \"%s\"", err.msg);
    for (int i = 0; i < 8; i++)
        ok &= file_is(paths[i], content[i], strlen(content[i]));
    CHECK(ok && count_entries(dir) == 8, "no file was replaced: each holds its own dump");
    for (int i = 0; i < 9; i++)
        core_dir_close(&same[i]);
}

static void confine_and_try(const char *root, int out)
{
    char dir[PATH_MAX], outside[PATH_MAX], other[PATH_MAX], path[PATH_MAX];
    struct core_dir d;
    struct errbuf err = { "" };
    int fd;

    snprintf(dir, sizeof dir, "%s/confined", root);
    snprintf(outside, sizeof outside, "%s/outside/x", root);
    snprintf(other, sizeof other, "%s/outside/secret", root);
    if (core_dir_open(&d, dir, &err) < 0) {
        say(out, err.msg);
        return;
    }
    if (core_dir_confine(&d, &err) < 0) {
        say(out, strstr(err.msg, "Landlock") ? "skip: " : "");
        say(out, err.msg);
        return;
    }
    if (linkat(d.tmp_fd, "", AT_FDCWD, outside, AT_EMPTY_PATH) == 0 || errno != EACCES)
        say(out, "linked the file outside DIR; ");
    if (linkat(AT_FDCWD, d.link_path, AT_FDCWD, outside, AT_SYMLINK_FOLLOW) == 0 ||
            errno != EACCES)
        say(out, "linked the file outside DIR through /proc; ");
    if (linkat(AT_FDCWD, other, d.dir_fd, "stolen", 0) == 0 ||
            (errno != EXDEV && errno != EACCES))
        say(out, "linked another file into DIR; ");
    fd = open(outside, O_CREAT | O_WRONLY, 0600);
    if (fd >= 0 || errno != EACCES)
        say(out, "created a file outside DIR; ");
    if (core_dir_commit(&d, "c", path, sizeof path, &err) < 0)
        say(out, err.msg);
    else
        say(out, "ok");
}

static void test_dir_confine(void)
{
    char dir[PATH_MAX], msg[512], far[PATH_MAX];
    struct core_dir d;
    struct errbuf err = { "" };
    int fd;

    /* The hole: linkat's name is a pointer, seccomp cannot pin it. */
    path_in(dir, "unconfined");
    mkdir(dir, 0755);
    path_in(far, "elsewhere");
    if (core_dir_open(&d, dir, &err) == 0) {
        CHECK(linkat(AT_FDCWD, d.link_path, AT_FDCWD, far, AT_SYMLINK_FOLLOW) == 0,
              "without core_dir_confine, linkat of link_path can name it outside DIR");
        core_dir_close(&d);
    } else {
        CHECK_ERR(0, err, "core_dir_open of an unconfined DIR");
    }

    path_in(dir, "confined");
    mkdir(dir, 0755);
    path_in(dir, "outside");
    mkdir(dir, 0755);
    path_in(dir, "outside/secret");
    fd = open(dir, O_CREAT | O_WRONLY, 0600);
    close(fd);
    in_child(confine_and_try, tmp_root, msg, sizeof msg);
    child_result("core_dir_confine: linkat only names files in DIR, and commit works",
                 msg, "ok");
    path_in(dir, "confined");
    CHECK(count_entries(dir) == 1, "core_dir_confine: the one core is in DIR");
    path_in(dir, "outside");
    CHECK(count_entries(dir) == 1, "core_dir_confine: nothing was created outside DIR");
}

/* --- main ---------------------------------------------------------------- */

static void remove_tree(const char *path)
{
    char cmd[PATH_MAX + 16];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", path);
}

int main(void)
{
    uint8_t *a = pattern(3 * PAGE + 17, 9), *b = pattern(70000, 4);
    struct core_region r[] = { { 0x100000, a, 3 * PAGE + 17, PF_R | PF_X },
                               { 0x200123, b, 70000, PF_R | PF_W } };
    struct bytes ref;
    char dir[PATH_MAX];

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!mkdtemp(tmp_root))
        return 1;
    chmod(tmp_root, 0755);     /* uid 65534 must reach the directories in it */
    test_write_layout();
    test_write_refusals();
    test_write_reads_only_regions();
    test_err();
    ref = reference_core(r, 2);
    CHECK(ref.n > 70000, "a reference core of two regions");
    test_short_writes(r, 2, &ref);
    test_pipe(r, 2, &ref);
    test_write_error(r, 2);
    free(ref.p);
    test_resident();
    test_zero_gaps();
    path_in(dir, "signal");
    mkdir(dir, 0755);
    test_signal_handler(dir);
    test_dir_refusals();
    test_dir_naming();
    test_dir_confine();
    remove_tree(tmp_root);
    free(a);
    free(b);
    return check_done();
}
