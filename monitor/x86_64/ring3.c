/* SPDX-License-Identifier: ISC */
/* Ring-3 entry: the monitor's GDT, TSS, IDT and trap entry, and traps. */
#include <string.h>
#include <sys/ioctl.h>

#include "deprivilege.h"
#include "hypercall.h"
#include "ring3.h"
#include "vm.h"

/* Descriptors with the accessed (and TSS busy) bits preset: the CPU
 * never writes the tables, which the guest's ring 0 maps read-only. */
#define GDT_KERNEL_CODE 0x00af9b000000ffffULL
#define GDT_KERNEL_DATA 0x00cf93000000ffffULL
#define GDT_USER_CODE   0x00affb000000ffffULL
#define GDT_USER_DATA   0x00cff3000000ffffULL
#define TSS_SIZE 104
/*
 * The I/O bitmap opens the hypercall ports, each with the three after it
 * (the CPU checks every port a 4-byte `out` touches), then ends with the
 * byte of ones the CPU reads past its end.
 */
#define IO_OPEN_FIRST HVT_HYPERCALL_PORT(1)
#define IO_OPEN_END (HVT_HYPERCALL_PORT(HVT_HYPERCALL_MAX - 1) + 4)
#define IO_BITMAP_SIZE ((IO_OPEN_END + 7) / 8 + 1)
#define RFLAGS_RING3 0x2                    /* IOPL 0, interrupts off */
#define STUB_SIZE 4

/* Vectors for which the CPU pushes an error code. */
static int has_error_code(unsigned v)
{
    return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 ||
           v == 29 || v == 30;
}

static void put64(struct ukvm *vm, uint64_t gpa, uint64_t v)
{
    memcpy(vm->mem + gpa, &v, 8);
}

void ring3_build(struct ukvm *vm)
{
    const uint64_t gdt[5] = { 0, GDT_KERNEL_CODE, GDT_KERNEL_DATA,
                              GDT_USER_CODE, GDT_USER_DATA };
    const uint64_t stack_top = RING3_STACK + 0x1000;
    uint8_t *entry = vm->mem + RING3_ENTRY;
    uint8_t *io_bitmap = vm->mem + RING3_TSS + TSS_SIZE;

    memcpy(vm->mem + RING3_GDT, gdt, sizeof gdt);
    put64(vm, RING3_GDT + RING3_TSS_SEL,
          (TSS_SIZE + IO_BITMAP_SIZE - 1) | (RING3_TSS & 0xffffff) << 16 |
          0x8bULL << 40 |                       /* present, busy 64-bit TSS */
          (RING3_TSS >> 24 & 0xff) << 56);
    put64(vm, RING3_GDT + RING3_TSS_SEL + 8, RING3_TSS >> 32);

    put64(vm, RING3_TSS + 4, stack_top);        /* rsp0 */
    put64(vm, RING3_TSS + 36, stack_top);       /* ist1 */
    vm->mem[RING3_TSS + 102] = TSS_SIZE;        /* iomap_base */
    memset(io_bitmap, 0xff, IO_BITMAP_SIZE);    /* every port denied... */
    for (unsigned port = IO_OPEN_FIRST; port < IO_OPEN_END; port++)
        io_bitmap[port / 8] &= (uint8_t)~(1u << port % 8);  /* ...but these */

    /* Each gate: IST1, interrupt gate (IF off), DPL 0, so `int N` from
     * ring 3 is a #GP rather than a jump into the monitor area. */
    for (unsigned v = 0; v < RING3_VECTORS; v++) {
        uint64_t h = RING3_ENTRY + v * STUB_SIZE;

        put64(vm, RING3_IDT + v * 16,
              (h & 0xffff) | (uint64_t)RING3_KERNEL_CS << 16 | 1ULL << 32 |
              0x8eULL << 40 | (h >> 16 & 0xffff) << 48);
        put64(vm, RING3_IDT + v * 16 + 8, h >> 32);
        entry[v * STUB_SIZE] = 0xe6;                        /* out %al, $imm8 */
        entry[v * STUB_SIZE + 1] = (uint8_t)(RING3_TRAP_PORT_BASE + v);
        entry[v * STUB_SIZE + 2] = 0xf4;                    /* hlt: never reached */
        entry[v * STUB_SIZE + 3] = 0xf4;
    }
}

