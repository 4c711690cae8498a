/*
 * A hostile guest: its command line names one way to misuse the
 * hypercall interface or the CPU, and ukvm must stop it with an error
 * (exit status 1), never crash or touch its own memory.
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
    } else if (streq(what, "walltime-into-text")) {
        raw_hypercall(HVT_HYPERCALL_WALLTIME, (uintptr_t)&solo5_app_main);
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
    } else {
        solo5_console_write("unknown abuse\n", 14);
        return 2;
    }
    solo5_console_write("SURVIVED\n", 9);
    return 3;
}
