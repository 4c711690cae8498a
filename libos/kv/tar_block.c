/* SPDX-License-Identifier: ISC */
/*
 * tar_block.c: kv_open_block, the ustar store on a solo5 block device.
 * solo5 reads whole, aligned blocks only, so this reader keeps one block
 * (the last one read) to serve headers and unaligned edges, and reads
 * runs of whole blocks straight into the caller's buffer. ukvm takes
 * many blocks per call; Solo5's solo5-hvt only one, and says EINVAL to
 * more, after which this reader keeps to one block per call.
 */
#include <stdlib.h>
#include <string.h>

#include "solo5.h"
#include "tar.h"

#define MAX_READ_BYTES (256 * 1024)     /* per call, when many blocks go */
#define NO_BLOCK UINT64_MAX

typedef unsigned long long ull;

struct block_dev {
    solo5_handle_t handle;
    uint64_t block_size;
    uint64_t max_blocks;    /* per solo5_block_read call */
    uint64_t cached;        /* number of the block in buf, or NO_BLOCK */
    unsigned char *buf;     /* one block */
    char name[];
};

static kv_result_t device_read(struct block_dev *d, uint64_t offset,
                               unsigned char *buf, uint64_t size)
{
    solo5_result_t r = solo5_block_read(d->handle, offset, buf, size);

    if (r == SOLO5_R_EINVAL && size > d->block_size) {
        d->max_blocks = 1;
        r = SOLO5_R_OK;
        for (uint64_t done = 0; done < size && r == SOLO5_R_OK;
             done += d->block_size)
            r = solo5_block_read(d->handle, offset + done, buf + done,
                                 d->block_size);
    }
    if (r != SOLO5_R_OK)
        return kv_fail(KV_EIO, "%s: reading %llu bytes at offset %llu failed "
                       "(solo5 result %d)", d->name, (ull)size, (ull)offset,
                       (int)r);
    return KV_OK;
}

static kv_result_t block_read(void *ctx, uint64_t offset, void *out,
                              size_t len)
{
    struct block_dev *d = ctx;
    unsigned char *dst = out;
    uint64_t bs = d->block_size;
    kv_result_t r;

    while (len > 0) {
        uint64_t block = offset / bs, in = offset % bs, n;

        if (in == 0 && len >= bs) {
            n = len / bs < d->max_blocks ? len / bs : d->max_blocks;
            n *= bs;
            r = device_read(d, offset, dst, n);
        } else {
            n = bs - in < len ? bs - in : len;
            r = KV_OK;
            if (d->cached != block) {
                d->cached = NO_BLOCK;
                r = device_read(d, block * bs, d->buf, bs);
                if (r == KV_OK)
                    d->cached = block;
            }
            if (r == KV_OK)
                memcpy(dst, d->buf + in, n);
        }
        if (r != KV_OK)
            return r;
        dst += n;
        offset += n;
        len -= n;
    }
    return KV_OK;
}

static void block_close(void *ctx)
{
    struct block_dev *d = ctx;

    free(d->buf);
    free(d);
}

struct kv_store *kv_open_block(const char *device_name)
{
    struct solo5_block_info info;
    struct kv_reader reader;
    struct block_dev *d;
    size_t name_len = strlen(device_name);

    d = calloc(1, sizeof(*d) + name_len + 1);
    if (d == NULL) {
        kv_fail(KV_ENOMEM, "%s: out of memory", device_name);
        return NULL;
    }
    memcpy(d->name, device_name, name_len + 1);
    if (solo5_block_acquire(device_name, &d->handle, &info) != SOLO5_R_OK) {
        kv_fail(KV_EINVAL, "%s: no such block device (is it in the "
                "manifest and attached?)", device_name);
        goto fail;
    }
    if (info.block_size == 0 || info.block_size > MAX_READ_BYTES) {
        kv_fail(KV_EIO, "%s: unusable block size %llu", device_name,
                (ull)info.block_size);
        goto fail;
    }
    d->block_size = info.block_size;
    d->max_blocks = MAX_READ_BYTES / info.block_size;
    d->cached = NO_BLOCK;
    d->buf = malloc(info.block_size);
    if (d->buf == NULL) {
        kv_fail(KV_ENOMEM, "%s: out of memory", device_name);
        goto fail;
    }
    /* A partial last block could not be read: leave it out. */
    reader.name = d->name;
    reader.size = info.capacity - info.capacity % info.block_size;
    reader.read = block_read;
    reader.close = block_close;
    reader.ctx = d;
    return kv_open_tar(&reader);
fail:
    block_close(d);
    return NULL;
}
