/* SPDX-License-Identifier: ISC */
/*
 * blk: fills every sector of "storage" twice, first one block per call,
 * then with multi-block calls of growing size, reads it all back in yet
 * other chunks and checks it; then checks that bad offsets and sizes are
 * EINVAL, in the guest kernel and in the monitor. Prints block_size,
 * capacity and SUCCESS. "verify" on the command line only reads and
 * checks what an earlier run left.
 *
 * The 8-byte word at byte offset o holds PATTERN_TAG ^ gen << 48 ^ o
 * (little-endian), so every sector differs, whatever the sector size,
 * and the host can check the image file after the run (tests/bats/blk.bats).
 */
#include "raw_hypercall.h"
#include "test_util.h"

#define PATTERN_TAG 0x626c6b0000000000ULL    /* "blk" in the top bytes */
#define MAX_CHUNK_BLOCKS 8

static solo5_handle_t h;
static uint64_t bs, cap;
static uint64_t *buf;           /* MAX_CHUNK_BLOCKS blocks, from the heap */

static void check(int ok, const char *what)
{
    if (!ok)
        fail(what);
}

static void fill(uint64_t off, uint64_t len, uint64_t gen)
{
    uint64_t v = PATTERN_TAG ^ gen << 48 ^ off;

    for (uint64_t i = 0; i < len / 8; i++, v += 8)
        buf[i] = v;
}

static void verify(uint64_t off, uint64_t len, uint64_t gen)
{
    uint64_t v = PATTERN_TAG ^ gen << 48 ^ off;

    for (uint64_t i = 0; i < len / 8; i++, v += 8)
        if (buf[i] != v) {
            puts("FAILURE: wrong data at byte ");
            put_dec(off + i * 8);
            puts(": ");
            put_hex(buf[i]);
            puts(" instead of ");
            put_hex(v);
            puts("\n");
            solo5_exit(SOLO5_EXIT_FAILURE);
        }
}

/* Writes the device in chunks of 1, 2, ... STEP-grown blocks. */
static void write_all(uint64_t gen, uint64_t step)
{
    uint64_t off = 0, blocks = 1;

    while (off < cap) {
        uint64_t len = blocks * bs;

        if (len > cap - off)
            len = cap - off;
        fill(off, len, gen);
        check(solo5_block_write(h, off, (uint8_t *)buf, len) == SOLO5_R_OK,
              "solo5_block_write of a valid range failed");
        off += len;
        blocks = blocks + step > MAX_CHUNK_BLOCKS ? 1 : blocks + step;
    }
}

/* Reads it back from the end, chunks shrinking from MAX_CHUNK_BLOCKS. */
static void read_all(uint64_t gen)
{
    uint64_t end = cap, blocks = MAX_CHUNK_BLOCKS;

    while (end > 0) {
        uint64_t len = blocks * bs;

        if (len > end)
            len = end;
        check(solo5_block_read(h, end - len, (uint8_t *)buf, len) == SOLO5_R_OK,
              "solo5_block_read of a valid range failed");
        verify(end - len, len, gen);
        end -= len;
        blocks = blocks > 1 ? blocks - 1 : MAX_CHUNK_BLOCKS;
    }
}

static int bad_read(solo5_handle_t handle, uint64_t off, uint64_t len)
{
    return solo5_block_read(handle, off, (uint8_t *)buf, len) == SOLO5_R_EINVAL;
}

static int bad_write(solo5_handle_t handle, uint64_t off, uint64_t len)
{
    return solo5_block_write(handle, off, (uint8_t *)buf, len) == SOLO5_R_EINVAL;
}

#ifdef UKVM_TARGET_HVT
/* The monitor's own answer, bypassing the guest kernel's checks (hvt). */
static int32_t raw_block(unsigned nr, uint64_t off, uint64_t len)
{
    /* BLOCK_READ and BLOCK_WRITE have the same layout. */
    static struct hvt_hc_block_read p;

    p.handle = h;
    p.offset = off;
    p.data = (uint64_t)(uintptr_t)buf;
    p.len = len;
    p.ret = -1;
    raw_hypercall(nr, (uintptr_t)&p);
    return p.ret;
}
#endif