static struct kvm_segment segment(uint16_t sel, int code)
{
    return (struct kvm_segment){
        .base = 0, .limit = 0xffffffff, .selector = sel,
        .type = code ? 11 : 3, .present = 1, .dpl = sel & 3,
        .db = !code, .s = 1, .l = code, .g = 1,
    };
}

static void user_segments(struct kvm_sregs *s)
{
    uint64_t fs_base = s->fs.base, gs_base = s->gs.base;

    s->cs = segment(RING3_USER_CS, 1);
    s->ds = s->es = s->ss = s->fs = s->gs = segment(RING3_USER_DS, 0);
    s->fs.base = fs_base;
    s->gs.base = gs_base;
}

void ring3_entry_state(struct kvm_sregs *s, struct kvm_regs *r)
{
    user_segments(s);
    s->tr = (struct kvm_segment){
        .base = RING3_TSS, .limit = TSS_SIZE + IO_BITMAP_SIZE - 1,
        .selector = RING3_TSS_SEL,
        .type = 11, .present = 1,
    };
    s->ldt = (struct kvm_segment){ .type = 2, .present = 1, .unusable = 1 };
    s->gdt.base = RING3_GDT;
    s->gdt.limit = RING3_TSS_SEL + 16 - 1;
    s->idt.base = RING3_IDT;
    s->idt.limit = RING3_VECTORS * 16 - 1;
    r->rflags = RFLAGS_RING3;
}

/* A ring-3 guest cannot write MSR_FS_BASE; without wrfsbase it asks. */
static void hc_tls_base(struct ukvm *vm, void *arg)
{
    const struct hvt_hc_tls_base *p = arg;
    struct kvm_sregs s;

    if ((int64_t)(p->base << 16) >> 16 != (int64_t)p->base)
        guest_error(vm, "TLS_BASE: %#llx is not a canonical address",
                    (unsigned long long)p->base);
    if (ioctl(vm->arch->vcpu_fd, KVM_GET_SREGS, &s) < 0)
        guest_error(vm, "TLS_BASE: KVM_GET_SREGS: %m");
    s.fs.base = p->base;
    if (ioctl(vm->arch->vcpu_fd, KVM_SET_SREGS, &s) < 0)
        guest_error(vm, "TLS_BASE: KVM_SET_SREGS: %m");
}

int ring3_setup(struct errbuf *err)
{
    static const struct ukvm_hypercall tls_base = {
        HVT_HYPERCALL_TLS_BASE, "TLS_BASE", sizeof(struct hvt_hc_tls_base),
        false, hc_tls_base,
    };

    return hypercall_register(&tls_base, err);
}

/* Writes the guest's frame on the note's trap stack and calls its handler. */
static void call_note_handler(struct ukvm *vm, unsigned v, const uint64_t hw[6],
                              struct kvm_regs *r, const struct kvm_sregs *s)
{
    struct hvt_trap_frame tf = {
        .cr2 = s->cr2,
        .r15 = r->r15, .r14 = r->r14, .r13 = r->r13, .r12 = r->r12,
        .r11 = r->r11, .r10 = r->r10, .r9 = r->r9, .r8 = r->r8,
        .rbp = r->rbp, .rdi = r->rdi, .rsi = r->rsi, .rdx = r->rdx,
        .rcx = r->rcx, .rbx = r->rbx, .rax = r->rax,
        .vector = v, .error = hw[0],
        .rip = hw[1], .cs = hw[2], .rflags = hw[3], .rsp = hw[4], .ss = hw[5],
    };
    /* The frame at the stack's 16-aligned top, under a zero return address. */
    uint64_t dst = (vm->arch->ring3.trap_stack + vm->arch->ring3.trap_stack_size - sizeof tf) &
                   ~15ULL;
    uint64_t *p = guest_mem_ptr_rw(vm, dst - 8, sizeof tf + 8);

    if (!p)
        guest_error(vm, "the trap stack %#llx is not guest-writable memory",
                    (unsigned long long)dst);
    p[0] = 0;
    memcpy(p + 1, &tf, sizeof tf);
    r->rip = vm->arch->ring3.trap_handler;
    r->rsp = dst - 8;
    r->rdi = dst;
    r->rflags = RFLAGS_RING3;
}

static void note_fault(struct arch_vcpu *a, const struct kvm_regs *at, unsigned v)
{
    a->fault.regs = *at;
    a->fault.vector = v;
    a->fault.seen = true;
}

