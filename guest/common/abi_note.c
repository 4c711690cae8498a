/* SPDX-License-Identifier: ISC */
/*
 * The ABI note (docs/ABI.md section 1): tells the monitor which target
 * and ABI version this image was built for. The target's build names its
 * ABI header and the two numbers' macros in it (guest/guest.mk).
 */
#include "kernel.h"
#include "abi/mft_abi.h"

#if !defined(GUEST_ABI_HEADER) || !defined(GUEST_ABI_TARGET) || \
    !defined(GUEST_ABI_VERSION)
#error "build with -DGUEST_ABI_HEADER=... -DGUEST_ABI_TARGET=... -DGUEST_ABI_VERSION=..."
#endif
#include GUEST_ABI_HEADER

struct abi_note {
    uint32_t namesz, descsz, type;
    char name[8];                   /* "Solo5", padded to 8 */
    struct abi1_info desc;
};

static const struct abi_note abi_note
        __attribute__((section(NOTE_SECTION_ABI), aligned(4), used)) = {
    .namesz = NOTE_NAME_SIZE,
    .descsz = sizeof(struct abi1_info),
    .type = NOTE_TYPE_ABI,
    .name = NOTE_NAME,
    .desc = { .abi_target = GUEST_ABI_TARGET,
              .abi_version = GUEST_ABI_VERSION },
};
