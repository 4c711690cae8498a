/* SPDX-License-Identifier: ISC */
/*
 * libc: the guest C library inside a real unikernel. With no arguments
 * (or only plain words) it checks printf, malloc, qsort, strtol, the
 * string functions and the clocks, prints its argv, then "SUCCESS".
 * Modes for the outside test: --exit=N returns N from main, --assert
 * fails an assertion, --heap fills the heap with 64 KiB blocks.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int failures;

#define EXPECT(cond, what)                                              \
    do {                                                                \
        if (!(cond)) {                                                  \
            printf("FAIL: %s (%s:%d)\n", what, __FILE__, __LINE__);     \
            failures++;                                                 \
        }                                                               \
    } while (0)

static void check_printf(void)
{
    char buf[128];

    snprintf(buf, sizeof(buf), "[%5d|%-5s|%05x|%+lld|%zu|%c|%%]", -42, "ab",
             0xa, LLONG_MIN, (size_t)SIZE_MAX, 'z');
    EXPECT(strcmp(buf, "[  -42|ab   |0000a|-9223372036854775808|"
                       "18446744073709551615|z|%]") == 0, "snprintf formats");
    EXPECT(snprintf(buf, 4, "%s", "truncated") == 9 && strcmp(buf, "tru") == 0,
           "snprintf truncates and counts");
    EXPECT(snprintf(buf, sizeof(buf), "%" PRIx64 " %p %s", UINT64_C(0xbeef),
                    (void *)0x1000, (char *)NULL) == 18 &&
           strcmp(buf, "beef 0x1000 (null)") == 0, "inttypes, %p, NULL %s");
    printf("printf: %s %d %#x\n", "ok", 123, 255);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return (x > y) - (x < y);
}

static void check_malloc_qsort(void)
{
    enum { N = 1000, SIZE = 256 * 1024 };
    int *v = malloc(N * sizeof(int));
    int sorted = 1;
    char *big, *copy;

    EXPECT(v != NULL && (uintptr_t)v % 16 == 0, "malloc gives aligned memory");
    if (v == NULL)
        return;
    srand(1);
    for (int i = 0; i < N; i++)
        v[i] = rand() % 10000;
    qsort(v, N, sizeof(int), cmp_int);
    for (int i = 1; i < N; i++)
        sorted &= v[i - 1] <= v[i];
    EXPECT(sorted, "qsort sorts");
    EXPECT(bsearch(&v[500], v, N, sizeof(int), cmp_int) != NULL,
           "bsearch finds");
    v = realloc(v, 2 * N * sizeof(int));
    EXPECT(v != NULL && v[999] >= v[998], "realloc keeps the content");
    free(v);

    /* 256 KiB through memset, memcpy, memmove and memcmp (each emulated
     * instruction costs ~1 us on PVM, so no more). */
    big = malloc(SIZE);
    copy = calloc(1, SIZE);
    EXPECT(big != NULL && copy != NULL, "malloc and calloc of 256 KiB");
    if (big != NULL && copy != NULL) {
        memset(big, 0xa5, SIZE);
        big[12345] = 1;
        memcpy(copy, big, SIZE);
        EXPECT(memcmp(copy, big, SIZE) == 0, "memcpy of 256 KiB");
        memmove(big + 3, big, (SIZE) - 3);
        EXPECT(big[12348] == 1 && memcmp(big + 3, copy, 12345) == 0,
               "memmove up, overlapping");
        memmove(big, big + 3, (SIZE) - 3);
        EXPECT(memcmp(big, copy, (SIZE) - 3) == 0,
               "memmove down, overlapping");
    }
    free(big);
    free(copy);
    printf("malloc, qsort, mem*: ok\n");
}

static void check_strings(void)
{
    char *end, *save, line[] = "key = value ; other";
    char *dup = strdup("Mixed Case");

    errno = 0;
    EXPECT(strtol(" -0x1F rest", &end, 0) == -31 && strcmp(end, " rest") == 0,
           "strtol base 0");
    EXPECT(strtoul("99999999999999999999", NULL, 10) == ULONG_MAX &&
           errno == ERANGE, "strtoul overflow");
    EXPECT(atoi("  123abc") == 123, "atoi");
    EXPECT(dup != NULL && strcasecmp(dup, "mIXED cASE") == 0, "strcasecmp");
    EXPECT(strcmp(strtok_r(line, " =;", &save), "key") == 0 &&
           strcmp(strtok_r(NULL, " =;", &save), "value") == 0,
           "strtok_r");
    EXPECT(strstr("find the needle here", "needle") != NULL, "strstr");
    EXPECT(toupper('q') == 'Q' && isdigit('7') && !isalpha('7'), "ctype");
    EXPECT(strcmp(strerror(ENOMEM), strerror(EINVAL)) != 0, "strerror");
    free(dup);
    printf("strings: ok\n");
}

static void check_time(void)
{
    struct timespec t0, t1, nap = { 0, 20 * 1000 * 1000 };
    long long slept;

    EXPECT(clock_gettime(CLOCK_MONOTONIC, &t0) == 0, "clock_gettime");
    EXPECT(nanosleep(&nap, NULL) == 0, "nanosleep");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    slept = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    EXPECT(slept >= 20000000, "nanosleep sleeps at least as long as asked");
    EXPECT(time(NULL) > 1600000000, "time() is after 2020");
    printf("time: ok\n");
}

/* Fills the heap with 64 KiB blocks, frees them, then takes one block of
 * nearly all of it: the heap merges back whole. */
static int fill_heap(void)
{
    enum { BLOCK = 64 * 1024 };
    void **blocks = NULL;
    size_t n = 0, cap = 0, total;
    void *p;

    while ((p = malloc(BLOCK)) != NULL) {
        if (n == cap) {
            void **more = realloc(blocks, (cap = cap * 2 + 16) * sizeof(*more));

            if (more == NULL) {
                free(p);
                break;
            }
            blocks = more;
        }
        blocks[n++] = p;
    }
    total = n;
    printf("heap: %zu KiB in 64 KiB blocks\n", total * 64);
    while (n > 0)
        free(blocks[--n]);
    free(blocks);
    p = malloc(total * BLOCK);
    printf("heap: then one block of %zu KiB: %s\n", total * 64,
           p != NULL ? "ok" : "FAILED");
    free(p);
    return p != NULL ? 0 : 1;
}

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    if (argc > 1 && strncmp(argv[1], "--exit=", 7) == 0)
        return atoi(argv[1] + 7);
    if (argc > 1 && strcmp(argv[1], "--assert") == 0) {
        assert(argc == 1);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--heap") == 0)
        return fill_heap();

    check_printf();
    check_malloc_qsort();
    check_strings();
    check_time();
    if (failures != 0) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    puts("SUCCESS");
    return 0;
}
