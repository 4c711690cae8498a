/* SPDX-License-Identifier: ISC */
/*
 * crunch.c: the store compiled into the unikernel. ukvm-crunch turned a
 * directory into kv_crunch_entries (sorted, in .rodata); this back end
 * only points kv.c at that table, so opening costs nothing.
 */
#include <string.h>

#include "kv_crunch.h"
#include "kv_store.h"

static const char *crunch_key(const struct kv_store *store, size_t i)
{
    (void)store;
    return kv_crunch_entries[i].key;
}

static uint64_t crunch_size(const struct kv_store *store, size_t i)
{
    (void)store;
    return kv_crunch_entries[i].size;
}

static kv_result_t crunch_read(struct kv_store *store, size_t i,
                               uint64_t offset, void *buf, size_t len)
{
    (void)store;
    memcpy(buf, kv_crunch_entries[i].data + offset, len);
    return KV_OK;
}

static const struct kv_store_ops crunch_ops = {
    .key = crunch_key,
    .size = crunch_size,
    .read = crunch_read,
    .close = NULL,      /* nothing was allocated */
};

static struct kv_store crunch_store = { .ops = &crunch_ops };

struct kv_store *kv_open_crunch(void)
{
    crunch_store.count = kv_crunch_count;
    return &crunch_store;
}