/*
 * The trap entry stopped at CPL 0 with the CPU's frame on its stack and
 * every general register as the guest left it. Go on in ring 3: in the
 * note's handler, or (--deprivilege) wherever the shim says.
 */
#define RFLAGS_TF (1ULL << 8)

/* Under a debugger, #DB (a step) and #BP (an int3) stop for it; the
 * guest is put back where the exception struck. */
static bool debug_stop(struct ukvm *vm, unsigned v, struct kvm_regs *at,
                       struct ukvm_exit *e)
{
    if (!vm->arch->debugging || (v != 1 && v != 3))
        return false;
    e->kind = UKVM_EXIT_DEBUG;
    e->debug = UKVM_DEBUG_STEP;
    if (v == 3) {
        e->debug = UKVM_DEBUG_SW_BREAKPOINT;
        at->rip -= 1;                   /* on the int3, as gdb expects */
    }
    at->rflags &= ~RFLAGS_TF;
    return true;
}

/*
 * In ring 3 a step is the guest's own TF, and int3 reaches ukvm's trap
 * entry. The debug registers are not offered: PVM does not load them
 * for a ring-3 guest (a breakpoint set so never fires), so a debugger
 * uses int3 instead.
 */
int ring3_set_debug(struct ukvm *vm, const struct arch_debug *d, struct errbuf *err)
{
    struct arch_vcpu *a = vm->arch;
    struct kvm_regs r;

    if (d->nhw)
        return err_set(err, "no debug registers for a guest in ring 3");
    a->debugging = d->single_step || d->sw_breakpoints;
    a->single_step = d->single_step;
    if (ioctl(a->vcpu_fd, KVM_GET_REGS, &r) < 0)
        return err_set(err, "KVM_GET_REGS: %m");
    r.rflags = d->single_step ? r.rflags | RFLAGS_TF : r.rflags & ~RFLAGS_TF;
    if (ioctl(a->vcpu_fd, KVM_SET_REGS, &r) < 0)
        return err_set(err, "KVM_SET_REGS: %m");
    return 0;
}

void ring3_trap(struct ukvm *vm, unsigned port, struct ukvm_exit *e)
{
    static struct deprivileged solo5_guest;
    const unsigned v = port - RING3_TRAP_PORT_BASE;
    const uint64_t stub = RING3_ENTRY + v * STUB_SIZE;
    const unsigned pushed = has_error_code(v) ? 6 : 5;
    const uint64_t cpu_frame = RING3_STACK + 0x1000 - pushed * 8;
    struct kvm_regs r, at;
    struct kvm_sregs s;
    uint64_t hw[6] = { 0 };

    if (ioctl(vm->arch->vcpu_fd, KVM_GET_REGS, &r) < 0 ||
        ioctl(vm->arch->vcpu_fd, KVM_GET_SREGS, &s) < 0)
        guest_error(vm, "cannot read the registers at a trap: %m");
    if (s.cs.dpl != 0 || r.rip < stub || r.rip > stub + STUB_SIZE)
        guest_error(vm, "out to port %#x, which only ukvm's trap entry uses",
                    port);
    if (r.rsp != cpu_frame)
        guest_error(vm, "CPU exception %u inside ukvm's trap entry", v);
    memcpy(&hw[6 - pushed], vm->mem + cpu_frame, pushed * 8);
    /* hw: error (or 0), rip, cs, rflags, rsp, ss */
    if ((hw[2] & 3) != 3)
        guest_error(vm, "CPU exception %u at CPL 0 (rip %#llx)", v,
                    (unsigned long long)hw[1]);

    /* Where the exception struck, for a core file. */
    at = r;
    at.rip = hw[1];
    at.rflags = hw[3];
    at.rsp = hw[4];
    e->kind = UKVM_EXIT_HANDLED;
    if (debug_stop(vm, v, &at, e)) {
        r = at;
    } else if (vm->arch->deprivileged) {
        if (deprivileged_trap(vm, &solo5_guest, v, hw, pushed == 6, &r, &s))
            note_fault(vm->arch, &at, v);
    } else {
        note_fault(vm->arch, &at, v);
        call_note_handler(vm, v, hw, &r, &s);
    }
    user_segments(&s);
    if (ioctl(vm->arch->vcpu_fd, KVM_SET_REGS, &r) < 0 ||
        ioctl(vm->arch->vcpu_fd, KVM_SET_SREGS, &s) < 0)
        guest_error(vm, "cannot return to the guest after a trap: %m");
}
