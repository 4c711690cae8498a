/* SPDX-License-Identifier: ISC */
/* stdlib.h: memory, number conversion, sorting, exit (libos libc). */
#ifndef _LIBC_STDLIB_H
#define _LIBC_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 2147483647

/* The heap is the memory solo5 gives the application; 16-byte aligned. */
void *malloc(size_t size);
void free(void *ptr);
void *calloc(size_t count, size_t size);
void *realloc(void *ptr, size_t size);
void *aligned_alloc(size_t alignment, size_t size);
int posix_memalign(void **out, size_t alignment, size_t size);

long strtol(const char *restrict s, char **restrict end, int base);
unsigned long strtoul(const char *restrict s, char **restrict end, int base);
long long strtoll(const char *restrict s, char **restrict end, int base);
unsigned long long strtoull(const char *restrict s, char **restrict end,
                            int base);
int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);

void qsort(void *base, size_t count, size_t size,
           int (*compare)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t count, size_t size,
              int (*compare)(const void *, const void *));

int abs(int n);
long labs(long n);
long long llabs(long long n);

int rand(void);
void srand(unsigned seed);

/* exit flushes stdout and stderr; there is no atexit. */
void exit(int status) __attribute__((__noreturn__));
void _Exit(int status) __attribute__((__noreturn__));
void abort(void) __attribute__((__noreturn__));

/* There is no environment: always NULL. */
char *getenv(const char *name);

#endif
