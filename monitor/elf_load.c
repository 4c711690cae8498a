/* SPDX-License-Identifier: ISC */
/*
 * The unikernel loader: every check first, then the copy. Segments go to
 * p_vaddr; the guest is identity mapped, and hvt images have p_paddr
 * equal to it.
 */
#include <string.h>

#include "elf_load.h"

static int check_abi_note(const struct elf_file *f, uint32_t target,
                          uint32_t version, struct errbuf *err)
{
    const uint8_t *desc;
    uint32_t descsz;
    struct abi1_info abi;
    int r = elf_file_find_note(f, NOTE_NAME, NOTE_TYPE_ABI, &desc, &descsz, err);

    if (r < 0)
        return -1;
    if (r == 0)
        return err_set(err, "no Solo5 ABI note: not a unikernel");
    if (descsz != sizeof abi)
        return err_set(err, "ABI note is %u bytes, not %zu", descsz, sizeof abi);
    memcpy(&abi, desc, sizeof abi);
    if (abi.abi_target != target)
        return err_set(err, "unikernel is built for target %s (%u), not %s (%u)",
                       abi_target_name(abi.abi_target), abi.abi_target,
                       abi_target_name(target), target);
    if (abi.abi_version != version)
        return err_set(err, "unikernel has %s ABI version %u, this ukvm runs %u",
                       abi_target_name(target), abi.abi_version, version);
    return 0;
}

static int check_manifest(const struct elf_file *f, struct elf_image *img,
                          struct mft_buf *buf, struct errbuf *err)
{
    const uint8_t *desc;
    uint32_t descsz;
    int r = elf_file_find_note(f, NOTE_NAME, NOTE_TYPE_MFT, &desc, &descsz, err);

    if (r < 0)
        return -1;
    if (r == 0)
        return err_set(err, "no Solo5 manifest note");
    img->mft = mft_from_note(desc, descsz, buf, err);
    return img->mft ? 0 : -1;
}

static int check_segment(const struct elf_file *f, unsigned i,
                         uint64_t mem_size, struct errbuf *err)
{
    const Elf64_Phdr *ph = &f->phdr[i];

    if (ph->p_filesz > ph->p_memsz)
        return err_set(err, "segment %u: file size %#llx exceeds memory size %#llx",
                       i, (unsigned long long)ph->p_filesz,
                       (unsigned long long)ph->p_memsz);
    if (!elf_file_bytes(f, ph->p_offset, ph->p_filesz))
        return err_set(err, "segment %u: contents lie outside the file", i);
    if (ph->p_vaddr < HVT_IMAGE_MIN_BASE)
        return err_set(err, "segment %u: address %#llx is below %#llx", i,
                       (unsigned long long)ph->p_vaddr, HVT_IMAGE_MIN_BASE);
    if (ph->p_memsz > mem_size || ph->p_vaddr > mem_size - ph->p_memsz)
        return err_set(err, "segment %u: %#llx-%#llx lies outside guest memory "
                       "(%llu MiB)", i, (unsigned long long)ph->p_vaddr,
                       (unsigned long long)(ph->p_vaddr + ph->p_memsz),
                       (unsigned long long)(mem_size >> 20));
    if ((ph->p_flags & PF_W) && (ph->p_flags & PF_X))
        return err_set(err, "segment %u: both writable and executable", i);
    return 0;
}

/* Collects the PT_LOAD segments sorted by address, refusing overlaps. */
static int collect_segments(const struct elf_file *f, uint64_t mem_size,
                            struct elf_image *img, struct errbuf *err)
{
    img->nseg = 0;
    for (unsigned i = 0; i < f->phnum; i++) {
        const Elf64_Phdr *ph = &f->phdr[i];
        struct guest_segment s;
        unsigned j;

        /*
         * An empty PT_LOAD maps nothing, wherever it claims to be: Solo5's
         * linker script leaves one at address 0 (for TLS).
         */
        if (ph->p_type != PT_LOAD || (ph->p_memsz == 0 && ph->p_filesz == 0))
            continue;
        if (check_segment(f, i, mem_size, err) < 0)
            return -1;
        if (img->nseg == UKVM_MAX_SEGMENTS)
            return err_set(err, "more than %d loadable segments", UKVM_MAX_SEGMENTS);
        s.start = ph->p_vaddr;
        s.end = ph->p_vaddr + ph->p_memsz;
        s.flags = ph->p_flags;
        for (j = img->nseg; j > 0 && img->seg[j - 1].start > s.start; j--)
            img->seg[j] = img->seg[j - 1];
        img->seg[j] = s;
        img->nseg++;
        if ((j > 0 && img->seg[j - 1].end > s.start) ||
            (j + 1 < img->nseg && s.end > img->seg[j + 1].start))
            return err_set(err, "segment %u: %#llx-%#llx overlaps another segment",
                           i, (unsigned long long)s.start,
                           (unsigned long long)s.end);
    }
    if (img->nseg == 0)
        return err_set(err, "no loadable segment");
    img->kernel_end = img->seg[img->nseg - 1].end;
    return 0;
}

