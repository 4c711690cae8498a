/* SPDX-License-Identifier: ISC */
/*
 * tar_index.c: the ustar store. At open the archive's headers are read
 * one record at a time, checked, and the regular files kept in a table
 * sorted by key; afterwards a read is one reader call at the file's data
 * offset. Every step moves forward by at least one record and every size
 * is checked against the device, so no archive can make this loop, read
 * outside the device or overflow; hard links are resolved by binary
 * search in the sorted table, so none makes it quadratic either.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tar.h"

typedef unsigned long long ull;

struct tar_entry {
    char *key;
    char *link;             /* a hard link's target, until resolved */
    uint64_t offset;        /* of the data (of the header for a link) */
    uint64_t size;
    size_t order;           /* in the archive: of equal keys the last wins */
};

struct tar_store {
    struct kv_store base;
    struct kv_reader reader;
    struct tar_entry *entries;
    size_t capacity;
};

static const char *tar_key(const struct kv_store *store, size_t i)
{
    return ((const struct tar_store *)store)->entries[i].key;
}

static uint64_t tar_size(const struct kv_store *store, size_t i)
{
    return ((const struct tar_store *)store)->entries[i].size;
}

static kv_result_t tar_read(struct kv_store *store, size_t i, uint64_t offset,
                            void *buf, size_t len)
{
    struct tar_store *t = (struct tar_store *)store;

    return t->reader.read(t->reader.ctx, t->entries[i].offset + offset,
                          buf, len);
}

static void tar_free(struct tar_store *t)
{
    for (size_t i = 0; i < t->base.count; i++) {
        free(t->entries[i].key);
        free(t->entries[i].link);
    }
    free(t->entries);
    if (t->reader.close != NULL)
        t->reader.close(t->reader.ctx);
    free(t);
}

static void tar_close(struct kv_store *store)
{
    tar_free((struct tar_store *)store);
}

static const struct kv_store_ops tar_ops = {
    .key = tar_key,
    .size = tar_size,
    .read = tar_read,
    .close = tar_close,
};

static char *copy_string(const char *s)
{
    size_t len = strlen(s) + 1;
    char *c = malloc(len);

    if (c != NULL)
        memcpy(c, s, len);
    return c;
}

/* A file, or (link not NULL) a hard link to resolve once all are read. */
static kv_result_t add_entry(struct tar_store *t, const char *name,
                             const char *link, uint64_t offset, uint64_t size)
{
    struct tar_entry *e;

    if (t->base.count == t->capacity) {
        size_t n = t->capacity ? 2 * t->capacity : 16;

        e = realloc(t->entries, n * sizeof(*e));
        if (e == NULL)
            goto nomem;
        t->entries = e;
        t->capacity = n;
    }
    e = &t->entries[t->base.count];
    e->key = copy_string(name);
    e->link = link != NULL ? copy_string(link) : NULL;
    if (e->key == NULL || (link != NULL && e->link == NULL)) {
        free(e->key);
        free(e->link);
        goto nomem;
    }
    e->offset = offset;
    e->size = size;
    e->order = t->base.count++;
    return KV_OK;
nomem:
    return kv_fail(KV_ENOMEM, "%s: out of memory for the index of %zu files",
                   t->reader.name, t->base.count);
}

static kv_result_t read_index(struct tar_store *t)
{
    const struct kv_reader *rd = &t->reader;
    unsigned char record[TAR_RECORD];
    struct tar_header h;
    uint64_t off = 0;
    kv_result_t r;

    for (;;) {
        uint64_t data, left, padded;

        if (rd->size - off < TAR_RECORD)
            return kv_fail(KV_ECORRUPT, "%s: the archive ends at offset %llu "
                           "without an end-of-archive record (truncated?)",
                           rd->name, (ull)off);
        r = rd->read(rd->ctx, off, record, TAR_RECORD);
        if (r != KV_OK)
            return r;
        r = tar_header_parse(record, rd->name, off, &h);
        if (r != KV_OK)
            return r;
        if (h.kind == TAR_END)
            return KV_OK;
        data = off + TAR_RECORD;
        left = rd->size - data;
        if (h.data_size > left)
            return kv_fail(KV_ECORRUPT, "%s: \"%s\" at offset %llu: size %llu "
                           "runs past the end of the device (%llu bytes)",
                           rd->name, h.name, (ull)off, (ull)h.data_size,
                           (ull)rd->size);
        if (h.kind == TAR_FILE)
            r = add_entry(t, h.name, NULL, data, h.data_size);
        else if (h.kind == TAR_LINK)
            r = add_entry(t, h.name, h.link, off, 0);
        if (r != KV_OK)
            return r;
        /* data_size < 2^63 (tar_header_parse): rounding up cannot wrap. */
        padded = (h.data_size + TAR_RECORD - 1) / TAR_RECORD * TAR_RECORD;
        if (padded > left)
            return kv_fail(KV_ECORRUPT, "%s: the archive ends inside \"%s\" "
                           "(header at offset %llu): truncated",
                           rd->name, h.name, (ull)off);
        off = data + padded;
    }
}

