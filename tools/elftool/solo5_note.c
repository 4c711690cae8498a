/* SPDX-License-Identifier: ISC */
/* Notes found as solo5-elftool finds them; see solo5_note.h. */
#include <string.h>

#include "abi/mft_abi.h"
#include "solo5_note.h"

/* The note header and the padded name "Solo5": 20 bytes. */
#define NOTE_HEAD_SIZE (sizeof(Elf64_Nhdr) + 8)

int solo5_check_ehdr(const struct elf_file *f, struct errbuf *err)
{
    if (f->ehdr->e_version != EV_CURRENT)
        return err_set(err, "ELF version field is %u, not %u",
                       f->ehdr->e_version, EV_CURRENT);
    if (f->ehdr->e_ehsize != sizeof(Elf64_Ehdr))
        return err_set(err, "ELF header size is %u, not %zu",
                       f->ehdr->e_ehsize, sizeof(Elf64_Ehdr));
    return 0;
}

/* Is the first note of segment I the one sought? 1 yes, 0 no, -1 refused. */
static int first_note_is(const struct elf_file *f, unsigned i,
                         const struct solo5_note_rule *rule, Elf64_Nhdr *nh,
                         struct errbuf *err)
{
    const Elf64_Phdr *ph = &f->phdr[i];
    const uint8_t *head;

    if (ph->p_filesz < sizeof *nh)
        return err_set(err, "note segment %u has %llu bytes, fewer than a "
                       "note header", i, (unsigned long long)ph->p_filesz);
    /* Too short for a Solo5 note: someone else's, not an error. */
    if (ph->p_filesz < NOTE_HEAD_SIZE)
        return 0;
    head = elf_file_bytes(f, ph->p_offset, NOTE_HEAD_SIZE);
    if (!head)
        return err_set(err, "note segment %u lies outside the file", i);
    memcpy(nh, head, sizeof *nh);
    /* The name must be "Solo5" and its NUL; the padding is not looked at. */
    if (nh->n_namesz != NOTE_NAME_SIZE || nh->n_type != rule->type ||
        memcmp(head + sizeof *nh, NOTE_NAME, NOTE_NAME_SIZE) != 0)
        return 0;
    if (nh->n_descsz < 1 || nh->n_descsz > rule->max_descsz)
        return err_set(err, "%s in segment %u has %u bytes, not 1 to %u",
                       rule->what, i, nh->n_descsz, rule->max_descsz);
    if (ph->p_filesz < NOTE_HEAD_SIZE + nh->n_descsz)
        return err_set(err, "%s in segment %u overruns its segment",
                       rule->what, i);
    return 1;
}

int solo5_note_find(const struct elf_file *f, const struct solo5_note_rule *rule,
                    const uint8_t **data, size_t *size, struct errbuf *err)
{
    /* Bytes between the header and the data (4 for the manifest). */
    uint32_t pad = (uint32_t)(((NOTE_HEAD_SIZE + rule->desc_align - 1) &
                               ~(rule->desc_align - 1)) - NOTE_HEAD_SIZE);

    for (unsigned i = 0; i < f->phnum; i++) {
        const Elf64_Phdr *ph = &f->phdr[i];
        const uint8_t *note;
        Elf64_Nhdr nh;
        int r;

        if (ph->p_type != PT_NOTE)
            continue;
        r = first_note_is(f, i, rule, &nh, err);
        if (r < 0)
            return -1;
        if (r == 0)
            continue;
        if (nh.n_descsz <= pad)
            return err_set(err, "%s in segment %u has %u bytes, too few for "
                           "its data", rule->what, i, nh.n_descsz);
        note = elf_file_bytes(f, ph->p_offset, NOTE_HEAD_SIZE + nh.n_descsz);
        if (!note)
            return err_set(err, "%s in segment %u lies outside the file",
                           rule->what, i);
        *data = note + NOTE_HEAD_SIZE + pad;
        *size = nh.n_descsz - pad;
        return 1;
    }
    return 0;
}
