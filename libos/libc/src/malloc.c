/* SPDX-License-Identifier: ISC */
/*
 * malloc over the one heap region solo5 gives the application.
 *
 * The heap is cut into chunks laid end to end. Each starts with a 16-byte
 * header: the size of the chunk below it and its own size (bit 0 set
 * while in use), so free() finds both neighbours at once and merges with
 * whichever is free. Payloads are 16-byte aligned. Free chunks sit in
 * segregated lists: one per 16-byte size below 1 KiB (an exact fit is the
 * list's head), then one per power of two (first fit within the list);
 * a bitmap of non-empty lists finds the next larger one directly. Any
 * chunk in a larger list fits, so a request never scans more than one
 * list. An in-use header at the end stops merging past the heap.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libc_internal.h"

struct chunk {
    size_t prev_size;       /* 0 for the first chunk */
    size_t size;            /* header included; bit 0: in use */
    struct chunk *next;     /* free chunks only: their list */
    struct chunk *prev;
};

#define HEADER      16
#define ALIGN       16
#define MIN_CHUNK   32      /* a header and the two list pointers */
#define IN_USE      1
#define SMALL_LIMIT 1024    /* below: one list per 16 bytes */
#define NLISTS      (SMALL_LIMIT / ALIGN + 64)

static struct chunk *lists[NLISTS];
static uint64_t nonempty[(NLISTS + 63) / 64];
static char *heap_lo, *heap_hi;     /* first chunk; the end header */

static size_t size_of(const struct chunk *c)
{
    return c->size & ~(size_t)IN_USE;
}

static bool in_use(const struct chunk *c)
{
    return c->size & IN_USE;
}

static struct chunk *next_chunk(struct chunk *c)
{
    return (struct chunk *)((char *)c + size_of(c));
}

static struct chunk *prev_chunk(struct chunk *c)
{
    return c->prev_size ? (struct chunk *)((char *)c - c->prev_size) : NULL;
}

static unsigned list_of(size_t size)
{
    if (size < SMALL_LIMIT)
        return (unsigned)(size / ALIGN);
    /* 1 KiB .. 2 KiB - 1 is the first list after the small ones. */
    return SMALL_LIMIT / ALIGN + (unsigned)(63 - __builtin_clzl(size)) - 10;
}

static void list_insert(struct chunk *c)
{
    unsigned i = list_of(size_of(c));

    c->prev = NULL;
    c->next = lists[i];
    if (c->next != NULL)
        c->next->prev = c;
    lists[i] = c;
    nonempty[i / 64] |= 1ULL << (i % 64);
}

static void list_remove(struct chunk *c)
{
    unsigned i = list_of(size_of(c));

    if (c->prev != NULL)
        c->prev->next = c->next;
    else
        lists[i] = c->next;
    if (c->next != NULL)
        c->next->prev = c->prev;
    if (lists[i] == NULL)
        nonempty[i / 64] &= ~(1ULL << (i % 64));
}

/* The first non-empty list at index from or above; NLISTS if none. */
static unsigned list_from(unsigned from)
{
    for (unsigned w = from / 64; w < sizeof(nonempty) / 8; w++) {
        uint64_t bits = nonempty[w];

        if (w == from / 64)
            bits &= ~0ULL << (from % 64);
        if (bits != 0)
            return w * 64 + (unsigned)__builtin_ctzll(bits);
    }
    return NLISTS;
}

/* Sets c's size (and flag), keeping the next chunk's prev_size true. */
static void set_size(struct chunk *c, size_t size, size_t flag)
{
    c->size = size | flag;
    next_chunk(c)->prev_size = size;
}

/* Gives back c's bytes beyond size (if enough for a chunk) as a free one. */
static void trim(struct chunk *c, size_t size)
{
    size_t total = size_of(c);
    struct chunk *rest;

    if (total - size < MIN_CHUNK)
        return;
    set_size(c, size, IN_USE);
    rest = next_chunk(c);
    set_size(rest, total - size, IN_USE);
    free((char *)rest + HEADER);    /* merges with a free chunk above */
}

