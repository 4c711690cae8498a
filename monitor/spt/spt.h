/* SPDX-License-Identifier: ISC */
/* ukvm-spt: the unikernel as a seccomp-sandboxed Linux process. */
#ifndef UKVM_SPT_H
#define UKVM_SPT_H

#include "elf_load.h"
#include "ukvm.h"

/* memory.c: maps [SPT_MEM_BASE, mem_size) at the same addresses. */
int spt_mem_map(uint64_t mem_size, struct errbuf *err);
/* Boot data read-only, each image page its segment's rights (W^X),
 * pages of no segment inaccessible, the rest read/write. */
int spt_mem_protect(const struct elf_image *img, struct errbuf *err);

/* sandbox.c: the system calls an spt guest makes itself. */
int spt_allow_guest(struct ukvm *vm, scmp_filter_ctx ctx);

/* guest_entry.c: reports a guest fault or forbidden system call in one
 * line, runs the modules' halt hooks, then dies by its signal, as under
 * solo5-spt; enters the guest. */
void spt_catch_guest_faults(struct ukvm *vm);
__attribute__((noreturn))
void spt_enter_guest(uint64_t entry, uint64_t stack, uint64_t boot_info);

#endif
