/* SPDX-License-Identifier: ISC */
/*
 * Helpers shared by the host tests of libos/kv: archives made by the
 * host's tar in a scratch directory, an in-memory reader for the ustar
 * core, and a little header surgery for the corruption tests.
 */
#ifndef TEST_KV_UTIL_H
#define TEST_KV_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "tar.h"

#ifndef KV_TREE
#define KV_TREE "tests/data/kv/tree"
#endif

/* The fixture tree's files, sorted as keys. */
static const char *const tree_keys[] = {
    "css/site.css", "docs/guide/notes.txt", "docs/with space.txt",
    "empty", "index.html",
};
#define TREE_KEYS (sizeof(tree_keys) / sizeof(tree_keys[0]))

static char scratch[] = "/tmp/test_kv.XXXXXX";

static inline void die(const char *what)
{
    fprintf(stderr, "test setup failed: %s\n", what);
    exit(2);
}

/* Runs a shell command built printf-style; exits on failure. */
__attribute__((format(printf, 1, 2)))
static inline void sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    if (system(cmd) != 0)
        die(cmd);
}

static inline void scratch_make(void)
{
    if (mkdtemp(scratch) == NULL)
        die("mkdtemp");
}

static inline void scratch_remove(void)
{
    sh("rm -rf '%s'", scratch);
}

/* The whole file at path (scratch-relative if not absolute). */
static inline unsigned char *slurp(const char *path, size_t *size)
{
    char full[2048];
    unsigned char *buf;
    FILE *f;
    long n;

    snprintf(full, sizeof(full), "%s%s%s", path[0] == '/' ? "" : scratch,
             path[0] == '/' ? "" : "/", path);
    f = fopen(full, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
        die(full);
    rewind(f);
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
        die(full);
    fclose(f);
    *size = (size_t)n;
    return buf;
}

/* The fixture file behind a key. */
static inline unsigned char *tree_file(const char *key, size_t *size)
{
    char path[1024];
    char cwd[512];

    if (getcwd(cwd, sizeof(cwd)) == NULL)
        die("getcwd");
    if (snprintf(path, sizeof(path), "%s/%s/%s", cwd, KV_TREE, key) >=
        (int)sizeof(path))
        die("path too long");
    return slurp(path, size);
}

/* An archive in memory; reads past its end fail the test loudly. */
struct mem_archive {
    const unsigned char *data;
    size_t size;
    uint64_t fail_from;     /* reads reaching this offset fail (KV_EIO) */
    int out_of_bounds;      /* reads asked outside the archive */
};

static inline kv_result_t mem_read(void *ctx, uint64_t offset, void *buf,
                                   size_t len)
{
    struct mem_archive *m = ctx;

    if (offset > m->size || len > m->size - offset) {
        m->out_of_bounds++;
        return kv_fail(KV_EIO, "mem: read outside the archive");
    }
    if (offset + len > m->fail_from)
        return kv_fail(KV_EIO, "mem: read failed at offset %llu",
                       (unsigned long long)offset);
    memcpy(buf, m->data + offset, len);
    return KV_OK;
}

static inline struct kv_store *mem_open(struct mem_archive *m,
                                        const void *data, size_t size)
{
    struct kv_reader reader = {
        .name = "mem", .size = size, .read = mem_read, .ctx = m,
    };

    m->data = data;
    m->size = size;
    m->fail_from = UINT64_MAX;
    m->out_of_bounds = 0;
    return kv_open_tar(&reader);
}

/* Sets a header's checksum field to match its bytes. */
static inline void fix_checksum(unsigned char *h)
{
    unsigned sum = 0;

    memset(h + 148, ' ', 8);
    for (int i = 0; i < 512; i++)
        sum += h[i];
    snprintf((char *)h + 148, 8, "%06o", sum);
}

/* Offset of the header of name in a tar image, or -1. */
static inline long header_offset(const unsigned char *tar, size_t size,
                                 const char *name)
{
    size_t off = 0;

    while (off + 512 <= size && tar[off] != 0) {
        unsigned long long n = strtoull((const char *)tar + off + 124, NULL, 8);

        if (strcmp((const char *)tar + off, name) == 0)
            return (long)off;
        off += 512 + (size_t)(n + 511) / 512 * 512;
    }
    return -1;
}

/* The whole value of key, read in pieces of `piece` bytes. */
static inline unsigned char *read_value(struct kv_store *s, size_t i,
                                        size_t piece, size_t *size,
                                        kv_result_t *result)
{
    size_t total = (size_t)kv_size(s, i), done = 0, got;
    unsigned char *buf = malloc(total + 1);

    *result = KV_OK;
    while (buf != NULL) {
        *result = kv_read(s, i, done, buf + done,
                          piece < total - done ? piece : total - done, &got);
        if (*result != KV_OK || got == 0)
            break;
        done += got;
    }
    *size = done;
    return buf;
}

#endif
