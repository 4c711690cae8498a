/* SPDX-License-Identifier: ISC */
/* Clocks and sleeping on solo5's two clocks and its yield. */
#include <errno.h>
#include <stdint.h>
#include <time.h>

#include "solo5.h"

#define NSEC_PER_SEC 1000000000ULL

time_t time(time_t *out)
{
    time_t t = (time_t)(solo5_clock_wall() / NSEC_PER_SEC);

    if (out != NULL)
        *out = t;
    return t;
}

int clock_gettime(clockid_t clock, struct timespec *ts)
{
    uint64_t ns;

    if (clock == CLOCK_MONOTONIC) {
        ns = solo5_clock_monotonic();
    } else if (clock == CLOCK_REALTIME) {
        ns = solo5_clock_wall();
    } else {
        errno = EINVAL;
        return -1;
    }
    ts->tv_sec = (time_t)(ns / NSEC_PER_SEC);
    ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
    return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    uint64_t now = solo5_clock_monotonic(), deadline;

    (void)rem;
    if (req->tv_sec < 0 || req->tv_nsec < 0 ||
        (uint64_t)req->tv_nsec >= NSEC_PER_SEC) {
        errno = EINVAL;
        return -1;
    }
    /* Saturate: a sleep of centuries is a sleep until the end of time. */
    if ((uint64_t)req->tv_sec >
        (UINT64_MAX - now - NSEC_PER_SEC) / NSEC_PER_SEC)
        deadline = UINT64_MAX;
    else
        deadline = now + (uint64_t)req->tv_sec * NSEC_PER_SEC +
                   (uint64_t)req->tv_nsec;
    /* yield also returns when a device has input: sleep on. */
    while (solo5_clock_monotonic() < deadline)
        solo5_yield(deadline, NULL);
    return 0;
}
