/* SPDX-License-Identifier: ISC */
/*
 * The event loop: sleep in solo5_yield until a frame or the next lwIP
 * timer, then input and timers. Also lwIP's clock, sys_now(), and
 * net_now(): the clock is read once before sleeping and once on waking,
 * not at every use (on spt each reading is a system call; lwIP and the
 * applications read it several times a round).
 */
#include "lwip/sys.h"
#include "lwip/timeouts.h"
#include "net.h"
#include "net_loop.h"
#include "netif_solo5.h"

static int stopping;
static solo5_time_t now;    /* monotonic ns, as of the last reading */

void net_clock_update(void)
{
    now = solo5_clock_monotonic();
}

solo5_time_t net_now(void)
{
    return now;
}

u32_t sys_now(void)
{
    return (u32_t)(now / 1000000);
}

void net_poll(solo5_time_t deadline)
{
    solo5_handle_set_t ready = 0;
    u32_t ms;

    /*
     * The sleep is measured from the same reading sys_timeouts_sleeptime()
     * uses, so the timer is due (in sys_now's milliseconds) when we wake.
     */
    net_clock_update();
    ms = sys_timeouts_sleeptime();
    if (ms != SYS_TIMEOUTS_SLEEPTIME_INFINITE) {
        solo5_time_t t = now + (solo5_time_t)ms * 1000000;

        if (t < deadline)
            deadline = t;
    }
    netif_solo5_flush();
    solo5_yield(deadline, &ready);
    net_clock_update();
    netif_solo5_input(ready & netif_solo5_handles());
    sys_check_timeouts();
    netif_solo5_flush();
}

void net_run(void)
{
    stopping = 0;
    while (!stopping)
        net_poll(~(solo5_time_t)0);
}

void net_stop(void)
{
    stopping = 1;
}

unsigned long net_rx_dropped(void)
{
    return netif_solo5_dropped();
}
