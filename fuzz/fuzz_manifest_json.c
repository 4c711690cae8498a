/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for ukvm-elftool's JSON parser (tools/elftool/json.c)
 * and the manifest.json rules on its tree (manifest_json.c). A manifest
 * it accepts must print as manifest.json that loads back to the same
 * binary manifest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest_json.h"

/* Parses and checks LEN bytes of TEXT into BUF, or NULL. */
static struct mft *load(const char *text, size_t len, struct mft_buf *buf)
{
    struct errbuf err;
    struct json_value *root = json_parse(text, len, &err);
    struct mft *m;

    if (!root)
        return NULL;
    m = mft_from_json(root, buf, &err);
    json_free(root);
    return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct mft_buf buf, again;
    struct mft *m, *m2;
    char *text = NULL;
    size_t len = 0;
    FILE *f;

    m = load((const char *)data, size, &buf);
    if (!m)
        return 0;
    f = open_memstream(&text, &len);
    if (!f)
        abort();
    mft_print_json(f, m, 0);
    fclose(f);
    m2 = load(text, len, &again);
    if (!m2 || m2->entries != m->entries ||
        memcmp(m2, m, MFT_SIZE(m->entries)) != 0) {
        fprintf(stderr, "manifest does not round-trip:\n%.*s\n", (int)len, text);
        abort();
    }
    free(text);
    return 0;
}
