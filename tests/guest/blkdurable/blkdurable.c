/* SPDX-License-Identifier: ISC */
/*
 * Writes sector after sector of "storage", each filled with byte
 * (i % 251) + 1, and prints "done i" once write i has completed. Then it
 * ends as its command line says: "halt", "abort", "fault" (ud2) after
 * COUNT sectors, or "wait" (keeps writing, a sector every 5 ms, for a
 * signal to end it). The test checks that every sector reported done is
 * in the file, however ukvm ended.
 */
#include "test_util.h"

static uint8_t sector[4096];

static int starts(const char *s, const char *p)
{
    while (*p && *s == *p)
        s++, p++;
    return *p == '\0';
}

int solo5_app_main(const struct solo5_start_info *si)
{
    struct solo5_block_info info;
    solo5_handle_t h;
    uint64_t count = 8, n;
    const char *how = si->cmdline;

    if (solo5_block_acquire("storage", &h, &info) != SOLO5_R_OK ||
        info.block_size > sizeof sector)
        fail("solo5_block_acquire(storage)");
    n = info.capacity / info.block_size;
    if (!starts(how, "wait") && count > n)
        count = n;
    for (uint64_t i = 0; i < n; i++) {
        if (!starts(how, "wait") && i == count)
            break;
        for (uint64_t j = 0; j < info.block_size; j++)
            sector[j] = (uint8_t)(i % 251 + 1);
        if (solo5_block_write(h, i * info.block_size, sector, info.block_size) !=
            SOLO5_R_OK)
            fail("solo5_block_write");
        puts("done ");
        put_dec(i);
        puts("\n");
        if (starts(how, "wait"))
            solo5_yield(solo5_clock_monotonic() + 5000000, 0);
    }
    if (starts(how, "abort"))
        solo5_abort();
    if (starts(how, "fault"))
        __asm__ __volatile__("ud2");
    puts("halting\n");
    return 0;
}
