/* SPDX-License-Identifier: ISC */
/*
 * The --deprivilege shim (monitor/deprivilege.c) on the instructions of
 * Solo5's hvt bindings: each #GP at one is emulated and stepped past;
 * any other exception reaches the guest's IDT handler with a ring-0
 * frame; what cannot be done stops the guest with a guest error.
 */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "deprivilege.h"
#include "paging.h"

#define MEM_SIZE (4ULL << 20)
#define CODE  0x100000ULL
#define IDT   0x200000ULL
#define STACK 0x300000ULL
#define HANDLER 0x101000ULL

static struct ukvm vm;
static jmp_buf stopped;
static char stop_msg[256];

/* The guest error path: remember the message, back to the test. */
void guest_error(struct ukvm *v, const char *fmt, ...)
{
    va_list ap;

    (void)v;
    va_start(ap, fmt);
    vsnprintf(stop_msg, sizeof stop_msg, fmt, ap);
    va_end(ap);
    longjmp(stopped, 1);
}

static struct deprivileged d;
static struct kvm_regs r;
static struct kvm_sregs s;

/* Vector V at CODE holding BYTES; returns 1 if the guest was stopped. */
static int trap(unsigned v, const void *bytes, size_t len, uint64_t error)
{
    uint64_t hw[6] = { error, CODE, 0x1b, 0x10002, STACK, 0x23 };

    memset(vm.mem + CODE, 0x90, 16);
    memcpy(vm.mem + CODE, bytes, len);
    stop_msg[0] = '\0';
    if (setjmp(stopped))
        return 1;
    deprivileged_trap(&vm, &d, v, hw, v == 13 || v == 14, &r, &s);
    return 0;
}

static void put_gate(unsigned v, uint64_t handler)
{
    uint8_t *g = vm.mem + IDT + v * 16;

    memset(g, 0, 16);
    g[0] = handler & 0xff;
    g[1] = handler >> 8 & 0xff;
    g[2] = 0x08;
    g[5] = 0x8e;
    g[6] = handler >> 16 & 0xff;
    g[7] = handler >> 24 & 0xff;
}

static void test_emulated(void)
{
    struct { uint16_t limit; uint64_t base; } __attribute__((packed))
        idt = { 32 * 16 - 1, IDT };

    memcpy(vm.mem + 0x104000, &idt, sizeof idt);
    r.rax = 0x104000;
    CHECK(!trap(13, "\x0f\x01\x18", 3, 0) && r.rip == CODE + 3 &&
          d.idt_base == IDT && d.idt_limit == 32 * 16 - 1,
          "lidt (%%rax): the guest's IDT is recorded, 3 bytes stepped");
    r.rdx = 0x104000;
    CHECK(!trap(13, "\x0f\x01\x12", 3, 0) && r.rip == CODE + 3 && d.idt_base == IDT,
          "lgdt (%%rdx): stepped past, ukvm's GDT stays");
    r.rax = 0x104000 - 8;
    CHECK(!trap(13, "\x0f\x01\x58\x08", 4, 0) && r.rip == CODE + 4,
          "lidt 8(%%rax): a disp8 operand");
    CHECK(!trap(13, "\x0f\x00\xd8", 3, 0) && r.rip == CODE + 3, "ltr %%ax: stepped past");
    CHECK(!trap(13, "\x8e\xd0", 2, 0) && r.rip == CODE + 2, "mov %%eax, %%ss: stepped past");
    CHECK(!trap(13, "\xfa", 1, 0) && r.rip == CODE + 1, "cli: stepped past");
    CHECK(!trap(13, "\xfb", 1, 0) && r.rip == CODE + 1, "sti: stepped past");

    r.rcx = 0xc0000100;
    r.rdx = 0x1;
    r.rax = 0x2345;
    CHECK(!trap(13, "\x0f\x30", 2, 0) && r.rip == CODE + 2 && s.fs.base == 0x100002345ULL,
          "wrmsr FS_BASE sets the FS base");
    r.rax = r.rdx = 0;
    CHECK(!trap(13, "\x0f\x32", 2, 0) && r.rax == 0x2345 && r.rdx == 1,
          "rdmsr FS_BASE reads it back");
    r.rcx = 0x1b;   /* APIC base: not a segment base */
    put_gate(13, HANDLER);
    CHECK(!trap(13, "\x0f\x30", 2, 0x0) && r.rip == HANDLER,
          "wrmsr of another MSR is the guest's own #GP");

    d.cr2 = 0xdead000;
    CHECK(!trap(13, "\x0f\x20\xd7", 3, 0) && r.rdi == 0xdead000 && r.rip == CODE + 3,
          "mov %%cr2, %%rdi: the last page fault's address");
    CHECK(!trap(13, "\x41\x0f\x20\xd0", 4, 0) && r.r8 == 0xdead000 && r.rip == CODE + 4,
          "mov %%cr2, %%r8 (REX.B)");

    uint64_t ret[2] = { 0x100800, 0x08 };
    memcpy(vm.mem + STACK, ret, sizeof ret);
    CHECK(!trap(13, "\x48\xcb", 2, 0) && r.rip == 0x100800 && r.rsp == STACK + 16,
          "lretq: the CS reload returns where it says");

    CHECK(trap(13, "\xf4", 1, 0) && strstr(stop_msg, "guest executed hlt"),
          "hlt stops the guest, as in ring 0");
}

