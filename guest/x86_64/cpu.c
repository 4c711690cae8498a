/* SPDX-License-Identifier: ISC */
/*
 * x86_64 CPU set-up in ring 0: our own GDT with a TSS (for the IST
 * stack), the IDT for the 32 exceptions, and the FPU/SSE/AVX state
 * applications may use. In ring 3 the monitor has done all of it.
 */
#include "kernel.h"

/* The 64-bit TSS; only ist[0] (IST1) is used. */
struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

struct desc_ptr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "tss size");

/*
 * Every exception runs on this stack (IST1 in ring 0; in ring 3 the
 * monitor puts the frame there, as the ring-3 note says), so a fault
 * caused by a stack overflow into the guard page still gets its report.
 * No handler returns, so one stack is enough.
 */
uint8_t trap_stack[TRAP_STACK_SIZE] __attribute__((aligned(16)));
static int in_ring3, has_fsgsbase;
static struct tss tss;
/*
 * 64-bit interrupt gates, two words each: the low word holds handler
 * bits 0-15 and 16-31 around selector, IST and type; the high word
 * holds handler bits 32-63.
 */
static uint64_t idt[32 * 2];
#define GATE_BITS ((uint64_t)GDT_CODE_SEL << 16 | 1ULL << 32 /* IST1 */ | \
                   0x8eULL << 40 /* present, interrupt gate */)

/*
 * Code and data descriptors sit at the same selectors as the monitor's,
 * so the segment registers need no reload after lgdt. Not const: ltr
 * marks the TSS descriptor busy.
 */
static uint64_t gdt[5] __attribute__((aligned(16))) = {
    0,
    0x00af9a000000ffffULL,  /* 0x08: code, 64-bit, present, DPL 0 */
    0x00cf92000000ffffULL,  /* 0x10: data, writable, present */
    0, 0                    /* 0x18: TSS, filled in by cpu_init() */
};

extern const char trap_stubs[];   /* trap_entry.S: 32 stubs, 16 bytes apart */

void cpu_init(int ring3)
{
    uint32_t r[4];
    uint64_t base = (uint64_t)&tss;
    struct desc_ptr p;

    /* In ring 3 the monitor owns the tables, CR4 and XCR0. */
    in_ring3 = ring3;
    if (ring3) {
        cpu_cpuid(7, 0, r);
        has_fsgsbase = r[1] & CPUID7_EBX_FSGSBASE;
        return;
    }
    cpu_cpuid(1, 0, r);

    tss.ist[0] = (uint64_t)(trap_stack + sizeof(trap_stack));
    tss.iomap_base = sizeof(tss);   /* no I/O bitmap */
    gdt[3] = (sizeof(tss) - 1) | (base & 0xffffff) << 16 |
             0x89ULL << 40 |        /* present, available 64-bit TSS */
             (base >> 24 & 0xff) << 56;
    gdt[4] = base >> 32;
    p.limit = sizeof(gdt) - 1;
    p.base = (uint64_t)gdt;
    __asm__ __volatile__("lgdt %0" : : "m"(p));
    __asm__ __volatile__("ltr %w0" : : "r"(GDT_TSS_SEL));

    /*
     * The image lies below 4 GiB, so each gate's high word (handler bits
     * 32-63) stays 0 from bss; the stubs share bits 16-31 (trap_entry.S).
     */
    uint64_t h = (uint64_t)trap_stubs;
    uint64_t gate = (h & 0xffff) | (h & 0xffff0000) << 32 | GATE_BITS;
#pragma GCC unroll 32
    for (int i = 0; i < 32; i++)
        idt[2 * i] = gate + 16 * (uint64_t)i;
    p.limit = sizeof(idt) - 1;
    p.base = (uint64_t)idt;
    __asm__ __volatile__("lidt %0" : : "m"(p));

    /*
     * The monitor enables x87/SSE (CR4.OSFXSR). Turn on AVX too where the
     * CPU has it, so applications can use it: CR4.OSXSAVE, then XCR0.
     */
    if (r[2] & CPUID1_ECX_XSAVE) {
        uint64_t cr4;
        uint32_t xcr0 = 0x3;        /* x87 | SSE */

        __asm__ __volatile__("mov %%cr4, %0" : "=r"(cr4));
        __asm__ __volatile__("mov %0, %%cr4" : : "r"(cr4 | CR4_OSXSAVE));
        if (r[2] & CPUID1_ECX_AVX)
            xcr0 |= 0x4;            /* AVX (upper halves of ymm) */
        __asm__ __volatile__("xsetbv" : : "c"(0), "a"(xcr0), "d"(0));
    }
}

void cpu_set_tls_base(uint64_t base)
{
    if (!in_ring3)
        cpu_wrmsr(MSR_FS_BASE, base);
    else if (has_fsgsbase)  /* the monitor set CR4.FSGSBASE */
        __asm__ __volatile__("wrfsbase %0" : : "r"(base));
    else
        platform_set_tls_base_slow(base);
}
