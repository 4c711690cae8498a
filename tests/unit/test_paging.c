/* SPDX-License-Identifier: ISC */
/*
 * The guest's page tables (paging_build) as the CPU would see them: a
 * software walk of the tables built in a fake guest memory checks what
 * every page maps to and with which rights (docs/ABI.md section 3, W^X).
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "check.h"
#include "paging.h"

#define KiB 1024ULL
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)

static uint8_t *mem;
static uint64_t mem_size;

/* What a translation of one virtual address gives. */
struct walk {
    int present;
    uint64_t phys;
    int rw, nx, user;    /* rights after combining every level */
    uint64_t page_size;  /* 4 KiB or 2 MiB */
    int bad_table;       /* a table pointer left guest memory */
    uint64_t tables[4];  /* the table each level read: PML4, PDPT, PD, PT */
};

static uint64_t read_entry(uint64_t table, unsigned i, struct walk *w)
{
    uint64_t e;

    if (table + 4096 > mem_size) {
        w->bad_table = 1;
        return 0;
    }
    memcpy(&e, mem + table + i * 8, 8);
    return e;
}

static struct walk walk(uint64_t va)
{
    struct walk w = { .rw = 1, .user = 1 };
    uint64_t table = HVT_PML4_BASE, e = 0;
    int level;

    for (level = 0; level < 4; level++) {
        unsigned shift = 39 - 9 * level;

        w.tables[level] = table;
        e = read_entry(table, (va >> shift) & 511, &w);
        if (!(e & PTE_P))
            return w;
        w.rw &= !!(e & PTE_RW);
        w.user &= !!(e & PTE_U);
        w.nx |= !!(e & PTE_NX);
        if (level == 2 && (e & PTE_PS)) {
            w.present = 1;
            w.page_size = 2 * MiB;
            w.phys = (e & PTE_ADDR_MASK & ~(2 * MiB - 1)) | (va & (2 * MiB - 1));
            return w;
        }
        table = e & PTE_ADDR_MASK;
    }
    w.present = 1;
    w.page_size = 4 * KiB;
    w.phys = table | (va & 0xfff);
    return w;
}

enum rights { NONE, RO_NX, RO_X, RW_NX };

static int has_rights(const struct walk *w, enum rights r)
{
    switch (r) {
    case NONE:  return !w->present;
    case RO_NX: return w->present && !w->rw && w->nx;
    case RO_X:  return w->present && !w->rw && !w->nx;
    case RW_NX: return w->present && w->rw && w->nx;
    }
    return 0;
}

/* Every 4 KiB page in [START, END) has rights R and maps to itself. */
static int range_is(uint64_t start, uint64_t end, enum rights r,
                    uint64_t page_size)
{
    for (uint64_t va = start; va < end; va += 4 * KiB) {
        struct walk w = walk(va);
        if (w.bad_table || !has_rights(&w, r) ||
            (w.present && (w.phys != va || w.page_size != page_size))) {
            check_note("page %#llx: present %d rw %d nx %d size %#llx phys %#llx",
                       (unsigned long long)va, w.present, w.rw, w.nx,
                       (unsigned long long)w.page_size,
                       (unsigned long long)w.phys);
            return 0;
        }
    }
    return 1;
}

/* No present page maps any table the walk of [START, END) used. */
static int tables_unmapped(uint64_t start, uint64_t end)
{
    for (uint64_t va = start; va < end; va += 2 * MiB) {
        struct walk w = walk(va);
        for (int l = 0; l < 4; l++) {
            if (!w.tables[l])
                continue;
            struct walk t = walk(w.tables[l]);
            if (t.present) {
                check_note("table %#llx is mapped", (unsigned long long)w.tables[l]);
                return 0;
            }
        }
    }
    return 1;
}

static void new_mem(uint64_t size)
{
    mem_size = size;
    mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED) {
        perror("mmap");
        exit(2);
    }
}

static void free_mem(void)
{
    munmap(mem, mem_size);
    mem = NULL;
}

