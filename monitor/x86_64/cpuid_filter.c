/* SPDX-License-Identifier: ISC */
/* The guest's CPUID: KVM's supported set minus risky features. */
#include <string.h>

#include "cpuid_filter.h"

#define BIT(n) (1U << (n))

static void drop_leaf(struct kvm_cpuid2 *c, unsigned i)
{
    memmove(&c->entries[i], &c->entries[i + 1],
            (c->nent - i - 1) * sizeof c->entries[0]);
    c->nent--;
}

void cpuid_filter(struct kvm_cpuid2 *c)
{
    for (unsigned i = 0; i < c->nent;) {
        struct kvm_cpuid_entry2 *e = &c->entries[i];

        switch (e->function) {
        case 0x1:
            /* VMX, SMX, PDCM (perf capabilities MSR) */
            e->ecx &= ~(BIT(5) | BIT(6) | BIT(15));
            break;
        case 0x7:
            if (e->index == 0) {
                e->ebx &= ~BIT(2);                 /* SGX */
                e->ecx &= ~BIT(30);                /* SGX launch control */
                e->edx &= ~BIT(1);                 /* SGX keys */
            }
            break;
        case 0xa:   /* architectural performance monitoring */
        case 0x12:  /* SGX enumeration */
        case 0x8000000a: /* SVM features */
            drop_leaf(c, i);
            continue;
        case 0x80000001:
            /* SVM, SKINIT, core/NB/L2 performance counters */
            e->ecx &= ~(BIT(2) | BIT(12) | BIT(23) | BIT(24) | BIT(28));
            break;
        }
        i++;
    }
}