/* The segment wholly holding [start, start + len), or NULL. */
static const struct guest_segment *segment_of(const struct elf_image *img,
                                              uint64_t start, uint64_t len)
{
    for (unsigned i = 0; i < img->nseg; i++)
        if (start >= img->seg[i].start && start < img->seg[i].end &&
            len <= img->seg[i].end - start)
            return &img->seg[i];
    return NULL;
}

static int check_entry(const struct elf_file *f, struct elf_image *img,
                       struct errbuf *err)
{
    const struct guest_segment *s;

    img->entry = f->ehdr->e_entry;
    s = segment_of(img, img->entry, 1);
    if (s && (s->flags & PF_X))
        return 0;
    return err_set(err, "entry point %#llx is not in an executable segment",
                   (unsigned long long)img->entry);
}

int elf_check(const struct elf_file *f, uint64_t mem_size, uint32_t target,
              uint32_t version, struct elf_image *img, struct mft_buf *mft_buf,
              struct errbuf *err)
{
    memset(img, 0, sizeof *img);
    if (check_abi_note(f, target, version, err) < 0 ||
        check_manifest(f, img, mft_buf, err) < 0 ||
        collect_segments(f, mem_size, img, err) < 0 ||
        check_entry(f, img, err) < 0)
        return -1;
    return 0;
}

/* ukvm's ring-3 note, if present: its handler and stack must make sense. */
static int check_ring3_note(const struct elf_file *f, struct elf_image *img,
                            struct errbuf *err)
{
    const struct guest_segment *s;
    struct hvt_ring3_info *r = &img->ring3;
    const uint8_t *desc;
    uint32_t descsz;
    struct errbuf why;

    /* A note not found cleanly (absent, duplicated, in a malformed
     * segment) is no note: the guest runs in ring 0, as Solo5's do. */
    if (elf_file_find_note(f, HVT_NOTE_NAME, HVT_NOTE_TYPE_RING3, &desc, &descsz,
                           &why) <= 0)
        return 0;
    if (descsz != sizeof *r)
        return err_set(err, "ring-3 note is %u bytes, not %zu", descsz, sizeof *r);
    memcpy(r, desc, sizeof *r);
    s = segment_of(img, r->trap_handler, 1);
    if (!s || !(s->flags & PF_X))
        return err_set(err, "ring-3 note: trap handler %#llx is not in an "
                       "executable segment", (unsigned long long)r->trap_handler);
    s = segment_of(img, r->trap_stack, r->trap_stack_size);
    if (!s || !(s->flags & PF_W) ||
        r->trap_stack_size < sizeof(struct hvt_trap_frame) + 64)
        return err_set(err, "ring-3 note: trap stack %#llx+%#llx is not in a "
                       "writable segment or too small",
                       (unsigned long long)r->trap_stack,
                       (unsigned long long)r->trap_stack_size);
    img->has_ring3 = true;
    return 0;
}

int elf_load(const struct elf_file *f, uint8_t *mem, uint64_t mem_size,
             struct elf_image *img, struct mft_buf *mft_buf, struct errbuf *err)
{
    if (elf_check(f, mem_size, HVT_ABI_TARGET, HVT_ABI_VERSION, img, mft_buf,
                  err) < 0 || check_ring3_note(f, img, err) < 0)
        return -1;
    elf_copy_segments(f, (uintptr_t)mem);
    return 0;
}

void elf_copy_segments(const struct elf_file *f, uintptr_t base)
{
    for (unsigned i = 0; i < f->phnum; i++) {
        const Elf64_Phdr *ph = &f->phdr[i];
        if (ph->p_type == PT_LOAD && ph->p_filesz > 0)
            memcpy((void *)(base + ph->p_vaddr),
                   elf_file_bytes(f, ph->p_offset, ph->p_filesz), ph->p_filesz);
    }
}