void __libc_heap_init(void *start, size_t size)
{
    uintptr_t lo = ((uintptr_t)start + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
    uintptr_t hi = ((uintptr_t)start + size) & ~(uintptr_t)(ALIGN - 1);
    struct chunk *first, *end;

    memset(lists, 0, sizeof(lists));
    memset(nonempty, 0, sizeof(nonempty));
    heap_lo = heap_hi = NULL;
    if (size < 2 * MIN_CHUNK || hi < lo + MIN_CHUNK + HEADER)
        return;
    heap_lo = (char *)lo;
    heap_hi = (char *)hi - HEADER;
    first = (struct chunk *)heap_lo;
    end = (struct chunk *)heap_hi;
    first->prev_size = 0;
    end->size = HEADER | IN_USE;
    set_size(first, (size_t)(heap_hi - heap_lo), 0);
    list_insert(first);
}

/* The chunk size for a request: header added, rounded to 16; 0 if huge. */
static size_t chunk_size(size_t request)
{
    if (request > SIZE_MAX / 2)
        return 0;
    request = (request + HEADER + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    return request < MIN_CHUNK ? MIN_CHUNK : request;
}

void *malloc(size_t request)
{
    size_t size = chunk_size(request);
    unsigned i;
    struct chunk *c = NULL;

    if (size == 0) {
        errno = ENOMEM;
        return NULL;
    }
    i = list_of(size);
    if (size >= SMALL_LIMIT) {
        for (c = lists[i]; c != NULL && size_of(c) < size; c = c->next)
            ;
    }
    if (c == NULL) {
        i = list_from(size < SMALL_LIMIT ? i : i + 1);
        if (i == NLISTS) {
            errno = ENOMEM;
            return NULL;
        }
        c = lists[i];
    }
    list_remove(c);
    set_size(c, size_of(c), IN_USE);
    trim(c, size);
    return (char *)c + HEADER;
}

/* The chunk of a pointer malloc gave out; stops on anything else. */
static struct chunk *chunk_of(void *ptr)
{
    struct chunk *c = (struct chunk *)((char *)ptr - HEADER);

    if ((char *)c < heap_lo || (char *)c >= heap_hi ||
        ((uintptr_t)ptr & (ALIGN - 1)) != 0 || !in_use(c)) {
        fprintf(stderr, "malloc: free or realloc of %p: not allocated "
                "(double free or a bad pointer)\n", ptr);
        abort();
    }
    return c;
}

void free(void *ptr)
{
    struct chunk *c, *n, *p;
    size_t size;

    if (ptr == NULL)
        return;
    c = chunk_of(ptr);
    size = size_of(c);
    n = next_chunk(c);
    if (!in_use(n)) {
        list_remove(n);
        size += size_of(n);
    }
    p = prev_chunk(c);
    if (p != NULL && !in_use(p)) {
        list_remove(p);
        size += size_of(p);
        c = p;
    }
    set_size(c, size, 0);
    list_insert(c);
}

void *calloc(size_t count, size_t size)
{
    void *p;

    if (size != 0 && count > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    p = malloc(count * size);
    if (p != NULL)
        memset(p, 0, count * size);
    return p;
}

void *realloc(void *ptr, size_t request)
{
    size_t size = chunk_size(request);
    struct chunk *c, *n;
    void *moved;

    if (ptr == NULL)
        return malloc(request);
    if (size == 0) {
        errno = ENOMEM;
        return NULL;
    }
    c = chunk_of(ptr);
    /* In place: shrink, or grow into a free chunk just above. */
    n = next_chunk(c);
    if (size > size_of(c) && !in_use(n) && size_of(c) + size_of(n) >= size) {
        list_remove(n);
        set_size(c, size_of(c) + size_of(n), IN_USE);
    }
    if (size <= size_of(c)) {
        trim(c, size);
        return ptr;
    }
    moved = malloc(request);
    if (moved != NULL) {
        memcpy(moved, ptr, size_of(c) - HEADER);
        free(ptr);
    }
    return moved;
}

/* Over-allocates, then frees the part below the aligned address. */
static void *alloc_aligned(size_t alignment, size_t request)
{
    size_t size = chunk_size(request);
    char *raw, *aligned;
    struct chunk *c, *a;

    if (alignment <= ALIGN)
        return malloc(request);
    if (size == 0 || alignment > SIZE_MAX / 4 ||
        (raw = malloc(request + alignment + MIN_CHUNK)) == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    /* Leave at least MIN_CHUNK below, so it can become a free chunk. */
    aligned = (char *)(((uintptr_t)raw + MIN_CHUNK + alignment - 1) &
                       ~(uintptr_t)(alignment - 1));
    c = chunk_of(raw);
    a = (struct chunk *)(aligned - HEADER);
    set_size(a, (size_t)((char *)next_chunk(c) - (char *)a), IN_USE);
    set_size(c, (size_t)((char *)a - (char *)c), IN_USE);
    free(raw);
    trim(a, size);
    return aligned;
}

void *aligned_alloc(size_t alignment, size_t size)
{
    if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
        errno = EINVAL;
        return NULL;
    }
    return alloc_aligned(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size)
{
    void *p;

    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0)
        return EINVAL;
    p = alloc_aligned(alignment, size);
    if (p == NULL)
        return ENOMEM;
    *out = p;
    return 0;
}
