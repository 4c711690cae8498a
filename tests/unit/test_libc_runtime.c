/* SPDX-License-Identifier: ISC */
/*
 * The libc's start-up and its ties to the kernel: argv from the command
 * line, main's status to solo5_exit, stdout/stderr buffering on the
 * console, the clocks and nanosleep, assert and abort.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "test_libc.h"

static unsigned char heap[1 << 20];
static int seen_argc;
static char seen_argv[8][32];
static int argv_terminated;
static int main_status;

/* The application's main, as start.c calls it. */
int uk_main(int argc, char **argv)
{
    seen_argc = argc;
    for (int i = 0; i < argc && i < 8; i++)
        snprintf(seen_argv[i], sizeof(seen_argv[i]), "%s", argv[i]);
    argv_terminated = argv[argc] == NULL;
    uk_printf("main ran with %d arguments", argc);     /* no newline */
    return main_status;
}

/* Runs solo5_app_main on cmdline; returns the exit status. */
static int run(const char *cmdline, int status)
{
    struct solo5_start_info si = {
        .cmdline = cmdline,
        .heap_start = (uintptr_t)heap,
        .heap_size = sizeof(heap),
    };

    main_status = status;
    seen_argc = -1;
    exit_status = -1;
    console_reset();
    exit_jump_set = 1;
    if (setjmp(exit_jump) == 0)
        uk_solo5_app_main(&si);
    exit_jump_set = 0;
    return exit_status;
}

static void test_start(void)
{
    CHECK(run("one two  three", 7) == 7, "start: main's return value is the "
          "exit status");
    CHECK(seen_argc == 4 && strcmp(seen_argv[0], "unikernel") == 0 &&
          strcmp(seen_argv[1], "one") == 0 && strcmp(seen_argv[2], "two") == 0 &&
          strcmp(seen_argv[3], "three") == 0 && argv_terminated,
          "start: argv is \"unikernel\" then the command line split on spaces, "
          "NULL-terminated");
    CHECK(strcmp(console, "main ran with 4 arguments") == 0,
          "start: stdout is flushed at exit");
    CHECK(run("", 0) == 0 && seen_argc == 1 && argv_terminated,
          "start: an empty command line gives argc 1");
    CHECK(run("   lead and trail   ", 0) == 0 && seen_argc == 4 &&
          strcmp(seen_argv[3], "trail") == 0,
          "start: leading and trailing spaces make no empty arguments");
    CHECK(run("--ipv4=10.0.0.2/24", 3) == 3 && seen_argc == 2 &&
          strcmp(seen_argv[1], "--ipv4=10.0.0.2/24") == 0,
          "start: an option passes through whole");
}

static void test_stdio(void)
{
    char big[5000];

    console_reset();
    uk_printf("no newline yet");
    CHECK(console_len == 0, "stdout: held until a newline");
    uk_printf(", now %d\n", 1);
    CHECK(strcmp(console, "no newline yet, now 1\n") == 0 && console_writes == 1,
          "stdout: a line goes out in one console write");
    console_reset();
    uk_printf("partial ");
    uk_fprintf(uk_stderr, "error %s", "text");
    CHECK(strcmp(console, "partial error text") == 0 && console_writes == 2,
          "stderr: flushes stdout first, then goes out at once without a newline");
    console_reset();
    uk_puts("a line");
    uk_putchar('x');
    uk_fputc('y', uk_stdout);
    uk_fputs("z\n", uk_stdout);
    uk_fwrite("abcdef", 2, 3, uk_stdout);
    uk_fflush(uk_stdout);
    CHECK(strcmp(console, "a line\nxyz\nabcdef") == 0 && console_writes == 3,
          "puts, putchar, fputc, fputs, fwrite, fflush write as they should");
    console_reset();
    memset(big, 'b', sizeof(big));
    CHECK(uk_fwrite(big, 1, sizeof(big), uk_stdout) == sizeof(big) &&
          console_len == sizeof(big) && console_writes == 1,
          "stdout: a write larger than the buffer goes straight out");
    console_reset();
    for (int i = 0; i < 300; i++)
        uk_printf("%d,", i);
    CHECK(console_writes == 1 && console_len > 1000 && console_len <= 1024,
          "stdout: a full buffer is written out (%zu of 1024 bytes)",
          console_len);
    uk_fflush(NULL);
    CHECK(console_len == 1090 && memcmp(console, "0,1,2,", 6) == 0 &&
          memcmp(console + 1082, "298,299,", 8) == 0,
          "fflush(NULL): writes out the rest, in order");
}

static void test_time(void)
{
    struct uk_timespec ts, req = { 0, 2500000 };
    solo5_time_t start;

    fake_monotonic = 5123456789;
    CHECK(uk_clock_gettime(1, &ts) == 0 && ts.tv_sec == 5 &&
          ts.tv_nsec == 123456789, "clock_gettime: CLOCK_MONOTONIC from solo5");
    CHECK(uk_clock_gettime(0, &ts) == 0 && ts.tv_sec == 1700000000 &&
          ts.tv_nsec == 123456789, "clock_gettime: CLOCK_REALTIME from solo5");
    uk_errno = 0;
    CHECK(uk_clock_gettime(7, &ts) == -1 && uk_errno == 22,
          "clock_gettime: another clock is EINVAL");
    long t = 0;
    CHECK(uk_time(&t) == 1700000000 && t == 1700000000 &&
          uk_time(NULL) == 1700000000, "time: seconds of the wall clock");
    start = fake_monotonic;
    yield_calls = 0;
    CHECK(uk_nanosleep(&req, NULL) == 0 && fake_monotonic == start + 2500000 &&
          yield_calls == 3, "nanosleep: yields until the deadline has passed");
    req.tv_nsec = 1000000000;
    uk_errno = 0;
    CHECK(uk_nanosleep(&req, NULL) == -1 && uk_errno == 22,
          "nanosleep: tv_nsec of a second or more is EINVAL");
}

static void test_exits(void)
{
    console_reset();
    uk_printf("unflushed");
    exit_jump_set = 1;
    if (setjmp(exit_jump) == 0)
        uk___libc_assert_fail("x == 1", "file.c", 12, "fn");
    exit_jump_set = 0;
    CHECK(exit_status == 255 && strcmp(console, "unflushed"
          "file.c:12: fn: assertion failed: x == 1\n") == 0,
          "assert: prints file:line: function: the expression, aborts with 255");
    console_reset();
    uk_printf("bye");
    exit_jump_set = 1;
    if (setjmp(exit_jump) == 0)
        uk_exit(42);
    exit_jump_set = 0;
    CHECK(exit_status == 42 && strcmp(console, "bye") == 0,
          "exit: flushes stdout and exits with the status");
}

int main(void)
{
    test_start();
    test_stdio();
    test_time();
    test_exits();
    return check_done();
}
