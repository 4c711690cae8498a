/* SPDX-License-Identifier: ISC */
/*
 * The vnet note (abi/vnet_abi.h): this kernel takes network frames with a
 * virtio-net header (common/net.c), so ukvm and ukvm-spt may open its taps
 * with one. Monitors that do not know the note (Solo5's) ignore it.
 */
#include "kernel.h"
#include "abi/vnet_abi.h"

/* Packed: the descriptor starts at offset 20, as notes have it. */
struct vnet_note {
    uint32_t namesz, descsz, type;
    char name[8];                   /* "ukvm", padded to 8 */
    struct vnet_note_info desc;
} __attribute__((packed));

static const struct vnet_note vnet_note
        __attribute__((section(VNET_NOTE_SECTION), aligned(4), used)) = {
    .namesz = VNET_NOTE_NAME_SIZE,
    .descsz = sizeof(struct vnet_note_info),
    .type = VNET_NOTE_TYPE,
    .name = VNET_NOTE_NAME,
    .desc = { .version = 1 },
};
