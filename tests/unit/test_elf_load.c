/* SPDX-License-Identifier: ISC */
/*
 * The unikernel loader (elf_file_parse + elf_load) against docs/ABI.md
 * section 1 and 2: every broken image is refused with a message that
 * names the fault, guest memory stays untouched, and a good image lands
 * byte for byte.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "elf_builder.h"
#include "elf_load.h"

#define MEM_SIZE (8ULL << 20)

static uint8_t *mem;
static struct mft_buf mft_buf;

static int is_zero(uint64_t gpa, uint64_t len)
{
    for (uint64_t a = gpa; a < gpa + len; a++)
        if (mem[a] != 0)
            return 0;
    return 1;
}

static int mem_is_zero(void)
{
    return is_zero(0, MEM_SIZE);
}

/* Runs the reader and the loader on IMG, as ukvm does. */
static int load(struct eb_image *img, struct elf_image *out, struct errbuf *err)
{
    struct elf_file f;

    memset(mem, 0, MEM_SIZE);
    err->msg[0] = '\0';
    if (eb_parse(img, &f, err) < 0)
        return -1;
    return elf_load(&f, mem, MEM_SIZE, out, &mft_buf, err);
}

/* NAME must hold: IMG is refused, the message contains WANT, memory untouched. */
static void refused(struct eb_image *img, const char *want, const char *name)
{
    struct elf_image out;
    struct errbuf err;
    int r = load(img, &out, &err);
    int ok = r < 0 && strstr(err.msg, want) && !strchr(err.msg, '\n') &&
             mem_is_zero();

    if (!CHECK(ok, "%s", name))
        check_note("%s: '%s' (wanted '%s')", r < 0 ? "refused" : "loaded",
                   err.msg, want);
    eb_free(img);
}

/* NAME must hold: IMG loads. Leaves IMG for the caller to inspect. */
static int loads(struct eb_image *img, struct elf_image *out, const char *name)
{
    struct errbuf err;
    int r = load(img, out, &err);

    if (!CHECK(r == 0, "%s", name))
        check_note("refused: '%s'", err.msg);
    return r == 0;
}

static void test_elf_header(void)
{
    struct eb_image img;

    eb_build(&img, 0);
    img.size = sizeof(Elf64_Ehdr) - 1;
    refused(&img, "too short for an ELF header", "elf: a file shorter than the ELF header is refused");

    eb_build(&img, 0);
    img.eh->e_ident[EI_MAG1] = 'e';
    refused(&img, "bad magic", "elf: bad magic is refused");

    eb_build(&img, 0);
    img.eh->e_ident[EI_CLASS] = ELFCLASS32;
    refused(&img, "not a 64-bit", "elf: a 32-bit file is refused");

    eb_build(&img, 0);
    img.eh->e_ident[EI_DATA] = ELFDATA2MSB;
    refused(&img, "not a little-endian", "elf: a big-endian file is refused");

    eb_build(&img, 0);
    img.eh->e_ident[EI_VERSION] = 2;
    refused(&img, "unknown ELF version 2", "elf: an unknown ELF version is refused");

    eb_build(&img, 0);
    img.eh->e_machine = EM_AARCH64;
    refused(&img, "machine is 183, not x86_64", "elf: an aarch64 file is refused");

    eb_build(&img, 0);
    img.eh->e_type = ET_DYN;
    refused(&img, "not a static executable", "elf: ET_DYN (PIE or shared object) is refused");

    eb_build(&img, 0);
    img.eh->e_type = ET_REL;
    refused(&img, "not a static executable", "elf: ET_REL (object file) is refused");

    eb_build(&img, 0);
    img.eh->e_phentsize = 32;
    refused(&img, "program header size is 32", "elf: a wrong program header size is refused");

    eb_build(&img, 0);
    img.eh->e_phnum = 0;
    refused(&img, "bad program header count 0", "elf: no program headers is refused");

    eb_build(&img, 0);
    img.eh->e_phnum = PN_XNUM;
    refused(&img, "bad program header count", "elf: PN_XNUM program headers is refused");

    eb_build(&img, 0);
    img.eh->e_phoff += 4;
    refused(&img, "misaligned", "elf: a misaligned program header table is refused");

    eb_build(&img, 0);
    img.eh->e_phoff = img.size;
    refused(&img, "program header table lies outside the file",
            "elf: a program header table past the end of the file is refused");

    eb_build(&img, 0);
    img.size = img.eh->e_phoff + EB_NPH * sizeof(Elf64_Phdr) - 1;
    refused(&img, "program header table lies outside the file",
            "elf: a program header table cut short by the file's end is refused");

    eb_build(&img, 0);
    img.eh->e_phoff = 0xfffffffffffffff8ULL;
    refused(&img, "program header table lies outside the file",
            "elf: a program header offset that wraps around is refused");
}

