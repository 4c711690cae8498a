/*
 * The event loop: sleep in solo5_yield until a frame or the next lwIP
 * timer, then input and timers. Also lwIP's clock, sys_now().
 */
#include "lwip/sys.h"
#include "lwip/timeouts.h"
#include "net.h"
#include "netif_solo5.h"

static int stopping;

u32_t sys_now(void)
{
    return (u32_t)(solo5_clock_monotonic() / 1000000);
}

void net_poll(solo5_time_t deadline)
{
    solo5_handle_set_t ready = 0;
    u32_t ms = sys_timeouts_sleeptime();

    /*
     * Measured after sys_timeouts_sleeptime() read sys_now(), so the
     * timer is due (in sys_now's milliseconds) when we wake.
     */
    if (ms != SYS_TIMEOUTS_SLEEPTIME_INFINITE) {
        solo5_time_t t = solo5_clock_monotonic() + (solo5_time_t)ms * 1000000;

        if (t < deadline)
            deadline = t;
    }
    solo5_yield(deadline, &ready);
    if (ready & (1ULL << netif_solo5_handle()))
        netif_solo5_input(netif_default);
    sys_check_timeouts();
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
