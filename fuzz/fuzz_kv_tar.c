/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the key/value store's ustar index
 * (libos/kv/tar_header.c, tar_index.c) over an archive in memory, as
 * tar_block.c feeds it from a block device. An index it accepts must be
 * sorted without duplicates, find each of its keys, and read each value
 * within the archive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kv.h"
#include "tar.h"

struct archive {
    const uint8_t *data;
    size_t size;
};

static kv_result_t mem_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
    const struct archive *a = ctx;

    /* The index must ask only within reader.size. */
    if (offset > a->size || len > a->size - offset) {
        fprintf(stderr, "read of %zu at %llu outside the archive\n", len,
                (unsigned long long)offset);
        abort();
    }
    memcpy(buf, a->data + offset, len);
    return KV_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t value[4096];
    struct archive a = { data, size };
    struct kv_reader r = { .name = "fuzz", .size = size, .read = mem_read, .ctx = &a };
    struct kv_store *s = kv_open_tar(&r);
    size_t n, got, idx;

    if (!s)
        return 0;
    n = kv_count(s);
    for (size_t i = 0; i < n; i++) {
        const char *k = kv_key(s, i);
        uint64_t vs = kv_size(s, i);

        if (!k || (i > 0 && strcmp(kv_key(s, i - 1), k) >= 0) ||
            kv_lookup(s, k, &idx) != KV_OK || idx != i) {
            fprintf(stderr, "key %zu '%s' out of order or not found\n", i, k);
            abort();
        }
        /* The first and the last bytes of the value (the index allows no
         * value past the archive's end, so both must read). */
        if (kv_read(s, i, 0, value, sizeof value, &got) != KV_OK ||
            (vs > sizeof value &&
             kv_read(s, i, vs - sizeof value, value, sizeof value, &got) != KV_OK)) {
            fprintf(stderr, "key '%s': value of %llu bytes does not read\n", k,
                    (unsigned long long)vs);
            abort();
        }
    }
    kv_close(s);
    return 0;
}