static void test_delivered(void)
{
    uint64_t frame[6];

    put_gate(14, HANDLER + 0x40);
    s.cr2 = 0x8;
    CHECK(!trap(14, "\x90", 1, 0x6) && r.rip == HANDLER + 0x40 && d.cr2 == 0x8,
          "#PF: to the guest's handler, CR2 kept for its mov %%cr2");
    memcpy(frame, vm.mem + r.rsp, sizeof frame);
    CHECK(frame[0] == 0x2 && frame[1] == CODE && frame[2] == 0x08 &&
          frame[4] == STACK && frame[5] == 0x10 && r.rsp % 16 == 0 &&
          r.rsp + 48 <= STACK - 128,
          "#PF: a ring-0 frame (error without the user bit, CS 0x08, SS 0x10) below the red zone");

    CHECK(!trap(13, "\x0f\x22\xd8", 3, 0) && r.rip == HANDLER,
          "mov to CR3 is not emulated: the guest's own #GP");
    CHECK(trap(6, "\x0f\x0b", 2, 0) && strstr(stop_msg, "no handler"),
          "an exception without a gate stops the guest, named");
    put_gate(6, HANDLER);
    d.idt_limit = 6 * 16 - 1;
    CHECK(trap(6, "\x0f\x0b", 2, 0) && strstr(stop_msg, "no handler"),
          "a vector past the IDT's limit has no handler");
    d.idt_limit = 32 * 16 - 1;
    CHECK(!trap(6, "\x0f\x0b", 2, 0) && r.rip == HANDLER, "#UD reaches its gate");

    put_gate(14, HANDLER);
    uint64_t hw[6] = { 0x2, CODE, 0x1b, 0x2, 0x100010, 0x23 };  /* stack in text */
    stop_msg[0] = '\0';
    if (!setjmp(stopped))
        deprivileged_trap(&vm, &d, 14, hw, true, &r, &s);
    CHECK(strstr(stop_msg, "cannot take its frame") != NULL,
          "a stack the guest cannot write takes no frame: guest error");
}

int main(void)
{
    vm.mem = calloc(1, MEM_SIZE);
    if (!vm.mem)
        return 2;
    vm.mem_size = MEM_SIZE;
    vm.seg[0] = (struct guest_segment){ CODE, CODE + 0x2000, PF_R | PF_X };
    vm.nseg = 1;
    vm.kernel_end = CODE + 0x2000;
    /* ukvm's page tables: what the shim may read and write follows them. */
    struct errbuf err;
    if (paging_build(vm.mem, MEM_SIZE, vm.seg, 1, false, &vm.kernel_end, &err) < 0)
        return 2;
    test_emulated();
    test_delivered();
    free(vm.mem);
    return check_done();
}