static int build_ring(const struct guest_segment *seg, unsigned nseg, bool ring3,
                      uint64_t *kernel_end, struct errbuf *err)
{
    err->msg[0] = '\0';
    return paging_build(mem, mem_size, seg, nseg, ring3, kernel_end, err);
}

static int build(const struct guest_segment *seg, unsigned nseg,
                 uint64_t *kernel_end, struct errbuf *err)
{
    return build_ring(seg, nseg, false, kernel_end, err);
}

/* Every present page in [START, END) is a user page if USER, else none is. */
static int user_is(uint64_t start, uint64_t end, int user)
{
    for (uint64_t va = start; va < end; va += 4 * KiB) {
        struct walk w = walk(va);
        if (w.present && w.user != user) {
            check_note("page %#llx: user %d", (unsigned long long)va, w.user);
            return 0;
        }
    }
    return 1;
}

/* Ring 3: the guest's pages carry the user bit, the monitor area not. */
static void test_ring3(void)
{
    static const struct guest_segment seg[] = {
        { 0x100000, 0x103000, PF_R | PF_X },
        { 0x103000, 0x109000, PF_R | PF_W },
    };
    struct errbuf err;
    uint64_t kernel_end = 0x109000;

    new_mem(8 * MiB);
    CHECK(build(seg, 2, &kernel_end, &err) == 0 && user_is(0, 8 * MiB, 0),
          "ring3: in ring 0 no page is a user page");
    kernel_end = 0x109000;
    if (!CHECK(build_ring(seg, 2, true, &kernel_end, &err) == 0, "ring3: the image is mapped"))
        check_note("%s", err.msg);
    CHECK(range_is(0x11000, 0xfc000, RO_NX, 4 * KiB) && user_is(0x10000, 0xfc000, 1),
          "ring3: the boot data stays read-only, for the guest");
    CHECK(range_is(0xfc000, 0xfd000, RO_NX, 4 * KiB) && range_is(0xfd000, 0xfe000, RO_X, 4 * KiB) &&
          range_is(0xfe000, 0xff000, RW_NX, 4 * KiB) && range_is(0xff000, 0x100000, NONE, 0) &&
          user_is(0xfc000, 0x100000, 0),
          "ring3: the monitor area (tables, trap entry, its stack, a guard) is ring 0's");
    CHECK(range_is(0x100000, 0x103000, RO_X, 4 * KiB) && range_is(0x103000, 0x109000, RW_NX, 4 * KiB) &&
          user_is(0x100000, 8 * MiB, 1),
          "ring3: image and memory keep their rights, as user pages");
    CHECK(range_is(0, 0x10000, NONE, 0) && tables_unmapped(0, 8 * MiB),
          "ring3: the page tables are still not mapped");
    free_mem();
}

