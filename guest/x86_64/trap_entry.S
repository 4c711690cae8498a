/* SPDX-License-Identifier: ISC */
/*
 * Entry stubs for the 32 CPU exceptions. Each stub makes the stack look
 * the same (an error code, 0 if the CPU pushed none, then the vector),
 * and the common part saves the registers and CR2 as a struct
 * hvt_trap_frame (the frame ukvm builds in ring 3) and reports. No
 * exception returns: every one is fatal. Used in ring 0 only.
 */

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || \
                      (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

    .text
    .altmacro

/*
 * Stub v sits at trap_stubs + 16 * v, and all 32 (512 bytes, 512-byte
 * aligned) share one 64 KiB window, so cpu_init() derives every gate
 * from one address with one add: fewer instructions for an emulating KVM.
 */
.macro trap_stub v
    .balign 16
trap_stub_\v:
    .if !HAS_ERROR(\v)
    pushq $0
    .endif
    pushq $\v
    jmp trap_common
.endm

    .balign 512
    .globl trap_stubs
trap_stubs:
.set .Lv, 0
.rept 32
    trap_stub %.Lv
.set .Lv, .Lv + 1
.endr

trap_common:
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %cr2, %rax
    pushq %rax
    movq %rsp, %rdi
    xorl %ebp, %ebp
    call trap_handler           /* does not return */
1:  hlt
    jmp 1b

    .section .note.GNU-stack, "", @progbits
