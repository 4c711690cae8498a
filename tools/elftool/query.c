/* SPDX-License-Identifier: ISC */
/* query: prints a unikernel's ABI note and manifest as JSON. */
#include <stdio.h>
#include <string.h>

#include "elf_file.h"
#include "elftool.h"
#include "manifest_json.h"
#include "mft_check.h"
#include "solo5_print.h"

static void print_abi(const struct abi1_info *abi, int indent)
{
    printf("{\n");
    printf("%*s\"target\": \"%s\",\n", indent + 2, "",
           abi_target_name(abi->abi_target));
    printf("%*s\"target_number\": %u,\n", indent + 2, "", abi->abi_target);
    printf("%*s\"version\": %u\n", indent + 2, "", abi->abi_version);
    printf("%*s}", indent, "");
}

/* Finds the note of TYPE; returns its size, or -1 after printing why not. */
static long find_note(const struct elf_file *f, const char *path, uint32_t type,
                      const char *what, const uint8_t **desc)
{
    struct errbuf err;
    uint32_t descsz;
    int r = elf_file_find_note(f, NOTE_NAME, type, desc, &descsz, &err);

    if (r < 0) {
        tool_error("%s: %s", path, err.msg);
        return -1;
    }
    if (r == 0) {
        tool_error("%s: no %s", path, what);
        return -1;
    }
    return descsz;
}

static int read_abi(const struct elf_file *f, const char *path,
                    struct abi1_info *abi)
{
    const uint8_t *desc;
    long size = find_note(f, path, NOTE_TYPE_ABI,
                          "ABI note (" NOTE_SECTION_ABI ")", &desc);

    if (size < 0)
        return -1;
    if (size != sizeof *abi) {
        tool_error("%s: ABI note has %ld bytes, not %zu", path, size, sizeof *abi);
        return -1;
    }
    memcpy(abi, desc, sizeof *abi);
    return 0;
}

static struct mft *read_mft(const struct elf_file *f, const char *path,
                            struct mft_buf *buf)
{
    const uint8_t *desc;
    struct errbuf err;
    struct mft *m;
    long size = find_note(f, path, NOTE_TYPE_MFT,
                          "manifest note (" NOTE_SECTION_MFT ")", &desc);

    if (size < 0)
        return NULL;
    m = mft_from_note(desc, (uint32_t)size, buf, &err);
    if (!m)
        tool_error("%s: %s", path, err.msg);
    return m;
}

int cmd_query(int argc, char **argv)
{
    enum { SHOW_BOTH, SHOW_ABI, SHOW_MFT } show = SHOW_BOTH;
    struct abi1_info abi;
    struct elf_file f;
    struct mft_buf buf;
    struct mft *m = NULL;
    struct errbuf err;
    const char *path;
    int i, failed;

    for (i = 0; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strcmp(argv[i], "--help") == 0) {
            fputs(ELFTOOL_USAGE, stdout);
            return 0;
        } else if (strcmp(argv[i], "--abi") == 0 && show == SHOW_BOTH) {
            show = SHOW_ABI;
        } else if (strcmp(argv[i], "--manifest") == 0 && show == SHOW_BOTH) {
            show = SHOW_MFT;
        } else {
            return usage_error();
        }
    }
    if (i != argc - 1)
        return usage_error();
    path = argv[i];

    if (elf_file_map(&f, path, &err) < 0)
        return tool_error("%s: %s", path, err.msg);
    /* Read everything before printing, so a failure prints no JSON. */
    failed = (show != SHOW_MFT && read_abi(&f, path, &abi) < 0) ||
             (show != SHOW_ABI && !(m = read_mft(&f, path, &buf)));
    elf_file_unmap(&f);
    if (failed)
        return 1;

    if (show == SHOW_ABI) {
        print_abi(&abi, 0);
    } else if (show == SHOW_MFT) {
        mft_print_json(stdout, m, 0);
    } else {
        printf("{\n  \"abi\": ");
        print_abi(&abi, 2);
        printf(",\n  \"manifest\": ");
        mft_print_json(stdout, m, 2);
        printf("\n}");
    }
    printf("\n");
    if (fflush(stdout) != 0 || ferror(stdout))
        return tool_error("stdout: write error");
    return 0;
}
