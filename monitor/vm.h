/* Creating the KVM VM and setting up its one vCPU (docs/ABI.md section 3). */
#ifndef UKVM_VM_H
#define UKVM_VM_H

#include "ukvm.h"

/* Opens KVM, creates the VM with MEM_SIZE bytes of zeroed memory and a vCPU. */
int vm_create(struct ukvm *vm, uint64_t mem_size, struct errbuf *err);

/* Writes the GDT, sets registers, CPUID and reads the TSC frequency. */
int vcpu_setup(struct ukvm *vm, struct errbuf *err);

void vm_destroy(struct ukvm *vm);

#endif
