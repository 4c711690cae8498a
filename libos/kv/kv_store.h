/* SPDX-License-Identifier: ISC */
/*
 * kv_store.h: what a back end provides to kv.c (private to libos/kv).
 * A back end embeds struct kv_store first in its own structure and fills
 * in its operations; kv.c does the argument checks, the lookup and the
 * error bookkeeping, so the back ends stay small.
 */
#ifndef KV_STORE_H
#define KV_STORE_H

#include <stdarg.h>

#include "kv.h"

struct kv_store_ops {
    /* Key and value size of entry i < count; keys sorted by strcmp. */
    const char *(*key)(const struct kv_store *store, size_t i);
    uint64_t (*size)(const struct kv_store *store, size_t i);
    /* Reads len > 0 bytes at offset of entry i, all inside the value. */
    kv_result_t (*read)(struct kv_store *store, size_t i, uint64_t offset,
                        void *buf, size_t len);
    void (*close)(struct kv_store *store);
};

struct kv_store {
    const struct kv_store_ops *ops;
    size_t count;
};

/*
 * Records a failure for kv_last_result/kv_last_error and returns result,
 * so a back end can write: return kv_fail(KV_EIO, "%s: ...", name).
 */
kv_result_t kv_fail(kv_result_t result, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
