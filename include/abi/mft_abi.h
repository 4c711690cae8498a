/* SPDX-License-Identifier: ISC */
/*
 * The application manifest (binary form, version 1) and the two ELF notes
 * that carry the ABI identity and the manifest. Shared by ukvm, the guest
 * kernel and ukvm-elftool; see docs/ABI.md section 1 and 2.
 */
#ifndef UKVM_ABI_MFT_H
#define UKVM_ABI_MFT_H

#include <stddef.h>
#include <stdint.h>

#define MFT_VERSION     1
#define MFT_MAX_DEVICES 63                   /* user devices */
#define MFT_MAX_ENTRIES (MFT_MAX_DEVICES + 1) /* plus the reserved entry 0 */
#define MFT_NAME_SIZE   68                   /* names are 1..67 characters */
#define MFT_NAME_MAX    (MFT_NAME_SIZE - 1)

enum mft_type {
    MFT_DEV_BLOCK_BASIC = 1,
    MFT_DEV_NET_BASIC = 2,
    MFT_RESERVED_FIRST = 1U << 30
};

struct mft_block_basic {
    uint64_t capacity;
    uint16_t block_size;
};

struct mft_net_basic {
    uint8_t mac[6];
    uint16_t mtu;
    /* ukvm's, in bytes of the union Solo5 leaves zero: MFT_NET_VNET
     * (abi/vnet_abi.h), trusted only where the monitor offers it. */
    uint32_t ukvm_flags;
};

struct mft_entry {
    char name[MFT_NAME_SIZE];
    uint32_t type;
    union {
        struct mft_block_basic block_basic;
        struct mft_net_basic net_basic;
    } u;
    union {
        int32_t hostfd;
        uint64_t data;
    } b;                  /* private to the monitor and the guest kernel */
    uint8_t attached;     /* a C bool in the reference layout */
    uint8_t pad_[7];
};

struct mft {
    uint32_t version;
    uint32_t entries;
    struct mft_entry e[];
};

#define MFT_SIZE(entries) (sizeof(struct mft) + (size_t)(entries) * sizeof(struct mft_entry))

_Static_assert(sizeof(struct mft_entry) == 104, "mft_entry size");
_Static_assert(offsetof(struct mft_entry, type) == 68, "mft_entry type");
_Static_assert(offsetof(struct mft_entry, u) == 72, "mft_entry u");
_Static_assert(offsetof(struct mft_entry, b) == 88, "mft_entry b");
_Static_assert(offsetof(struct mft_entry, attached) == 96, "mft_entry attached");
_Static_assert(offsetof(struct mft, e) == 8, "mft header");
_Static_assert(sizeof(struct mft_block_basic) == 16, "the union's size");

/* ELF notes: name "Solo5" (namesz 6, padded to 8). */
#define NOTE_NAME       "Solo5"
#define NOTE_NAME_SIZE  6
#define NOTE_TYPE_ABI   0x31494241U /* "ABI1" */
#define NOTE_TYPE_MFT   0x3154464dU /* "MFT1" */
#define NOTE_SECTION_ABI ".note.solo5.abi"
#define NOTE_SECTION_MFT ".note.solo5.manifest"

struct abi1_info {
    uint32_t abi_target;
    uint32_t abi_version;
    uint32_t reserved0;
    uint32_t reserved1;
};

enum abi_target {
    ABI_TARGET_HVT = 1,
    ABI_TARGET_SPT = 2,
    ABI_TARGET_VIRTIO = 3,
    ABI_TARGET_MUEN = 4,
    ABI_TARGET_GENODE = 5,
    ABI_TARGET_XEN = 6
};

/* The manifest note: 20-byte header, 4 bytes padding, then struct mft at 24. */
#define MFT_NOTE_DESC_OFFSET 24
#define MFT_NOTE_DESCSZ(entries) (4 + 8 + (uint32_t)(entries) * 104)

#endif
