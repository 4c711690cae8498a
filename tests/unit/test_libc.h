/* SPDX-License-Identifier: ISC */
/*
 * The guest libc as the host tests see it: every name it defines carries
 * the uk_ prefix (see libc_unit.mk), so it links beside glibc. Only what
 * the tests call is declared here. test_libc_solo5.c is the kernel below.
 */
#ifndef TEST_LIBC_H
#define TEST_LIBC_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "solo5.h"

/*
 * Differences found while a check is being worked out, printed under it
 * once it has been reported: CHECK_NOTED(cond, "name", ...).
 */
static char pending_notes[4096];
static size_t pending_len;

__attribute__((format(printf, 1, 2), unused))
static void pending_note(const char *fmt, ...)
{
    va_list ap;
    int n;

    if (pending_len >= sizeof(pending_notes) - 1)
        return;
    va_start(ap, fmt);
    n = vsnprintf(pending_notes + pending_len,
                  sizeof(pending_notes) - pending_len, fmt, ap);
    va_end(ap);
    if (n > 0)
        pending_len += (size_t)n + 1;   /* keep the NUL as a separator */
    if (pending_len > sizeof(pending_notes))
        pending_len = sizeof(pending_notes);
}

__attribute__((unused))
static void print_pending_notes(void)
{
    for (size_t at = 0; at < pending_len; at += strlen(pending_notes + at) + 1)
        check_note("%s", pending_notes + at);
    pending_len = 0;
}

#define CHECK_NOTED(cond, ...)              \
    do {                                    \
        CHECK(cond, __VA_ARGS__);           \
        print_pending_notes();              \
    } while (0)

struct libc_file;
extern struct libc_file *const uk_stdout;
extern struct libc_file *const uk_stderr;
extern int uk_errno;

#define UK_PRINTF(f, a) __attribute__((format(printf, f, a)))
int uk_printf(const char *fmt, ...) UK_PRINTF(1, 2);
int uk_fprintf(struct libc_file *f, const char *fmt, ...) UK_PRINTF(2, 3);
int uk_sprintf(char *buf, const char *fmt, ...) UK_PRINTF(2, 3);
int uk_snprintf(char *buf, size_t size, const char *fmt, ...) UK_PRINTF(3, 4);
int uk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    UK_PRINTF(3, 0);
int uk_puts(const char *s);
int uk_fputs(const char *s, struct libc_file *f);
int uk_putchar(int c);
int uk_fputc(int c, struct libc_file *f);
size_t uk_fwrite(const void *buf, size_t size, size_t count,
                 struct libc_file *f);
int uk_fflush(struct libc_file *f);

long uk_strtol(const char *s, char **end, int base);
unsigned long uk_strtoul(const char *s, char **end, int base);
long long uk_strtoll(const char *s, char **end, int base);
unsigned long long uk_strtoull(const char *s, char **end, int base);
intmax_t uk_strtoimax(const char *s, char **end, int base);
uintmax_t uk_strtoumax(const char *s, char **end, int base);
int uk_atoi(const char *s);
long uk_atol(const char *s);
long long uk_atoll(const char *s);

void *uk_memcpy(void *dst, const void *src, size_t n);
void *uk_memmove(void *dst, const void *src, size_t n);
void *uk_memset(void *dst, int c, size_t n);
int uk_memcmp(const void *a, const void *b, size_t n);
void *uk_memchr(const void *s, int c, size_t n);
size_t uk_strlen(const char *s);
size_t uk_strnlen(const char *s, size_t max);
int uk_strcmp(const char *a, const char *b);
int uk_strncmp(const char *a, const char *b, size_t n);
int uk_strcasecmp(const char *a, const char *b);
int uk_strncasecmp(const char *a, const char *b, size_t n);
char *uk_strchr(const char *s, int c);
char *uk_strrchr(const char *s, int c);
char *uk_strstr(const char *haystack, const char *needle);
char *uk_strcpy(char *dst, const char *src);
char *uk_strncpy(char *dst, const char *src, size_t n);
char *uk_strcat(char *dst, const char *src);
char *uk_strncat(char *dst, const char *src, size_t n);
char *uk_strdup(const char *s);
char *uk_strndup(const char *s, size_t n);
size_t uk_strspn(const char *s, const char *accept);
size_t uk_strcspn(const char *s, const char *reject);
char *uk_strpbrk(const char *s, const char *accept);
char *uk_strtok_r(char *s, const char *delim, char **saveptr);
char *uk_strerror(int errnum);

int uk_isalnum(int c);
int uk_isalpha(int c);
int uk_isdigit(int c);
int uk_isxdigit(int c);
int uk_isspace(int c);
int uk_isupper(int c);
int uk_islower(int c);
int uk_isprint(int c);
int uk_ispunct(int c);
int uk_iscntrl(int c);
int uk_isgraph(int c);
int uk_tolower(int c);
int uk_toupper(int c);

void uk_qsort(void *base, size_t count, size_t size,
              int (*compare)(const void *, const void *));
void *uk_bsearch(const void *key, const void *base, size_t count, size_t size,
                 int (*compare)(const void *, const void *));
int uk_abs(int n);
long uk_labs(long n);
long long uk_llabs(long long n);
int uk_rand(void);
void uk_srand(unsigned seed);
char *uk_getenv(const char *name);

void uk___libc_heap_init(void *start, size_t size);
void *uk_malloc(size_t size);
void uk_free(void *ptr);
void *uk_calloc(size_t count, size_t size);
void *uk_realloc(void *ptr, size_t size);
void *uk_aligned_alloc(size_t alignment, size_t size);
int uk_posix_memalign(void **out, size_t alignment, size_t size);

struct uk_timespec {
    long tv_sec;
    long tv_nsec;
};
long uk_time(long *out);
int uk_clock_gettime(int clock, struct uk_timespec *ts);
int uk_nanosleep(const struct uk_timespec *req, struct uk_timespec *rem);

_Noreturn void uk_exit(int status);
_Noreturn void uk_abort(void);
_Noreturn void uk___libc_assert_fail(const char *expr, const char *file,
                                     int line, const char *func);
int uk_solo5_app_main(const struct solo5_start_info *si);

/*
 * The stand-in kernel (test_libc_solo5.c). Console output collects in
 * console[]; solo5_exit/abort jump to exit_jump when a test has set it
 * (recording the status; 255 for abort), else end the process.
 * Monotonic time advances only when the guest yields (to the deadline).
 */
extern char console[1 << 16];
extern size_t console_len;
extern int console_writes;
extern jmp_buf exit_jump;
extern int exit_jump_set;
extern int exit_status;
extern solo5_time_t fake_monotonic, fake_wall;
extern int yield_calls;
void console_reset(void);

#endif
