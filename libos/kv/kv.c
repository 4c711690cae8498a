/* SPDX-License-Identifier: ISC */
/*
 * kv.c: the calls of kv.h that do not depend on the back end: argument
 * checks, lookup by binary search over the sorted keys, reads clipped to
 * the value, and the last error.
 */
#include <stdio.h>
#include <string.h>

#include "kv_store.h"

#define KV_ERROR_MAX 256

static kv_result_t last_result;
static char last_error[KV_ERROR_MAX];

kv_result_t kv_fail(kv_result_t result, const char *fmt, ...)
{
    va_list ap;

    last_result = result;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof(last_error), fmt, ap);
    va_end(ap);
    return result;
}

kv_result_t kv_last_result(void)
{
    return last_result;
}

const char *kv_last_error(void)
{
    return last_error;
}

const char *kv_result_name(kv_result_t result)
{
    switch (result) {
    case KV_OK: return "ok";
    case KV_ENOTFOUND: return "not found";
    case KV_ECORRUPT: return "corrupt store";
    case KV_EIO: return "I/O error";
    case KV_EINVAL: return "invalid argument";
    case KV_ENOMEM: return "out of memory";
    }
    return "unknown error";
}

void kv_close(struct kv_store *store)
{
    if (store != NULL && store->ops->close != NULL)
        store->ops->close(store);
}

size_t kv_count(const struct kv_store *store)
{
    return store->count;
}

const char *kv_key(const struct kv_store *store, size_t index)
{
    if (index >= store->count)
        return NULL;
    return store->ops->key(store, index);
}

uint64_t kv_size(const struct kv_store *store, size_t index)
{
    if (index >= store->count)
        return 0;
    return store->ops->size(store, index);
}

kv_result_t kv_lookup(const struct kv_store *store, const char *key,
                      size_t *index)
{
    const char *name = key;
    size_t lo = 0, hi = store->count;

    while (*name == '/')
        name++;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, store->ops->key(store, mid));

        if (c == 0) {
            *index = mid;
            return KV_OK;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return kv_fail(KV_ENOTFOUND, "%s: no such key", key);
}

kv_result_t kv_read(struct kv_store *store, size_t index, uint64_t offset,
                    void *buf, size_t size, size_t *read_size)
{
    uint64_t value_size;
    size_t len;
    kv_result_t r;

    *read_size = 0;
    if (index >= store->count)
        return kv_fail(KV_EINVAL, "key number %zu: the store has %zu keys",
                       index, store->count);
    value_size = store->ops->size(store, index);
    if (offset >= value_size || size == 0)
        return KV_OK;
    len = value_size - offset < size ? (size_t)(value_size - offset) : size;
    r = store->ops->read(store, index, offset, buf, len);
    if (r == KV_OK)
        *read_size = len;
    return r;
}
