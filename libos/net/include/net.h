/* SPDX-License-Identifier: ISC */
/*
 * net.h: the network for applications. lwIP 2.1 (IPv4, ARP, ICMP, UDP,
 * TCP) runs without threads (NO_SYS) on every network device of the
 * manifest, one interface each (most applications have one, "service0");
 * applications use lwIP's raw API (lwip/tcp.h, lwip/udp.h) from the
 * callbacks that net_poll() and net_run() drive. Everything runs on one
 * stack: no callback may block.
 *
 *     int main(int argc, char **argv)
 *     {
 *         argc = net_init(argc, argv);
 *         if (argc < 0)
 *             return 2;
 *         ... tcp_new(), tcp_bind(), tcp_listen(), tcp_accept() ...
 *         net_run();
 *         return 0;
 *     }
 */
#ifndef NET_H
#define NET_H

#include "solo5.h"

/*
 * The primary device: the one the options without a device name are
 * about. NET_DEVICE where the manifest has it, else its first network
 * device.
 */
#define NET_DEVICE "service0"

/*
 * Acquires every network device of the manifest (ukvm_net_device), starts
 * lwIP and brings an interface up on each, with its own MAC. Takes its
 * options out of argv (the rest keep their order, argv[argc] stays NULL)
 * and returns the new argc:
 *
 *   --ipv4:NAME=A.B.C.D/N        device NAME's address and prefix length
 *   --ipv4-gateway:NAME=A.B.C.D  the default gateway, on device NAME
 *   --ipv4=A.B.C.D/N             the same for the primary device
 *   --ipv4-gateway=A.B.C.D       (defaults 10.0.0.2/24 and 10.0.0.1)
 *   --ipv4-route=NET/N,via=GW    a static route (up to 16), on the
 *                                interface whose subnet holds GW
 *
 * Every other device needs an address; subnets may not overlap; one
 * default gateway at most (the primary's default one gives way to one
 * given for another device). Destinations on an interface's subnet go
 * out on it, others by the longest matching route, all others by the
 * gateway. Prints a line per interface, "NAME: mac M ipv4 A/N", with
 * " gateway G" on the gateway's, and one per route, "route NET/N via GW
 * on NAME". On a bad option, a missing device or settings that do not
 * fit together prints one line naming it to stderr and returns -1.
 */
int net_init(int argc, char **argv);

/*
 * One round of the event loop: sleeps in solo5_yield() until a frame
 * arrives, the next lwIP timer is due or deadline (monotonic ns) passes,
 * then hands every waiting frame to lwIP and runs the timers that are due.
 */
void net_poll(solo5_time_t deadline);

/*
 * The monotonic clock (ns) as net_poll() last read it: on waking, so in
 * a callback it is when the round began, behind the true time by what
 * the round has taken so far (microseconds). lwIP's sys_now() is the
 * same reading in milliseconds. Reading it costs nothing; for the exact
 * time call solo5_clock_monotonic().
 */
solo5_time_t net_now(void);

/* Runs net_poll() rounds until a callback calls net_stop(). */
void net_run(void);
void net_stop(void);

/* Frames dropped because lwIP's buffer pool was empty (since start-up). */
unsigned long net_rx_dropped(void);

#endif
