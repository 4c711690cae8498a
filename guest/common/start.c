/* SPDX-License-Identifier: ISC */
/*
 * Start-up shared by all targets: bring up the CPU, clocks and stack
 * protector, hand the free memory to the application, and exit with
 * what it returns.
 */
#include "kernel.h"
#include "devices.h"
#include "mft.h"

void kernel_main(const struct boot_params *bp)
{
    struct solo5_start_info si;
    uint64_t heap;

    platform_init(bp);
    ssp_init();
    mft_init(bp->mft);
    net_vnet_offered = bp->net_vnet;

    /*
     * The stack lives inside the image (see the linker script), so the
     * heap is everything from the image's end to the end of memory.
     */
    heap = bp->kernel_end > (uint64_t)_end ? bp->kernel_end : (uint64_t)_end;
    heap = ALIGN_UP(heap, PAGE_SIZE);
    si.cmdline = bp->cmdline;
    si.heap_start = heap;
    si.heap_size = bp->mem_size > heap ? bp->mem_size - heap : 0;
    solo5_exit(solo5_app_main(&si));
}

void solo5_exit(int status)
{
    platform_halt(status);
}

void solo5_abort(void)
{
    platform_halt(SOLO5_EXIT_ABORT);
}

void solo5_console_write(const char *buf, size_t size)
{
    platform_console_write(buf, size);
}