/* The usual image: text, rodata, a gap, data and bss. */
static void test_layout(void)
{
    static const struct guest_segment seg[] = {
        { 0x100000, 0x103000, PF_R | PF_X },
        { 0x103000, 0x105000, PF_R },
        { 0x106000, 0x109000, PF_R | PF_W },
    };
    struct errbuf err;
    uint64_t kernel_end = 0x109000;

    new_mem(8 * MiB);
    if (!CHECK(build(seg, 3, &kernel_end, &err) == 0, "paging: a usual image is mapped"))
        check_note("%s", err.msg);
    CHECK(kernel_end == 0x109000, "paging: kernel_end stays when no extra tables are needed");
    CHECK(range_is(0, 0x10000, NONE, 0),
          "paging: 0-0xffff (zero page, GDT, page tables) is not present");
    CHECK(range_is(0x10000, 0x11000, RW_NX, 4 * KiB),
          "paging: the boot info's page is read/write (guest_features), no-execute");
    CHECK(range_is(0x11000, 0x100000, RO_NX, 4 * KiB),
          "paging: the rest of 0x10000-0xfffff is present, read-only, no-execute");
    CHECK(range_is(0x100000, 0x103000, RO_X, 4 * KiB),
          "paging: text pages are present, read-only, executable");
    CHECK(range_is(0x103000, 0x105000, RO_NX, 4 * KiB),
          "paging: rodata pages are present, read-only, no-execute");
    CHECK(range_is(0x105000, 0x106000, NONE, 0),
          "paging: a page between segments is not present");
    CHECK(range_is(0x106000, 0x109000, RW_NX, 4 * KiB),
          "paging: data pages are present, read/write, no-execute");
    CHECK(range_is(0x109000, 2 * MiB, RW_NX, 4 * KiB),
          "paging: memory above the image in its 2 MiB region is read/write, no-execute");
    CHECK(range_is(2 * MiB, 8 * MiB, RW_NX, 2 * MiB),
          "paging: memory above 2 MiB is read/write, no-execute 2 MiB pages");
    CHECK(range_is(8 * MiB, 10 * MiB, NONE, 0) && range_is(1 * GiB, 1 * GiB + 4 * KiB, NONE, 0) &&
          range_is(512 * GiB, 512 * GiB + 4 * KiB, NONE, 0),
          "paging: nothing past the end of guest memory is present");
    CHECK(tables_unmapped(0, 8 * MiB), "paging: the page tables themselves are not mapped");
    free_mem();
}

/* Segments that share a page: the page gets both segments' rights. */
static void test_shared_pages(void)
{
    static const struct guest_segment ok_seg[] = {
        { 0x100000, 0x100800, PF_R | PF_X },
        { 0x100800, 0x101800, PF_R },
        { 0x101800, 0x101810, PF_R | PF_W },
    };
    static const struct guest_segment wx_seg[] = {
        { 0x100000, 0x100800, PF_R | PF_X },
        { 0x100800, 0x102000, PF_R | PF_W },
    };
    static const struct guest_segment wx_far[] = {
        { 0x100000, 0x101000, PF_R },
        { 0x101000, 0x5ff010, PF_R | PF_W },
        { 0x5ff010, 0x600000, PF_R | PF_X },
    };
    struct errbuf err;
    uint64_t kernel_end = 0x101810;

    new_mem(8 * MiB);
    CHECK(build(ok_seg, 3, &kernel_end, &err) == 0,
          "paging: text and rodata sharing a page are mapped");
    CHECK(range_is(0x100000, 0x101000, RO_X, 4 * KiB),
          "paging: a page shared by text and rodata is read-only, executable");
    CHECK(range_is(0x101000, 0x102000, RW_NX, 4 * KiB),
          "paging: a page shared by rodata and data is read/write, no-execute");
    free_mem();

    new_mem(8 * MiB);
    kernel_end = 0x102000;
    if (!CHECK(build(wx_seg, 2, &kernel_end, &err) < 0 &&
               strstr(err.msg, "page 0x100000 would be both writable and executable"),
               "paging: a page shared by a W and an X segment is refused"))
        check_note("got '%s'", err.msg);
    free_mem();

    new_mem(8 * MiB);
    kernel_end = 0x600000;
    CHECK(build(wx_far, 3, &kernel_end, &err) < 0 &&
          strstr(err.msg, "page 0x5ff000 would be both writable and executable"),
          "paging: a W+X page beyond the first 2 MiB is refused");
    free_mem();
}

/*
 * An image past 16 MiB needs more page tables than fit at 0x8000-0xffff:
 * they go right after the image, unmapped, and kernel_end moves past them.
 */
