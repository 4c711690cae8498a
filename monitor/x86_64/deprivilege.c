/* SPDX-License-Identifier: ISC */
/*
 * --deprivilege: a Solo5-built guest (no ring-3 note) in ring 3. Its
 * bindings execute a handful of privileged instructions; each raises a
 * #GP, and ukvm does what the instruction would have done in ring 0 and
 * steps past it. Any other exception goes to the guest's own IDT
 * handler, with the frame a ring-0 CPU would have pushed.
 */
#include <string.h>

#include "deprivilege.h"

#define MSR_FS_BASE        0xc0000100U
#define MSR_GS_BASE        0xc0000101U
#define MSR_KERNEL_GS_BASE 0xc0000102U
#define RED_ZONE 128

/* A general register by its x86 number (ModRM order), in struct kvm_regs. */
static __u64 *gpr(struct kvm_regs *r, unsigned n)
{
    __u64 *const regs[16] = {
        &r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi, &r->rdi,
        &r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15,
    };
    return regs[n & 15];
}

/*
 * The address of a ModRM memory operand at CODE (the ModRM byte): base
 * register plus displacement, or RIP-relative. *LEN gets the operand's
 * length; false for forms Solo5's bindings never use (SIB, registers).
 */
static bool modrm_address(const uint8_t *code, unsigned rex, struct kvm_regs *r,
                          uint64_t next_rip, uint64_t *addr, unsigned *len)
{
    unsigned mod = code[0] >> 6, rm = code[0] & 7;
    int32_t d32;

    if (mod == 3 || rm == 4)
        return false;
    if (mod == 0 && rm == 5) {
        memcpy(&d32, code + 1, 4);
        *len = 5;
        *addr = next_rip + *len + (uint64_t)(int64_t)d32;
        return true;
    }
    *addr = *gpr(r, rm | (rex & 1) << 3);
    *len = 1;
    if (mod == 1) {
        *addr += (uint64_t)(int64_t)(int8_t)code[1];
        *len = 2;
    } else if (mod == 2) {
        memcpy(&d32, code + 1, 4);
        *addr += (uint64_t)(int64_t)d32;
        *len = 5;
    }
    return true;
}

/* Pops N quadwords from the guest's stack into OUT; false if unreadable. */
static bool pop(struct ukvm *vm, struct kvm_regs *r, uint64_t *out, unsigned n)
{
    const void *p = guest_mem_ptr(vm, r->rsp, n * 8);

    if (!p)
        return false;
    memcpy(out, p, n * 8);
    r->rsp += n * 8;
    return true;
}

/* wrmsr/rdmsr: only the segment bases, which ring 3 cannot reach. */
static __u64 *msr_base(struct kvm_sregs *s, uint32_t msr)
{
    static __u64 kernel_gs_base;

    switch (msr) {
    case MSR_FS_BASE: return &s->fs.base;
    case MSR_GS_BASE: return &s->gs.base;
    case MSR_KERNEL_GS_BASE: return &kernel_gs_base;
    }
    return NULL;
}

/*
 * Does what the privileged instruction at RIP does in ring 0 and steps
 * past it. Returns false when it is none of those ukvm emulates: the #GP
 * is then the guest's own.
 */
static bool emulate(struct ukvm *vm, struct deprivileged *d, struct kvm_regs *r,
                    struct kvm_sregs *s)
{
    const uint8_t *c = guest_mem_ptr(vm, r->rip, 16);
    unsigned rex = 0, at = 0, len;
    uint64_t addr, v[5];
    __u64 *base;

