/* SPDX-License-Identifier: ISC */
/*
 * Device lookup in the manifest. The monitor validated the manifest
 * before it started us; we still never read past its entry count, and
 * an empty manifest stands in for a missing one so lookups need no test.
 */
#include "mft.h"

static const struct mft no_devices = { .version = MFT_VERSION, .entries = 0 };
const struct mft *mft_boot = &no_devices;

void mft_init(const struct mft *mft)
{
    if (mft && mft->version == MFT_VERSION && mft->entries <= MFT_MAX_ENTRIES)
        mft_boot = mft;
}

/* Names are at most MFT_NAME_MAX characters; a longer NAME never matches. */
static int name_equal(const char *entry, const char *name)
{
    size_t i;

    for (i = 0; i < MFT_NAME_SIZE; i++) {
        if (entry[i] != name[i])
            return 0;
        if (name[i] == '\0')
            return 1;
    }
    return 0;
}

const struct mft_entry *mft_find(const char *name, uint32_t type,
        solo5_handle_t *handle)
{
    /* Entry 0 is the reserved one; its empty name matches nothing. */
    for (uint32_t i = 1; i < mft_boot->entries; i++) {
        const struct mft_entry *e = &mft_boot->e[i];

        if (!name_equal(e->name, name))
            continue;
        if (e->type != type || !e->attached)
            return NULL;
        *handle = i;
        return e;
    }
    return NULL;
}
