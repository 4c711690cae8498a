/* The hypercall table: one slot per number, each taken by one module. */
#include "hypercall.h"

static hypercall_fn table[HVT_HYPERCALL_MAX];

int hypercall_register(unsigned nr, hypercall_fn fn, struct errbuf *err)
{
    if (nr == 0 || nr >= HVT_HYPERCALL_MAX)
        return err_set(err, "hypercall %u out of range", nr);
    if (table[nr])
        return err_set(err, "hypercall %u registered twice", nr);
    table[nr] = fn;
    return 0;
}

hypercall_fn hypercall_for_port(unsigned port)
{
    unsigned nr = port - HVT_HYPERCALL_PIO_BASE;

    return port >= HVT_HYPERCALL_PIO_BASE && nr < HVT_HYPERCALL_MAX ? table[nr] : NULL;
}
