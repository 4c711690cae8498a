/* SPDX-License-Identifier: ISC */
/* net_mtu: a frame of mtu + 14 bytes goes out, one byte more is EINVAL,
 * and so is a read into a buffer smaller than mtu + 14; checked through
 * solo5.h (the guest kernel's checks) and with raw hypercalls (the
 * monitor's), at whatever MTU the tap has. Also: wrong names, types and
 * handles are EINVAL, and so are bad receive ring registrations, and any
 * for a device whose frames do not fit a ring slot (mtu above 2030, 2020
 * with virtio-net headers). Where the device has ukvm's offloads
 * (ukvm_net.h), frames at the monitor carry the header, and ukvm_net's
 * calls are checked too. With "corrupt-ring" on the command line it
 * breaks its ring's tail, which must stop the guest. */
#include "raw_hypercall.h"
#include "test_util.h"
#include "ukvm_net.h"

#define ETH_HLEN 14

/* Room for a header and mtu + 15 bytes at any MTU a tap can have (65521). */
static uint8_t frame[UKVM_NET_FRAME_MAX + 1] __attribute__((aligned(16)));

static void check(int ok, const char *what)
{
    if (!ok)
        fail(what);
}

#ifdef UKVM_TARGET_HVT
/* The monitor's own answer, bypassing the guest kernel's checks. */
static int32_t raw_net(unsigned nr, solo5_handle_t h, size_t len)
{
    /* NET_READ and NET_WRITE have the same layout. */
    static struct hvt_hc_net_read p;

    p.handle = h;
    p.data = (uint64_t)(uintptr_t)frame;
    p.len = len;
    p.ret = -1;
    raw_hypercall(nr, (uintptr_t)&p);
    return p.ret;
}

static uint8_t ring[sizeof(struct hvt_rxring) + 4 * HVT_RXRING_SLOT_SIZE]
    __attribute__((aligned(8)));

static int32_t raw_rxring(solo5_handle_t h, uint64_t addr, uint64_t slots)
{
    static struct hvt_hc_net_rxring p;

    p.handle = h;
    p.ring = addr;
    p.slots = slots;
    p.ret = -1;
    raw_hypercall(HVT_HYPERCALL_NET_RXRING, (uintptr_t)&p);
    return p.ret;
}

static void check_rxring(solo5_handle_t h)
{
    uint64_t r = (uint64_t)(uintptr_t)ring;

    check(raw_rxring(h, r, 0) == HVT_EINVAL, "rxring: 0 slots is not EINVAL");
    check(raw_rxring(h, r, 3) == HVT_EINVAL, "rxring: 3 slots is not EINVAL");
    check(raw_rxring(h, r, 512) == HVT_EINVAL, "rxring: 512 slots is not EINVAL");
    check(raw_rxring(h, r + 4, 2) == HVT_EINVAL,
          "rxring: a misaligned ring is not EINVAL");
    check(raw_rxring(h, (uint64_t)(uintptr_t)&solo5_app_main, 1) == HVT_EINVAL,
          "rxring: a ring in text is not EINVAL");
    check(raw_rxring(h, 0xfffff000, 1) == HVT_EINVAL,
          "rxring: a ring outside memory is not EINVAL");
    check(raw_rxring(0, r, 4) == HVT_EINVAL, "rxring: handle 0 is not EINVAL");
    check(raw_rxring(h + 1, r, 4) == HVT_EINVAL,
          "rxring: a handle past the manifest is not EINVAL");
}

/*
 * Last (a ring registered here replaces the guest kernel's): a good ring
 * is taken where the monitor offers rings and a frame of MAX bytes fits
 * a slot, and refused where it does not fit.
 */
