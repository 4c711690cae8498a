/* SPDX-License-Identifier: ISC */
/*
 * Test helper: reads the raw bytes of a .note.solo5.manifest section (as
 * objcopy -O binary writes them), checks the note header and, through
 * mft_from_note, the manifest, then prints the manifest as manifest.json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file_io.h"
#include "manifest_json.h"

int main(int argc, char **argv)
{
    struct mft_buf buf;
    struct errbuf err;
    uint32_t hdr[3];
    struct mft *m;
    size_t len;
    char *bytes;

    if (argc != 2) {
        fprintf(stderr, "usage: mft_note_dump SECTION.bin\n");
        return 2;
    }
    bytes = file_read(argv[1], 1 << 20, &len, &err);
    if (!bytes) {
        fprintf(stderr, "mft_note_dump: %s\n", err.msg);
        return 1;
    }
    if (len < 20) {
        fprintf(stderr, "mft_note_dump: %zu bytes, too short for a note\n", len);
        return 1;
    }
    memcpy(hdr, bytes, sizeof hdr);
    if (hdr[0] != NOTE_NAME_SIZE || hdr[2] != NOTE_TYPE_MFT ||
        memcmp(bytes + 12, NOTE_NAME "\0\0", 8) != 0 || hdr[1] != len - 20) {
        fprintf(stderr, "mft_note_dump: bad note header (namesz %u, descsz %u"
                " for %zu bytes, type %#x)\n", hdr[0], hdr[1], len, hdr[2]);
        return 1;
    }
    m = mft_from_note((const uint8_t *)bytes + 20, hdr[1], &buf, &err);
    free(bytes);
    if (!m) {
        fprintf(stderr, "mft_note_dump: %s\n", err.msg);
        return 1;
    }
    mft_print_json(stdout, m, 0);
    printf("\n");
    return 0;
}
