/* SPDX-License-Identifier: ISC */
/*
 * qsort: quicksort (the smaller side recursed into, so the stack stays
 * O(log n)), insertion sort for short runs, and heapsort once the
 * recursion is deeper than 2 log2 n, so no input takes n^2 time.
 * bsearch: the usual halving.
 */
#include <stdlib.h>

#include "libc_internal.h"

typedef int compare_fn(const void *, const void *);

enum { SHORT_RUN = 12 };

static void swap(char *a, char *b, size_t size)
{
    for (; size >= 8; size -= 8, a += 8, b += 8) {
        __libc_word t = *(__libc_word *)a;

        *(__libc_word *)a = *(__libc_word *)b;
        *(__libc_word *)b = t;
    }
    for (; size > 0; size--, a++, b++) {
        char t = *a;

        *a = *b;
        *b = t;
    }
}

static void insertion_sort(char *base, size_t n, size_t size,
                           compare_fn *cmp)
{
    for (size_t i = 1; i < n; i++)
        for (char *p = base + i * size; p > base && cmp(p - size, p) > 0;
             p -= size)
            swap(p - size, p, size);
}

static void sift_down(char *base, size_t root, size_t n, size_t size,
                      compare_fn *cmp)
{
    for (;;) {
        size_t child = 2 * root + 1;

        if (child >= n)
            return;
        if (child + 1 < n &&
            cmp(base + child * size, base + (child + 1) * size) < 0)
            child++;
        if (cmp(base + root * size, base + child * size) >= 0)
            return;
        swap(base + root * size, base + child * size, size);
        root = child;
    }
}

static void heap_sort(char *base, size_t n, size_t size, compare_fn *cmp)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(base, i, n, size, cmp);
    for (size_t end = n; end-- > 1;) {
        swap(base, base + end * size, size);
        sift_down(base, 0, end, size, cmp);
    }
}

static char *median3(char *a, char *b, char *c, compare_fn *cmp)
{
    if (cmp(a, b) < 0)
        return cmp(b, c) < 0 ? b : cmp(a, c) < 0 ? c : a;
    return cmp(b, c) > 0 ? b : cmp(a, c) > 0 ? c : a;
}

/*
 * Picks a pivot (the median of three, or of three medians of three on
 * long runs, so sorted, reversed and organ-pipe inputs split well), puts
 * it at base[0] and partitions the rest around it; returns the pivot's
 * final index. Equal keys stop both scans, so many equal keys split evenly.
 */
static size_t partition(char *base, size_t n, size_t size, compare_fn *cmp)
{
    char *lo = base, *mid = base + n / 2 * size, *hi = base + (n - 1) * size;
    size_t i = 1, j = n - 1;

    if (n > 40) {
        size_t step = n / 8 * size;

        lo = median3(lo, lo + step, lo + 2 * step, cmp);
        mid = median3(mid - step, mid, mid + step, cmp);
        hi = median3(hi - 2 * step, hi - step, hi, cmp);
    }
    swap(base, median3(lo, mid, hi, cmp), size);
    for (;;) {
        while (i <= j && cmp(base + i * size, base) < 0)
            i++;
        while (cmp(base + j * size, base) > 0)
            j--;    /* stops at the pivot, base[0], at the latest */
        if (i >= j)
            break;
        swap(base + i * size, base + j * size, size);
        i++;
        j--;
    }
    swap(base, base + j * size, size);
    return j;
}

static void sort(char *base, size_t n, size_t size, compare_fn *cmp,
                 int depth)
{
    while (n > SHORT_RUN) {
        size_t p, left, right;

        if (depth-- == 0) {
            heap_sort(base, n, size, cmp);
            return;
        }
        p = partition(base, n, size, cmp);
        left = p;
        right = n - p - 1;
        if (left < right) {
            sort(base, left, size, cmp, depth);
            base += (p + 1) * size;
            n = right;
        } else {
            sort(base + (p + 1) * size, right, size, cmp, depth);
            n = left;
        }
    }
    insertion_sort(base, n, size, cmp);
}

void qsort(void *base, size_t count, size_t size, compare_fn *cmp)
{
    int depth = 0;

    for (size_t n = count; n > 1; n /= 2)
        depth += 2;
    if (size > 0)
        sort(base, count, size, cmp, depth);
}

void *bsearch(const void *key, const void *base, size_t count, size_t size,
              compare_fn *cmp)
{
    const char *lo = base;

    while (count > 0) {
        const char *mid = lo + count / 2 * size;
        int c = cmp(key, mid);

        if (c == 0)
            return (void *)mid;
        if (c > 0) {
            lo = mid + size;
            count -= count / 2 + 1;
        } else {
            count /= 2;
        }
    }
    return NULL;
}
