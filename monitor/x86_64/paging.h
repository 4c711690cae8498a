/* SPDX-License-Identifier: ISC */
/* The guest's identity page tables, built from the ELF segments (W^X). */
#ifndef UKVM_PAGING_H
#define UKVM_PAGING_H

#include "ukvm.h"

#define PTE_P   (1ULL << 0)
#define PTE_RW  (1ULL << 1)
#define PTE_U   (1ULL << 2)
#define PTE_A   (1ULL << 5)
#define PTE_D   (1ULL << 6)
#define PTE_PS  (1ULL << 7)
#define PTE_NX  (1ULL << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000ULL

/*
 * Writes PML4, PDPT, PDs and page tables into MEM. Below 1 MiB only the
 * boot data is mapped, read-only but for the boot info's own page. The low 2 MiB and the
 * 2 MiB regions holding the image use 4 KiB pages with each page's
 * rights taken from the segments covering it (pages of no segment are
 * not present); the rest is read/write, no-execute 2 MiB pages. Page
 * tables beyond the eight that fit at 0x8000-0xffff go right after the
 * image, not present; *KERNEL_END moves past them. With RING3, every
 * page the guest may use carries the user bit, and the monitor area
 * (ring3.h) is mapped for ring 0 alone.
 */
int paging_build(uint8_t *mem, uint64_t mem_size, const struct guest_segment *seg,
                 unsigned nseg, bool ring3, uint64_t *kernel_end,
                 struct errbuf *err);

#endif