    if (!c)
        return false;
    if ((c[0] & 0xf0) == 0x40)
        rex = c[at++];
    switch (c[at]) {
    case 0xfa:                                  /* cli */
    case 0xfb:                                  /* sti */
        r->rip += at + 1;                       /* no interrupts: nothing to mask */
        return true;
    case 0xf4:                                  /* hlt */
        guest_error(vm, "guest executed hlt (it would never wake)");
    case 0x8e:                                  /* mov r, Sreg */
        if (c[at + 1] >> 6 != 3)
            return false;
        r->rip += at + 2;                       /* ukvm's flat segments stay */
        return true;
    case 0xcb:                                  /* lretq: the CS reload after lgdt */
        if (!(rex & 8) || !pop(vm, r, v, 2))
            return false;
        r->rip = v[0];
        return true;
    case 0xcf:                                  /* iretq */
        if (!(rex & 8) || !pop(vm, r, v, 5))
            return false;
        r->rip = v[0];
        r->rflags = (v[2] & ~(3ULL << 12 | 1ULL << 9)) | 0x2;   /* IOPL, IF stay 0 */
        r->rsp = v[3];
        return true;
    case 0x0f:
        break;
    default:
        return false;
    }
    switch (c[at + 1]) {
    case 0x01:                                  /* lgdt, lidt */
        if ((c[at + 2] >> 3 & 7) != 2 && (c[at + 2] >> 3 & 7) != 3)
            return false;
        if (!modrm_address(c + at + 2, rex, r, r->rip + at + 2, &addr, &len))
            return false;
        const uint8_t *desc = guest_mem_ptr(vm, addr, 10);
        if (!desc)
            return false;
        if ((c[at + 2] >> 3 & 7) == 3) {        /* the guest's IDT, for its handlers */
            memcpy(&d->idt_limit, desc, 2);
            memcpy(&d->idt_base, desc + 2, 8);
        }
        r->rip += at + 2 + len;
        return true;
    case 0x00:                                  /* ltr r16: ukvm's TSS stays */
        if ((c[at + 2] >> 3 & 7) != 3 || c[at + 2] >> 6 != 3)
            return false;
        r->rip += at + 3;
        return true;
    case 0x20:                                  /* mov cr, r */
        if (c[at + 2] >> 6 != 3)
            return false;
        switch (c[at + 2] >> 3 & 7) {
        case 0: addr = s->cr0; break;
        case 2: addr = d->cr2; break;
        case 3: addr = s->cr3; break;
        case 4: addr = s->cr4; break;
        default: return false;
        }
        *gpr(r, (c[at + 2] & 7) | (rex & 1) << 3) = addr;
        r->rip += at + 3;
        return true;
    case 0x30:                                  /* wrmsr */
        if (!(base = msr_base(s, (uint32_t)r->rcx)))
            return false;
        *base = (r->rdx & 0xffffffff) << 32 | (r->rax & 0xffffffff);
        r->rip += at + 2;
        return true;
    case 0x32:                                  /* rdmsr */
        if (!(base = msr_base(s, (uint32_t)r->rcx)))
            return false;
        r->rax = *base & 0xffffffff;
        r->rdx = *base >> 32;
        r->rip += at + 2;
        return true;
    }
    return false;
}

/* Enters the guest's IDT handler for vector V as a ring-0 CPU would. */
static void deliver(struct ukvm *vm, struct deprivileged *d, unsigned v,
                    uint64_t error, bool has_error, struct kvm_regs *r)
{
    const uint8_t *gate;
    uint64_t handler, frame[6], sp, *dst;
    uint16_t lo, mid;
    uint32_t hi;
    unsigned n = 0;

    gate = v * 16 + 15 <= d->idt_limit ? guest_mem_ptr(vm, d->idt_base + v * 16, 16)
                                       : NULL;
    if (!gate || !(gate[5] & 0x80))
        guest_error(vm, "CPU exception %u in ring 3, and the guest has no "
                    "handler for it", v);
    /* A 64-bit gate: offset bits 0-15, 16-31 and 32-63 around the rest. */
    memcpy(&lo, gate, 2);
    memcpy(&mid, gate + 6, 2);
    memcpy(&hi, gate + 8, 4);
    handler = lo | (uint64_t)mid << 16 | (uint64_t)hi << 32;

    /* What the CPU pushes, lowest address first; selectors as in ring 0. */
    if (has_error)
        frame[n++] = error;
    frame[n++] = r->rip;
    frame[n++] = HVT_GDT_CODE_SEL;
    frame[n++] = r->rflags;
    frame[n++] = r->rsp;
    frame[n++] = HVT_GDT_DATA_SEL;
    sp = ((r->rsp - RED_ZONE) & ~15ULL) - n * 8;
    dst = guest_mem_ptr_rw(vm, sp, n * 8);
    if (!dst)
        guest_error(vm, "CPU exception %u in ring 3, and the guest's stack "
                    "%#llx cannot take its frame", v, (unsigned long long)r->rsp);
    memcpy(dst, frame, n * 8);
    r->rsp = sp;
    r->rip = handler;
    r->rflags = 0x2;
}

bool deprivileged_trap(struct ukvm *vm, struct deprivileged *d, unsigned v,
                       const uint64_t hw[6], bool has_error, struct kvm_regs *r,
                       struct kvm_sregs *s)
{
    uint64_t hw0 = hw[0];

    /* Back to where the exception struck, as iretq would. */
    r->rip = hw[1];
    r->rflags = hw[3];
    r->rsp = hw[4];
    if (v == 13 && emulate(vm, d, r, s))
        return false;
    if (v == 14) {
        d->cr2 = s->cr2;
        hw0 &= ~4ULL;   /* the U bit: the guest believes it faulted in ring 0 */
    }
    deliver(vm, d, v, hw0, has_error, r);
    return true;
}
