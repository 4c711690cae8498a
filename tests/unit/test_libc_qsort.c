/* SPDX-License-Identifier: ISC */
/*
 * qsort against glibc's on random and patterned arrays of several element
 * sizes, with a bound on comparisons for the inputs that make a plain
 * quicksort quadratic; bsearch finds every element and no absent one.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "test_libc.h"

static long comparisons;

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    comparisons++;
    return (x > y) - (x < y);
}

static int cmp_u8(const void *a, const void *b)
{
    return *(const uint8_t *)a - *(const uint8_t *)b;
}

/* 24-byte records ordered by key, with a payload that must travel along. */
struct record {
    uint64_t key;
    uint64_t check;     /* key * 3 + 1, to catch torn swaps */
    uint32_t pad[2];
};

static int cmp_record(const void *a, const void *b)
{
    const struct record *x = a, *y = b;

    return (x->key > y->key) - (x->key < y->key);
}

/* 12-byte elements: a size that is no multiple of 8. */
struct odd { uint32_t key, a, b; };

static int cmp_odd(const void *a, const void *b)
{
    const struct odd *x = a, *y = b;

    return (x->key > y->key) - (x->key < y->key);
}

enum pattern { RANDOM, FEW_KEYS, SORTED, REVERSED, EQUAL, ORGAN_PIPE, SAWTOOTH };
static const char *const pattern_names[] = {
    "random", "few keys", "sorted", "reversed", "all equal", "organ pipe",
    "sawtooth",
};

static int value_at(enum pattern p, size_t i, size_t n)
{
    switch (p) {
    case FEW_KEYS:   return rand() % 4;
    case SORTED:     return (int)i;
    case REVERSED:   return (int)(n - i);
    case EQUAL:      return 7;
    case ORGAN_PIPE: return (int)(i < n / 2 ? i : n - i);
    case SAWTOOTH:   return (int)(i % 17);
    default:         return rand() - RAND_MAX / 2;
    }
}

static void test_ints(void)
{
    static const size_t sizes[] = { 0, 1, 2, 3, 5, 12, 13, 31, 100, 1000, 100000 };

    for (int p = RANDOM; p <= SAWTOOTH; p++) {
        int bad = 0;
        long worst = 0;

        for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
            size_t n = sizes[s];
            int *ours = malloc((n + 1) * sizeof(int));
            int *want = malloc((n + 1) * sizeof(int));

            for (size_t i = 0; i < n; i++)
                ours[i] = want[i] = value_at(p, i, n);
            comparisons = 0;
            uk_qsort(ours, n, sizeof(int), cmp_int);
            if (n > 1) {
                double bound = 3.0 * (double)n * log2((double)n) + 4.0 * (double)n;

                if ((double)comparisons / bound > (double)worst / 1000.0)
                    worst = (long)(1000.0 * (double)comparisons / bound);
            }
            qsort(want, n, sizeof(int), cmp_int);
            bad += memcmp(ours, want, n * sizeof(int)) != 0;
            free(ours);
            free(want);
        }
        CHECK(bad == 0, "qsort: %s ints, 0 to 100000 of them, sorted as glibc "
              "sorts them", pattern_names[p]);
        CHECK(worst <= 1000, "qsort: %s ints take at most 3 n log2 n + 4 n "
              "comparisons (worst %ld.%ld%% of it)", pattern_names[p],
              worst / 10, worst % 10);
    }
}

/*
 * An adversary comparator (after McIlroy's "A Killer Adversary for
 * Quicksort"): values are decided only when compared, always so as to
 * make the pivot a bad one. A quicksort without a fallback goes
 * quadratic; ours must switch to heapsort and stay n log n.
 */
static int *adv_value;
static int adv_gas, adv_solid, adv_candidate;

static int cmp_adversary(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    comparisons++;
    if (adv_value[x] == adv_gas && adv_value[y] == adv_gas)
        adv_value[x == adv_candidate ? x : y] = adv_solid++;
    if (adv_value[x] == adv_gas)
        adv_candidate = x;
    else if (adv_value[y] == adv_gas)
        adv_candidate = y;
    return (adv_value[x] > adv_value[y]) - (adv_value[x] < adv_value[y]);
}

