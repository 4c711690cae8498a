/* SPDX-License-Identifier: ISC */
/*
 * Host tests of kv_open_block (tar_block.c) over a stub solo5 block
 * device in memory: any block size, many blocks per call (ukvm) or only
 * one (Solo5's solo5-hvt, which says EINVAL to more), failing reads.
 * The stub checks each call as the guest kernel does.
 */
#include "solo5.h"
#include "test_kv_util.h"

static struct {
    const unsigned char *data;
    uint64_t capacity, block_size;
    int one_block_per_call;
    uint64_t fail_from;         /* reads reaching here are EUNSPEC */
    int calls, misaligned;
} dev;

solo5_result_t solo5_block_acquire(const char *name, solo5_handle_t *handle,
                                   struct solo5_block_info *info)
{
    if (strcmp(name, "storage") != 0)
        return SOLO5_R_EINVAL;
    *handle = 3;
    info->capacity = dev.capacity;
    info->block_size = dev.block_size;
    return SOLO5_R_OK;
}

solo5_result_t solo5_block_read(solo5_handle_t handle, solo5_off_t offset,
                                uint8_t *buf, size_t size)
{
    dev.calls++;
    if (handle != 3 || offset % dev.block_size || size % dev.block_size ||
        size == 0 || offset > dev.capacity || size > dev.capacity - offset) {
        dev.misaligned++;
        return SOLO5_R_EINVAL;
    }
    if (dev.one_block_per_call && size != dev.block_size)
        return SOLO5_R_EINVAL;
    if (offset + size > dev.fail_from)
        return SOLO5_R_EUNSPEC;
    memcpy(buf, dev.data + offset, size);
    return SOLO5_R_OK;
}

/* The tree's archive padded to a whole number of blocks of bs. */
static unsigned char *image(const unsigned char *tar, size_t size, uint64_t bs,
                            uint64_t *capacity)
{
    uint64_t cap = (size + bs - 1) / bs * bs;
    unsigned char *img = calloc(1, cap);

    if (img == NULL)
        die("image");
    memcpy(img, tar, size);
    *capacity = cap;
    return img;
}

static void attach(const unsigned char *img, uint64_t cap, uint64_t bs,
                   int one_block)
{
    dev.data = img;
    dev.capacity = cap;
    dev.block_size = bs;
    dev.one_block_per_call = one_block;
    dev.fail_from = UINT64_MAX;
    dev.calls = dev.misaligned = 0;
}

/* Every value, read whole and at odd offsets and lengths, is right. */
static int store_matches(struct kv_store *s, const unsigned char *tar,
                         size_t tar_size)
{
    struct mem_archive m;
    struct kv_store *ref = mem_open(&m, tar, tar_size);
    int ok = ref != NULL && kv_count(s) == kv_count(ref);

    for (size_t i = 0; ok && i < kv_count(s); i++) {
        uint64_t size = kv_size(s, i);
        unsigned char *a = malloc(size + 1), *b = malloc(size + 1);

        ok = a && b && strcmp(kv_key(s, i), kv_key(ref, i)) == 0 &&
             size == kv_size(ref, i);
        for (uint64_t off = 0; ok && off <= size; off += off < 40 ? 1 : 97) {
            for (size_t len = 1; ok && len <= size + 1; len = len * 3 + 1) {
                size_t ga, gb;

                ok = kv_read(s, i, off, a, len, &ga) == KV_OK &&
                     kv_read(ref, i, off, b, len, &gb) == KV_OK &&
                     ga == gb && memcmp(a, b, ga) == 0;
            }
        }
        free(a);
        free(b);
    }
    kv_close(ref);
    return ok;
}

static void test_block_sizes(const unsigned char *tar, size_t size)
{
    static const uint64_t sizes[] = { 512, 1024, 4096, 32768 };

    for (int one = 0; one <= 1; one++)
        for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
            uint64_t cap;
            unsigned char *img = image(tar, size, sizes[k], &cap);
            struct kv_store *s;

            attach(img, cap, sizes[k], one);
            s = kv_open_block("storage");
            CHECK(s != NULL && store_matches(s, tar, size) &&
                  dev.misaligned == 0,
                  "block: %llu-byte blocks, %s per call: every read is right",
                  (unsigned long long)sizes[k], one ? "one block" : "many");
            if (s == NULL)
                check_note("%s", kv_last_error());
            kv_close(s);
            free(img);
        }
}

