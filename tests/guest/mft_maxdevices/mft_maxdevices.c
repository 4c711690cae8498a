/* SPDX-License-Identifier: ISC */
/*
 * mft_maxdevices: a manifest with the most devices there can be, 63 block
 * devices blk0..blk62. Each must be acquired with handle 1..63 in manifest
 * order; each gets "blkN" written at the start of its first block so the
 * host can check that every handle reached its own file.
 */
#include "test_util.h"

#define DEVICES 63

static uint8_t block[65536] __attribute__((aligned(16)));

/* "blk" and the decimal N, NUL-terminated, into name; returns its length. */
static size_t dev_name(char *name, unsigned n)
{
    size_t len = 3;

    name[0] = 'b', name[1] = 'l', name[2] = 'k';
    if (n >= 10)
        name[len++] = (char)('0' + n / 10);
    name[len++] = (char)('0' + n % 10);
    name[len] = '\0';
    return len;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    struct solo5_block_info info;
    solo5_handle_t h;
    char name[8];

    (void)si;
    for (unsigned i = 0; i < DEVICES; i++) {
        size_t len = dev_name(name, i);

        if (solo5_block_acquire(name, &h, &info) != SOLO5_R_OK) {
            puts("FAILURE: cannot acquire ");
            fail(name);
        }
        if (h != i + 1) {
            puts("FAILURE: ");
            puts(name);
            puts(" has handle ");
            put_dec(h);
            fail("");
        }
        if (info.block_size > sizeof(block))
            fail("block size larger than the test's buffer");
        for (size_t j = 0; j < info.block_size; j++)
            block[j] = j < len ? (uint8_t)name[j] : 0;
        if (solo5_block_write(h, 0, block, info.block_size) != SOLO5_R_OK) {
            puts("FAILURE: cannot write ");
            fail(name);
        }
    }
    if (solo5_block_acquire("blk63", &h, &info) != SOLO5_R_EINVAL)
        fail("acquiring blk63, not in the manifest, is not EINVAL");
    puts("acquired 63 devices, handles 1 to 63\n");
    puts("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
