/* SPDX-License-Identifier: ISC */
/*
 * The ring-3 note (docs/ABI.md, "hvt: ring 3"): this kernel runs without
 * privileged instructions when the monitor enters it in ring 3, and
 * reports exceptions with trap_handler on trap_stack. Monitors that do
 * not know the note (Solo5's) ignore it and start us in ring 0.
 */
#include "kernel.h"
#include "abi/hvt_abi.h"

void trap_handler(struct hvt_trap_frame *f);

/* Packed: the descriptor starts at offset 20, as notes have it. */
struct ring3_note {
    uint32_t namesz, descsz, type;
    char name[8];                   /* "ukvm", padded to 8 */
    struct hvt_ring3_info desc;
} __attribute__((packed));

static const struct ring3_note ring3_note
        __attribute__((section(HVT_NOTE_SECTION_RING3), aligned(4), used)) = {
    .namesz = HVT_NOTE_NAME_SIZE,
    .descsz = sizeof(struct hvt_ring3_info),
    .type = HVT_NOTE_TYPE_RING3,
    .name = HVT_NOTE_NAME,
    .desc = { .trap_handler = (uint64_t)trap_handler,
              .trap_stack = (uint64_t)trap_stack,
              .trap_stack_size = TRAP_STACK_SIZE },
};
