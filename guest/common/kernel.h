/* SPDX-License-Identifier: ISC */
/*
 * What the parts of the guest kernel promise each other: the shared code
 * in common/, the CPU code in x86_64/ and one target (hvt/, later spt/,
 * virtio/). Nothing here is visible to applications.
 */
#ifndef GUEST_KERNEL_H
#define GUEST_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "solo5.h"

#define PAGE_SIZE 4096UL
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))

struct mft;

/* What a target learns at boot and hands to kernel_main(). */
struct boot_params {
    uint64_t mem_size;      /* bytes of guest memory, from address 0 */
    uint64_t kernel_end;    /* first byte past the loaded image */
    uint64_t tsc_freq;      /* TSC ticks per second */
    const char *cmdline;
    const struct mft *mft;  /* the monitor's manifest copy, or NULL */
    uint64_t boot_start;    /* [boot_start, boot_end): boot data to keep */
    uint64_t boot_end;      /* mapped read-only, e.g. the command line */
    int monitor_wx;         /* the monitor's page tables already enforce W^X */
    int net_vnet;           /* the manifest marks devices with vnet headers */
};

/* Symbols of the linker script (hvt.lds). Only their addresses matter. */
extern char _stext[], _etext[], _erodata[], _sdata[], _end[];
extern char _stack_guard[], _pagetables[];
extern char _tdata_start[], _tdata_end[], _tls_memsz[], _tls_align[];

/* common/start.c: set everything up, run the application, exit. */
void kernel_main(const struct boot_params *bp) __attribute__((noreturn));

/*
 * Provided by the target: its start-up (clocks, CPU, memory protection),
 * a random number for the stack protector, and the TLS base.
 */
void platform_init(const struct boot_params *bp);
uint64_t platform_random(void);
void platform_set_tls_base(uint64_t base);

/* common/ssp.c */
void ssp_init(void);

/*
 * Copies N bytes. An emulating KVM (PVM, ring 0) runs each repetition of
 * a string instruction like an instruction: 8 bytes a step, then the rest.
 */
static inline void copy_bytes(void *dst, const void *src, size_t n)
{
    size_t q = n / 8, r = n % 8;

    __asm__ __volatile__("rep movsq" : "+D"(dst), "+S"(src), "+c"(q) : : "memory");
    __asm__ __volatile__("rep movsb" : "+D"(dst), "+S"(src), "+c"(r) : : "memory");
}

/* common/print.c: the only formatting, for fatal reports. */
void kputs(const char *s);
char *fmt_hex(char *p, uint64_t v);   /* "0x" and 16 digits, returns end */
char *fmt_dec(char *p, uint64_t v);
char *fmt_str(char *p, const char *s);

/* Provided by the target. */
void platform_console_write(const char *buf, size_t len);
void platform_halt(int status) __attribute__((noreturn));
/* hvt: aborts after CPU exception F, leaving F for a core file. */
struct hvt_trap_frame;
void platform_abort_trap(const struct hvt_trap_frame *f) __attribute__((noreturn));
/* The host's wall clock, for targets whose clocks run on the TSC
 * (x86_64/tsc_clock.c); spt asks Linux for both clocks directly. */
uint64_t platform_walltime(void);

/*
 * Provided by the CPU code (x86_64/cpu.h, found on the include path):
 * cpu_init(), paging_init(bp), cpu_random(), cpu_rdtsc(),
 * cpu_set_tls_base(base), clock_init(freq).
 */
#include "cpu.h"

#endif
