/* SPDX-License-Identifier: ISC */
/*
 * kv.h: a read-only key/value store for unikernels. Keys are paths such
 * as "index.html" or "css/site.css" (a leading "/" in a lookup is
 * ignored); values are bytes. Two back ends answer the same calls:
 *
 *   kv_open_crunch()        the store compiled into the unikernel, made
 *                           from a directory by the host tool ukvm-crunch
 *   kv_open_block("name")   a ustar archive (tar --format=ustar) on the
 *                           BLOCK_BASIC device "name"; its index is read
 *                           once, at open
 *
 * The keys of a store are sorted in byte order and numbered 0 to
 * kv_count() - 1. kv_lookup gives a key's number; kv_key, kv_size and
 * kv_read take it, so listing is a plain loop:
 *
 *     for (size_t i = 0; i < kv_count(store); i++)
 *         printf("%s %llu\n", kv_key(store, i),
 *                (unsigned long long)kv_size(store, i));
 *
 * A call that fails returns its reason and leaves a one-line message for
 * kv_last_error() ("storage: bad header checksum at offset 1024").
 */
#ifndef KV_H
#define KV_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    KV_OK = 0,
    KV_ENOTFOUND,   /* no such key */
    KV_ECORRUPT,    /* the store is malformed: bad checksum, truncated... */
    KV_EIO,         /* the device failed a read */
    KV_EINVAL,      /* bad argument: unknown device, key number too big */
    KV_ENOMEM       /* no memory for the index */
} kv_result_t;

struct kv_store;

/* Open a store; NULL on failure, with kv_last_result/kv_last_error set. */
struct kv_store *kv_open_crunch(void);
struct kv_store *kv_open_block(const char *device_name);
void kv_close(struct kv_store *store);

/* Number of keys, and the key numbered index (NULL if there is none). */
size_t kv_count(const struct kv_store *store);
const char *kv_key(const struct kv_store *store, size_t index);

/* Finds key; KV_OK and *index set, or KV_ENOTFOUND. */
kv_result_t kv_lookup(const struct kv_store *store, const char *key,
                      size_t *index);

/* Size in bytes of the value of key number index (0 if there is none). */
uint64_t kv_size(const struct kv_store *store, size_t index);

/*
 * Reads up to size bytes of the value of key number index, from byte
 * offset on, into buf; *read_size gets the count, which is less than
 * size only at the end of the value (0 at or past it).
 */
kv_result_t kv_read(struct kv_store *store, size_t index, uint64_t offset,
                    void *buf, size_t size, size_t *read_size);

/* The last failure: its result and a one-line reason ("" if none yet). */
kv_result_t kv_last_result(void);
const char *kv_last_error(void);

/* A short name for a result: "not found", "corrupt store"... */
const char *kv_result_name(kv_result_t result);

#endif