static void test_abi_note(void)
{
    struct eb_image img;

    eb_build(&img, 0);
    img.ph[EB_PH_ABI].p_type = PT_NULL;
    refused(&img, "no Solo5 ABI note", "abi: a file without the ABI note is refused");

    eb_build(&img, 0);
    img.abi_nh->n_type = NOTE_TYPE_ABI + 1;
    refused(&img, "no Solo5 ABI note", "abi: a note of another type is not the ABI note");

    eb_build(&img, 0);
    memcpy((uint8_t *)img.abi_nh + sizeof(Elf64_Nhdr), "Solo6", 6);
    refused(&img, "no Solo5 ABI note", "abi: a note of another name is not the ABI note");

    eb_build(&img, 0);
    img.abi->abi_target = ABI_TARGET_SPT;
    refused(&img, "built for target spt (2), not hvt (1)",
            "abi: a unikernel for spt is refused, naming the target");

    eb_build(&img, 0);
    img.abi->abi_target = 77;
    refused(&img, "target unknown (77)", "abi: an unknown target is refused");

    eb_build(&img, 0);
    img.abi->abi_version = 1;
    refused(&img, "hvt ABI version 1, this ukvm runs 2",
            "abi: hvt ABI version 1 is refused, naming both versions");

    eb_build(&img, 0);
    img.abi->abi_version = 3;
    refused(&img, "hvt ABI version 3", "abi: hvt ABI version 3 is refused");

    eb_build(&img, 0);
    img.abi_nh->n_descsz = 12;
    img.ph[EB_PH_ABI].p_filesz -= 4;
    refused(&img, "ABI note is 12 bytes, not 16", "abi: a short ABI note is refused");

    eb_build(&img, 0);
    img.abi_nh->n_descsz = 20;
    refused(&img, "overruns its segment", "abi: a note longer than its segment is refused");

    eb_build(&img, 0);
    img.abi_nh->n_namesz = 0xfffffff0U;
    refused(&img, "overruns its segment", "abi: a huge n_namesz is refused, not wrapped");

    eb_build(&img, 0);
    img.ph[EB_PH_ABI].p_filesz = 8;
    refused(&img, "truncated note header", "abi: a note segment shorter than a note header is refused");

    eb_build(&img, 0);
    img.ph[EB_PH_ABI].p_offset = img.size - 16;
    refused(&img, "note segment 3 lies outside the file",
            "abi: a note segment past the end of the file is refused");

    eb_build(&img, 0);
    img.ph[EB_PH_MFT] = img.ph[EB_PH_ABI];
    refused(&img, "duplicate Solo5 note", "abi: two ABI notes are refused");
}

/* Appends a header of TYPE over [OFFSET, OFFSET + FILESZ) of the file. */
static Elf64_Phdr *add_phdr(struct eb_image *img, uint32_t type, uint64_t offset,
                            uint64_t filesz)
{
    Elf64_Phdr *ph = &img->ph[img->eh->e_phnum++];

    *ph = (Elf64_Phdr){ .p_type = type, .p_flags = PF_R, .p_offset = offset,
                        .p_filesz = filesz, .p_memsz = filesz, .p_align = 4 };
    return ph;
}

