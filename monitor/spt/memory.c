/* SPDX-License-Identifier: ISC */
/* Guest memory of an spt unikernel: part of ukvm-spt's address space. */
#include <elf.h>
#include <string.h>
#include <sys/mman.h>

#include "abi/spt_abi.h"
#include "spt.h"

#define PAGE 0x1000ULL

int spt_mem_map(uint64_t mem_size, struct errbuf *err)
{
    void *p = mmap((void *)SPT_MEM_BASE, mem_size - SPT_MEM_BASE,
                   PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
                   -1, 0);

    if (p == MAP_FAILED || p != (void *)SPT_MEM_BASE)
        return err_set(err, "cannot map guest memory at %#llx-%#llx: %m",
                       SPT_MEM_BASE, (unsigned long long)mem_size);
    return 0;
}

/* The rights of the page at ADDR: its segments', or -1 if W+X. */
static int page_prot(uint64_t addr, const struct elf_image *img)
{
    int64_t flags = segment_page_flags(img->seg, img->nseg, addr);

    if (flags < 0)
        return PROT_NONE;
    if ((flags & PF_W) && (flags & PF_X))
        return -1;
    return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) |
           (flags & PF_X ? PROT_EXEC : 0);
}

int spt_mem_protect(const struct elf_image *img, struct errbuf *err)
{
    uint64_t end = (img->kernel_end + PAGE - 1) & ~(PAGE - 1);
    uint64_t run = SPT_IMAGE_BASE;
    int run_prot = -2;

    if (mprotect((void *)SPT_MEM_BASE, SPT_IMAGE_BASE - SPT_MEM_BASE, PROT_READ) < 0)
        return err_set(err, "mprotect: %m");
    /* Runs of pages with the same rights, one mprotect each. */
    for (uint64_t a = SPT_IMAGE_BASE; a <= end; a += PAGE) {
        int prot = a < end ? page_prot(a, img) : -3;
        if (prot == -1)
            return err_set(err, "page %#llx would be both writable and executable "
                           "(segments share it)", (unsigned long long)a);
        if (prot == run_prot)
            continue;
        if (run_prot >= 0 && mprotect((void *)run, a - run, run_prot) < 0)
            return err_set(err, "mprotect: %m");
        run = a;
        run_prot = prot;
    }
    return 0;
}
