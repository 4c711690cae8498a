/* SPDX-License-Identifier: ISC */
/*
 * Which SIMD class an x86-64 instruction belongs to, for the hint the
 * monitor prints when a guest stops with KVM_EXIT_INTERNAL_ERROR. On an
 * emulating KVM (PVM: KVM inside a VM without nested virtualization)
 * ring-0 guest code runs in KVM's instruction emulator, which knows no
 * SSE, AVX or x87 arithmetic; naming the class at RIP turns "internal
 * error" into "this guest uses SSE: build it with -mgeneral-regs-only".
 */
#ifndef UKVM_X86_64_SIMD_INSN_H
#define UKVM_X86_64_SIMD_INSN_H

#include <stddef.h>
#include <stdint.h>

/*
 * INSN holds LEN bytes from the instruction's first (at most 15 are
 * read). Returns, for 64-bit mode:
 *   "SSE"      a legacy-encoded SIMD instruction: MMX, 3DNow!, SSE to
 *              SSE4.2, SSE4a, and AES, SHA, PCLMUL, GFNI in that form,
 *              plus ldmxcsr, stmxcsr, fxsave and fxrstor
 *   "AVX"      a VEX-encoded one (C4, C5), BMI1/BMI2 excepted, or AMD
 *              XOP (8F), TBM and LWP excepted
 *   "AVX-512"  an EVEX-encoded one (62), or a VEX-encoded mask (k) one
 *   "x87"      an x87 instruction (D8-DF): not SIMD, but the emulator
 *              cannot run it either, and gcc emits it for long double
 *   NULL       a general-purpose or system instruction (BMI, popcnt,
 *              endbr64, NOPs, prefetches, fences, xsave and xsetbv
 *              included), or bytes that end before the opcode
 * Out of scope: APX's REX2 (D5), which gives NULL. An fwait (9B) before
 * an x87 instruction counts as x87; alone, it is general (KVM emulates it).
 */
const char *x86_simd_insn_kind(const uint8_t *insn, size_t len);

#endif