/* A 200 KiB value read whole takes a few calls, not one per block. */
static void test_big_value(void)
{
    size_t size, i, got;
    unsigned char *tar, *buf = malloc(200 * 1024);
    uint64_t cap;
    struct kv_store *s;
    int calls, ok;

    sh("mkdir -p '%s/big' && head -c 204800 /dev/urandom > '%s/big/blob'",
       scratch, scratch);
    sh("tar --format=ustar -cf '%s/big.tar' -C '%s/big' blob", scratch, scratch);
    tar = slurp("big.tar", &size);
    unsigned char *img = image(tar, size, 512, &cap);

    attach(img, cap, 512, 0);
    s = kv_open_block("storage");
    if (s == NULL || buf == NULL || kv_lookup(s, "blob", &i) != KV_OK)
        die("big value fixture");
    calls = dev.calls;
    ok = kv_read(s, i, 0, buf, 200 * 1024, &got) == KV_OK &&
         got == 200 * 1024 && memcmp(buf, tar + 512, got) == 0;
    calls = dev.calls - calls;
    CHECK(ok && calls <= 2, "block: a 200 KiB value is read in %d calls",
          calls);
    kv_close(s);

    attach(img, cap, 512, 1);
    s = kv_open_block("storage");
    if (s == NULL)
        die("big value fixture");
    CHECK(kv_read(s, 0, 0, buf, 200 * 1024, &got) == KV_OK &&
          got == 200 * 1024 && memcmp(buf, tar + 512, got) == 0,
          "block: with one block per call the 200 KiB value reads the same");
    kv_close(s);
    free(img);
    free(tar);
    free(buf);
}

static void test_errors(const unsigned char *tar, size_t size)
{
    uint64_t cap;
    unsigned char *img = image(tar, size, 4096, &cap);
    unsigned char buf[64];
    struct kv_store *s;
    size_t i, got;

    attach(img, cap, 4096, 0);
    CHECK(kv_open_block("nosuch") == NULL && kv_last_result() == KV_EINVAL &&
          strcmp(kv_last_error(), "nosuch: no such block device (is it in "
                 "the manifest and attached?)") == 0,
          "block: an unknown device is KV_EINVAL, named: %s", kv_last_error());

    dev.fail_from = 0;
    CHECK(kv_open_block("storage") == NULL && kv_last_result() == KV_EIO &&
          strcmp(kv_last_error(), "storage: reading 4096 bytes at offset 0 "
                 "failed (solo5 result 3)") == 0,
          "block: a failing read at open is KV_EIO: %s", kv_last_error());

    dev.fail_from = UINT64_MAX;
    s = kv_open_block("storage");
    if (s == NULL || kv_lookup(s, "docs/guide/notes.txt", &i) != KV_OK)
        die("errors fixture");
    dev.fail_from = 4096;
    CHECK(kv_read(s, i, 2000, buf, sizeof(buf), &got) == KV_EIO && got == 0 &&
          kv_last_result() == KV_EIO,
          "block: a failing read of a value is KV_EIO: %s", kv_last_error());
    dev.fail_from = UINT64_MAX;
    CHECK(kv_read(s, i, 2000, buf, sizeof(buf), &got) == KV_OK && got == 64,
          "block: the next read after a failure works again");
    kv_close(s);

    /* A capacity that is not a whole number of blocks: the rest unread. */
    attach(img, 8 * 512 + 100, 512, 0);
    s = kv_open_block("storage");
    CHECK(s == NULL && kv_last_result() == KV_ECORRUPT && dev.misaligned == 0,
          "block: a partial last block is never read: %s", kv_last_error());
    free(img);
}

int main(void)
{
    size_t size;
    unsigned char *tar;

    scratch_make();
    sh("tar --format=ustar -cf '%s/tree.tar' -C " KV_TREE " .", scratch);
    tar = slurp("tree.tar", &size);
    test_block_sizes(tar, size);
    test_big_value();
    test_errors(tar, size);
    free(tar);
    scratch_remove();
    return check_done();
}
