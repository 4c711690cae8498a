/* SPDX-License-Identifier: ISC */
/*
 * For fuzz_hypercalls: the net module (monitor/modules/net/net.c) compiled
 * here, so a device can be attached over a socketpair instead of a tap
 * (its set-up asks a tap's kernel interface for the MTU, which a fuzzer
 * has not). The hypercall handlers and the ring code are net_hvt.c's.
 */
#include "modules/net/net.c"

/* fuzz_hypercalls.c declares these too. */
void fake_net_attach(unsigned handle, int fd);
void fake_net_reset(uint16_t mtu);

void fake_net_attach(unsigned handle, int fd)
{
    struct net_dev *d = dev_add("service0");

    d->fd = fd;
    d->handle = handle;
    by_handle[handle] = d;
}

void fake_net_reset(uint16_t mtu)
{
    struct net_dev *d = &net_devs[0];

    d->mtu = mtu;
    d->frame_max = (size_t)mtu + ETH_HLEN;
    d->ring = NULL;
    d->ring_slots = 0;
    d->ring_head = 0;
}
