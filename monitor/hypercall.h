/* The hypercall table, indexed by number; filled by modules. */
#ifndef UKVM_HYPERCALL_H
#define UKVM_HYPERCALL_H

#include "ukvm.h"

/* Returns the handler for port PORT, or NULL if none. */
hypercall_fn hypercall_for_port(unsigned port);

#endif
