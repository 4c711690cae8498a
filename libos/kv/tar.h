/* SPDX-License-Identifier: ISC */
/*
 * tar.h: the ustar back end, split so that its parsing core (tar_header.c,
 * tar_index.c) knows nothing of solo5 and is unit-tested on the host;
 * tar_block.c feeds it from a block device.
 */
#ifndef KV_TAR_H
#define KV_TAR_H

#include "kv_store.h"

#define TAR_RECORD 512              /* headers and data come in records */
#define TAR_NAME_MAX (155 + 1 + 100)    /* prefix "/" name */

/* Where the archive's bytes come from: a block device, or memory. */
struct kv_reader {
    const char *name;       /* for messages: the device's name */
    uint64_t size;          /* bytes that may be read */
    /*
     * Reads len bytes at offset (offset + len <= size) into buf: KV_OK,
     * or a result already recorded with kv_fail.
     */
    kv_result_t (*read)(void *ctx, uint64_t offset, void *buf, size_t len);
    void (*close)(void *ctx);   /* at kv_close; may be NULL */
    void *ctx;
};

enum tar_kind {
    TAR_END,        /* an all-zero record: the end of the archive */
    TAR_FILE,       /* a regular file: a key */
    TAR_LINK,       /* a hard link: a key for an earlier file's data */
    TAR_OTHER       /* a directory, symbolic link, device: skipped */
};

struct tar_header {
    enum tar_kind kind;
    char name[TAR_NAME_MAX + 1];    /* "./" and "/" prefixes removed */
    char link[TAR_NAME_MAX + 1];    /* TAR_LINK: the earlier file's name */
    uint64_t data_size;     /* bytes of data records after the header */
};

/*
 * Parses the header record found at byte offset of the archive called
 * store_name. Errors (KV_ECORRUPT) name the offset and what is wrong.
 */
kv_result_t tar_header_parse(const unsigned char record[TAR_RECORD],
                             const char *store_name, uint64_t offset,
                             struct tar_header *header);

/*
 * Reads the whole index of the archive behind reader (copied; its close
 * runs at kv_close, or at once if the open fails) and returns the store,
 * or NULL with the reason recorded.
 */
struct kv_store *kv_open_tar(const struct kv_reader *reader);

#endif
