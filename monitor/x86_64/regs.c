/* SPDX-License-Identifier: ISC */
/* The guest's registers, for reports, core files and debuggers. */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/user.h>

#include "vm.h"

static void to_user_regs(const struct kvm_regs *rp, const struct kvm_sregs *sp,
                         struct user_regs_struct *u)
{
    const struct kvm_regs r = *rp;
    const struct kvm_sregs s = *sp;

    *u = (struct user_regs_struct){
        .r15 = r.r15, .r14 = r.r14, .r13 = r.r13, .r12 = r.r12, .rbp = r.rbp,
        .rbx = r.rbx, .r11 = r.r11, .r10 = r.r10, .r9 = r.r9, .r8 = r.r8,
        .rax = r.rax, .rcx = r.rcx, .rdx = r.rdx, .rsi = r.rsi, .rdi = r.rdi,
        .orig_rax = (unsigned long long)-1, .rip = r.rip, .cs = s.cs.selector,
        .eflags = r.rflags, .rsp = r.rsp, .ss = s.ss.selector,
        .fs_base = s.fs.base, .gs_base = s.gs.base, .ds = s.ds.selector,
        .es = s.es.selector, .fs = s.fs.selector, .gs = s.gs.selector,
    };
}

int arch_get_regs(struct ukvm *vm, struct user_regs_struct *u)
{
    struct kvm_regs r;
    struct kvm_sregs s;

    if (ioctl(vm->arch->vcpu_fd, KVM_GET_REGS, &r) < 0 ||
        ioctl(vm->arch->vcpu_fd, KVM_GET_SREGS, &s) < 0)
        return -1;
    to_user_regs(&r, &s, u);
    return 0;
}

static int fault_regs(struct ukvm *vm, struct user_regs_struct *u)
{
    struct kvm_sregs s;

    if (!vm->arch->fault.seen ||
        ioctl(vm->arch->vcpu_fd, KVM_GET_SREGS, &s) < 0)
        return -1;
    to_user_regs(&vm->arch->fault.regs, &s, u);
    return (int)vm->arch->fault.vector;
}

static int halt_cookie_regs(struct ukvm *vm, uint64_t cookie, struct user_regs_struct *u)
{
    const struct hvt_halt_trap *t = cookie ? guest_mem_ptr(vm, cookie, sizeof *t) : NULL;
    struct kvm_regs r;
    struct kvm_sregs s;

    if (!t || t->magic != HVT_HALT_TRAP_MAGIC ||
        ioctl(vm->arch->vcpu_fd, KVM_GET_SREGS, &s) < 0)
        return -1;
    r = (struct kvm_regs){
        .rax = t->frame.rax, .rbx = t->frame.rbx, .rcx = t->frame.rcx,
        .rdx = t->frame.rdx, .rsi = t->frame.rsi, .rdi = t->frame.rdi,
        .rsp = t->frame.rsp, .rbp = t->frame.rbp, .r8 = t->frame.r8,
        .r9 = t->frame.r9, .r10 = t->frame.r10, .r11 = t->frame.r11,
        .r12 = t->frame.r12, .r13 = t->frame.r13, .r14 = t->frame.r14,
        .r15 = t->frame.r15, .rip = t->frame.rip, .rflags = t->frame.rflags,
    };
    to_user_regs(&r, &s, u);
    return (int)(t->frame.vector & 31);
}

int arch_exception_regs(struct ukvm *vm, uint64_t cookie, struct user_regs_struct *u)
{
    int vector = fault_regs(vm, u);

    return vector >= 0 ? vector : halt_cookie_regs(vm, cookie, u);
}

int arch_get_fpregs(struct ukvm *vm, struct user_fpregs_struct *f)
{
    struct kvm_fpu k;

    if (ioctl(vm->arch->vcpu_fd, KVM_GET_FPU, &k) < 0)
        return -1;
    memset(f, 0, sizeof *f);
    f->cwd = k.fcw;
    f->swd = k.fsw;
    f->ftw = k.ftwx;
    f->fop = k.last_opcode;
    f->rip = k.last_ip;
    f->rdp = k.last_dp;
    f->mxcsr = k.mxcsr;
    f->mxcr_mask = 0xffff;
    memcpy(f->st_space, k.fpr, sizeof k.fpr);
    memcpy(f->xmm_space, k.xmm, sizeof k.xmm);
    return 0;
}

/* General registers and RIP/RFLAGS only: segments stay as ukvm set them. */
int arch_set_regs(struct ukvm *vm, const struct user_regs_struct *u)
{
    struct kvm_regs r = {
        .rax = u->rax, .rbx = u->rbx, .rcx = u->rcx, .rdx = u->rdx,
        .rsi = u->rsi, .rdi = u->rdi, .rsp = u->rsp, .rbp = u->rbp,
        .r8 = u->r8, .r9 = u->r9, .r10 = u->r10, .r11 = u->r11,
        .r12 = u->r12, .r13 = u->r13, .r14 = u->r14, .r15 = u->r15,
        .rip = u->rip, .rflags = u->eflags | 0x2,
    };

    return ioctl(vm->arch->vcpu_fd, KVM_SET_REGS, &r) < 0 ? -1 : 0;
}

void arch_dump_registers(struct ukvm *vm)
{
    struct kvm_regs r;
    struct kvm_sregs s;

    if (ioctl(vm->arch->vcpu_fd, KVM_GET_REGS, &r) < 0 ||
        ioctl(vm->arch->vcpu_fd, KVM_GET_SREGS, &s) < 0) {
        fprintf(stderr, "ukvm: cannot read guest registers: %m\n");
        return;
    }
    fprintf(stderr,
            "ukvm: rip %016llx rsp %016llx rflags %016llx\n"
            "ukvm: rax %016llx rbx %016llx rcx %016llx rdx %016llx\n"
            "ukvm: rsi %016llx rdi %016llx rbp %016llx r8  %016llx\n"
            "ukvm: r9  %016llx r10 %016llx r11 %016llx r12 %016llx\n"
            "ukvm: r13 %016llx r14 %016llx r15 %016llx\n"
            "ukvm: cr0 %016llx cr2 %016llx cr3 %016llx cr4 %016llx efer %016llx\n"
            "ukvm: cs %04x ss %04x (CPL %u)\n",
            r.rip, r.rsp, r.rflags, r.rax, r.rbx, r.rcx, r.rdx, r.rsi, r.rdi,
            r.rbp, r.r8, r.r9, r.r10, r.r11, r.r12, r.r13, r.r14, r.r15,
            s.cr0, s.cr2, s.cr3, s.cr4, s.efer, s.cs.selector, s.ss.selector,
            s.cs.dpl);
}
