/* SPDX-License-Identifier: ISC */
/*
 * ukvm's network offloads, beyond Solo5's interface (docs/ABI.md,
 * "Network offloads"): on ukvm and ukvm-spt, a network device may carry
 * frames with a virtio-net header, so the application hands the host one
 * TCP segment of up to 64 KiB to cut at the MSS and to checksum, and may
 * receive coalesced segments and checksums the host verified. On Solo5's
 * tenders (and with --no-net-offload) ukvm_net_offloads() says no and
 * solo5_net_read/write work as ever. Those two work on an offloading
 * device too, with plain frames, at the cost of a copy.
 */
#ifndef UKVM_NET_H
#define UKVM_NET_H

#include "solo5.h"

/* The virtio-net header (virtio 1.x, without num_buffers). */
struct ukvm_net_hdr {
    uint8_t flags;          /* UKVM_NET_F_* */
    uint8_t gso_type;       /* UKVM_NET_GSO_* */
    uint16_t hdr_len;       /* Ethernet + IP + TCP header bytes (GSO) */
    uint16_t gso_size;      /* payload bytes per segment: the MSS (GSO) */
    uint16_t csum_start;    /* from the frame's first byte */
    uint16_t csum_offset;   /* from csum_start: where the sum goes */
};

#define UKVM_NET_F_NEEDS_CSUM 1 /* sum from csum_start (the field holds the
                                 * pseudo-header's sum), store it there */
#define UKVM_NET_F_DATA_VALID 2 /* received: the host checked the checksum */
#define UKVM_NET_GSO_NONE  0
#define UKVM_NET_GSO_TCPV4 1
#define UKVM_NET_GSO_TCPV6 4

/* Receive offloads for ukvm_net_rx_offload. */
#define UKVM_NET_RX_CSUM 0x01   /* frames may come with UKVM_NET_F_NEEDS_CSUM */
#define UKVM_NET_RX_TSO4 0x02   /* coalesced IPv4 TCP segments, up to 64 KiB */
#define UKVM_NET_RX_TSO6 0x04

/* The header and the largest frame (an IP packet of 65535 bytes, VLAN-tagged). */
#define UKVM_NET_FRAME_MAX (sizeof(struct ukvm_net_hdr) + 18 + 65535)

/*
 * The name of the manifest's Ith network device (I from 0, in the
 * manifest's order), for solo5_net_acquire; NULL past the last. Read
 * from the manifest the unikernel carries (no hypercall): works on
 * Solo5's tenders too.
 */
const char *ukvm_net_device(unsigned i);

/* Whether device H (acquired) carries frames with the header. */
int ukvm_net_offloads(solo5_handle_t h);

/* Turns on the receive offloads RX (UKVM_NET_RX_*; 0 turns them off). */
solo5_result_t ukvm_net_rx_offload(solo5_handle_t h, unsigned rx);

/* Sends one frame, header first: SIZE at most UKVM_NET_FRAME_MAX. */
solo5_result_t ukvm_net_write(solo5_handle_t h, const uint8_t *buf, size_t size);

/* Receives one frame, header first, into BUF of SIZE >= UKVM_NET_FRAME_MAX. */
solo5_result_t ukvm_net_read(solo5_handle_t h, uint8_t *buf, size_t size,
        size_t *read_size);

#endif
