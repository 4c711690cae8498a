/* SPDX-License-Identifier: ISC */
/*
 * The allocator on a fake heap: random malloc/calloc/realloc/free with
 * every block's content checked, blocks aligned, inside the heap and
 * never overlapping; then everything freed must merge back into one
 * block the size of the heap. Plus the edge cases C defines.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "test_libc.h"

#define HEAP_SIZE (16u << 20)
static unsigned char *heap;

struct block {
    unsigned char *p;
    size_t size;
    unsigned char seed;
};

#define MAX_BLOCKS 2000
static struct block blocks[MAX_BLOCKS];

static void fill(struct block *b)
{
    for (size_t i = 0; i < b->size; i++)
        b->p[i] = (unsigned char)(b->seed + i * 7);
}

static bool intact(const struct block *b)
{
    for (size_t i = 0; i < b->size; i++)
        if (b->p[i] != (unsigned char)(b->seed + i * 7))
            return false;
    return true;
}

static size_t random_size(void)
{
    switch (rand() % 10) {
    case 0: return (size_t)rand() % 65536;
    case 1: return (size_t)rand() % 4096;
    case 2: return rand() % 50 == 0 ? 500000 + (size_t)rand() % 500000 : 100;
    default: return (size_t)rand() % 256;
    }
}

static int cmp_block(const void *a, const void *b)
{
    const struct block *x = a, *y = b;

    return (x->p > y->p) - (x->p < y->p);
}

/* Live blocks: aligned, inside the heap, no two overlapping. */
static bool layout_ok(void)
{
    static struct block sorted[MAX_BLOCKS];
    size_t n = 0;

    for (size_t i = 0; i < MAX_BLOCKS; i++) {
        if (blocks[i].p == NULL)
            continue;
        if ((uintptr_t)blocks[i].p % 16 != 0 || blocks[i].p < heap ||
            blocks[i].p + blocks[i].size > heap + HEAP_SIZE)
            return false;
        sorted[n++] = blocks[i];
    }
    qsort(sorted, n, sizeof(sorted[0]), cmp_block);
    for (size_t i = 1; i < n; i++)
        if (sorted[i - 1].p + sorted[i - 1].size > sorted[i].p)
            return false;
    return true;
}

static void test_random_use(void)
{
    int corrupt = 0, bad_layout = 0, failed = 0, not_zeroed = 0, ops = 0;

    memset(blocks, 0, sizeof(blocks));
    for (int round = 0; round < 200000; round++) {
        struct block *b = &blocks[(size_t)rand() % MAX_BLOCKS];
        int what = rand() % 4;

        ops++;
        if (b->p != NULL && !intact(b))
            corrupt++;
        if (b->p == NULL && what == 0) {
            b->size = random_size();
            b->p = uk_calloc(1, b->size);
            for (size_t i = 0; b->p != NULL && i < b->size; i++)
                not_zeroed += b->p[i] != 0;
        } else if (b->p == NULL) {
            b->size = random_size();
            b->p = uk_malloc(b->size);
        } else if (what == 0) {
            size_t size = random_size(), keep = size < b->size ? size : b->size;
            unsigned char *p = uk_realloc(b->p, size);

            if (p == NULL) {
                failed++;
                continue;       /* the old block stays */
            }
            b->p = p;
            b->size = keep;
            corrupt += !intact(b);
            b->size = size;
        } else {
            uk_free(b->p);
            b->p = NULL;
            continue;
        }
        if (b->p == NULL) {
            failed++;
            continue;
        }
        b->seed = (unsigned char)rand();
        fill(b);
        if (round % 2000 == 0)
            bad_layout += !layout_ok();
    }
    bad_layout += !layout_ok();
    CHECK(corrupt == 0, "malloc: %d random operations keep every block's "
          "content (%d corrupt)", ops, corrupt);
    CHECK(bad_layout == 0, "malloc: blocks stay 16-byte aligned, inside the "
          "heap and apart");
    CHECK(not_zeroed == 0, "calloc: blocks come zeroed, also reused memory");
    CHECK(failed == 0, "malloc: a 16 MiB heap with some 5 MiB in use never "
          "runs out (%d of %d failed)", failed, ops);
    for (size_t i = 0; i < MAX_BLOCKS; i++) {
        uk_free(blocks[i].p);
        blocks[i].p = NULL;
    }
}

/* After everything is freed, the whole heap is one free block again. */
static void test_all_merged(void)
{
    void *p = uk_malloc(HEAP_SIZE - 64);

    CHECK(p != NULL && p == heap + 16,
          "free: everything freed merges back into one heap-sized block");
    CHECK(uk_malloc(64) == NULL && uk_errno == ENOMEM,
          "malloc: a full heap gives NULL and ENOMEM");
    uk_free(p);
    CHECK(uk_malloc(HEAP_SIZE) == NULL, "malloc: more than the heap is NULL");
    p = uk_malloc(HEAP_SIZE - 64);
    CHECK(p != NULL, "malloc: the heap is whole again after a failed request");
    uk_free(p);
}

