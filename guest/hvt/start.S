/* SPDX-License-Identifier: ISC */
/*
 * hvt entry point: void _start(struct hvt_boot_info *bi).
 * The monitor leaves us on a stack at the top of memory; move to the
 * image's own stack (it has a guard page below it, see hvt.lds) so the
 * heap can run to the end of memory. %rdi still holds bi.
 */
    .text
    .globl _start
    .type _start, @function
_start:
    movq $_stack_top, %rsp
    xorl %ebp, %ebp
    call hvt_main               /* does not return */
1:  hlt
    jmp 1b
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits
