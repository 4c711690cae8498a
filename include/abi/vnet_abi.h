/* SPDX-License-Identifier: ISC */
/*
 * ukvm's offloaded network frames, on hvt and spt alike (docs/ABI.md,
 * "Network offloads"). Absent from Solo5: a unikernel or a monitor that
 * does not know it sees plain Ethernet frames, as before.
 *
 * The guest kernel says it takes frames with a header (the vnet note
 * below); the monitor then opens the device's tap with one, marks the
 * device in the manifest (MFT_NET_VNET) and sets UKVM_FEATURE_NET_VNET in
 * its offer. On a marked device every frame between guest and host,
 * either way, begins with struct vnet_hdr: the virtio-net header (virtio
 * 1.x, without num_buffers), which is what a Linux tap with IFF_VNET_HDR
 * reads and writes, so frames pass through the monitor untouched.
 *
 * Sending, a guest may hand the host one TCP segment of up to 64 KiB
 * with "segment at gso_size, fill in the checksum" (the host splits it
 * into frames within the MTU); receiving, frames are plain and summed
 * until the guest asks for receive offloads (VNET_RX_*: hvt hypercall
 * NET_OFFLOAD, spt ioctl TUNSETOFFLOAD on its descriptor), after which
 * the host may hand it coalesced segments of up to 64 KiB and frames
 * whose checksums it verified or left to be filled.
 */
#ifndef UKVM_ABI_VNET_H
#define UKVM_ABI_VNET_H

#include <stdint.h>

/* The guest kernel's note: name "ukvm", in its own PT_NOTE segment. */
#define VNET_NOTE_NAME      "ukvm"
#define VNET_NOTE_NAME_SIZE 5
#define VNET_NOTE_TYPE      0x54454e56U     /* "VNET" */
#define VNET_NOTE_SECTION ".note.ukvm.vnet"

struct vnet_note_info {
    uint32_t version;       /* 1 */
    uint32_t reserved;      /* 0 */
};

/* The offer's bit, the same on both targets (hvt host_features, spt's
 * offer); below the bits each target took from 31 down. */
#define UKVM_FEATURE_NET_VNET (1U << 27)

/* mft_entry.u.net_basic.ukvm_flags: this device's frames carry the header. */
#define MFT_NET_VNET 1U

struct vnet_hdr {
    uint8_t flags;          /* VNET_F_* */
    uint8_t gso_type;       /* VNET_GSO_* */
    uint16_t hdr_len;       /* Ethernet + IP + TCP header bytes, for GSO */
    uint16_t gso_size;      /* payload bytes per segment (the MSS) */
    uint16_t csum_start;    /* from the frame's start */
    uint16_t csum_offset;   /* from csum_start: where the sum goes */
};

#define VNET_F_NEEDS_CSUM 1     /* sum from csum_start, store at +csum_offset */
#define VNET_F_DATA_VALID 2     /* received: the host checked the checksum */

#define VNET_GSO_NONE  0
#define VNET_GSO_TCPV4 1
#define VNET_GSO_TCPV6 4
#define VNET_GSO_ECN   0x80

/* Receive offloads (Linux's TUN_F_* numbers). */
#define VNET_RX_CSUM 0x01       /* frames may come with VNET_F_NEEDS_CSUM */
#define VNET_RX_TSO4 0x02       /* coalesced IPv4 TCP segments */
#define VNET_RX_TSO6 0x04
#define VNET_RX_ALL  (VNET_RX_CSUM | VNET_RX_TSO4 | VNET_RX_TSO6)

/*
 * The largest frame with its header: an IP packet of 65535 bytes in an
 * Ethernet frame with a VLAN tag. Buffers for reading take this much.
 */
#define VNET_FRAME_MAX (sizeof(struct vnet_hdr) + 18 + 65535)

_Static_assert(sizeof(struct vnet_hdr) == 10, "virtio-net header");
_Static_assert(sizeof(struct vnet_note_info) == 8, "vnet note");

#endif