/* Program headers Solo5's toolchain emits (the Solo5 kit's README). */
static void test_solo5_shapes(void)
{
    struct eb_image img;
    struct elf_image out;
    Elf64_Phdr *ph;

    eb_build(&img, 0);
    add_phdr(&img, PT_INTERP, (uint64_t)(img.text - img.bytes), 20)->p_vaddr = 0x100000;
    add_phdr(&img, PT_TLS, 0, 0);
    ph = eb_add_load(&img, 0, 0, PF_R);
    ph->p_offset = 0x270;
    if (loads(&img, &out, "solo5: PT_INTERP, PT_TLS and an empty PT_LOAD at 0 load"))
        CHECK(out.nseg == 3 && out.kernel_end == 0x105000,
              "solo5: they add no segment and do not move kernel_end");
    eb_free(&img);

    eb_build(&img, 0);
    ph = eb_add_load(&img, 0xfffffffffffff000ULL, 0, PF_R | PF_W | PF_X);
    ph->p_offset = 1ULL << 40;
    if (loads(&img, &out, "solo5: an empty PT_LOAD past memory and the file is ignored"))
        CHECK(out.nseg == 3, "solo5: the empty PT_LOAD is not counted");
    eb_free(&img);

    eb_build(&img, 0);
    ph = eb_add_load(&img, 0, 0, PF_R);
    ph->p_filesz = 16;
    refused(&img, "segment 5: file size 0x10 exceeds memory size 0",
            "solo5: a PT_LOAD of memsz 0 with file bytes is still refused");

    eb_build(&img, 0);
    eb_add_load(&img, 0x106000, 0x3000, PF_R | PF_W);
    if (loads(&img, &out, "solo5: a bss PT_LOAD with no file bytes loads"))
        CHECK(out.nseg == 4 && out.seg[3].start == 0x106000 &&
              out.seg[3].end == 0x109000 && out.seg[3].flags == (PF_R | PF_W) &&
              out.kernel_end == 0x109000 && is_zero(0x106000, 0x3000),
              "solo5: the bss is a zeroed read/write segment ending the image");
    eb_free(&img);

    eb_build(&img, 0);
    eb_add_load(&img, 0x106000, 0x3000, PF_R | PF_W | PF_X);
    refused(&img, "segment 5: both writable and executable",
            "solo5: a W+X bss is still refused");

    eb_build(&img, 0);
    img.ph[EB_PH_TEXT].p_flags = PF_X;
    if (loads(&img, &out, "solo5: execute-only text (PF_X alone) loads"))
        CHECK(out.seg[0].flags == PF_X, "solo5: its flags are kept");
    eb_free(&img);

    /* A third note segment of garbage, as after Solo5's own two. */
    eb_build(&img, 0);
    add_phdr(&img, PT_NOTE, (uint64_t)(img.text - img.bytes), 8);
    loads(&img, &out, "notes: a malformed note segment that holds neither note is ignored");
    eb_free(&img);

    /* buggyelf.hvt's shape: a sound ABI note, a broken manifest note. */
    eb_build(&img, 0);
    img.mft_nh->n_descsz = 1;
    refused(&img, "manifest note has a malformed size (1 bytes)",
            "notes: a manifest note of 1 byte is refused, after a sound ABI note");
}

