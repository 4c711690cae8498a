/* SPDX-License-Identifier: ISC */
/* In-memory unikernel images for the loader's tests (see elf_builder.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/hvt_abi.h"
#include "elf_builder.h"

/* File layout: every part at a fixed offset, each suitably aligned. */
#define OFF_PHDRS   sizeof(Elf64_Ehdr)
#define OFF_ABI     (OFF_PHDRS + EB_MAX_PHDRS * sizeof(Elf64_Phdr))
#define ABI_NOTE_SIZE (sizeof(Elf64_Nhdr) + 8 + sizeof(struct abi1_info))
#define OFF_MFT     (OFF_ABI + ((ABI_NOTE_SIZE + 7) & ~7UL))
#define OFF_TEXT    (OFF_MFT + MFT_NOTE_DESC_OFFSET + MFT_SIZE(EB_MAX_ENTRIES))
#define OFF_RODATA  (OFF_TEXT + EB_CONTENT_SIZE)
#define OFF_DATA    (OFF_RODATA + EB_CONTENT_SIZE)
/* The ring-3 note's descriptor (at +20) lands 8-byte aligned. */
#define OFF_RING3   (OFF_DATA + EB_CONTENT_SIZE + 4)
#define RING3_NOTE_SIZE (sizeof(Elf64_Nhdr) + 8 + sizeof(struct hvt_ring3_info))
#define EB_BUF_SIZE (OFF_RING3 + RING3_NOTE_SIZE)

_Static_assert(OFF_MFT % 8 == 0 && OFF_TEXT % 8 == 0 && (OFF_RING3 + 20) % 8 == 0,
               "builder layout");

static void put_phdr(Elf64_Phdr *ph, uint32_t type, uint32_t flags,
                     uint64_t off, uint64_t vaddr, uint64_t filesz,
                     uint64_t memsz)
{
    *ph = (Elf64_Phdr){
        .p_type = type, .p_flags = flags, .p_offset = off,
        .p_vaddr = vaddr, .p_paddr = vaddr, .p_filesz = filesz,
        .p_memsz = memsz, .p_align = type == PT_LOAD ? 0x1000 : 4,
    };
}

static Elf64_Nhdr *put_note_header(uint8_t *at, uint32_t descsz, uint32_t type)
{
    Elf64_Nhdr *nh = (Elf64_Nhdr *)at;

    nh->n_namesz = NOTE_NAME_SIZE;
    nh->n_descsz = descsz;
    nh->n_type = type;
    memcpy(at + sizeof *nh, NOTE_NAME, NOTE_NAME_SIZE);
    return nh;
}

static void fill_manifest(struct mft *m, unsigned ndev)
{
    m->version = MFT_VERSION;
    m->entries = ndev + 1;
    m->e[0].type = MFT_RESERVED_FIRST;
    for (unsigned i = 1; i <= ndev; i++) {
        snprintf(m->e[i].name, sizeof m->e[i].name, "dev%u", i);
        m->e[i].type = i % 2 ? MFT_DEV_NET_BASIC : MFT_DEV_BLOCK_BASIC;
    }
}

