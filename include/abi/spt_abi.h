/* SPDX-License-Identifier: ISC */
/*
 * The spt target's interface between the tender (ukvm-spt, or Solo5's
 * solo5-spt) and the guest kernel, binary compatible with Solo5 0.12's
 * spt (docs/ABI.md). The guest is loaded into the tender's address space
 * at the addresses it was linked for and talks to the host with a few
 * system calls on descriptors the tender opened, under a seccomp filter.
 */
#ifndef UKVM_ABI_SPT_H
#define UKVM_ABI_SPT_H

#include <stddef.h>
#include <stdint.h>

#include "vnet_abi.h"

#define SPT_ABI_TARGET  2
#define SPT_ABI_VERSION 2

/*
 * Guest memory is [SPT_MEM_BASE, mem_size) of the process (Linux maps
 * nothing below 64 KiB): the boot info, manifest and command line, then
 * from SPT_IMAGE_BASE the image and the heap.
 */
#define SPT_MEM_BASE       0x10000ULL
#define SPT_BOOT_INFO_BASE 0x11000ULL
#define SPT_IMAGE_BASE     0x100000ULL
#define SPT_CMDLINE_SIZE   8192

/* Handed in %rdi to _start, with %rsp at mem_size - 8. */
struct spt_boot_info {
    uint64_t mem_size;      /* guest memory ends here */
    uint64_t kernel_end;    /* first address past the loaded image */
    uint64_t cmdline;       /* address of a NUL-terminated string */
    uint64_t mft;           /* address of the manifest; entries' b.hostfd set */
    int32_t epollfd;        /* every network device and the timer */
    int32_t timerfd;        /* CLOCK_MONOTONIC, in the epoll set */
};

/* epoll data of the timer; a network device's is its handle. */
#define SPT_EPOLL_TIMER 0xfffffffeULL

/*
 * ukvm-spt's offer beyond Solo5's interface, right after the boot info.
 * Solo5's tender puts the manifest there instead, so a guest trusts the
 * offer only when the magic matches and the manifest and the command
 * line lie past it; a guest that never looks loses nothing.
 */
#define SPT_OFFER_MAGIC 0x317470736d766b75ULL   /* "ukvmspt1" in memory */

struct spt_offer {
    uint64_t magic;
    uint32_t host_features;
    uint32_t reserved;
};

/*
 * Bits of host_features, from bit 31 down as on hvt (Solo5's own would
 * grow from bit 0).
 *
 * Bit 31: solo5_yield may be one epoll_pwait2 on epollfd with a relative
 * timeout, instead of timerfd_settime and epoll_pwait.
 */
#define SPT_FEATURE_YIELD_PWAIT2 (1U << 31)
/*
 * Bit 30: one pread64 or pwrite64 may move any whole number of blocks
 * below a limit L, not just one, at an offset at least L before the
 * device's end, for each L of SPT_BLOCK_IO_LIMITS (so the filter keeps
 * every transfer inside the device with one rule per limit, however
 * many blocks); nearer the end, one block per call.
 */
#define SPT_FEATURE_BLOCK_MULTI (1U << 30)
#define SPT_BLOCK_IO_LIMITS { 2ULL << 20, 64ULL << 10 }    /* largest first */
/*
 * Bit 27, as on hvt: the manifest marks the network devices whose frames
 * carry a virtio-net header (abi/vnet_abi.h); given only to a guest whose
 * vnet note asks for it. The guest turns on receive offloads itself with
 * ioctl(fd, TUNSETOFFLOAD, VNET_RX_* bits), which the filter lets through
 * on those devices' descriptors.
 */
#define SPT_FEATURE_NET_VNET UKVM_FEATURE_NET_VNET
#define SPT_FEATURES_UKVM (SPT_FEATURE_YIELD_PWAIT2 | SPT_FEATURE_BLOCK_MULTI | \
        SPT_FEATURE_NET_VNET)

_Static_assert(sizeof(struct spt_boot_info) == 40, "spt boot info size");
_Static_assert(offsetof(struct spt_boot_info, epollfd) == 32, "spt boot info");
_Static_assert(sizeof(struct spt_offer) == 16, "spt offer size");

#endif
