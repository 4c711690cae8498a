/* SPDX-License-Identifier: ISC */
/*
 * The hypercall table: one slot per number, each taken by one module,
 * and the checks every call passes before its handler sees it.
 */
#include "hypercall.h"

static const struct ukvm_hypercall *table[HVT_HYPERCALL_MAX];

int hypercall_register(const struct ukvm_hypercall *h, struct errbuf *err)
{
    if (h->nr == 0 || h->nr >= HVT_HYPERCALL_MAX)
        return err_set(err, "hypercall %u (%s) out of range", h->nr, h->name);
    if (table[h->nr])
        return err_set(err, "hypercall %u registered twice (%s, %s)", h->nr,
                       table[h->nr]->name, h->name);
    table[h->nr] = h;
    return 0;
}

int hypercalls_from_modules(struct errbuf *err)
{
    for_each_module(m)
        for (const struct ukvm_hypercall *h = (*m)->hypercalls; h && h->nr; h++)
            if (hypercall_register(h, err) < 0)
                return -1;
    return 0;
}

const struct ukvm_hypercall *hypercall_find(unsigned nr)
{
    return nr < HVT_HYPERCALL_MAX ? table[nr] : NULL;
}

void hypercall_dispatch(struct ukvm *vm, unsigned nr, uint64_t arg)
{
    const struct ukvm_hypercall *h = hypercall_find(nr);
    void *a;

    if (!h)
        guest_error(vm, "unknown hypercall %u", nr);
    /* Every argument struct holds 64-bit fields: the guest's compiler
     * aligns it, and handlers may then read it in place. */
    if (arg % 8)
        guest_error(vm, "hypercall argument %#llx is not 8-byte aligned",
                    (unsigned long long)arg);
    a = h->arg_rw ? guest_mem_ptr_rw(vm, arg, h->arg_size)
                  : guest_mem_ptr(vm, arg, h->arg_size);
    if (!a)
        guest_error(vm, "%s: bad argument address %#llx", h->name,
                    (unsigned long long)arg);
    h->fn(vm, a);
}

void *hypercall_buffer(struct ukvm *vm, const char *name, uint64_t gpa,
                       uint64_t len, bool rw)
{
    void *p = rw ? guest_mem_ptr_rw(vm, gpa, len) : guest_mem_ptr(vm, gpa, len);

    if (!p)
        guest_error(vm, "%s: buffer %#llx+%llu is %s", name,
                    (unsigned long long)gpa, (unsigned long long)len,
                    rw ? "not writable guest memory" : "outside guest memory");
    return p;
}
