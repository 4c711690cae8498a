/*
 * The spt target's interface between ukvm-spt (the tender) and the guest
 * kernel. This one is ukvm's own (spt unikernels run only on ukvm-spt):
 * the guest is loaded into the tender's address space, identity placed
 * (its addresses are the process's), and talks to the host with a few
 * system calls on descriptors the tender opened, under a seccomp filter.
 */
#ifndef UKVM_ABI_SPT_H
#define UKVM_ABI_SPT_H

#include <stdint.h>

#define SPT_ABI_TARGET  2
#define SPT_ABI_VERSION 1

/*
 * Guest memory is [SPT_MEM_BASE, mem_size) of the process (Linux maps
 * nothing below 64 KiB): the boot info, manifest and command line,
 * read-only, then from SPT_IMAGE_BASE the image and the heap.
 */
#define SPT_MEM_BASE       0x10000ULL
#define SPT_BOOT_INFO_BASE 0x10000ULL
#define SPT_IMAGE_BASE     0x100000ULL

/* Handed in %rdi to _start. */
struct spt_boot_info {
    uint64_t mem_size;      /* guest memory ends here */
    uint64_t kernel_end;    /* first address past the loaded image */
    uint64_t cmdline;       /* address of a NUL-terminated string */
    uint64_t mft;           /* address of the manifest; entries' b.hostfd set */
    int32_t poll_fd;        /* epoll set of the network devices */
    int32_t reserved;
};

#endif