static void test_manifest(void)
{
    struct eb_image img;
    struct elf_image out;

    eb_build(&img, 0);
    img.ph[EB_PH_MFT].p_type = PT_NULL;
    refused(&img, "no Solo5 manifest note", "mft: a file without a manifest note is refused");

    eb_build(&img, 0);
    eb_set_mft_descsz(&img, MFT_NOTE_DESCSZ(0));
    img.mft->entries = 0;
    refused(&img, "malformed size (12 bytes)", "mft: a manifest without entry 0 is refused");

    eb_build(&img, 1);
    eb_set_mft_descsz(&img, MFT_NOTE_DESCSZ(2) - 8);
    refused(&img, "malformed size", "mft: a note size that is not 12 + n*104 is refused");

    eb_build(&img, 1);
    eb_set_mft_descsz(&img, 4);
    refused(&img, "malformed size (4 bytes)", "mft: a 4-byte manifest note is refused");

    eb_build(&img, 1);
    eb_set_mft_descsz(&img, MFT_NOTE_DESCSZ(2) + 8);
    refused(&img, "malformed size", "mft: a note size 8 bytes too long is refused");

    eb_build(&img, 1);
    img.mft_nh->n_descsz = MFT_NOTE_DESCSZ(3);
    refused(&img, "overruns its segment", "mft: a manifest note longer than its segment is refused");

    eb_build(&img, MFT_MAX_DEVICES + 1);
    refused(&img, "64 devices, more than 63", "mft: 64 devices are refused");

    eb_build(&img, MFT_MAX_DEVICES);
    if (loads(&img, &out, "mft: 63 devices load"))
        CHECK(out.mft->entries == 64 && strcmp(out.mft->e[63].name, "dev63") == 0,
              "mft: all 63 devices are in the checked manifest");
    eb_free(&img);

    eb_build(&img, 1);
    img.mft->entries = 5;
    refused(&img, "says 5 entries but its note holds 2",
            "mft: an entry count that disagrees with the note size is refused");

    eb_build(&img, 1);
    img.mft->version = 2;
    refused(&img, "manifest version is 2, not 1", "mft: manifest version 2 is refused");

    eb_build(&img, 1);
    img.mft->e[0].type = MFT_DEV_NET_BASIC;
    refused(&img, "entry 0 is not the reserved entry",
            "mft: entry 0 of another type is refused");

    eb_build(&img, 1);
    strcpy(img.mft->e[0].name, "first");
    refused(&img, "entry 0 is not the reserved entry", "mft: entry 0 with a name is refused");

    eb_build(&img, 1);
    img.mft->e[1].type = MFT_RESERVED_FIRST;
    refused(&img, "unknown device type 0x40000000",
            "mft: a second RESERVED_FIRST entry is refused");

    eb_build(&img, 1);
    img.mft->e[1].type = 3;
    refused(&img, "entry 1 (dev1): unknown device type 0x3",
            "mft: an unknown device type is refused");

    eb_build(&img, 2);
    img.mft->e[2].attached = 1;
    refused(&img, "entry 2: marked attached in the file",
            "mft: attached=1 in the file is refused");

    eb_build(&img, 0);
    img.mft->e[0].attached = 1;
    refused(&img, "entry 0: marked attached", "mft: entry 0 attached in the file is refused");

    eb_build(&img, 1);
    strcpy(img.mft->e[1].name, "net-0");
    refused(&img, "character other than", "mft: a name with '-' is refused");

    eb_build(&img, 1);
    strcpy(img.mft->e[1].name, "n\xc3\xa9t");
    refused(&img, "character other than", "mft: a name with non-ASCII bytes is refused");

    eb_build(&img, 1);
    img.mft->e[1].name[0] = '\0';
    refused(&img, "entry 1: empty device name", "mft: an empty device name is refused");

    eb_build(&img, 1);
    memset(img.mft->e[1].name, 'a', MFT_NAME_SIZE);
    refused(&img, "entry 1: name is not NUL-terminated",
            "mft: a 68-character unterminated name is refused");

    eb_build(&img, 1);
    memset(img.mft->e[1].name, 'a', MFT_NAME_MAX);
    if (loads(&img, &out, "mft: a 67-character name loads"))
        CHECK(strlen(out.mft->e[1].name) == MFT_NAME_MAX,
              "mft: the 67-character name survives the copy");
    eb_free(&img);

    eb_build(&img, 3);
    strcpy(img.mft->e[3].name, "dev1");
    refused(&img, "device name 'dev1' appears twice", "mft: duplicate names are refused");

    eb_build(&img, 2);
    strcpy(img.mft->e[1].name, "Net0");
    strcpy(img.mft->e[2].name, "net0");
    if (loads(&img, &out, "mft: names differing only in case load"))
        CHECK(out.mft->entries == 3, "mft: both case-distinct names are kept");
    eb_free(&img);
}