static void check_rxring_fit(solo5_handle_t h, size_t max)
{
    struct hvt_boot_info *bi = (struct hvt_boot_info *)(uintptr_t)HVT_BOOT_INFO_BASE;
    uint32_t agreed = bi->guest_features;
    int32_t ret;

    /* Not taken up in guest_features: no ring, however good. */
    bi->guest_features = agreed & ~HVT_HOST_FEATURE_NET_RXRING;
    ret = raw_rxring(h, (uint64_t)(uintptr_t)ring, 4);
    bi->guest_features = agreed;
    check(ret == HVT_EINVAL, "monitor: rxring: a ring the guest did not take "
          "up in guest_features is not EINVAL");
    ret = raw_rxring(h, (uint64_t)(uintptr_t)ring, 4);

    if (max + 4 > HVT_RXRING_SLOT_SIZE) {
        check(ret == HVT_EINVAL, "monitor: rxring: a ring for frames larger "
              "than a slot is not EINVAL");
        puts("rxring: refused, frames larger than a slot\n");
    } else if (bi->host_features & bi->guest_features &
               HVT_HOST_FEATURE_NET_RXRING) {
        check(ret == HVT_OK, "monitor: rxring: a good ring is refused");
        puts("rxring: taken\n");
    }
}

static int corrupt_ring(solo5_handle_t h)
{
    struct hvt_rxring *r = (struct hvt_rxring *)ring;

    check(raw_rxring(h, (uint64_t)(uintptr_t)ring, 4) == HVT_OK,
          "rxring: registering a good ring failed");
    r->tail = 1000;         /* far ahead of what the monitor produced */
    puts("corrupted\n");
    solo5_yield(solo5_clock_monotonic() + 1000000, 0);
    puts("SURVIVED\n");
    return 3;
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}
#endif

/* A broadcast frame of a local experimental type at P: the host drops it. */
static void test_frame(uint8_t *p, const struct solo5_net_info *info)
{
    for (int i = 0; i < 6; i++) {
        p[i] = 0xff;
        p[6 + i] = info->mac_address[i];
    }
    p[12] = 0x88;
    p[13] = 0xb5;
}

/* ukvm_net's calls on device H of largest frame MAX (mtu + 14). */
static void check_offload_calls(solo5_handle_t h, size_t max,
                                const struct solo5_net_info *info)
{
    const size_t hdr = sizeof(struct ukvm_net_hdr);
    size_t got;
    solo5_result_t r;

    if (!ukvm_net_offloads(h)) {
        check(ukvm_net_write(h, frame, 60) == SOLO5_R_EINVAL,
              "ukvm_net_write on a device without offloads is not EINVAL");
        check(ukvm_net_rx_offload(h, UKVM_NET_RX_CSUM) == SOLO5_R_EINVAL,
              "ukvm_net_rx_offload on a device without offloads is not EINVAL");
        puts("offloads: none\n");
        return;
    }
    for (size_t i = 0; i < hdr; i++)
        frame[i] = 0;
    test_frame(frame + hdr, info);
    check(ukvm_net_write(h, frame, hdr + max) == SOLO5_R_OK,
          "ukvm_net_write of a header and mtu + 14 bytes failed");
    check(ukvm_net_write(h, frame, hdr + 13) == SOLO5_R_EINVAL,
          "ukvm_net_write of less than a header and an Ethernet header "
          "is not EINVAL");
    check(ukvm_net_write(h, frame, UKVM_NET_FRAME_MAX + 1) == SOLO5_R_EINVAL,
          "ukvm_net_write of more than UKVM_NET_FRAME_MAX is not EINVAL");
    check(ukvm_net_read(h, frame, UKVM_NET_FRAME_MAX - 1, &got) == SOLO5_R_EINVAL,
          "ukvm_net_read into less than UKVM_NET_FRAME_MAX is not EINVAL");
    r = ukvm_net_read(h, frame, UKVM_NET_FRAME_MAX, &got);
    check(r == SOLO5_R_OK || r == SOLO5_R_AGAIN, "ukvm_net_read failed");
    check(ukvm_net_rx_offload(h, 8) == SOLO5_R_EINVAL,
          "ukvm_net_rx_offload of an unknown bit is not EINVAL");
    check(ukvm_net_rx_offload(h, UKVM_NET_RX_CSUM | UKVM_NET_RX_TSO4) == SOLO5_R_OK,
          "ukvm_net_rx_offload(CSUM | TSO4) failed");
    check(ukvm_net_rx_offload(h, 0) == SOLO5_R_OK,
          "ukvm_net_rx_offload(0) failed");
    puts("offloads: virtio-net headers\n");
}

