/* SPDX-License-Identifier: ISC */
/*
 * blkbench: block throughput of "storage", for bench/blk. For block sizes
 * 4 KiB, 64 KiB and 1 MiB (each call one hypercall, one exit), in this
 * order: sequential write, sequential read, random read, random write,
 * each moving "size=MiB" (default 64) over the first min(size, capacity)
 * bytes of the device (whole MiB), one block of that size per call.
 * Random offsets are block-aligned, from a xorshift64 generator with a
 * fixed seed, so bench/blk_host repeats the very same pattern on the host.
 * Prints one line per run, "MODE BS MB/s" (MB = 10^6 bytes):
 *
 *   seq-write 4096 123.45
 *
 * then SUCCESS. Every write stamps the first word of its block with the
 * block's offset, every read checks it: one store or one compare per call,
 * where every guest instruction counts.
 */
#include "test_util.h"

#define STAMP_TAG 0x626c6b62656e6368ULL    /* "blkbench" */
#define XORSHIFT_SEED 0x2545f4914f6cdd1dULL
#define MAX_BS (1 << 20)

enum mode { SEQ_WRITE, SEQ_READ, RAND_READ, RAND_WRITE };
static const char *const mode_names[] = {
    "seq-write", "seq-read", "rand-read", "rand-write",
};

static solo5_handle_t h;
static uint64_t *buf;           /* MAX_BS bytes from the heap */

static uint64_t xorshift64(uint64_t *s)
{
    uint64_t x = *s;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

/*
 * Moves VOLUME bytes in BS-byte calls over [0, REGION); returns the ns
 * taken. The stamps stay true because sizes only grow: a larger write may
 * leave garbage at the smaller blocks inside it, but nothing reads them
 * at the smaller size afterwards.
 */
static uint64_t run(enum mode m, uint64_t bs, uint64_t region, uint64_t volume)
{
    uint64_t rng = XORSHIFT_SEED, nblocks = region / bs, off = 0;
    uint64_t calls = volume / bs, t0;
    int write = m == SEQ_WRITE || m == RAND_WRITE;
    int seq = m == SEQ_WRITE || m == SEQ_READ;

    t0 = solo5_clock_monotonic();
    for (uint64_t i = 0; i < calls; i++) {
        solo5_result_t r;

        if (seq) {
            off = i % nblocks * bs;
        } else {
            off = xorshift64(&rng) % nblocks * bs;
        }
        if (write) {
            buf[0] = off ^ STAMP_TAG;
            r = solo5_block_write(h, off, (const uint8_t *)buf, bs);
        } else {
            r = solo5_block_read(h, off, (uint8_t *)buf, bs);
            if (r == SOLO5_R_OK && buf[0] != (off ^ STAMP_TAG)) {
                puts("FAILURE: wrong stamp at byte ");
                put_dec(off);
                puts("\n");
                solo5_exit(SOLO5_EXIT_FAILURE);
            }
        }
        if (r != SOLO5_R_OK)
            fail(write ? "solo5_block_write" : "solo5_block_read");
    }
    return solo5_clock_monotonic() - t0;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    static const uint64_t sizes[] = { 4096, 65536, 1 << 20 };
    struct solo5_block_info info;
    uint64_t volume = arg_value(si->cmdline, "size", 64) << 20, region;
    uintptr_t heap = (si->heap_start + 4095) & ~(uintptr_t)4095;

    if (solo5_block_acquire("storage", &h, &info) != SOLO5_R_OK)
        fail("solo5_block_acquire");
    if (heap + MAX_BS > si->heap_start + si->heap_size)
        fail("heap too small");
    buf = (uint64_t *)heap;
    /* Whole blocks of the largest size, so every size covers the same bytes. */
    region = (volume < info.capacity ? volume : info.capacity) / MAX_BS * MAX_BS;
    if (region == 0 || volume < MAX_BS || MAX_BS % info.block_size != 0)
        fail("the device or size=MiB is smaller than 1 MiB, or its block "
             "size does not divide 1 MiB");
    puts("blkbench: capacity ");
    put_dec(info.capacity);
    puts(" block_size ");
    put_dec(info.block_size);
    puts(" region ");
    put_dec(region);
    puts(" volume ");
    put_dec(volume);
    puts("\n");

    for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
        for (enum mode m = SEQ_WRITE; m <= RAND_WRITE; m++) {
            uint64_t ns = run(m, sizes[s], region, volume);
            /* MB/s times 100; volume < 2^44 keeps this inside 64 bits. */
            uint64_t centi = ns ? volume * 100000 / ns : 0;

            puts(mode_names[m]);
            puts(" ");
            put_dec(sizes[s]);
            puts(" ");
            put_dec(centi / 100);
            puts(centi % 100 < 10 ? ".0" : ".");
            put_dec(centi % 100);
            puts("\n");
        }
    puts("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
