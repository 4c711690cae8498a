/* SPDX-License-Identifier: ISC */
/*
 * The one gate from guest addresses to host pointers. The monitor reads
 * and writes guest memory only where the guest itself could: where the
 * page tables ukvm built (which the guest cannot change: they are not
 * mapped) give the guest the same right. So no hypercall reaches the
 * page tables, the monitor area, a guard page or a gap between segments,
 * and none writes text, rodata or the boot data.
 */
#include <string.h>

#include "paging.h"
#include "ukvm.h"

#define RIGHT_READ  1u
#define RIGHT_WRITE 2u

/*
 * The guest's rights at GPA by the monitor's page tables, and in *END the
 * end of the page (4 KiB or 2 MiB) that gives them.
 */
static unsigned rights_at(const struct ukvm *vm, uint64_t gpa, uint64_t *end)
{
    const bool ring3 = vm->host_features & HVT_HOST_FEATURE_RING3;
    uint64_t table = HVT_PML4_BASE, e;
    unsigned rights = RIGHT_READ | RIGHT_WRITE;

    for (int level = 0; level < 4; level++) {
        unsigned shift = 39 - 9 * level;

        if (table > vm->mem_size - 4096)
            return 0;
        memcpy(&e, vm->mem + table + (gpa >> shift & 511) * 8, 8);
        if (!(e & PTE_P) || (ring3 && !(e & PTE_U)))
            return 0;
        if (!(e & PTE_RW))
            rights &= ~RIGHT_WRITE;
        if (level == 3 || (level == 2 && (e & PTE_PS))) {
            *end = (gpa | ((1ULL << shift) - 1)) + 1;
            return rights;
        }
        table = e & PTE_ADDR_MASK;
    }
    return 0;
}

/* LEN bytes at GPA, if inside memory and every page grants WANT. */
static void *checked(struct ukvm *vm, uint64_t gpa, uint64_t len, unsigned want)
{
    uint64_t end;

    if (gpa > vm->mem_size || len > vm->mem_size - gpa)
        return NULL;
    for (uint64_t a = gpa; a < gpa + len; a = end)
        if ((rights_at(vm, a, &end) & want) != want)
            return NULL;
    return vm->mem + gpa;
}

void *guest_mem_ptr(struct ukvm *vm, uint64_t gpa, uint64_t len)
{
    return checked(vm, gpa, len, RIGHT_READ);
}

void *guest_mem_ptr_rw(struct ukvm *vm, uint64_t gpa, uint64_t len)
{
    if (gpa < HVT_LOW_RO_END)   /* the boot info's page too: not for hypercalls */
        return NULL;
    return checked(vm, gpa, len, RIGHT_READ | RIGHT_WRITE);
}

