/* SPDX-License-Identifier: ISC */
/*
 * query-abi and query-manifest output, as solo5-elftool 0.12.1 prints it.
 * Its rules are looser than the monitor's (mft_from_note): a manifest with
 * odd names or unknown device types is printed, not refused, because
 * solo5-elftool prints it; ukvm still refuses to run such a unikernel.
 */
#include <string.h>

#include "abi/mft_abi.h"
#include "mft_check.h"
#include "solo5_note.h"
#include "solo5_print.h"

static const struct solo5_note_rule abi_rule = {
    .type = NOTE_TYPE_ABI, .what = "ABI note", .desc_align = 4,
    .max_descsz = 32,
};
static const struct solo5_note_rule mft_rule = {
    .type = NOTE_TYPE_MFT, .what = "manifest note", .desc_align = 8,
    .max_descsz = MFT_NOTE_DESCSZ(MFT_MAX_ENTRIES),
};

/* Finds the note of RULE; a missing note is an error here. */
static int find(const struct elf_file *f, const struct solo5_note_rule *rule,
                const char *section, const uint8_t **data, size_t *size,
                struct errbuf *err)
{
    int r;

    if (solo5_check_ehdr(f, err) < 0)
        return -1;
    r = solo5_note_find(f, rule, data, size, err);
    if (r == 0)
        return err_set(err, "no %s (%s)", rule->what, section);
    return r < 0 ? -1 : 0;
}

int solo5_print_abi(const struct elf_file *f, FILE *out, struct errbuf *err)
{
    struct abi1_info abi = { 0 };
    const uint8_t *data;
    size_t size;

    if (find(f, &abi_rule, NOTE_SECTION_ABI, &data, &size, err) < 0)
        return -1;
    /* Solo5 takes 1 to 32 bytes; what a short note lacks reads as zero. */
    memcpy(&abi, data, size < sizeof abi ? size : sizeof abi);
    fprintf(out, "{\n  \"type\": \"solo5.abi\",\n  \"target\": \"%s\",\n"
            "  \"version\": %u\n}\n", abi_target_name(abi.abi_target),
            abi.abi_version);
    return 0;
}

/* Solo5's manifest rules: sizes, entry 0, terminated names, nothing attached. */
static int check_mft(const struct mft *m, size_t size, struct errbuf *err)
{
    if (size < sizeof *m)
        return err_set(err, "manifest note has a malformed size (%zu bytes)",
                       size + 4);
    if (m->version != MFT_VERSION)
        return err_set(err, "manifest version is %u, not %d", m->version,
                       MFT_VERSION);
    if (m->entries > MFT_MAX_ENTRIES)
        return err_set(err, "manifest has %u entries, more than %d",
                       m->entries, MFT_MAX_ENTRIES);
    if (size != MFT_SIZE(m->entries))
        return err_set(err, "manifest says %u entries but its note holds "
                       "%zu bytes", m->entries, size + 4);
    if (m->entries < 1 || m->e[0].type != MFT_RESERVED_FIRST ||
        m->e[0].name[0] != '\0')
        return err_set(err, "manifest entry 0 is not the reserved entry");
    for (uint32_t i = 0; i < m->entries; i++) {
        if (m->e[i].name[MFT_NAME_MAX] != '\0')
            return err_set(err, "manifest entry %u: name is not "
                           "NUL-terminated", i);
        if (m->e[i].attached)
            return err_set(err, "manifest entry %u: marked attached in the "
                           "file", i);
    }
    return 0;
}

int solo5_print_manifest(const struct elf_file *f, FILE *out, struct errbuf *err)
{
    struct mft_buf buf;
    const struct mft *m = (const struct mft *)buf.bytes;
    const uint8_t *data;
    size_t size;

    _Static_assert(sizeof buf.bytes == MFT_NOTE_DESCSZ(MFT_MAX_ENTRIES) - 4,
                   "the largest manifest Solo5 reads fits the buffer");
    if (find(f, &mft_rule, NOTE_SECTION_MFT, &data, &size, err) < 0)
        return -1;
    memset(&buf, 0, sizeof buf);
    memcpy(buf.bytes, data, size);
    if (check_mft(m, size, err) < 0)
        return -1;

    fprintf(out, "{\n  \"type\": \"solo5.manifest\",\n  \"version\": %u,\n"
            "  \"devices\": [\n", m->version);
    /*
     * As Solo5 does: names as stored, unescaped; entries of a reserved type
     * (entry 0 among them) left out, the comma placed as if they were not.
     */
    for (uint32_t i = 0; i < m->entries; i++) {
        const char *type = mft_type_name(m->e[i].type);

        if (m->e[i].type >= MFT_RESERVED_FIRST)
            continue;
        fprintf(out, "    { \"name\": \"%s\", \"type\": \"%s\" }%s\n",
                m->e[i].name, type ? type : "<undefined type>",
                i + 1 < m->entries ? "," : "");
    }
    fprintf(out, "  ]\n}\n");
    return 0;
}
