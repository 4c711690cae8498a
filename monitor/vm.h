/* Creating the KVM VM and setting up its one vCPU (docs/ABI.md section 3). */
#ifndef UKVM_VM_H
#define UKVM_VM_H

#include "ukvm.h"

/*
 * Opens KVM, creates the VM with MEM_SIZE bytes of zeroed memory and a
 * vCPU, and gives the vCPU its CPUID (noting vm->cpu).
 */
int vm_create(struct ukvm *vm, uint64_t mem_size, struct errbuf *err);

/*
 * Writes the GDT (and in ring 3 the monitor area), sets registers and
 * reads the TSC frequency. Ring 3 if vm->host_features says so.
 */
int vcpu_setup(struct ukvm *vm, struct errbuf *err);

void vm_destroy(struct ukvm *vm);

#endif
