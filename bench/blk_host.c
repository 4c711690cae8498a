/* SPDX-License-Identifier: ISC */
/*
 * The reference for bench/blk: what tests/guest/blkbench does, done by a
 * plain Linux process with pread and pwrite on the same file. Same block
 * sizes, order, volumes, region, xorshift64 seed and stamps, same output:
 *
 *   blk_host FILE [MIB]    MIB as the guest's size=MIB (default 64)
 *
 * prints "MODE BS MB/s" lines (MB = 10^6 bytes), then SUCCESS.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define STAMP_TAG 0x626c6b62656e6368ULL    /* "blkbench" */
#define XORSHIFT_SEED 0x2545f4914f6cdd1dULL
#define MAX_BS (1 << 20)

enum mode { SEQ_WRITE, SEQ_READ, RAND_READ, RAND_WRITE };
static const char *const mode_names[] = {
    "seq-write", "seq-read", "rand-read", "rand-write",
};

static int fd;
static const char *path;
static uint64_t *buf;

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t xorshift64(uint64_t *s)
{
    uint64_t x = *s;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static uint64_t run(enum mode m, uint64_t bs, uint64_t region, uint64_t volume)
{
    uint64_t rng = XORSHIFT_SEED, nblocks = region / bs, off = 0;
    uint64_t calls = volume / bs, t0;
    int write = m == SEQ_WRITE || m == RAND_WRITE;
    int seq = m == SEQ_WRITE || m == SEQ_READ;

    t0 = now_ns();
    for (uint64_t i = 0; i < calls; i++) {
        ssize_t n;

        if (seq)
            off = i % nblocks * bs;
        else
            off = xorshift64(&rng) % nblocks * bs;
        if (write) {
            buf[0] = off ^ STAMP_TAG;
            n = pwrite(fd, buf, bs, (off_t)off);
        } else {
            n = pread(fd, buf, bs, (off_t)off);
            if (n == (ssize_t)bs && buf[0] != (off ^ STAMP_TAG)) {
                fprintf(stderr, "blk_host: %s: wrong stamp at byte %llu\n",
                        path, (unsigned long long)off);
                exit(1);
            }
        }
        if (n != (ssize_t)bs) {
            fprintf(stderr, "blk_host: %s: %s at %llu: %s\n", path,
                    write ? "pwrite" : "pread", (unsigned long long)off,
                    n < 0 ? strerror(errno) : "short transfer");
            exit(1);
        }
    }
    return now_ns() - t0;
}

int main(int argc, char **argv)
{
    static const uint64_t sizes[] = { 4096, 65536, 1 << 20 };
    uint64_t volume, region;
    struct stat st;

    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: blk_host FILE [MIB]\n");
        return 1;
    }
    path = argv[1];
    volume = (argc == 3 ? strtoull(argv[2], NULL, 10) : 64) << 20;
    fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) < 0) {
        fprintf(stderr, "blk_host: %s: %s\n", path, strerror(errno));
        return 1;
    }
    region = (volume < (uint64_t)st.st_size ? volume : (uint64_t)st.st_size)
             / MAX_BS * MAX_BS;
    if (region == 0 || volume < MAX_BS) {
        fprintf(stderr, "blk_host: %s or MIB is smaller than 1 MiB\n", path);
        return 1;
    }
    if (posix_memalign((void **)&buf, 4096, MAX_BS) != 0) {
        fprintf(stderr, "blk_host: out of memory\n");
        return 1;
    }
    memset(buf, 0, MAX_BS);
    printf("blk_host: capacity %llu region %llu volume %llu\n",
           (unsigned long long)st.st_size, (unsigned long long)region,
           (unsigned long long)volume);

    for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
        for (enum mode m = SEQ_WRITE; m <= RAND_WRITE; m++) {
            uint64_t ns = run(m, sizes[s], region, volume);

            printf("%s %llu %.2f\n", mode_names[m], (unsigned long long)sizes[s],
                   ns ? volume * 1e3 / (double)ns : 0.0);
        }
    printf("SUCCESS\n");
    return 0;
}