static void test_segments(void)
{
    struct eb_image img;

    eb_build(&img, 0);
    img.ph[EB_PH_DATA].p_filesz = img.ph[EB_PH_DATA].p_memsz + 1;
    refused(&img, "segment 2: file size 0x2001 exceeds memory size 0x2000",
            "seg: p_filesz > p_memsz is refused");

    eb_build(&img, 0);
    img.ph[EB_PH_DATA].p_offset = img.size - 8;
    refused(&img, "segment 2: contents lie outside the file",
            "seg: contents past the end of the file are refused");

    eb_build(&img, 0);
    img.ph[EB_PH_DATA].p_offset = 0xffffffffffffffc0ULL;
    refused(&img, "segment 2: contents lie outside the file",
            "seg: a file offset that wraps around is refused");

    eb_build(&img, 0);
    img.ph[EB_PH_RODATA].p_vaddr = 0xff000;
    refused(&img, "segment 1: address 0xff000 is below 0x100000",
            "seg: a segment below 1 MiB is refused");

    eb_build(&img, 0);
    img.ph[EB_PH_RODATA].p_vaddr = 0;
    refused(&img, "is below 0x100000", "seg: a segment at address 0 is refused");

    eb_build(&img, 0);
    img.ph[EB_PH_DATA].p_vaddr = MEM_SIZE - 0x1000;
    refused(&img, "lies outside guest memory (8 MiB)",
            "seg: a segment past the end of guest memory is refused");

    eb_build(&img, 0);
    img.ph[EB_PH_DATA].p_memsz = MEM_SIZE;
    refused(&img, "lies outside guest memory", "seg: a segment larger than guest memory is refused");

    eb_build(&img, 0);
    img.ph[EB_PH_DATA].p_vaddr = 0xfffffffffffff000ULL;
    refused(&img, "lies outside guest memory",
            "seg: vaddr + memsz overflowing 64 bits is refused");

    eb_build(&img, 0);
    img.ph[EB_PH_DATA].p_memsz = 0xffffffffffffff00ULL;
    refused(&img, "lies outside guest memory", "seg: a huge p_memsz is refused");

    eb_build(&img, 0);
    img.ph[EB_PH_RODATA].p_vaddr = 0x100800;
    refused(&img, "segment 1: 0x100800-0x101800 overlaps another segment",
            "seg: a segment overlapping the one below it is refused");

    eb_build(&img, 0);
    eb_add_load(&img, 0x102800, 0x1000, PF_R);
    refused(&img, "segment 5: 0x102800-0x103800 overlaps another segment",
            "seg: a segment overlapping the one above it is refused");

    eb_build(&img, 0);
    img.ph[EB_PH_RODATA].p_vaddr = 0x100000;
    refused(&img, "overlaps another segment", "seg: two segments at one address are refused");

    eb_build(&img, 0);
    eb_add_load(&img, 0x102000, 0x4000, PF_R);  /* contains data */
    refused(&img, "overlaps another segment", "seg: a segment containing another is refused");

    eb_build(&img, 0);
    img.ph[EB_PH_TEXT].p_flags = PF_R | PF_W | PF_X;
    refused(&img, "segment 0: both writable and executable", "seg: a W+X segment is refused");

    eb_build(&img, 0);
    img.ph[EB_PH_DATA].p_flags = PF_W | PF_X;
    refused(&img, "both writable and executable", "seg: a W+X segment without R is refused");

    eb_build(&img, 0);
    for (unsigned i = 0; i < img.eh->e_phnum; i++)
        if (img.ph[i].p_type == PT_LOAD)
            img.ph[i].p_type = PT_NULL;
    refused(&img, "no loadable segment", "seg: a file without PT_LOAD is refused");

    eb_build(&img, 0);
    for (unsigned i = 0; i < UKVM_MAX_SEGMENTS - 3; i++)
        eb_add_load(&img, 0x200000 + i * 0x1000, 0x1000, PF_R);
    {
        struct elf_image out;
        if (loads(&img, &out, "seg: 16 loadable segments load"))
            CHECK(out.nseg == UKVM_MAX_SEGMENTS, "seg: all 16 segments are kept");
        eb_free(&img);
    }

    eb_build(&img, 0);
    for (unsigned i = 0; i < UKVM_MAX_SEGMENTS - 2; i++)
        eb_add_load(&img, 0x200000 + i * 0x1000, 0x1000, PF_R);
    refused(&img, "more than 16 loadable segments", "seg: 17 loadable segments are refused");

    eb_build(&img, 0);
    eb_add_load(&img, 0x100000, 0, PF_R);
    {
        struct elf_image out;
        if (loads(&img, &out, "seg: an empty PT_LOAD (memsz 0) is ignored"))
            CHECK(out.nseg == 3, "seg: the empty PT_LOAD is not counted");
        eb_free(&img);
    }

    eb_build(&img, 0);
    img.ph[EB_PH_DATA].p_vaddr = MEM_SIZE - img.ph[EB_PH_DATA].p_memsz;
    {
        struct elf_image out;
        if (loads(&img, &out, "seg: a segment ending exactly at the end of memory loads"))
            CHECK(out.kernel_end == MEM_SIZE &&
                  memcmp(mem + MEM_SIZE - 0x2000, img.data, EB_CONTENT_SIZE) == 0,
                  "seg: the last segment's bytes are at the top of memory");
        eb_free(&img);
    }
}

