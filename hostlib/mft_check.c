/* SPDX-License-Identifier: ISC */
/* Every rule of docs/ABI.md section 2 for a manifest in a unikernel file. */
#include <string.h>

#include "mft_check.h"

const char *mft_type_name(uint32_t type)
{
    switch (type) {
    case MFT_DEV_BLOCK_BASIC: return "BLOCK_BASIC";
    case MFT_DEV_NET_BASIC:   return "NET_BASIC";
    case MFT_RESERVED_FIRST:  return "RESERVED_FIRST";
    default:                  return NULL;
    }
}

const char *abi_target_name(uint32_t target)
{
    static const char *const names[] = {
        [ABI_TARGET_HVT] = "hvt",       [ABI_TARGET_SPT] = "spt",
        [ABI_TARGET_VIRTIO] = "virtio", [ABI_TARGET_MUEN] = "muen",
        [ABI_TARGET_GENODE] = "genode", [ABI_TARGET_XEN] = "xen",
    };

    if (target < sizeof names / sizeof names[0] && names[target])
        return names[target];
    return "unknown";
}

int mft_check_name(const char *name, size_t len, struct errbuf *err)
{
    if (len == 0)
        return err_set(err, "empty device name");
    if (len > MFT_NAME_MAX)
        return err_set(err, "device name '%.*s...' is longer than %d characters",
                       16, name, MFT_NAME_MAX);
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9')))
            return err_set(err, "device name '%.*s' has a character other than "
                           "A-Z, a-z, 0-9", (int)len, name);
    }
    return 0;
}

static int check_entry(const struct mft *m, uint32_t i, struct errbuf *err)
{
    const struct mft_entry *e = &m->e[i];
    size_t len = strnlen(e->name, MFT_NAME_SIZE);

    if (len == MFT_NAME_SIZE)
        return err_set(err, "manifest entry %u: name is not NUL-terminated", i);
    if (e->attached)
        return err_set(err, "manifest entry %u: marked attached in the file", i);
    if (i == 0) {
        if (e->type != MFT_RESERVED_FIRST || len != 0)
            return err_set(err, "manifest entry 0 is not the reserved entry");
        return 0;
    }
    struct errbuf why;
    if (mft_check_name(e->name, len, &why) < 0)
        return err_set(err, "manifest entry %u: %s", i, why.msg);
    if (e->type != MFT_DEV_BLOCK_BASIC && e->type != MFT_DEV_NET_BASIC)
        return err_set(err, "manifest entry %u (%s): unknown device type %#x",
                       i, e->name, e->type);
    for (uint32_t j = 1; j < i; j++)
        if (strcmp(m->e[j].name, e->name) == 0)
            return err_set(err, "manifest: device name '%s' appears twice",
                           e->name);
    return 0;
}

struct mft *mft_from_note(const uint8_t *desc, uint32_t descsz,
                          struct mft_buf *buf, struct errbuf *err)
{
    struct mft *m = (struct mft *)buf->bytes;
    uint32_t entries;

    if (descsz < MFT_NOTE_DESCSZ(1) || (descsz - MFT_NOTE_DESCSZ(0)) % 104 != 0) {
        err_set(err, "manifest note has a malformed size (%u bytes)", descsz);
        return NULL;
    }
    entries = (descsz - MFT_NOTE_DESCSZ(0)) / 104;
    if (entries > MFT_MAX_ENTRIES) {
        err_set(err, "manifest has %u devices, more than %d",
                entries - 1, MFT_MAX_DEVICES);
        return NULL;
    }
    memcpy(m, desc + 4, MFT_SIZE(entries));
    if (m->version != MFT_VERSION) {
        err_set(err, "manifest version is %u, not %d", m->version, MFT_VERSION);
        return NULL;
    }
    if (m->entries != entries) {
        err_set(err, "manifest says %u entries but its note holds %u",
                m->entries, entries);
        return NULL;
    }
    for (uint32_t i = 0; i < entries; i++)
        if (check_entry(m, i, err) < 0)
            return NULL;
    return m;
}

int mft_find(const struct mft *m, const char *name)
{
    for (uint32_t i = 1; i < m->entries; i++)
        if (strcmp(m->e[i].name, name) == 0)
            return (int)i;
    return -1;
}
