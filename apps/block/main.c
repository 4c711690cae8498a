/* SPDX-License-Identifier: ISC */
/*
 * block: writes a pattern to every sector of the block device "storage",
 * reads every sector back and checks it. Each 8-byte little-endian word
 * holds BLOCK_MAGIC | its byte offset on the device, so every sector's
 * contents are distinct and a misplaced sector shows as a mismatch.
 *
 *   block                  write, read back, verify
 *   block --verify-only    only read and verify (a previous run wrote)
 *   block --corrupt=N      after writing, overwrite sector N with zeroes
 *                          (to see a mismatch reported)
 *
 * One sector per call, so it runs on Solo5's solo5-hvt too.
 * Exit status: 0 all sectors match, 1 a mismatch or an I/O error, 2 bad
 * arguments or no device.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solo5.h"

#define BLOCK_MAGIC ((uint64_t)0xb10c000000000000ULL)
#define MAX_REPORTED 10 /* mismatching sectors printed one by one */

static void fill_sector(uint64_t *words, size_t nwords, uint64_t offset)
{
    for (size_t i = 0; i < nwords; i++)
        words[i] = BLOCK_MAGIC | (offset + 8 * i);
}

/* The first word of the sector that differs from the pattern, or -1. */
static long check_sector(const uint64_t *words, size_t nwords, uint64_t offset)
{
    for (size_t i = 0; i < nwords; i++)
        if (words[i] != (BLOCK_MAGIC | (offset + 8 * i)))
            return (long)i;
    return -1;
}

static int usage(void)
{
    fprintf(stderr, "usage: block [--verify-only] [--corrupt=SECTOR]\n");
    return 2;
}

int main(int argc, char **argv)
{
    int verify_only = 0;
    long long corrupt = -1;

    for (int i = 1; i < argc; i++) {
        char *end;
        if (strcmp(argv[i], "--verify-only") == 0) {
            verify_only = 1;
        } else if (strncmp(argv[i], "--corrupt=", 10) == 0) {
            corrupt = strtoll(argv[i] + 10, &end, 10);
            if (end == argv[i] + 10 || *end != '\0' || corrupt < 0)
                return usage();
        } else {
            return usage();
        }
    }

    solo5_handle_t h;
    struct solo5_block_info info;
    if (solo5_block_acquire("storage", &h, &info) != SOLO5_R_OK) {
        fprintf(stderr, "block: no block device \"storage\" attached\n");
        return 2;
    }
    uint64_t bs = info.block_size, sectors = info.capacity / bs;
    printf("block: storage: %" PRIu64 " sectors of %" PRIu64 " bytes, "
           "%" PRIu64 " bytes\n", sectors, bs, info.capacity);
    if (corrupt >= 0 && (uint64_t)corrupt >= sectors) {
        fprintf(stderr, "block: --corrupt=%lld: the device has %" PRIu64
                " sectors\n", corrupt, sectors);
        return 2;
    }

    uint64_t *buf = malloc(bs);
    if (buf == NULL) {
        fprintf(stderr, "block: out of memory for a %" PRIu64 "-byte sector\n",
                bs);
        return 1;
    }
    size_t nwords = bs / 8;

    if (!verify_only) {
        for (uint64_t s = 0; s < sectors; s++) {
            fill_sector(buf, nwords, s * bs);
            if (solo5_block_write(h, s * bs, (uint8_t *)buf, bs) != SOLO5_R_OK) {
                fprintf(stderr, "block: write of sector %" PRIu64 " failed\n", s);
                return 1;
            }
        }
        printf("block: wrote %" PRIu64 " sectors\n", sectors);
    }
    if (corrupt >= 0) {
        memset(buf, 0, bs);
        if (solo5_block_write(h, (uint64_t)corrupt * bs, (uint8_t *)buf, bs)
            != SOLO5_R_OK) {
            fprintf(stderr, "block: write of sector %lld failed\n", corrupt);
            return 1;
        }
        printf("block: zeroed sector %lld\n", corrupt);
    }

    uint64_t bad = 0;
    for (uint64_t s = 0; s < sectors; s++) {
        if (solo5_block_read(h, s * bs, (uint8_t *)buf, bs) != SOLO5_R_OK) {
            fprintf(stderr, "block: read of sector %" PRIu64 " failed\n", s);
            return 1;
        }
        long w = check_sector(buf, nwords, s * bs);
        if (w < 0)
            continue;
        if (++bad <= MAX_REPORTED)
            printf("block: mismatch in sector %" PRIu64 " at byte %ld: "
                   "read 0x%016" PRIx64 ", expected 0x%016" PRIx64 "\n",
                   s, 8 * w, buf[w], BLOCK_MAGIC | (s * bs + 8 * (uint64_t)w));
    }
    if (bad > 0) {
        printf("block: FAILED: %" PRIu64 " of %" PRIu64 " sectors differ\n",
               bad, sectors);
        return 1;
    }
    printf("block: verified %" PRIu64 " sectors, %" PRIu64 " bytes\n",
           sectors, info.capacity);
    return 0;
}
