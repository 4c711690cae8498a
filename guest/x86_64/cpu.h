/* SPDX-License-Identifier: ISC */
/*
 * x86_64 CPU helpers for the guest kernel, shared by every x86_64 target.
 */
#ifndef GUEST_X86_64_CPU_H
#define GUEST_X86_64_CPU_H

#include <stdint.h>

struct boot_params;

#define MSR_EFER      0xc0000080U
#define MSR_FS_BASE   0xc0000100U
#define EFER_NXE      (1UL << 11)
#define CR4_OSXSAVE   (1UL << 18)

/* CPUID.1:ECX bits the kernel looks at. */
#define CPUID1_ECX_XSAVE  (1U << 26)
#define CPUID1_ECX_AVX    (1U << 28)
#define CPUID1_ECX_RDRAND (1U << 30)
#define CPUID7_EBX_FSGSBASE (1U << 0)
/* CPUID.0x80000001:EDX */
#define CPUIDX_EDX_NX     (1U << 20)

/* Segment selectors of our GDT (the same as the monitor's, see cpu.c). */
#define GDT_CODE_SEL 0x08
#define GDT_DATA_SEL 0x10
#define GDT_TSS_SEL  0x18

/* cpu.c. RING3: the monitor entered us in ring 3 (HVT_HOST_FEATURE_RING3). */
#define TRAP_STACK_SIZE 16384
extern uint8_t trap_stack[TRAP_STACK_SIZE];
void cpu_init(int ring3);
uint64_t cpu_random(void);
void cpu_set_tls_base(uint64_t base);
/* The target's way to set the TLS base in ring 3 without wrfsbase. */
void platform_set_tls_base_slow(uint64_t base);
/* tsc_clock.c: monotonic time from the TSC at FREQ Hz. */
void clock_init(uint64_t freq);

/* paging.c */
void paging_init(const struct boot_params *bp);

static inline uint64_t cpu_rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline void cpu_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ __volatile__("cpuid"
            : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
            : "a"(leaf), "c"(sub));
}

static inline uint64_t cpu_rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void cpu_wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ __volatile__("wrmsr"
            : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

#endif
