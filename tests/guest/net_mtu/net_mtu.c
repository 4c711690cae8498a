/* net_mtu: a frame of mtu + 14 bytes goes out, one byte more is EINVAL,
 * and so is a read into a buffer smaller than mtu + 14; checked through
 * solo5.h (the guest kernel's checks) and with raw hypercalls (the
 * monitor's). Also: wrong names, types and handles are EINVAL. */
#include "abi/hvt_abi.h"
#include "test_util.h"

#define ETH_HLEN 14

static uint8_t frame[4096] __attribute__((aligned(16)));

static void check(int ok, const char *what)
{
    if (!ok)
        fail(what);
}

/* The monitor's own answer, bypassing the guest kernel's checks. */
static int32_t raw_net(unsigned nr, solo5_handle_t h, size_t len)
{
    /* NET_READ and NET_WRITE have the same layout. */
    static struct hvt_hc_net_read p;

    p.handle = h;
    p.data = (uint64_t)(uintptr_t)frame;
    p.len = len;
    p.ret = -1;
    __asm__ __volatile__("outl %0, %1"
                         : : "a"((uint32_t)(uintptr_t)&p),
                           "d"((uint16_t)HVT_HYPERCALL_PORT(nr))
                         : "memory");
    return p.ret;
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
    puts("mtu: ");
    put_dec(info.mtu);
    puts("\n");
    max = info.mtu + ETH_HLEN;
    check(max <= sizeof(frame) - 1, "MTU larger than the test's buffer");

    /* A broadcast frame of a local experimental type: the host drops it. */
    for (int i = 0; i < 6; i++) {
        frame[i] = 0xff;
        frame[6 + i] = info.mac_address[i];
    }
    frame[12] = 0x88;
    frame[13] = 0xb5;
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

    /* The monitor checks the same on its side. */
    check(raw_net(HVT_HYPERCALL_NET_WRITE, h, max) == HVT_OK,
          "monitor: NET_WRITE of mtu + 14 bytes failed");
    check(raw_net(HVT_HYPERCALL_NET_WRITE, h, max + 1) == HVT_EINVAL,
          "monitor: NET_WRITE of mtu + 15 bytes is not EINVAL");
    check(raw_net(HVT_HYPERCALL_NET_READ, h, max - 1) == HVT_EINVAL,
          "monitor: NET_READ into mtu + 13 bytes is not EINVAL");
    check(raw_net(HVT_HYPERCALL_NET_WRITE, 0, 60) == HVT_EINVAL,
          "monitor: NET_WRITE to handle 0 is not EINVAL");
    check(raw_net(HVT_HYPERCALL_NET_WRITE, 5, 60) == HVT_EINVAL,
          "monitor: NET_WRITE to a handle past the manifest is not EINVAL");

    puts("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