static void test_entry(void)
{
    struct eb_image img;
    struct elf_image out;

    eb_build(&img, 0);
    img.eh->e_entry = 0x101000;
    refused(&img, "entry point 0x101000 is not in an executable segment",
            "entry: an entry point in rodata is refused");

    eb_build(&img, 0);
    img.eh->e_entry = 0x103010;
    refused(&img, "not in an executable segment", "entry: an entry point in data is refused");

    eb_build(&img, 0);
    img.eh->e_entry = 0x102000;
    refused(&img, "not in an executable segment", "entry: an entry point in a gap is refused");

    eb_build(&img, 0);
    img.eh->e_entry = 0;
    refused(&img, "entry point 0 is not", "entry: entry point 0 is refused");

    eb_build(&img, 0);
    img.eh->e_entry = 0x100fff;
    if (loads(&img, &out, "entry: the last byte of text is a valid entry point"))
        CHECK(out.entry == 0x100fff, "entry: the entry point is reported");
    eb_free(&img);
}

static void test_good_image(void)
{
    struct eb_image img;
    struct elf_image out;

    eb_build(&img, 2);
    /* Program headers out of address order: the loader sorts. */
    Elf64_Phdr text = img.ph[EB_PH_TEXT];
    img.ph[EB_PH_TEXT] = img.ph[EB_PH_DATA];
    img.ph[EB_PH_DATA] = text;
    if (loads(&img, &out, "good: a valid image loads")) {
        CHECK(out.entry == 0x100000, "good: entry is e_entry");
        CHECK(out.nseg == 3 && out.seg[0].start == 0x100000 &&
              out.seg[1].start == 0x101000 && out.seg[2].start == 0x103000,
              "good: segments are sorted by address");
        CHECK(out.seg[0].end == 0x101000 && out.seg[0].flags == (PF_R | PF_X) &&
              out.seg[1].flags == PF_R && out.seg[2].end == 0x105000 &&
              out.seg[2].flags == (PF_R | PF_W),
              "good: segment ends and flags come from the program headers");
        CHECK(out.kernel_end == 0x105000, "good: kernel_end is the end of the highest segment");
        CHECK(memcmp(mem + 0x100000, img.text, EB_CONTENT_SIZE) == 0 &&
              memcmp(mem + 0x101000, img.rodata, EB_CONTENT_SIZE) == 0 &&
              memcmp(mem + 0x103000, img.data, EB_CONTENT_SIZE) == 0,
              "good: each segment's file bytes are at its address");
        CHECK(is_zero(0x103000 + EB_CONTENT_SIZE, 0x2000 - EB_CONTENT_SIZE),
              "good: bss (memsz beyond filesz) is zero");
        CHECK(is_zero(0, 0x100000) && is_zero(0x100000 + EB_CONTENT_SIZE,
                                              0x1000 - EB_CONTENT_SIZE) &&
              is_zero(0x102000, 0x1000) && is_zero(0x105000, MEM_SIZE - 0x105000),
              "good: nothing is written outside the segments' file bytes");
        CHECK(out.mft == (struct mft *)mft_buf.bytes && out.mft->entries == 3 &&
              strcmp(out.mft->e[1].name, "dev1") == 0 &&
              out.mft->e[1].type == MFT_DEV_NET_BASIC &&
              out.mft->e[2].type == MFT_DEV_BLOCK_BASIC,
              "good: the manifest is checked and copied into the caller's buffer");
    }
    eb_free(&img);

    /* Alignment in the file is not the loader's business. */
    eb_build(&img, 0);
    img.ph[EB_PH_TEXT].p_vaddr = 0x100004;
    img.ph[EB_PH_TEXT].p_memsz = 0xff0;
    img.eh->e_entry = 0x100004;
    if (loads(&img, &out, "good: an unaligned segment address loads"))
        CHECK(memcmp(mem + 0x100004, img.text, EB_CONTENT_SIZE) == 0,
              "good: an unaligned segment's bytes are at its address");
    eb_free(&img);
}

