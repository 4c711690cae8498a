/* SPDX-License-Identifier: ISC */
/*
 * spt entry point: void _start(struct spt_boot_info *bi), jumped to by
 * ukvm-spt with %rdi = bi. Move to the image's own stack (it has an
 * unmapped guard page below it, see hvt.lds) and go on in C.
 */
    .text
    .globl _start
    .type _start, @function
_start:
    movq $_stack_top, %rsp
    xorl %ebp, %ebp
    call spt_main               /* does not return */
    ud2
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits
