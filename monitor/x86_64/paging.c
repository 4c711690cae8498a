/* SPDX-License-Identifier: ISC */
/* Builds the guest's identity page tables. */
#include <elf.h>
#include <string.h>

#include "paging.h"
#include "ring3.h"

#define PAGE_4K   0x1000ULL
#define PAGE_2M   (2ULL << 20)
#define PAGE_1G   (1ULL << 30)
#define LOW_PTS   ((HVT_PT_END - HVT_PT_BASE) / PAGE_4K)
/* Upper levels grant everything; the leaf entry decides. A/D preset spares
 * the guest (often an emulated one) the work of setting them. */
#define TABLE_FLAGS (PTE_P | PTE_RW | PTE_A)

static uint64_t round_up(uint64_t x, uint64_t a)
{
    return (x + a - 1) & ~(a - 1);
}

static void put_entry(uint8_t *mem, uint64_t table, unsigned i, uint64_t val)
{
    memcpy(mem + table + (uint64_t)i * 8, &val, 8);
}

/* Sets *PTE for the 4 KiB image page at ADDR; false if it would be W+X. */
static bool image_page_entry(uint64_t addr, const struct guest_segment *seg,
                             unsigned nseg, uint64_t *pte)
{
    int64_t flags = segment_page_flags(seg, nseg, addr);

    *pte = 0;
    if (flags < 0)
        return true;
    if ((flags & PF_W) && (flags & PF_X))
        return false;
    *pte = addr | PTE_P | PTE_A | PTE_D | ((flags & PF_W) ? PTE_RW : 0) |
           ((flags & PF_X) ? 0 : PTE_NX);
    return true;
}

static uint64_t page_entry(uint64_t addr, uint64_t image_end, uint64_t pt_end,
                           const struct guest_segment *seg, unsigned nseg)
{
    if (addr < HVT_BOOT_INFO_BASE)
        return 0;
    if (addr == HVT_BOOT_INFO_BASE)     /* the guest answers guest_features */
        return addr | PTE_P | PTE_RW | PTE_A | PTE_D | PTE_NX;
    if (addr < HVT_LOW_RO_END)
        return addr | PTE_P | PTE_A | PTE_NX;
    if (addr < image_end) {
        uint64_t pte;
        image_page_entry(addr, seg, nseg, &pte);  /* W^X checked before */
        return pte;
    }
    if (addr < pt_end)
        return 0;
    return addr | PTE_P | PTE_RW | PTE_A | PTE_D | PTE_NX;
}

/* The monitor area's pages (ring3.h), for ring 0 alone. */
static uint64_t monitor_area_entry(uint64_t addr)
{
    if (addr == RING3_TABLES)
        return addr | PTE_P | PTE_A | PTE_NX;
    if (addr == RING3_ENTRY)
        return addr | PTE_P | PTE_A;
    if (addr == RING3_STACK)
        return addr | PTE_P | PTE_RW | PTE_A | PTE_D | PTE_NX;
    return 0;   /* the guard page */
}

static uint64_t pt_table_addr(unsigned region, uint64_t image_end)
{
    if (region < LOW_PTS)
        return HVT_PT_BASE + region * PAGE_4K;
    return image_end + (region - LOW_PTS) * PAGE_4K;
}

int paging_build(uint8_t *mem, uint64_t mem_size, const struct guest_segment *seg,
                 unsigned nseg, bool ring3, uint64_t *kernel_end,
                 struct errbuf *err)
{
    /* In ring 3 every guest page carries the user bit; the area's do not. */
    const uint64_t u = ring3 ? PTE_U : 0;
    uint64_t image_end = round_up(*kernel_end, PAGE_4K);
    uint64_t pt_end = image_end;
    unsigned nregions_4k, extra = 0;

    /* Extra page tables extend the 4 KiB-mapped area they must cover. */
    for (;;) {
        nregions_4k = (unsigned)(round_up(pt_end, PAGE_2M) / PAGE_2M);
        unsigned need = nregions_4k > LOW_PTS ? nregions_4k - LOW_PTS : 0;
        if (need == extra)
            break;
        extra = need;
        pt_end = image_end + extra * PAGE_4K;
    }
    if (pt_end > mem_size)
        return err_set(err, "image and page tables (%llu KiB) do not fit in guest "
                       "memory", (unsigned long long)(pt_end >> 10));

    for (uint64_t a = HVT_LOW_RO_END, pte; a < image_end; a += PAGE_4K)
        if (!image_page_entry(a, seg, nseg, &pte))
            return err_set(err, "page %#llx would be both writable and executable "
                           "(segments share it)", (unsigned long long)a);

    put_entry(mem, HVT_PML4_BASE, 0, HVT_PDPT_BASE | TABLE_FLAGS | u);
    for (unsigned g = 0; (uint64_t)g * PAGE_1G < mem_size; g++)
        put_entry(mem, HVT_PDPT_BASE, g,
                  (HVT_PD_BASE + g * PAGE_4K) | TABLE_FLAGS | u);

    for (unsigned r = 0; (uint64_t)r * PAGE_2M < mem_size; r++) {
        uint64_t pd = HVT_PD_BASE + (r / 512) * PAGE_4K;
        uint64_t base = (uint64_t)r * PAGE_2M;

        if (r >= nregions_4k) {
            put_entry(mem, pd, r % 512,
                      base | PTE_P | PTE_RW | PTE_A | PTE_D | PTE_PS | PTE_NX | u);
            continue;
        }
        uint64_t pt = pt_table_addr(r, image_end);
        put_entry(mem, pd, r % 512, pt | TABLE_FLAGS | u);
        for (unsigned i = 0; i < 512; i++) {
            uint64_t a = base + i * PAGE_4K;

            put_entry(mem, pt, i, ring3 && a >= RING3_TABLES && a < RING3_AREA_END ?
                      monitor_area_entry(a) :
                      page_entry(a, image_end, pt_end, seg, nseg) | u);
        }
    }
    *kernel_end = pt_end;
    return 0;
}