static void test_realloc(void)
{
    unsigned char *a, *b, *c, *d, *r, *old;

    a = uk_malloc(100);
    b = uk_malloc(100);
    c = uk_malloc(100);
    memset(b, 0x5a, 100);
    uk_free(c);
    r = uk_realloc(b, 200);
    CHECK(r == b, "realloc: grows in place into a free block above");
    r = uk_realloc(b, 40);
    CHECK(r == b && r[39] == 0x5a && r[0] == 0x5a, "realloc: shrinks in place");
    c = uk_malloc(100);
    CHECK(c > b && c < b + 200, "realloc: a shrink gives the rest back");
    old = b;
    r = uk_realloc(b, 5000);
    CHECK(r != NULL && r != b && r[0] == 0x5a && r[39] == 0x5a,
          "realloc: moves when it cannot grow, keeping the content");
    CHECK((b = uk_malloc(40)) == old, "realloc: the block it moved from is "
          "free again");
    d = uk_realloc(NULL, 10);
    CHECK(d != NULL, "realloc(NULL, n) is malloc");
    uk_errno = 0;
    CHECK(uk_realloc(a, SIZE_MAX - 8) == NULL && uk_errno == ENOMEM,
          "realloc: an impossible size is NULL and ENOMEM");
    uk_free(a);
    uk_free(b);
    uk_free(c);
    uk_free(d);
    uk_free(r);
}

static void test_edges(void)
{
    void *p, *q;
    int bad = 0;

    uk_free(NULL);
    CHECK(1, "free(NULL) does nothing");
    p = uk_malloc(0);
    q = uk_malloc(0);
    CHECK(p != NULL && q != NULL && p != q, "malloc(0): distinct pointers");
    uk_free(p);
    uk_free(q);
    uk_errno = 0;
    CHECK(uk_calloc(SIZE_MAX / 2, 3) == NULL && uk_errno == ENOMEM,
          "calloc: count * size overflowing is NULL and ENOMEM");
    CHECK(uk_calloc((size_t)1 << 33, (size_t)1 << 31) == NULL,
          "calloc: 2^64 bytes is NULL");
    CHECK(uk_malloc(SIZE_MAX) == NULL && uk_malloc(SIZE_MAX - 15) == NULL,
          "malloc: sizes near SIZE_MAX are NULL");

    for (size_t align = 1; align <= 65536; align *= 2) {
        void *blocks2[8];

        for (int i = 0; i < 8; i++) {
            blocks2[i] = uk_aligned_alloc(align, (size_t)(i * 37));
            bad += blocks2[i] == NULL || (uintptr_t)blocks2[i] % align != 0;
            if (blocks2[i] != NULL)
                memset(blocks2[i], i, (size_t)(i * 37));
        }
        for (int i = 0; i < 8; i++) {
            for (size_t k = 0; k < (size_t)(i * 37); k++)
                bad += ((unsigned char *)blocks2[i])[k] != i;
            uk_free(blocks2[i]);
        }
    }
    CHECK(bad == 0, "aligned_alloc: alignments 1..65536 hold, blocks usable "
          "and freeable");
    uk_errno = 0;
    CHECK(uk_aligned_alloc(24, 10) == NULL && uk_errno == EINVAL,
          "aligned_alloc: an alignment not a power of two is EINVAL");
    p = NULL;
    CHECK(uk_posix_memalign(&p, 4096, 100) == 0 && p != NULL &&
          (uintptr_t)p % 4096 == 0, "posix_memalign: 4096-aligned block");
    uk_free(p);
    CHECK(uk_posix_memalign(&p, 4, 100) == EINVAL &&
          uk_posix_memalign(&p, 48, 100) == EINVAL,
          "posix_memalign: alignments below a pointer or not a power of two "
          "are EINVAL");
}

static void test_bad_free(void)
{
    void *p = uk_malloc(32);
    char local;

    uk_free(p);
    console_reset();
    exit_jump_set = 1;
    if (setjmp(exit_jump) == 0)
        uk_free(p);
    exit_jump_set = 0;
    CHECK(exit_status == 255 && strstr(console, "double free") != NULL,
          "free: a double free is reported and aborts (status 255)");
    exit_status = -1;
    exit_jump_set = 1;
    if (setjmp(exit_jump) == 0)
        uk_free(&local);
    exit_jump_set = 0;
    CHECK(exit_status == 255, "free: a pointer outside the heap aborts");
}

static void test_tiny_heaps(void)
{
    static unsigned char small[256];
    unsigned char *p;

    uk___libc_heap_init(small, 0);
    CHECK(uk_malloc(1) == NULL, "malloc: an empty heap gives NULL");
    uk___libc_heap_init(small + 3, 100);
    p = uk_malloc(40);
    CHECK(p != NULL && (uintptr_t)p % 16 == 0 && p >= small + 3 &&
          p + 40 <= small + 103, "malloc: an unaligned 100-byte heap still "
          "serves 40 bytes, aligned, inside it");
}

int main(void)
{
    heap = aligned_alloc(16, HEAP_SIZE);
    srand(4242);
    uk___libc_heap_init(heap, HEAP_SIZE);
    test_random_use();
    test_all_merged();
    test_realloc();
    test_edges();
    test_all_merged();
    test_bad_free();
    test_tiny_heaps();
    free(heap);
    return check_done();
}
