/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: the unikernel loader on arbitrary bytes. Runs
 * elf_file_parse, elf_load and, when those accept the file, paging_build
 * on a 32 MiB fake guest memory, then checks what must hold of any image
 * ukvm accepts: the page tables map nothing below 0x10000, none of
 * themselves, and no page both writable and executable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_load.h"
#include "paging.h"
#include "ring3.h"

#define MEM_SIZE (32ULL << 20)  /* past 16 MiB: room for extra page tables */
#define PAGE_4K 0x1000ULL
#define PAGE_2M (2ULL << 20)

static uint8_t *mem;
static struct mft_buf mft_buf;

static void fail(const char *what, uint64_t addr)
{
    fprintf(stderr, "fuzz_elf_load: %s at %#llx\n", what, (unsigned long long)addr);
    abort();
}

static uint64_t entry_at(uint64_t table, unsigned i)
{
    uint64_t e;

    if (table + PAGE_4K > MEM_SIZE || table % PAGE_4K)
        fail("page table outside guest memory", table);
    memcpy(&e, mem + table + i * 8, 8);
    return e;
}

/* Scans every leaf entry under the one PML4 entry. */
static void check_tables(uint64_t tables_start, uint64_t tables_end)
{
    uint64_t pdpt = entry_at(HVT_PML4_BASE, 0) & PTE_ADDR_MASK;

    for (unsigned g = 0; g < 512; g++) {
        uint64_t pde_table = entry_at(pdpt, g);
        if (!(pde_table & PTE_P))
            continue;
        for (unsigned r = 0; r < 512; r++) {
            uint64_t base = ((uint64_t)g << 30) + r * PAGE_2M;
            uint64_t pde = entry_at(pde_table & PTE_ADDR_MASK, r);
            if (!(pde & PTE_P))
                continue;
            if (base >= MEM_SIZE)
                fail("page mapped past guest memory", base);
            if (pde & PTE_PS) {
                if ((pde & PTE_RW) && !(pde & PTE_NX))
                    fail("writable, executable 2 MiB page", base);
                if (base < HVT_LOW_RO_END)
                    fail("2 MiB page over the low 1 MiB", base);
                continue;
            }
            uint64_t pt = pde & PTE_ADDR_MASK;
            if (pt >= HVT_PT_END && (pt < tables_start || pt >= tables_end))
                fail("page table outside its reserved area", pt);
            for (unsigned i = 0; i < 512; i++) {
                uint64_t pte = entry_at(pt, i), va = base + i * PAGE_4K;
                if (!(pte & PTE_P))
                    continue;
                if ((pte & PTE_ADDR_MASK) != va)
                    fail("page not identity mapped", va);
                if ((pte & PTE_RW) && !(pte & PTE_NX))
                    fail("writable, executable page", va);
                if (va < HVT_BOOT_INFO_BASE || (va >= tables_start && va < tables_end))
                    fail("page tables or zero page mapped", va);
                /* Writable below 1 MiB: only the boot info's page (the
                 * guest answers guest_features) and, in ring 3, the trap
                 * entry's stack, for ring 0 alone. */
                if (va < HVT_LOW_RO_END && (pte & PTE_RW) && va != HVT_BOOT_INFO_BASE &&
                    !(va == RING3_STACK && !(pte & PTE_U)))
                    fail("writable page below 1 MiB", va);
            }
        }
    }
}

/* Zeroes what the last run wrote, so memory arrives zeroed as in ukvm. */
static void reset_mem(const struct elf_file *f, uint64_t image_end,
                      uint64_t tables_end)
{
    memset(mem, 0, HVT_PT_END);
    for (unsigned i = 0; i < f->phnum; i++)
        /* An empty PT_LOAD may claim any address: the loader skips it. */
        if (f->phdr[i].p_type == PT_LOAD && f->phdr[i].p_filesz > 0)
            memset(mem + f->phdr[i].p_vaddr, 0, f->phdr[i].p_filesz);
    memset(mem + image_end, 0, tables_end - image_end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf_file f;
    struct elf_image img;
    struct errbuf err;
    uint64_t image_end, kernel_end;

    if (!mem && !(mem = calloc(1, MEM_SIZE)))
        abort();
    if (elf_file_parse(&f, data, size, &err) < 0)
        return 0;
    if (elf_load(&f, mem, MEM_SIZE, &img, &mft_buf, &err) < 0)
        return 0;
    if (img.nseg == 0 || img.kernel_end > MEM_SIZE || img.mft->entries == 0 ||
        img.mft->entries > MFT_MAX_ENTRIES)
        fail("loader accepted a bad image", img.kernel_end);
    for (unsigned i = 0; i < img.nseg; i++)
        if (img.seg[i].start < HVT_IMAGE_MIN_BASE || img.seg[i].end > MEM_SIZE ||
            (i > 0 && img.seg[i].start < img.seg[i - 1].end) ||
            ((img.seg[i].flags & PF_W) && (img.seg[i].flags & PF_X)))
            fail("loader accepted a bad segment", img.seg[i].start);
    image_end = (img.kernel_end + PAGE_4K - 1) & ~(PAGE_4K - 1);
    kernel_end = img.kernel_end;
    if (paging_build(mem, MEM_SIZE, img.seg, img.nseg, img.has_ring3, &kernel_end,
                     &err) == 0) {
        if (kernel_end < image_end || kernel_end > MEM_SIZE)
            fail("kernel_end out of range", kernel_end);
        check_tables(image_end, kernel_end);
    } else {
        kernel_end = image_end;
    }
    reset_mem(&f, image_end, kernel_end);
    return 0;
}