/* ukvm's ring-3 note: taken when sound, refused when it points astray. */
static void test_ring3_note(void)
{
    struct eb_image img;
    struct elf_image out;
    Elf64_Phdr *ph;

    eb_build(&img, 0);
    if (loads(&img, &out, "ring3: a file without the note loads"))
        CHECK(!out.has_ring3, "ring3: ... and runs in ring 0");
    eb_free(&img);

    eb_build(&img, 0);
    eb_add_ring3_note(&img);
    if (loads(&img, &out, "ring3: a sound note loads"))
        CHECK(out.has_ring3 && out.ring3.trap_handler == 0x100010 &&
              out.ring3.trap_stack == 0x104000 &&
              out.ring3.trap_stack_size == 0x1000,
              "ring3: ... and its handler and stack are taken");
    eb_free(&img);

    eb_build(&img, 0);
    eb_add_ring3_note(&img)->trap_handler = 0x103000;
    refused(&img, "trap handler 0x103000 is not in an executable segment",
            "ring3: a handler in data is refused");

    eb_build(&img, 0);
    eb_add_ring3_note(&img)->trap_stack = 0x100000;
    refused(&img, "trap stack 0x100000+0x1000 is not in a writable segment",
            "ring3: a stack in text is refused");

    eb_build(&img, 0);
    eb_add_ring3_note(&img)->trap_stack_size = ~0ULL - 0x1000;
    refused(&img, "is not in a writable segment",
            "ring3: a stack size that wraps is refused");

    eb_build(&img, 0);
    eb_add_ring3_note(&img)->trap_stack_size = 64;
    refused(&img, "or too small", "ring3: a 64-byte stack is refused");

    eb_build(&img, 0);
    eb_add_ring3_note(&img);
    ph = &img.ph[img.eh->e_phnum - 1];
    ((Elf64_Nhdr *)(img.bytes + ph->p_offset))->n_descsz = 16;
    ph->p_filesz -= 8;
    refused(&img, "ring-3 note is 16 bytes, not 24",
            "ring3: a note of the wrong size is refused");
}

int main(void)
{
    mem = calloc(1, MEM_SIZE);
    if (!mem)
        return 2;
    test_elf_header();
    test_abi_note();
    test_manifest();
    test_solo5_shapes();
    test_segments();
    test_entry();
    test_good_image();
    test_ring3_note();
    free(mem);
    return check_done();
}
