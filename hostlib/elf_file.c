/* SPDX-License-Identifier: ISC */
/* Bounds-checked access to a unikernel ELF file held in memory. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi/mft_abi.h"
#include "elf_file.h"
#include "regular_file.h"

const void *elf_file_bytes(const struct elf_file *f, uint64_t off, uint64_t len)
{
    if (off > f->size || len > f->size - off)
        return NULL;
    return f->data + off;
}

int elf_file_parse(struct elf_file *f, const void *data, size_t size,
                   struct errbuf *err)
{
    const Elf64_Ehdr *eh;

    f->data = data;
    f->size = size;
    eh = elf_file_bytes(f, 0, sizeof *eh);
    if (!eh)
        return err_set(err, "file too short for an ELF header (%zu bytes)", size);
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
        return err_set(err, "not an ELF file (bad magic)");
    if (eh->e_ident[EI_CLASS] != ELFCLASS64)
        return err_set(err, "not a 64-bit ELF file");
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
        return err_set(err, "not a little-endian ELF file");
    if (eh->e_ident[EI_VERSION] != EV_CURRENT)
        return err_set(err, "unknown ELF version %u", eh->e_ident[EI_VERSION]);
    if (eh->e_machine != EM_X86_64)
        return err_set(err, "ELF machine is %u, not x86_64", eh->e_machine);
    if (eh->e_type != ET_EXEC)
        return err_set(err, "ELF type is %u, not a static executable (ET_EXEC)",
                       eh->e_type);
    if (eh->e_phentsize != sizeof(Elf64_Phdr))
        return err_set(err, "program header size is %u, not %zu",
                       eh->e_phentsize, sizeof(Elf64_Phdr));
    if (eh->e_phnum == 0 || eh->e_phnum == PN_XNUM)
        return err_set(err, "bad program header count %u", eh->e_phnum);
    if (eh->e_phoff % _Alignof(Elf64_Phdr) != 0)
        return err_set(err, "program header table is misaligned");
    f->phdr = elf_file_bytes(f, eh->e_phoff,
                             (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr));
    if (!f->phdr)
        return err_set(err, "program header table lies outside the file");
    f->ehdr = eh;
    f->phnum = eh->e_phnum;
    return 0;
}

/* A unikernel larger than this is a mistake, not something to load. */
#define ELF_FILE_MAX ((off_t)1 << 30)

/*
 * Reads the whole file into private memory, once: what the loaders check
 * is then what they copy, even if someone rewrites the file meanwhile (a
 * MAP_PRIVATE mapping would still show their writes).
 */
int elf_file_map(struct elf_file *f, const char *path, struct errbuf *err)
{
    struct stat st;
    uint8_t *buf;
    size_t size, got = 0;
    int fd;

    memset(f, 0, sizeof *f);
    fd = open_regular_file(path, O_RDONLY, &st, err);
    if (fd < 0)
        return -1;
    if (st.st_size == 0) {
        close(fd);
        return err_set(err, "empty file");
    }
    if (st.st_size > ELF_FILE_MAX) {
        close(fd);
        return err_set(err, "file too large (%lld bytes, at most %lld)",
                       (long long)st.st_size, (long long)ELF_FILE_MAX);
    }
    size = (size_t)st.st_size;
    buf = malloc(size);
    if (!buf) {
        close(fd);
        return err_set(err, "out of memory for %zu bytes", size);
    }
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            err_set(err, "read: %m");
            break;
        }
        if (n == 0) {
            err_set(err, "file shrank while being read (%zu of %zu bytes)",
                    got, size);
            break;
        }
        got += (size_t)n;
    }
    close(fd);
    if (got < size) {
        free(buf);
        return -1;
    }
    f->mapping = buf;
    if (elf_file_parse(f, buf, size, err) < 0) {
        elf_file_unmap(f);
        return -1;
    }
    return 0;
}

void elf_file_unmap(struct elf_file *f)
{
    free(f->mapping);
    f->mapping = NULL;
}

static uint64_t align4(uint64_t n)
{
    return (n + 3) & ~3ULL;
}

