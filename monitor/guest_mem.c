/* The one gate from guest addresses to host pointers. */
#include <elf.h>

#include "ukvm.h"

void *guest_mem_ptr(struct ukvm *vm, uint64_t gpa, uint64_t len)
{
    if (gpa > vm->mem_size || len > vm->mem_size - gpa)
        return NULL;
    return vm->mem + gpa;
}

void *guest_mem_ptr_rw(struct ukvm *vm, uint64_t gpa, uint64_t len)
{
    if (gpa < HVT_LOW_RO_END)
        return NULL;
    /* The monitor must not write where the guest itself may not. */
    for (unsigned i = 0; i < vm->nseg; i++)
        if (!(vm->seg[i].flags & PF_W) && gpa < vm->seg[i].end &&
            gpa + len > vm->seg[i].start)
            return NULL;
    return guest_mem_ptr(vm, gpa, len);
}
