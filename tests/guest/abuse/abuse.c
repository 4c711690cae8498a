/* SPDX-License-Identifier: ISC */
/*
 * A hostile guest: its command line names one way to misuse the
 * hypercall interface or the CPU, and ukvm must stop it with an error
 * (exit status 1) or, in ring 3, the CPU with a trap report (255); never
 * crash or touch its own memory. In ring 0 the privileged ones succeed
 * (SURVIVED), which is what ring 3 takes away.
 */
#include <stdint.h>

#include "raw_hypercall.h"
#include "solo5.h"

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static struct hvt_hc_puts puts_arg;

int solo5_app_main(const struct solo5_start_info *si)
{
    const char *what = si->cmdline;

    if (streq(what, "puts-outside-memory")) {
        puts_arg.data = 0xffffffff00000000ULL;
        puts_arg.len = 16;
        raw_hypercall(HVT_HYPERCALL_PUTS, (uintptr_t)&puts_arg);
    } else if (streq(what, "puts-length-wraps")) {
        puts_arg.data = 0x100000;
        puts_arg.len = ~0ULL - 0x1000;
        raw_hypercall(HVT_HYPERCALL_PUTS, (uintptr_t)&puts_arg);
    } else if (streq(what, "arg-outside-memory")) {
        raw_hypercall(HVT_HYPERCALL_PUTS, 0xfffffff0U);
    } else if (streq(what, "walltime-into-page-tables")) {
        raw_hypercall(HVT_HYPERCALL_WALLTIME, HVT_PML4_BASE);
    } else if (streq(what, "walltime-into-stack-guard")) {
        extern char _stack_guard[];     /* hvt.lds: the unmapped page */
        raw_hypercall(HVT_HYPERCALL_WALLTIME, (uintptr_t)_stack_guard);
    } else if (streq(what, "puts-page-tables")) {
        puts_arg.data = HVT_PML4_BASE;
        puts_arg.len = 8;
        raw_hypercall(HVT_HYPERCALL_PUTS, (uintptr_t)&puts_arg);
    } else if (streq(what, "puts-monitor-area")) {
        puts_arg.data = 0xfc000;        /* ukvm's GDT in ring 3 */
        puts_arg.len = 8;
        raw_hypercall(HVT_HYPERCALL_PUTS, (uintptr_t)&puts_arg);
    } else if (streq(what, "walltime-into-text")) {
        raw_hypercall(HVT_HYPERCALL_WALLTIME, (uintptr_t)&solo5_app_main);
    } else if (streq(what, "misaligned-arg")) {
        raw_hypercall(HVT_HYPERCALL_WALLTIME, (uintptr_t)&puts_arg + 4);
    } else if (streq(what, "unknown-port")) {
        raw_hypercall(15, 0);           /* no such hypercall */
    } else if (streq(what, "hlt")) {
        __asm__ __volatile__("cli; hlt");
    } else if (streq(what, "triple-fault")) {
        /* An IDT in the unmapped zero page: every delivery faults. */
        static const struct { uint16_t limit; uint64_t base; }
            __attribute__((packed)) bad_idt = { 0xfff, 0 };
        __asm__ __volatile__("lidt %0; ud2" : : "m"(bad_idt));
    } else if (streq(what, "no-idt")) {
        static const struct { uint16_t limit; uint64_t base; }
            __attribute__((packed)) no_idt = { 0, 0 };
        __asm__ __volatile__("lidt %0; ud2" : : "m"(no_idt));
    } else if (streq(what, "clear-cr0-wp")) {
        /* Ring 0 may switch write protection off and patch its text. */
        uint64_t cr0;

        __asm__ __volatile__("mov %%cr0, %0" : "=r"(cr0));
        __asm__ __volatile__("mov %0, %%cr0" : : "r"(cr0 & ~(1ULL << 16)));
        *(volatile uint8_t *)(uintptr_t)&solo5_app_main = 0xc3;
        solo5_console_write("patched text\n", 13);
    } else if (streq(what, "reload-cr3")) {
        uint64_t cr3;

        __asm__ __volatile__("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3));
    } else if (streq(what, "replace-idt")) {
        static struct { uint16_t limit; uint64_t base; }
            __attribute__((packed)) idt;
        __asm__ __volatile__("sidt %0; lidt %0" : "+m"(idt));
    } else if (streq(what, "wrmsr")) {
        __asm__ __volatile__("wrmsr" : : "c"(0xc0000100U), "a"(0), "d"(0));
    } else if (streq(what, "write-page-table")) {
        *(volatile uint64_t *)(uintptr_t)HVT_PML4_BASE = 0;
    } else if (streq(what, "read-monitor-area")) {
        /* ukvm's GDT in ring 3 (docs/ABI.md, "hvt: ring 3") */
        (void)*(volatile uint8_t *)(uintptr_t)0xfc000;
    } else if (streq(what, "trap-port")) {
        /* The port ukvm's ring-0 trap entry uses for #DE. */
        __asm__ __volatile__("outb %%al, $0xe0" : : "a"(0));
    } else {
        solo5_console_write("unknown abuse\n", 14);
        return 2;
    }
    solo5_console_write("SURVIVED\n", 9);
    return 3;
}