/*
 * A malformed note segment matters only when the note sought is not found
 * elsewhere, so that a file reads as Solo5 reads it where it matters:
 * Solo5's buggyelf.hvt has a sound ABI note and a broken manifest note
 * segment (its ABI can be read, its manifest cannot). Stricter than
 * Solo5 (which takes the first note of a type, and only a segment's first
 * note): two notes of one type are refused. ukvm-elftool's query-abi and
 * query-manifest follow Solo5's rules exactly (tools/elftool/solo5_note.c).
 */
int elf_file_find_note(const struct elf_file *f, const char *name,
                       uint32_t type, const uint8_t **desc, uint32_t *descsz,
                       struct errbuf *err)
{
    struct errbuf first = { "" };
    uint32_t namesz = (uint32_t)strlen(name) + 1;
    int found = 0;

    for (unsigned i = 0; i < f->phnum; i++) {
        const Elf64_Phdr *ph = &f->phdr[i];
        const uint8_t *seg;
        uint64_t off = 0;

        if (ph->p_type != PT_NOTE)
            continue;
        seg = elf_file_bytes(f, ph->p_offset, ph->p_filesz);
        if (!seg) {
            if (!first.msg[0])
                err_set(&first, "note segment %u lies outside the file", i);
            continue;
        }
        while (off < ph->p_filesz) {
            Elf64_Nhdr nh;
            uint64_t name_off, desc_off, next;

            if (ph->p_filesz - off < sizeof nh) {
                if (!first.msg[0])
                    err_set(&first, "truncated note header in segment %u", i);
                break;
            }
            memcpy(&nh, seg + off, sizeof nh);
            name_off = off + sizeof nh;
            desc_off = name_off + align4(nh.n_namesz);
            next = desc_off + align4(nh.n_descsz);
            if (desc_off > ph->p_filesz || next > ph->p_filesz) {
                if (!first.msg[0])
                    err_set(&first, "note in segment %u overruns its segment", i);
                break;
            }
            if (nh.n_namesz == namesz && nh.n_type == type &&
                memcmp(seg + name_off, name, namesz) == 0) {
                if (found)
                    return err_set(err, "duplicate %s note of type %#x", name,
                                   type);
                found = 1;
                *desc = seg + desc_off;
                *descsz = nh.n_descsz;
            }
            off = next;
        }
    }
    if (!found && first.msg[0])
        return err_set(err, "%s", first.msg);
    return found;
}

unsigned elf_file_shnum(const struct elf_file *f)
{
    const Elf64_Ehdr *eh = f->ehdr;

    if (!eh || eh->e_shoff == 0 || eh->e_shnum == 0 ||
        eh->e_shentsize != sizeof(Elf64_Shdr))
        return 0;
    if (!elf_file_bytes(f, eh->e_shoff,
                        (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)))
        return 0;
    return eh->e_shnum;
}

int elf_file_section(const struct elf_file *f, unsigned i, Elf64_Shdr *sh)
{
    if (i >= elf_file_shnum(f))
        return -1;
    memcpy(sh, f->data + f->ehdr->e_shoff + (uint64_t)i * sizeof *sh,
           sizeof *sh);
    return 0;
}

const uint8_t *elf_file_section_data(const struct elf_file *f,
                                     const Elf64_Shdr *sh)
{
    if (sh->sh_type == SHT_NOBITS)
        return NULL;
    return elf_file_bytes(f, sh->sh_offset, sh->sh_size);
}

/* NAME must end, with its NUL, inside the string table. */
static int section_name_is(const uint8_t *names, uint64_t size, uint32_t off,
                           const char *name)
{
    size_t len = strlen(name);

    return off < size && size - off > len &&
           memcmp(names + off, name, len) == 0 && names[off + len] == '\0';
}

int elf_file_find_section(const struct elf_file *f, const char *name,
                          Elf64_Shdr *sh)
{
    unsigned n = elf_file_shnum(f);
    Elf64_Shdr strtab;
    const uint8_t *names;

    if (n == 0 || f->ehdr->e_shstrndx >= n ||
        elf_file_section(f, f->ehdr->e_shstrndx, &strtab) < 0)
        return 0;
    names = elf_file_section_data(f, &strtab);
    if (!names)
        return 0;
    for (unsigned i = 0; i < n; i++) {
        elf_file_section(f, i, sh);
        if (section_name_is(names, strtab.sh_size, sh->sh_name, name))
            return 1;
    }
    return 0;
}
