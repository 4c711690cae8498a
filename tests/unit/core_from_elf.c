/* SPDX-License-Identifier: ISC */
/*
 * Builds a core file the way a tender would, for test_core_gdb.sh: loads
 * the unikernel's PT_LOAD segments into fresh anonymous memory at their
 * addresses (guest physical == virtual; bss left untouched, so zero and
 * not resident), lays out a chain of call frames below STACK_TOP, and
 * writes the resident pages (the rest as zero regions) with
 * core_file_write into an unnamed file that core_dir names. Prints the
 * core's path.
 *
 * usage: core_from_elf -s STACK_TOP [-p ADDR=VALUE]... [-g SIG]
 *                      UNIKERNEL DIR PC:CFA... PC
 * Each PC:CFA is a frame from the innermost out: its pc and its CFA rule
 * "rsp+CFA" there (readelf --debug-dump=frames-interp); the last PC is the
 * outermost function, entered from STACK_TOP. -p stores an 8-byte VALUE.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core_dir.h"
#include "core_file.h"
#include "elf_file.h"

#define PAGE 4096u
#define MIB ((uint64_t)1 << 20)
#define MEM_MAX (1024 * MIB)
#define FRAMES_MAX 16
#define POKES_MAX 16
#define REGIONS_MAX 256

struct frame {
    uint64_t pc, cfa_off;
};

struct guest {
    uint8_t *mem;
    uint64_t size;
};

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "core_from_elf: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    exit(1);
}

static uint64_t number(const char *s)
{
    char *end;
    uint64_t v;

    errno = 0;
    v = strtoull(s, &end, 0);
    if (errno || end == s || *end)
        die("%s: not a number", s);
    return v;
}

/* A pointer to LEN bytes at guest address ADDR, or exit. */
static uint8_t *at(const struct guest *g, uint64_t addr, uint64_t len)
{
    if (addr > g->size || len > g->size - addr)
        die("%s: outside guest memory", "address");
    return g->mem + addr;
}

static void put64(const struct guest *g, uint64_t addr, uint64_t v)
{
    memcpy(at(g, addr, 8), &v, 8);
}