int solo5_app_main(const struct solo5_start_info *si)
{
    struct solo5_net_info info;
    struct solo5_block_info binfo;
    solo5_handle_t h, other;
    size_t max, got;
    solo5_result_t r;

    (void)si;
    check(solo5_net_acquire("nosuchdevice", &h, &info) == SOLO5_R_EINVAL,
          "acquiring an undeclared device is not EINVAL");
    check(solo5_block_acquire("service0", &h, &binfo) == SOLO5_R_EINVAL,
          "acquiring a NET_BASIC device as a block device is not EINVAL");
    check(solo5_net_acquire("service0", &h, &info) == SOLO5_R_OK,
          "solo5_net_acquire(service0)");
#ifdef UKVM_TARGET_HVT
    if (streq(si->cmdline, "corrupt-ring"))
        return corrupt_ring(h);
#endif
    puts("mtu: ");
    put_dec(info.mtu);
    puts("\n");
    max = info.mtu + ETH_HLEN;
    check(max <= sizeof(frame) - 1, "MTU larger than the test's buffer");

    test_frame(frame, &info);
    check(solo5_net_write(h, frame, max) == SOLO5_R_OK,
          "writing a frame of mtu + 14 bytes failed");
    check(solo5_net_write(h, frame, max + 1) == SOLO5_R_EINVAL,
          "writing a frame of mtu + 15 bytes is not EINVAL");
    check(solo5_net_write(h + 1, frame, 60) == SOLO5_R_EINVAL,
          "writing to a handle past the manifest is not EINVAL");
    check(solo5_net_write(0, frame, 60) == SOLO5_R_EINVAL,
          "writing to the reserved handle 0 is not EINVAL");

    check(solo5_net_read(h, frame, max - 1, &got) == SOLO5_R_EINVAL,
          "reading into a buffer of mtu + 13 bytes is not EINVAL");
    r = solo5_net_read(h, frame, max, &got);
    check(r == SOLO5_R_OK || r == SOLO5_R_AGAIN,
          "reading into a buffer of mtu + 14 bytes failed");
    other = h + 1;
    check(solo5_net_read(other, frame, max, &got) == SOLO5_R_EINVAL,
          "reading from a handle past the manifest is not EINVAL");
    check_offload_calls(h, max, &info);

#ifdef UKVM_TARGET_HVT
    if (!monitor_is_ukvm()) {
        puts(MONITOR_CHECKS_SKIPPED);
        puts("SUCCESS\n");
        return SOLO5_EXIT_SUCCESS;
    }
    /* The monitor checks the same on its side; with headers, the frame
     * may be a large segment (the tap's kernel checks it), and reads need
     * room for the header too. */
    if (ukvm_net_offloads(h)) {
        for (size_t i = 0; i < sizeof(struct ukvm_net_hdr); i++)
            frame[i] = 0;
        test_frame(frame + sizeof(struct ukvm_net_hdr), &info);
        max += sizeof(struct ukvm_net_hdr);
        check(raw_net(HVT_HYPERCALL_NET_WRITE, h, max) == HVT_OK,
              "monitor: NET_WRITE of a header and mtu + 14 bytes failed");
        check(raw_net(HVT_HYPERCALL_NET_WRITE, h, UKVM_NET_FRAME_MAX + 1) == HVT_EINVAL,
              "monitor: NET_WRITE past VNET_FRAME_MAX is not EINVAL");
    } else {
        test_frame(frame, &info);
        check(raw_net(HVT_HYPERCALL_NET_WRITE, h, max) == HVT_OK,
              "monitor: NET_WRITE of mtu + 14 bytes failed");
        check(raw_net(HVT_HYPERCALL_NET_WRITE, h, max + 1) == HVT_EINVAL,
              "monitor: NET_WRITE of mtu + 15 bytes is not EINVAL");
    }
    check(raw_net(HVT_HYPERCALL_NET_READ, h, max - 1) == HVT_EINVAL,
          "monitor: NET_READ into mtu + 13 bytes (and the header) is not EINVAL");
    check(raw_net(HVT_HYPERCALL_NET_WRITE, 0, 60) == HVT_EINVAL,
          "monitor: NET_WRITE to handle 0 is not EINVAL");
    check(raw_net(HVT_HYPERCALL_NET_WRITE, 5, 60) == HVT_EINVAL,
          "monitor: NET_WRITE to a handle past the manifest is not EINVAL");

    check_rxring(h);
    check_rxring_fit(h, max);
#endif
    puts("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