void eb_build(struct eb_image *img, unsigned ndev)
{
    uint8_t *b = calloc(1, EB_BUF_SIZE);

    if (!b || ndev + 1 > EB_MAX_ENTRIES) {
        fprintf(stderr, "eb_build: out of memory or too many devices\n");
        exit(2);
    }
    *img = (struct eb_image){ .bytes = b, .size = EB_BUF_SIZE };
    img->eh = (Elf64_Ehdr *)b;
    img->ph = (Elf64_Phdr *)(b + OFF_PHDRS);
    img->text = b + OFF_TEXT;
    img->rodata = b + OFF_RODATA;
    img->data = b + OFF_DATA;

    memcpy(img->eh->e_ident, ELFMAG, SELFMAG);
    img->eh->e_ident[EI_CLASS] = ELFCLASS64;
    img->eh->e_ident[EI_DATA] = ELFDATA2LSB;
    img->eh->e_ident[EI_VERSION] = EV_CURRENT;
    img->eh->e_type = ET_EXEC;
    img->eh->e_machine = EM_X86_64;
    img->eh->e_version = EV_CURRENT;
    img->eh->e_entry = HVT_IMAGE_MIN_BASE;
    img->eh->e_phoff = OFF_PHDRS;
    img->eh->e_ehsize = sizeof(Elf64_Ehdr);
    img->eh->e_phentsize = sizeof(Elf64_Phdr);
    img->eh->e_phnum = EB_NPH;

    for (unsigned i = 0; i < EB_CONTENT_SIZE; i++) {
        img->text[i] = 0xf4;                  /* hlt */
        img->rodata[i] = (uint8_t)(0x40 + i);
        img->data[i] = (uint8_t)(0x80 + i);
    }
    put_phdr(&img->ph[EB_PH_TEXT], PT_LOAD, PF_R | PF_X, OFF_TEXT,
             0x100000, EB_CONTENT_SIZE, 0x1000);
    put_phdr(&img->ph[EB_PH_RODATA], PT_LOAD, PF_R, OFF_RODATA,
             0x101000, EB_CONTENT_SIZE, 0x1000);
    put_phdr(&img->ph[EB_PH_DATA], PT_LOAD, PF_R | PF_W, OFF_DATA,
             0x103000, EB_CONTENT_SIZE, 0x2000);

    img->abi_nh = put_note_header(b + OFF_ABI, sizeof(struct abi1_info),
                                  NOTE_TYPE_ABI);
    img->abi = (struct abi1_info *)(b + OFF_ABI + sizeof(Elf64_Nhdr) + 8);
    img->abi->abi_target = HVT_ABI_TARGET;
    img->abi->abi_version = HVT_ABI_VERSION;
    put_phdr(&img->ph[EB_PH_ABI], PT_NOTE, PF_R, OFF_ABI, 0, ABI_NOTE_SIZE, 0);

    img->mft_nh = put_note_header(b + OFF_MFT, MFT_NOTE_DESCSZ(ndev + 1),
                                  NOTE_TYPE_MFT);
    img->mft = (struct mft *)(b + OFF_MFT + MFT_NOTE_DESC_OFFSET);
    fill_manifest(img->mft, ndev);
    put_phdr(&img->ph[EB_PH_MFT], PT_NOTE, PF_R, OFF_MFT, 0, 0, 0);
    eb_set_mft_descsz(img, MFT_NOTE_DESCSZ(ndev + 1));
}

void eb_set_mft_descsz(struct eb_image *img, uint32_t descsz)
{
    img->mft_nh->n_descsz = descsz;
    img->ph[EB_PH_MFT].p_filesz = sizeof(Elf64_Nhdr) + 8 + ((descsz + 3) & ~3U);
}

Elf64_Phdr *eb_add_load(struct eb_image *img, uint64_t vaddr, uint64_t memsz,
                        uint32_t flags)
{
    Elf64_Phdr *ph = &img->ph[img->eh->e_phnum];

    if (img->eh->e_phnum == EB_MAX_PHDRS) {
        fprintf(stderr, "eb_add_load: no room for another program header\n");
        exit(2);
    }
    put_phdr(ph, PT_LOAD, flags, 0, vaddr, 0, memsz);
    img->eh->e_phnum++;
    return ph;
}

struct hvt_ring3_info *eb_add_ring3_note(struct eb_image *img)
{
    Elf64_Nhdr *nh = (Elf64_Nhdr *)(img->bytes + OFF_RING3);
    struct hvt_ring3_info *r =
        (struct hvt_ring3_info *)(img->bytes + OFF_RING3 + sizeof *nh + 8);
    Elf64_Phdr *ph = &img->ph[img->eh->e_phnum++];

    *nh = (Elf64_Nhdr){ .n_namesz = HVT_NOTE_NAME_SIZE,
                        .n_descsz = sizeof *r, .n_type = HVT_NOTE_TYPE_RING3 };
    memcpy(img->bytes + OFF_RING3 + sizeof *nh, HVT_NOTE_NAME, HVT_NOTE_NAME_SIZE);
    *r = (struct hvt_ring3_info){ .trap_handler = 0x100010,
                                  .trap_stack = 0x104000, .trap_stack_size = 0x1000 };
    put_phdr(ph, PT_NOTE, PF_R, OFF_RING3, 0, RING3_NOTE_SIZE, 0);
    return r;
}

int eb_parse(struct eb_image *img, struct elf_file *f, struct errbuf *err)
{
    free(img->parsed);
    img->parsed = malloc(img->size ? img->size : 1);
    if (!img->parsed) {
        fprintf(stderr, "eb_parse: out of memory\n");
        exit(2);
    }
    memcpy(img->parsed, img->bytes, img->size);
    memset(f, 0, sizeof *f);
    return elf_file_parse(f, img->parsed, img->size, err);
}

void eb_free(struct eb_image *img)
{
    free(img->bytes);
    free(img->parsed);
    *img = (struct eb_image){ 0 };
}