/* Guest memory: the highest PT_LOAD rounded up to 1 MiB, and 1 MiB more. */
static void load(struct guest *g, const struct elf_file *f)
{
    uint64_t end = 0;
    unsigned i;

    for (i = 0; i < f->phnum; i++)
        if (f->phdr[i].p_type == PT_LOAD &&
                f->phdr[i].p_vaddr + f->phdr[i].p_memsz > end)
            end = f->phdr[i].p_vaddr + f->phdr[i].p_memsz;
    g->size = ((end + MIB - 1) & ~(MIB - 1)) + MIB;
    if (end == 0 || g->size > MEM_MAX)
        die("%s: PT_LOAD segments missing or too large", "unikernel");
    g->mem = mmap(NULL, g->size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (g->mem == MAP_FAILED)
        die("mmap: %s", strerror(errno));
    for (i = 0; i < f->phnum; i++) {
        const Elf64_Phdr *p = &f->phdr[i];
        const void *bytes;

        if (p->p_type != PT_LOAD || p->p_filesz == 0)
            continue;
        bytes = elf_file_bytes(f, p->p_offset, p->p_filesz);
        if (!bytes || p->p_filesz > p->p_memsz)
            die("%s: a PT_LOAD segment lies outside the file", "unikernel");
        memcpy(at(g, p->p_vaddr, p->p_filesz), bytes, p->p_filesz);
    }
}

static unsigned parse_frames(char **argv, int argc, struct frame *fr)
{
    int i;
    char *colon;

    if (argc < 2 || argc > FRAMES_MAX)
        die("%s: give 2 to 16 frames", "usage");
    for (i = 0; i < argc; i++) {
        colon = strchr(argv[i], ':');
        if ((colon != NULL) != (i < argc - 1))
            die("%s: every frame but the last is PC:CFA", argv[i]);
        if (colon)
            *colon = '\0';
        fr[i].pc = number(argv[i]);
        fr[i].cfa_off = colon ? number(colon + 1) : 0;
    }
    return (unsigned)argc;
}

/*
 * Frame I's CFA is where its caller's rsp was, and its return address
 * (frame I+1's pc) sits just below it; the second-outermost frame's CFA
 * is STACK_TOP. Returns the innermost frame's rsp.
 */
static uint64_t build_stack(const struct guest *g, const struct frame *fr,
                            unsigned n, uint64_t stack_top)
{
    uint64_t cfa = stack_top;
    unsigned i;

    for (i = n - 1; i-- > 0;) {
        if (cfa < fr[i].cfa_off + 8)
            die("%s: frames do not fit below STACK_TOP", "stack");
        put64(g, cfa - 8, fr[i + 1].pc);
        cfa -= fr[i].cfa_off;
    }
    return cfa;
}

static void poke(const struct guest *g, char *arg)
{
    char *eq = strchr(arg, '=');

    if (!eq)
        die("%s: -p wants ADDR=VALUE", arg);
    *eq = '\0';
    put64(g, number(arg), number(eq + 1));
}

int main(int argc, char **argv)
{
    static struct core_region resident[REGIONS_MAX], regions[REGIONS_MAX];
    static struct core_dir d;
    struct user_regs_struct regs = { .eflags = 0x2, .cs = 0x8, .ss = 0x10,
                                     .orig_rax = (unsigned long long)-1 };
    struct user_fpregs_struct fp = { .cwd = 0x37f, .mxcsr = 0x1f80,
                                     .mxcr_mask = 0xffff };
    char *pokes[POKES_MAX], path[PATH_MAX];
    struct frame fr[FRAMES_MAX];
    struct errbuf err = { "" };
    struct elf_file f;
    struct guest g;
    uint64_t stack_top = 0;
    unsigned npokes = 0, nframes, nregions, i;
    int opt, sig = SIGILL;

    while ((opt = getopt(argc, argv, "s:p:g:")) != -1) {
        if (opt == 's')
            stack_top = number(optarg);
        else if (opt == 'p' && npokes < POKES_MAX)
            pokes[npokes++] = optarg;
        else if (opt == 'g')
            sig = (int)number(optarg);
        else
            die("%s", "usage: core_from_elf -s STACK_TOP [-p ADDR=VALUE]... "
                "[-g SIG] UNIKERNEL DIR PC:CFA... PC");
    }
    if (argc - optind < 4 || stack_top == 0)
        die("%s", "usage: core_from_elf -s STACK_TOP [-p ADDR=VALUE]... "
            "[-g SIG] UNIKERNEL DIR PC:CFA... PC");
    if (elf_file_map(&f, argv[optind], &err) < 0)
        die("%s", err.msg);
    load(&g, &f);
    for (i = 0; i < npokes; i++)
        poke(&g, pokes[i]);
    nframes = parse_frames(argv + optind + 2, argc - optind - 2, fr);
    regs.rip = fr[0].pc;
    regs.rsp = build_stack(&g, fr, nframes, stack_top);
    fp.xmm_space[0] = 0x12345678;   /* a value gdb must read from NT_FPREGSET */

    /*
     * The touched pages with their bytes, the rest as zeros, except page
     * 0: ukvm leaves it unmapped, so gdb should find nothing there either.
     */
    nregions = core_resident_regions(0, g.mem, g.size, PF_R | PF_W | PF_X,
                                     resident, REGIONS_MAX);
    if (nregions <= REGIONS_MAX)
        nregions = core_zero_gaps(PAGE, g.size - PAGE, PF_R | PF_W | PF_X,
                                  resident, nregions, regions, REGIONS_MAX);
    if (nregions > REGIONS_MAX)
        die("%s: too many regions", "guest memory");
    if (core_dir_open(&d, argv[optind + 1], &err) < 0 ||
            core_file_write(d.tmp_fd, &regs, &fp, sig, argv[optind], regions,
                            nregions, &err) < 0 ||
            core_dir_commit(&d, argv[optind], path, sizeof path, &err) < 0)
        die("%s", err.msg);
    printf("%s\n", path);
    fprintf(stderr, "core_from_elf: %u regions of %" PRIu64 " MiB guest memory\n",
            nregions, g.size / MIB);
    core_dir_close(&d);
    elf_file_unmap(&f);
    return 0;
}
