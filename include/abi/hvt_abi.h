/* SPDX-License-Identifier: ISC */
/*
 * The hvt guest/monitor binary interface (x86_64), shared by ukvm and the
 * guest kernel. Layouts and numbers are fixed by docs/ABI.md (compatible
 * with Solo5 0.12 hvt); the static asserts pin every offset.
 */
#ifndef UKVM_ABI_HVT_H
#define UKVM_ABI_HVT_H

#include <stddef.h>
#include <stdint.h>

#include "vnet_abi.h"

#define HVT_ABI_TARGET  1
#define HVT_ABI_VERSION 2

/* Guest physical layout. */
#define HVT_GDT_BASE        0x1000ULL
#define HVT_PML4_BASE       0x2000ULL
#define HVT_PDPT_BASE       0x3000ULL
#define HVT_PD_BASE         0x4000ULL   /* four pages, 0x4000-0x7fff */
#define HVT_PT_BASE         0x8000ULL   /* page tables for the low 2 MiB and up */
#define HVT_PT_END          0x10000ULL
#define HVT_BOOT_INFO_BASE  0x10000ULL
#define HVT_LOW_RO_END      0x100000ULL /* 0x10000-0xfffff is read-only */
#define HVT_IMAGE_MIN_BASE  0x100000ULL /* every PT_LOAD segment at or above */
#define HVT_CMDLINE_SIZE    8192

#define HVT_GDT_CODE_SEL 0x08
#define HVT_GDT_DATA_SEL 0x10

#define HVT_MEM_ALIGN   (2ULL << 20)
#define HVT_MEM_MIN     (2ULL << 20)
#define HVT_MEM_MAX     (4ULL << 30)
#define HVT_MEM_DEFAULT_MIB 512

struct hvt_boot_info {
    uint64_t mem_size;        /* bytes of guest memory */
    uint64_t kernel_end;      /* first address past the loaded image */
    uint64_t cpu_cycle_freq;  /* TSC frequency, Hz */
    uint64_t cmdline;         /* guest address of a NUL-terminated string */
    uint64_t mft;             /* guest address of the manifest copy */
    uint32_t host_features;
    uint32_t guest_features;
    uint64_t net_ring;
};

/*
 * host_features bits. Bit 0 is Solo5's shared network ring, which ukvm
 * does not offer; Solo5 takes new bits upward from there, so ukvm's own
 * bits are taken from bit 31 downward. A guest that knows a bit answers
 * by setting it in guest_features (ukvm maps the boot info's page
 * writable for that; solo5-hvt maps it read-only, so a guest writes
 * there only when offered one of ukvm's bits); a monitor that does not
 * offer a bit, or a guest that does not answer it, loses nothing.
 */
#define HVT_HOST_FEATURE_NET_RING  (1U << 0)
/*
 * Bit 31, ukvm's: the monitor's page tables already give every image
 * page its segment's rights (W^X), leave pages of no segment and the
 * zero page unmapped and the boot data read-only, so the guest need not
 * build its own. Monitors that do not set it (Solo5's) leave that work
 * to the guest.
 */
#define HVT_HOST_FEATURE_WX_PAGING (1U << 31)
/*
 * Bit 30, ukvm's: the guest may register a receive ring per network
 * device (hypercall NET_RXRING), once it has set the bit in
 * guest_features. POLL then moves waiting frames into the rings before
 * it returns, so a guest takes a frame without a NET_READ exit.
 */
#define HVT_HOST_FEATURE_NET_RXRING (1U << 30)
/*
 * Bit 29, ukvm's: BLOCK_READ and BLOCK_WRITE take any whole number of
 * sectors in one hypercall; without it (Solo5's) the guest sends one
 * sector per hypercall.
 */