static void test_adversary(void)
{
    enum { N = 20000 };
    static int items[N], values[N];
    int sorted = 1;

    adv_value = values;
    adv_gas = N;
    adv_solid = 0;
    adv_candidate = 0;
    for (int i = 0; i < N; i++) {
        items[i] = i;
        values[i] = N;
    }
    comparisons = 0;
    uk_qsort(items, N, sizeof(int), cmp_adversary);
    for (int i = 1; i < N; i++)
        sorted &= values[items[i - 1]] <= values[items[i]];
    CHECK(sorted && comparisons < 6.0 * N * log2(N),
          "qsort: against an adversary comparator %d items still take under "
          "6 n log2 n comparisons (%ld, %.1f n log2 n)", N, comparisons,
          (double)comparisons / (N * log2(N)));
}

static void test_element_sizes(void)
{
    enum { N = 5000 };
    static struct record recs[N];
    static struct odd odds[N], odds_want[N];
    static uint8_t bytes[N], bytes_want[N];
    int bad = 0;

    for (size_t i = 0; i < N; i++) {
        recs[i].key = (uint64_t)rand() % 1000;
        recs[i].check = recs[i].key * 3 + 1;
        odds[i].key = odds_want[i].key = (uint32_t)rand();
        odds[i].a = odds_want[i].a = odds[i].key ^ 0x5555;
        odds[i].b = odds_want[i].b = ~odds[i].key;
        bytes[i] = bytes_want[i] = (uint8_t)rand();
    }
    uk_qsort(recs, N, sizeof(recs[0]), cmp_record);
    for (size_t i = 0; i < N; i++) {
        bad += recs[i].check != recs[i].key * 3 + 1;
        bad += i > 0 && recs[i - 1].key > recs[i].key;
    }
    CHECK(bad == 0, "qsort: 24-byte records end ordered, each whole");

    uk_qsort(odds, N, sizeof(odds[0]), cmp_odd);
    qsort(odds_want, N, sizeof(odds[0]), cmp_odd);
    CHECK(memcmp(odds, odds_want, sizeof(odds)) == 0,
          "qsort: 12-byte elements (distinct keys) as glibc sorts them");

    uk_qsort(bytes, N, 1, cmp_u8);
    qsort(bytes_want, N, 1, cmp_u8);
    CHECK(memcmp(bytes, bytes_want, N) == 0, "qsort: 1-byte elements");
}

static void test_bsearch(void)
{
    enum { N = 2000 };
    static int sorted[N];
    int bad = 0;

    for (int n = 0; n <= 20; n++) {
        for (int i = 0; i < n; i++)
            sorted[i] = 2 * i;
        for (int key = -1; key <= 2 * n; key++) {
            int *found = uk_bsearch(&key, sorted, (size_t)n, sizeof(int), cmp_int);

            bad += key % 2 == 0 && key < 2 * n && key >= 0 ?
                   found != &sorted[key / 2] : found != NULL;
        }
    }
    for (int i = 0; i < N; i++)
        sorted[i] = 2 * i;
    for (int key = -1; key <= 2 * N; key++) {
        int *found = uk_bsearch(&key, sorted, N, sizeof(int), cmp_int);

        bad += key % 2 == 0 && key >= 0 && key < 2 * N ?
               found != &sorted[key / 2] : found != NULL;
    }
    CHECK(bad == 0, "bsearch: finds every element and none of the absent "
          "keys, in arrays of 0..20 and 2000 (%d bad)", bad);
}

static void test_misc(void)
{
    int a, b, same = 1, in_range = 1;

    CHECK(uk_abs(-5) == 5 && uk_abs(5) == 5 && uk_labs(-7L) == 7 &&
          uk_llabs(-9000000000LL) == 9000000000LL, "abs, labs, llabs");
    uk_srand(99);
    a = uk_rand();
    for (int i = 0; i < 1000; i++) {
        int r = uk_rand();

        in_range &= r >= 0 && r <= 2147483647;
    }
    uk_srand(99);
    b = uk_rand();
    same = a == b;
    CHECK(same && in_range, "rand: 0..RAND_MAX, and srand repeats a sequence");
    CHECK(uk_getenv("PATH") == NULL, "getenv: there is no environment");
}

int main(void)
{
    srand(7);
    test_ints();
    test_adversary();
    test_element_sizes();
    test_bsearch();
    test_misc();
    return check_done();
}