static void test_big_image(uint64_t image_end, uint64_t want_end, const char *what)
{
    const struct guest_segment seg[] = {
        { 0x100000, 0x200000, PF_R | PF_X },
        { 0x200000, image_end, PF_R | PF_W },
    };
    struct errbuf err;
    uint64_t kernel_end = image_end;
    uint64_t top = (want_end + 2 * MiB - 1) & ~(2 * MiB - 1);

    new_mem(32 * MiB);
    if (!CHECK(build(seg, 2, &kernel_end, &err) == 0, "paging: %s: mapped", what))
        check_note("%s", err.msg);
    if (!CHECK(kernel_end == want_end, "paging: %s: kernel_end moves to %#llx",
               what, (unsigned long long)want_end))
        check_note("kernel_end is %#llx", (unsigned long long)kernel_end);
    CHECK(range_is(0x200000, image_end, RW_NX, 4 * KiB),
          "paging: %s: the image is mapped with 4 KiB pages", what);
    CHECK(range_is(image_end, want_end, NONE, 0),
          "paging: %s: the extra page tables are not present", what);
    CHECK(walk(16 * MiB).tables[3] == image_end,
          "paging: %s: the first extra page table is at the image's end", what);
    CHECK(range_is(want_end, top, RW_NX, 4 * KiB) && range_is(top, 32 * MiB, RW_NX, 2 * MiB),
          "paging: %s: memory above the tables is read/write, no-execute", what);
    CHECK(tables_unmapped(0, 32 * MiB),
          "paging: %s: no page table is mapped", what);
    free_mem();
}

static void test_limits(void)
{
    static const struct guest_segment fits[] = { { 0x100000, 16 * MiB, PF_R | PF_X } };
    static const struct guest_segment full[] = { { 0x100000, 20 * MiB, PF_R | PF_W } };
    static const struct guest_segment tiny[] = { { 0x100000, 0x101000, PF_R | PF_X } };
    struct errbuf err;
    uint64_t kernel_end;

    new_mem(16 * MiB);
    kernel_end = 16 * MiB;
    CHECK(build(fits, 1, &kernel_end, &err) == 0 && kernel_end == 16 * MiB,
          "paging: a 16 MiB image fills 16 MiB of memory without extra tables");
    CHECK(range_is(0x100000, 16 * MiB, RO_X, 4 * KiB),
          "paging: all of a 16 MiB text is executable");
    free_mem();

    new_mem(20 * MiB);
    kernel_end = 20 * MiB;
    CHECK(build(full, 1, &kernel_end, &err) < 0 && strstr(err.msg, "do not fit"),
          "paging: an image leaving no room for its page tables is refused");
    free_mem();

    new_mem(2 * MiB);
    kernel_end = 0x101000;
    CHECK(build(tiny, 1, &kernel_end, &err) == 0 &&
          range_is(0x101000, 2 * MiB, RW_NX, 4 * KiB) &&
          range_is(2 * MiB, 4 * MiB, NONE, 0),
          "paging: 2 MiB of memory (the minimum) is mapped");
    free_mem();

    new_mem(4 * GiB);
    kernel_end = 0x101000;
    CHECK(build(tiny, 1, &kernel_end, &err) == 0, "paging: 4 GiB of memory is mapped");
    CHECK(range_is(1 * GiB - 2 * MiB, 1 * GiB + 2 * MiB, RW_NX, 2 * MiB) &&
          range_is(4 * GiB - 2 * MiB, 4 * GiB, RW_NX, 2 * MiB),
          "paging: 4 GiB: 2 MiB pages across each GiB up to the top");
    CHECK(range_is(4 * GiB, 4 * GiB + 4 * KiB, NONE, 0),
          "paging: 4 GiB: the first byte past memory is not present");
    CHECK(walk(3 * GiB).tables[2] == HVT_PD_BASE + 3 * 4 * KiB,
          "paging: 4 GiB: the fourth GiB uses the fourth page directory");
    free_mem();
}

int main(void)
{
    test_layout();
    test_shared_pages();
    /* 20 MiB: 10 regions need 2 tables, which push into an 11th: 3. */
    test_big_image(20 * MiB, 20 * MiB + 3 * 4 * KiB, "20 MiB image");
    /* 22 MiB - 4 KiB: the tables cross into a 12th region: 4 tables. */
    test_big_image(22 * MiB - 4 * KiB, 22 * MiB + 3 * 4 * KiB, "22 MiB image");
    test_limits();
    test_ring3();
    return check_done();
}
