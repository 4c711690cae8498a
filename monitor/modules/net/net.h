/* SPDX-License-Identifier: ISC */
/*
 * The net module's devices, shared by its halves: net.c (options, taps,
 * set-up; both tenders) and net_hvt.c (hvt's NET_* hypercalls).
 */
#ifndef UKVM_NET_H
#define UKVM_NET_H

#include <linux/if.h>

#include "ukvm.h"

#define ETH_HLEN 14
/*
 * The MTUs ukvm reports: from Ethernet's least (what Linux lets a tap
 * be set to) to what the manifest's 16 bits hold.
 */
#define NET_MTU_MIN 68
#define NET_MTU_MAX 65535
/* A ring slot holds a 4-byte length and the frame. */
#define RING_FRAME_MAX (HVT_RXRING_SLOT_SIZE - 4)

struct net_dev {
    char name[MFT_NAME_SIZE];
    const char *iface;       /* tap name, or "@FD" */
    uint8_t mac[6];
    int fd;
    char ifname[IFNAMSIZ];   /* the tap's interface name, from the kernel */
    uint16_t mtu;
    /*
     * Frames carry a virtio-net header (vnet_abi.h): a tap with
     * IFF_VNET_HDR, for a guest that asked with its vnet note.
     */
    bool vnet;
    size_t frame_max;        /* mtu + 14, plus the header: a plain frame */
    size_t tx_max;           /* the largest the guest may send */
    size_t rx_max;           /* and receive: frame_max, or VNET_FRAME_MAX
                              * with receive offloads on */
    /* Its receive ring, or NULL: checked once, as ukvm's page tables
     * (which decide what the monitor may write) never change. */
    struct hvt_rxring *ring;
    uint32_t ring_slots;
    uint32_t ring_head;      /* ours; the guest's copy is only written */
    /* With receive offloads, a frame too big for a slot waits here for
     * NET_READ, and the ring stops filling. */
    uint8_t *spill;
    size_t spill_len;
    unsigned handle;
    /* For --stats; frames include headers, segments count large ones. */
    uint64_t tx_frames, tx_bytes, tx_segments, rx_frames, rx_bytes, rx_segments;
};

extern struct net_dev net_devs[MFT_MAX_DEVICES];
extern unsigned net_ndevs;

/* Whether tap descriptor FD's interface is in another network namespace. */
bool tap_in_other_netns(int fd);

/* The attached device of manifest handle HANDLE, or NULL. */
struct net_dev *net_dev_for(uint64_t handle);

#endif
