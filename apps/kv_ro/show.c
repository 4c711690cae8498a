/* SPDX-License-Identifier: ISC */
/*
 * show.c: the listing and the value, shared by kv_ro and kv_ro_crunch.
 * The value is read in pieces at growing offsets, as a server sending a
 * large file would; an odd piece size mixes whole and partial blocks.
 */
#include <stdio.h>

#include "show.h"

#define PIECE 1000

int kv_ro_show(const char *name, struct kv_store *store, const char *key)
{
    unsigned char buf[PIECE];
    uint64_t offset = 0;
    size_t index, got;

    printf("keys: %zu\n", kv_count(store));
    for (size_t i = 0; i < kv_count(store); i++)
        printf("%s %llu\n", kv_key(store, i),
               (unsigned long long)kv_size(store, i));
    if (kv_lookup(store, key, &index) != KV_OK) {
        fprintf(stderr, "%s: %s\n", name, kv_last_error());
        return 1;
    }
    printf("%s = ", key);
    do {
        if (kv_read(store, index, offset, buf, sizeof(buf), &got) != KV_OK) {
            fflush(stdout);
            fprintf(stderr, "\n%s: %s\n", name, kv_last_error());
            return 1;
        }
        fwrite(buf, 1, got, stdout);
        offset += got;
    } while (got > 0);
    fflush(stdout);
    return 0;
}
