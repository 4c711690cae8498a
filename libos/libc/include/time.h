/* SPDX-License-Identifier: ISC */
/* time.h: the clocks solo5 offers and a sleep (libos libc). */
#ifndef _LIBC_TIME_H
#define _LIBC_TIME_H

#include <stddef.h>

#ifndef _LIBC_TIME_T
#define _LIBC_TIME_T
typedef long time_t;
#endif
typedef int clockid_t;

struct timespec {
    time_t tv_sec;
    long tv_nsec;
};

#define CLOCK_REALTIME  0   /* solo5_clock_wall */
#define CLOCK_MONOTONIC 1   /* solo5_clock_monotonic */

time_t time(time_t *out);
int clock_gettime(clockid_t clock, struct timespec *ts);
/* Sleeps in solo5_yield; never interrupted, so rem is left alone. */
int nanosleep(const struct timespec *req, struct timespec *rem);

#endif