static void check_einval(void)
{
    struct {
        uint64_t off, len;
        const char *what;
    } bad[] = {
        { 1, bs, "a misaligned offset" },
        { bs / 2, bs, "an offset of half a block" },
        { 0, bs + 1, "an odd size" },
        { 0, bs - 1, "a size of one byte less than a block" },
        { 0, 0, "size 0" },
        { cap, bs, "an offset at the capacity" },
        { cap + bs, bs, "an offset past the capacity" },
        { cap - bs, 2 * bs, "a range crossing the end" },
        { 0, cap + bs, "a size larger than the device" },
        { -bs, 2 * bs, "a range whose end wraps around" },
    };

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (!bad_read(h, bad[i].off, bad[i].len) ||
            !bad_write(h, bad[i].off, bad[i].len)) {
            puts("FAILURE: not EINVAL: ");
            fail(bad[i].what);
        }
#ifdef UKVM_TARGET_HVT
        static const unsigned nrs[2] = { HVT_HYPERCALL_BLOCK_READ,
                                         HVT_HYPERCALL_BLOCK_WRITE };
        /* Only sizes our buffer holds go to the monitor. */
        if (bad[i].len > MAX_CHUNK_BLOCKS * bs || !monitor_is_ukvm())
            continue;
        for (int j = 0; j < 2; j++)
            if (raw_block(nrs[j], bad[i].off, bad[i].len) != HVT_EINVAL) {
                puts("FAILURE: monitor: not EINVAL: ");
                fail(bad[i].what);
            }
#endif
    }
    check(bad_read(0, 0, bs) && bad_write(0, 0, bs),
          "I/O on the reserved handle 0 is not EINVAL");
    check(bad_read(h + 1, 0, bs) && bad_write(h + 1, 0, bs),
          "I/O on a handle past the manifest is not EINVAL");
#ifdef UKVM_TARGET_HVT
    if (!monitor_is_ukvm()) {
        puts(MONITOR_CHECKS_SKIPPED);
        return;
    }
    check(raw_block(HVT_HYPERCALL_BLOCK_READ, cap - bs, bs) == HVT_OK,
          "monitor: reading the last block failed");
    check(cap < 2 * bs ||
          raw_block(HVT_HYPERCALL_BLOCK_READ, cap - 2 * bs, 2 * bs) == HVT_OK,
          "monitor: reading the last two blocks in one call failed");
#endif
}

int solo5_app_main(const struct solo5_start_info *si)
{
    struct solo5_block_info info;
    struct solo5_net_info ninfo;
    solo5_handle_t other;
    int verify_only = si->cmdline[0] == 'v';

    check(solo5_block_acquire("nosuchdevice", &other, &info) == SOLO5_R_EINVAL,
          "acquiring an undeclared device is not EINVAL");
    check(solo5_net_acquire("storage", &other, &ninfo) == SOLO5_R_EINVAL,
          "acquiring a BLOCK_BASIC device as a network device is not EINVAL");
    check(solo5_block_acquire("storage", &h, &info) == SOLO5_R_OK,
          "solo5_block_acquire(storage)");
    bs = info.block_size;
    cap = info.capacity;
    puts("block_size: ");
    put_dec(bs);
    puts("\ncapacity: ");
    put_dec(cap);
    puts("\n");
    check(bs >= 512 && (bs & (bs - 1)) == 0, "block size not a power of two >= 512");
    check(cap > 0 && cap % bs == 0, "capacity not a whole number of blocks");
    check(MAX_CHUNK_BLOCKS * bs <= si->heap_size, "heap too small");
    buf = (uint64_t *)si->heap_start;

    if (!verify_only) {
        write_all(1, 0);        /* one block per call */
        read_all(1);
        write_all(2, 1);        /* 1, 2, 3, ... blocks per call */
        check_einval();         /* after: must have changed nothing */
    }
    read_all(2);
    puts("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