/* By key, then by position in the archive. */
static int entry_order(const void *a, const void *b)
{
    const struct tar_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    if (c != 0)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

static void sort(struct tar_store *t)
{
    size_t i = 1;

    /* Archives made with tar --sort=name need no sorting. */
    while (i < t->base.count &&
           entry_order(&t->entries[i - 1], &t->entries[i]) <= 0)
        i++;
    if (i < t->base.count)
        qsort(t->entries, t->base.count, sizeof(*t->entries), entry_order);
}

/* In the sorted table: the first entry not before (key, order). */
static size_t lower_bound(const struct tar_store *t, const char *key,
                          size_t order)
{
    size_t lo = 0, hi = t->base.count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct tar_entry *e = &t->entries[mid];
        int c = strcmp(e->key, key);

        if (c < 0 || (c == 0 && e->order < order))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int link_order(const void *a, const void *b)
{
    const struct tar_entry *x = *(const struct tar_entry *const *)a;
    const struct tar_entry *y = *(const struct tar_entry *const *)b;

    return x->order < y->order ? -1 : x->order > y->order;
}

/*
 * A hard link gets the data of the last entry of its target's name
 * before it in the archive. Links are taken in archive order, so a link
 * to an earlier link finds that one resolved already.
 */
static kv_result_t resolve_links(struct tar_store *t)
{
    struct tar_entry **links;
    size_t n = 0;
    kv_result_t r = KV_OK;

    for (size_t i = 0; i < t->base.count; i++)
        n += t->entries[i].link != NULL;
    if (n == 0)
        return KV_OK;
    links = malloc(n * sizeof(*links));
    if (links == NULL)
        return kv_fail(KV_ENOMEM, "%s: out of memory for %zu hard links",
                       t->reader.name, n);
    n = 0;
    for (size_t i = 0; i < t->base.count; i++)
        if (t->entries[i].link != NULL)
            links[n++] = &t->entries[i];
    qsort(links, n, sizeof(*links), link_order);
    for (size_t i = 0; i < n; i++) {
        struct tar_entry *l = links[i];
        size_t j = lower_bound(t, l->link, l->order);

        if (j == 0 || strcmp(t->entries[j - 1].key, l->link) != 0) {
            r = kv_fail(KV_ECORRUPT, "%s: hard link \"%s\" at offset %llu: "
                        "its target \"%s\" is not an earlier file of the "
                        "archive", t->reader.name, l->key, (ull)l->offset,
                        l->link);
            break;
        }
        l->offset = t->entries[j - 1].offset;
        l->size = t->entries[j - 1].size;
        free(l->link);
        l->link = NULL;
    }
    free(links);
    return r;
}

/* Of a name stored twice (tar -r), the later entry counts. */
static void drop_duplicates(struct tar_store *t)
{
    size_t n = 0;

    for (size_t i = 0; i < t->base.count; i++) {
        if (i + 1 < t->base.count &&
            strcmp(t->entries[i].key, t->entries[i + 1].key) == 0) {
            free(t->entries[i].key);
            continue;
        }
        t->entries[n++] = t->entries[i];
    }
    t->base.count = n;
}

struct kv_store *kv_open_tar(const struct kv_reader *reader)
{
    struct tar_store *t = calloc(1, sizeof(*t));

    if (t == NULL) {
        kv_fail(KV_ENOMEM, "%s: out of memory", reader->name);
        if (reader->close != NULL)
            reader->close(reader->ctx);
        return NULL;
    }
    t->base.ops = &tar_ops;
    t->reader = *reader;
    if (read_index(t) != KV_OK) {
        tar_free(t);
        return NULL;
    }
    sort(t);
    if (resolve_links(t) != KV_OK) {
        tar_free(t);
        return NULL;
    }
    drop_duplicates(t);
    return &t->base;
}
