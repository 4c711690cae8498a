/* SPDX-License-Identifier: ISC */
/* A stand-in for the guest kernel under the host libc tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_libc.h"

char console[1 << 16];
size_t console_len;
int console_writes;
jmp_buf exit_jump;
int exit_jump_set;
int exit_status = -1;
solo5_time_t fake_monotonic = 1000, fake_wall = 1700000000123456789ULL;
int yield_calls;

void console_reset(void)
{
    console_len = 0;
    console_writes = 0;
    memset(console, 0, sizeof(console));
}

void solo5_console_write(const char *buf, size_t size)
{
    if (size > sizeof(console) - 1 - console_len)
        size = sizeof(console) - 1 - console_len;
    memcpy(console + console_len, buf, size);
    console_len += size;
    console_writes++;
}

void solo5_exit(int status)
{
    exit_status = status;
    if (exit_jump_set) {
        exit_jump_set = 0;
        longjmp(exit_jump, 1);
    }
    exit(status);
}

void solo5_abort(void)
{
    solo5_exit(SOLO5_EXIT_ABORT);
}

solo5_time_t solo5_clock_monotonic(void)
{
    return fake_monotonic;
}

solo5_time_t solo5_clock_wall(void)
{
    return fake_wall;
}

/* Time passes in steps of at most 1 ms, so sleeps loop a little. */
void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set)
{
    yield_calls++;
    if (deadline > fake_monotonic)
        fake_monotonic += deadline - fake_monotonic < 1000000 ?
                          deadline - fake_monotonic : 1000000;
    if (ready_set != NULL)
        *ready_set = 0;
}
