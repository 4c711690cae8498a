/* SPDX-License-Identifier: ISC */
/*
 * The report printed when the CPU raises an exception; then the guest
 * aborts (exit status 255). The same in ring 0 and ring 3.
 */
#include "kernel.h"
#include "abi/hvt_abi.h"

static const char *const trap_names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
    "#OF overflow", "#BR bound range", "#UD invalid opcode",
    "#NM device not available", "#DF double fault",
    "coprocessor segment overrun", "#TS invalid TSS",
    "#NP segment not present", "#SS stack fault",
    "#GP general protection", "#PF page fault", "reserved 15",
    "#MF x87 floating point", "#AC alignment check", "#MC machine check",
    "#XM SIMD floating point", "#VE virtualization", "#CP control protection",
    "reserved 22", "reserved 23", "reserved 24", "reserved 25",
    "reserved 26", "reserved 27", "#HV hypervisor injection",
    "#VC VMM communication", "#SX security", "reserved 31"
};

/* Appends "  name 0x..." to a report line. */
static char *fmt_reg(char *p, const char *name, uint64_t v)
{
    p = fmt_str(p, "  ");
    p = fmt_str(p, name);
    *p++ = ' ';
    return fmt_hex(p, v);
}

static void put_line(char *start, char *end)
{
    *end++ = '\n';
    platform_console_write(start, (size_t)(end - start));
}

/*
 * Called by trap_entry.S in ring 0, or by ukvm in ring 3 (the ring-3
 * note names it), with the same frame.
 */
void trap_handler(struct hvt_trap_frame *f) __attribute__((noreturn));

void trap_handler(struct hvt_trap_frame *f)
{
    static int in_trap;
    char line[128], *p;

    /* A fault while reporting would loop: stop at once instead. */
    if (in_trap++)
        platform_halt(SOLO5_EXIT_ABORT);

    p = fmt_str(line, "guest: trap: ");
    p = fmt_str(p, trap_names[f->vector & 31]);
    p = fmt_str(p, " (vector ");
    p = fmt_dec(p, f->vector);
    p = fmt_str(p, "), error ");
    p = fmt_hex(p, f->error);
    put_line(line, p);
    p = fmt_str(line, "guest:");
    p = fmt_reg(p, "rip", f->rip);
    p = fmt_reg(p, "rsp", f->rsp);
    p = fmt_reg(p, "rflags", f->rflags);
    put_line(line, p);
    if (f->vector == 14) {
        p = fmt_str(line, "guest:");
        p = fmt_reg(p, "cr2", f->cr2);
        p = fmt_str(p, f->error & 1 ? " (protection" : " (not present");
        p = fmt_str(p, f->error & 2 ? ", write" : ", read");
        p = fmt_str(p, f->error & 16 ? ", fetch)" : ")");
        put_line(line, p);
    }
    p = fmt_str(line, "guest:");
    p = fmt_reg(p, "rax", f->rax);
    p = fmt_reg(p, "rbx", f->rbx);
    p = fmt_reg(p, "rcx", f->rcx);
    p = fmt_reg(p, "rdx", f->rdx);
    put_line(line, p);
    p = fmt_str(line, "guest:");
    p = fmt_reg(p, "rsi", f->rsi);
    p = fmt_reg(p, "rdi", f->rdi);
    p = fmt_reg(p, "rbp", f->rbp);
    p = fmt_reg(p, "r8 ", f->r8);
    put_line(line, p);
    p = fmt_str(line, "guest:");
    p = fmt_reg(p, "r9 ", f->r9);
    p = fmt_reg(p, "r10", f->r10);
    p = fmt_reg(p, "r11", f->r11);
    p = fmt_reg(p, "r12", f->r12);
    put_line(line, p);
    p = fmt_str(line, "guest:");
    p = fmt_reg(p, "r13", f->r13);
    p = fmt_reg(p, "r14", f->r14);
    p = fmt_reg(p, "r15", f->r15);
    put_line(line, p);
    kputs("guest: aborting after a CPU exception\n");
    platform_abort_trap(f);
}
