/* SPDX-License-Identifier: ISC */
/*
 * The guest's own page tables. The monitor maps all memory read/write
 * and executable with 2 MiB pages; we replace that with a map that
 * enforces what the image's segments say:
 *
 *   0 .. boot_start        not present (catches NULL pointers)
 *   boot data              read-only, no execute
 *   text                   read-only, execute
 *   rodata (and notes)     read-only, no execute
 *   data, bss, stack       read/write, no execute
 *   stack guard page       not present (a stack overflow faults)
 *   heap, to the end       read/write, no execute
 *
 * The image and the rest of its last 2 MiB use 4 KiB pages (the tables
 * are reserved by the linker script at _pagetables); memory above that
 * uses 2 MiB pages. Everything lies in the first 4 GiB.
 */
#include "kernel.h"

#define PTE_P   0x1ULL
#define PTE_W   0x2ULL
#define PTE_A   0x20ULL         /* accessed */
#define PTE_D   0x40ULL         /* dirty */
#define PTE_PS  0x80ULL         /* 2 MiB page, in a PD entry */
/*
 * Every entry is born accessed (and leaves dirty): the CPU need not set
 * the bits on first use, which is extra work when KVM emulates the guest.
 */
#define PTE_TABLE (PTE_P | PTE_W | PTE_A)
#define PTE_RO    (PTE_P | PTE_A)
#define PTE_RW    (PTE_P | PTE_W | PTE_A | PTE_D)
#define PTE_NX  (1ULL << 63)

#define PAGE_2M (2ULL << 20)

/* Zero as bss; only the entries in use are written. */
static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[4 * 512] __attribute__((aligned(4096)));

/*
 * Writes n entries e, e + step, e + 2 * step, ... Unrolled by hand: on a
 * KVM that emulates the guest every instruction costs ~0.5 us, and this
 * is most of the boot. A constant step lets each entry be one lea + mov.
 */
static inline __attribute__((always_inline))
void fill(uint64_t *p, uint64_t n, uint64_t e, const uint64_t step)
{
    for (; n >= 8; n -= 8, p += 8, e += 8 * step) {
        p[0] = e;
        p[1] = e + step;
        p[2] = e + 2 * step;
        p[3] = e + 3 * step;
        p[4] = e + 4 * step;
        p[5] = e + 5 * step;
        p[6] = e + 6 * step;
        p[7] = e + 7 * step;
    }
    for (; n; n--, e += step)
        *p++ = e;
}

/* Map [start, end) with 4 KiB pages; both page aligned. */
static void map_4k(uint64_t start, uint64_t end, uint64_t flags)
{
    if (start < end)
        fill((uint64_t *)_pagetables + (start >> 12), (end - start) >> 12,
             start | flags, PAGE_SIZE);
}

void paging_init(const struct boot_params *bp)
{
    uint64_t nx = 0, small_end, i;
    uint64_t mem = bp->mem_size < (4ULL << 30) ? bp->mem_size : (4ULL << 30);
    uint32_t r[4];

    cpu_cpuid(0x80000001, 0, r);
    if (r[3] & CPUIDX_EDX_NX) {
        nx = PTE_NX;
        cpu_wrmsr(MSR_EFER, cpu_rdmsr(MSR_EFER) | EFER_NXE);
    }

    small_end = ALIGN_UP((uint64_t)_end, PAGE_2M);
    map_4k(bp->boot_start & ~(PAGE_SIZE - 1), ALIGN_UP(bp->boot_end, PAGE_SIZE),
           PTE_RO | nx);
    map_4k((uint64_t)_stext, (uint64_t)_etext, PTE_RO);
    map_4k((uint64_t)_etext, (uint64_t)_erodata, PTE_RO | nx);
    map_4k((uint64_t)_sdata, small_end, PTE_RW | nx);
    ((uint64_t *)_pagetables)[(uint64_t)_stack_guard >> 12] = 0;

    for (i = 0; i < small_end / PAGE_2M; i++)
        pd[i] = (uint64_t)_pagetables + i * PAGE_SIZE + PTE_TABLE;
    if (i < mem / PAGE_2M)
        fill(&pd[i], mem / PAGE_2M - i, i * PAGE_2M | PTE_RW | PTE_PS | nx,
             PAGE_2M);
    for (i = 0; i < ALIGN_UP(mem, 1ULL << 30) >> 30; i++)
        pdpt[i] = (uint64_t)&pd[i * 512] | PTE_TABLE;
    pml4[0] = (uint64_t)pdpt | PTE_TABLE;

    __asm__ __volatile__("mov %0, %%cr3" : : "r"(pml4) : "memory");
}
