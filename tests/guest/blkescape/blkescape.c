/* SPDX-License-Identifier: ISC */
/*
 * spt only: a guest that goes around the guest kernel and calls pwrite64
 * or pread64 on its block device's descriptor itself, as its command
 * line says, to reach past the device or with a length no rule allows.
 * The tender's filter must stop it (SIGSYS) before the file changes;
 * "last-block" is the control that must pass, and so is "first-blocks"
 * where ukvm-spt offers multi-block transfers.
 */
#include "abi/mft_abi.h"
#include "abi/spt_abi.h"
#include "test_util.h"

static uint8_t buf[4 * 4096] __attribute__((aligned(16)));

static long raw4(long nr, long fd, void *p, long len, long off)
{
    register long r10 __asm__("r10") = off;
    long ret;

    __asm__ __volatile__("syscall" : "=a"(ret)
                         : "a"(nr), "D"(fd), "S"(p), "d"(len), "r"(r10)
                         : "rcx", "r11", "memory");
    return ret;
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    const struct spt_boot_info *bi = (const struct spt_boot_info *)SPT_BOOT_INFO_BASE;
    const struct mft *m = (const struct mft *)bi->mft;
    struct solo5_block_info info;
    solo5_handle_t h;
    long fd, bs, cap, nr = 18, len, off;    /* pwrite64 */

    if (solo5_block_acquire("storage", &h, &info) != SOLO5_R_OK)
        fail("solo5_block_acquire(storage)");
    fd = m->e[h].b.hostfd;
    bs = (long)info.block_size;
    cap = (long)info.capacity;
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = 0xee;
    if (streq(si->cmdline, "last-block")) {
        len = bs, off = cap - bs;
    } else if (streq(si->cmdline, "past-end")) {
        len = bs, off = cap;                /* would grow the file */
    } else if (streq(si->cmdline, "across-end")) {
        len = bs, off = cap - bs / 2;
    } else if (streq(si->cmdline, "first-blocks")) {
        len = 4 * bs, off = 0;              /* where multi-block is offered */
    } else if (streq(si->cmdline, "blocks-across-end")) {
        len = 4 * bs, off = cap - 2 * bs;
    } else if (streq(si->cmdline, "odd-length")) {
        len = bs + 1, off = 0;
    } else if (streq(si->cmdline, "far-odd")) {
        len = 7, off = 1L << 40;            /* would grow it to 1 TiB */
    } else if (streq(si->cmdline, "read-past-end")) {
        nr = 17, len = bs, off = cap;       /* pread64 */
    } else {
        fail("unknown command line");
    }
    puts("calling p");
    puts(nr == 18 ? "write64\n" : "read64\n");
    if (raw4(nr, fd, buf, len, off) != len)
        fail("the call did not move every byte");
    puts("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