#define HVT_HOST_FEATURE_BLOCK_MULTI (1U << 29)
/*
 * Bit 28, ukvm's: a statement, not an offer. The monitor entered the
 * guest in ring 3 (the unikernel carries the ring-3 note below): it owns
 * GDT, IDT, TSS and page tables and the x87/SSE/AVX state, and delivers
 * CPU exceptions to the note's trap handler. The guest executes no
 * privileged instruction: it sets its TLS base with wrfsbase where its
 * CPUID shows FSGSBASE (the monitor then set CR4.FSGSBASE), else with
 * hypercall TLS_BASE.
 */
#define HVT_HOST_FEATURE_RING3 (1U << 28)
/*
 * Bit 27, ukvm's: the manifest marks the network devices whose frames
 * carry a virtio-net header (abi/vnet_abi.h); given only to a guest whose
 * vnet note asks for it. Hypercall NET_OFFLOAD turns on receive offloads.
 */
#define HVT_HOST_FEATURE_NET_VNET UKVM_FEATURE_NET_VNET
#define HVT_HOST_FEATURES_UKVM (HVT_HOST_FEATURE_WX_PAGING | \
        HVT_HOST_FEATURE_NET_RXRING | HVT_HOST_FEATURE_BLOCK_MULTI | \
        HVT_HOST_FEATURE_RING3 | HVT_HOST_FEATURE_NET_VNET)

/*
 * The ring-3 note (ukvm's, absent from Solo5 builds): a guest kernel that
 * runs without privileged instructions says so, and names the function
 * that reports CPU exceptions and the stack it runs on. Name "ukvm",
 * in its own PT_NOTE segment.
 */
#define HVT_NOTE_NAME        "ukvm"
#define HVT_NOTE_NAME_SIZE   5
#define HVT_NOTE_TYPE_RING3  0x33474e52U    /* "RNG3" */
#define HVT_NOTE_SECTION_RING3 ".note.ukvm.ring3"

struct hvt_ring3_info {
    uint64_t trap_handler;  /* void f(struct hvt_trap_frame *), never returns */
    uint64_t trap_stack;    /* lowest address of the handler's stack */
    uint64_t trap_stack_size;
};

/*
 * What the trap handler gets: the state at the exception. The monitor
 * writes it at the top of the trap stack and calls the handler in ring 3
 * with interrupts off; the guest's own ring-0 entry (on other monitors)
 * builds the same frame.
 */
struct hvt_trap_frame {
    uint64_t cr2;
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};

/* Hypercalls: outl %eax, %dx with dx = HVT_HYPERCALL_PIO_BASE + nr. */
#define HVT_HYPERCALL_PIO_BASE 0x500
#define HVT_HYPERCALL_PORT(nr) (HVT_HYPERCALL_PIO_BASE + (nr))

enum hvt_hypercall_nr {
    HVT_HYPERCALL_WALLTIME = 1,
    HVT_HYPERCALL_PUTS = 2,
    HVT_HYPERCALL_POLL = 3,
    HVT_HYPERCALL_BLOCK_WRITE = 4,
    HVT_HYPERCALL_BLOCK_READ = 5,
    HVT_HYPERCALL_NET_WRITE = 6,
    HVT_HYPERCALL_NET_READ = 7,
    HVT_HYPERCALL_HALT = 8,
    HVT_HYPERCALL_NET_RXRING = 9,   /* only with HVT_HOST_FEATURE_NET_RXRING */
    HVT_HYPERCALL_TLS_BASE = 10,    /* only with HVT_HOST_FEATURE_RING3 */
    HVT_HYPERCALL_NET_OFFLOAD = 11, /* only on a device marked MFT_NET_VNET */
    HVT_HYPERCALL_MAX = 12
};

enum hvt_ret {
    HVT_OK = 0,
    HVT_AGAIN = 1,
    HVT_EINVAL = 2,
    HVT_EUNSPEC = 3
};

/* Guest addresses travel as uint64_t; the guest casts its pointers. */
/* Sets the FS base (TLS) of a ring-3 guest; a non-canonical one is fatal. */
struct hvt_hc_tls_base {
    uint64_t base;
};

struct hvt_hc_walltime {
    uint64_t nsecs;
};

struct hvt_hc_puts {
    uint64_t data;
    uint64_t len;
};

struct hvt_hc_poll {
    uint64_t timeout_nsecs;
    uint64_t ready_set;
    int32_t ret;
};

struct hvt_hc_block_write {
    uint64_t handle;
    uint64_t offset;
    uint64_t data;
    uint64_t len;
    int32_t ret;
};

struct hvt_hc_block_read {
    uint64_t handle;
    uint64_t offset;
    uint64_t data;
    uint64_t len;
    int32_t ret;
};

struct hvt_hc_net_write {
    uint64_t handle;
    uint64_t data;
    uint64_t len;
    int32_t ret;
};

struct hvt_hc_net_read {
    uint64_t handle;
    uint64_t data;
    uint64_t len;
    int32_t ret;
};

/*
 * A receive ring: this header, then `slots` slots of HVT_RXRING_SLOT_SIZE
 * bytes, each a uint32_t frame length and the frame. head and tail count
 * frames, wrapping; slot i % slots. The monitor writes head, drained and
 * the slots; the guest writes tail. drained = 1 says the monitor found
 * the device empty when it last filled the ring.
 */
#define HVT_RXRING_SLOT_SIZE 2048
#define HVT_RXRING_MAX_SLOTS 256

struct hvt_rxring {
    uint32_t head;
    uint32_t tail;
    uint32_t drained;
    uint32_t reserved;
};

struct hvt_hc_net_rxring {
    uint64_t handle;
    uint64_t ring;          /* guest address, 8-byte aligned */
    uint64_t slots;         /* a power of two, 1 to HVT_RXRING_MAX_SLOTS */
    int32_t ret;
};

/* Turns on the receive offloads VNET_RX_* of RX (others: EINVAL). */
struct hvt_hc_net_offload {
    uint64_t handle;
    uint64_t rx;
    int32_t ret;
};

#define HVT_HALT_COOKIE_MAX 512

/*
 * ukvm's guests, aborting after a CPU exception, leave this as HALT's
 * cookie: where the exception struck, for a core file when the monitor
 * did not see the exception itself (ring 0).
 */
#define HVT_HALT_TRAP_MAGIC 0x70617274766b75ULL      /* "ukvtrap" */
struct hvt_halt_trap {
    uint64_t magic;
    struct hvt_trap_frame frame;
};

struct hvt_hc_halt {
    uint64_t cookie;
    int32_t exit_status;
};

_Static_assert(sizeof(struct hvt_boot_info) == 56, "boot info size");
_Static_assert(offsetof(struct hvt_boot_info, host_features) == 40, "boot info");
_Static_assert(offsetof(struct hvt_boot_info, net_ring) == 48, "boot info");
_Static_assert(offsetof(struct hvt_hc_poll, ret) == 16, "poll");
_Static_assert(offsetof(struct hvt_hc_block_read, ret) == 32, "block read");
_Static_assert(offsetof(struct hvt_hc_block_write, ret) == 32, "block write");
_Static_assert(offsetof(struct hvt_hc_net_read, ret) == 24, "net read");
_Static_assert(offsetof(struct hvt_hc_net_write, ret) == 24, "net write");
_Static_assert(offsetof(struct hvt_hc_halt, exit_status) == 8, "halt");
_Static_assert(sizeof(struct hvt_rxring) == 16, "rxring header");
_Static_assert(offsetof(struct hvt_hc_net_rxring, ret) == 24, "net rxring");
_Static_assert(offsetof(struct hvt_hc_net_offload, ret) == 16, "net offload");
_Static_assert(sizeof(struct hvt_ring3_info) == 24, "ring-3 note");
_Static_assert(sizeof(struct hvt_halt_trap) <= HVT_HALT_COOKIE_MAX, "halt cookie");
_Static_assert(sizeof(struct hvt_trap_frame) == 23 * 8, "trap frame");
_Static_assert(offsetof(struct hvt_trap_frame, rip) == 18 * 8, "trap frame");

#endif
