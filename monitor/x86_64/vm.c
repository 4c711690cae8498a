/* SPDX-License-Identifier: ISC */
/* KVM VM and vCPU set-up for a 64-bit guest, as fixed by the ABI. */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cpuid_filter.h"
#include "ring3.h"
#include "vm.h"

#define CR0_PE (1ULL << 0)
#define CR0_NE (1ULL << 5)
#define CR0_WP (1ULL << 16)
#define CR0_PG (1ULL << 31)
#define CR4_PAE (1ULL << 5)
#define CR4_OSFXSR (1ULL << 9)
#define CR4_OSXMMEXCPT (1ULL << 10)
#define CR4_UMIP (1ULL << 11)
#define CR4_FSGSBASE (1ULL << 16)
#define CR4_OSXSAVE (1ULL << 18)
#define CR4_SMEP (1ULL << 20)
#define CR4_SMAP (1ULL << 21)
#define EFER_LME (1ULL << 8)
#define EFER_LMA (1ULL << 10)
#define EFER_NXE (1ULL << 11)   /* beyond Solo5: needed for no-execute pages */

#define GDT_CODE64 0x00af9b000000ffffULL
#define GDT_DATA   0x00cf93000000ffffULL

static const struct kvm_cpuid_entry2 *leaf(const struct kvm_cpuid2 *c,
                                            uint32_t fn, uint32_t index)
{
    static const struct kvm_cpuid_entry2 none;

    for (uint32_t i = 0; i < c->nent; i++)
        if (c->entries[i].function == fn && c->entries[i].index == index)
            return &c->entries[i];
    return &none;
}

/* What ring-3 entry may turn on: only what the guest's CPUID shows. */
static void note_cpu_caps(struct arch_vcpu *a, const struct kvm_cpuid2 *c)
{
    const struct kvm_cpuid_entry2 *l1 = leaf(c, 1, 0), *l7 = leaf(c, 7, 0);

    a->cpu.fsgsbase = l7->ebx & 1;
    a->cpu.smep = l7->ebx >> 7 & 1;
    a->cpu.smap = l7->ebx >> 20 & 1;
    a->cpu.umip = l7->ecx >> 2 & 1;
    a->cpu.xcr0 = 0;
    if (l1->ecx >> 26 & 1)                  /* XSAVE */
        a->cpu.xcr0 = leaf(c, 0xd, 0)->eax & (l1->ecx >> 28 & 1 ? 0x7 : 0x3);
}

static int setup_cpuid(struct arch_vcpu *a, struct errbuf *err)
{
    struct kvm_cpuid2 *c = NULL;
    int nent = 128;  /* enough on current KVMs: one ioctl, not two */

    for (;;) {
        c = realloc(c, sizeof *c + (size_t)nent * sizeof c->entries[0]);
        if (!c)
            return err_set(err, "out of memory");
        c->nent = (uint32_t)nent;
        if (ioctl(a->kvm_fd, KVM_GET_SUPPORTED_CPUID, c) == 0)
            break;
        if (errno != E2BIG || nent >= 1024) {
            free(c);
            return err_set(err, "KVM_GET_SUPPORTED_CPUID: %m");
        }
        nent *= 2;
    }
    cpuid_filter(c);
    note_cpu_caps(a, c);
    if (ioctl(a->vcpu_fd, KVM_SET_CPUID2, c) < 0) {
        free(c);
        return err_set(err, "KVM_SET_CPUID2: %m");
    }
    free(c);
    return 0;
}

int vm_create(struct ukvm *vm, uint64_t mem_size, struct errbuf *err)
{
    static struct arch_vcpu the_vcpu;
    struct arch_vcpu *a = &the_vcpu;
    struct kvm_userspace_memory_region region;
    int r;

    a->kvm_fd = a->vm_fd = a->vcpu_fd = -1;
    vm->arch = a;

    a->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (a->kvm_fd < 0)
        return err_set(err, "/dev/kvm: %m%s", errno == EACCES || errno == EPERM
                       ? " (ukvm needs to read and write it: on Debian, join the "
                         "kvm group with 'sudo adduser $USER kvm' and log in again; "
                         "ukvm-spt runs spt unikernels without KVM)"
                       : errno == ENOENT ? " (no KVM here: ukvm-spt runs spt "
                                           "unikernels without it)" : "");
    r = ioctl(a->kvm_fd, KVM_GET_API_VERSION, 0);
    if (r != KVM_API_VERSION)
        return err_set(err, "KVM API version %d, expected %d", r, KVM_API_VERSION);
    a->vm_fd = ioctl(a->kvm_fd, KVM_CREATE_VM, 0);
    if (a->vm_fd < 0)
        return err_set(err, "KVM_CREATE_VM: %m");

    vm->mem = mmap(NULL, mem_size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (vm->mem == MAP_FAILED) {
        vm->mem = NULL;
        return err_set(err, "cannot map %llu MiB of guest memory: %m",
                       (unsigned long long)(mem_size >> 20));
    }
    vm->mem_size = mem_size;
    region = (struct kvm_userspace_memory_region){
        .slot = 0, .guest_phys_addr = 0, .memory_size = mem_size,
        .userspace_addr = (uint64_t)(uintptr_t)vm->mem,
    };
    if (ioctl(a->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
        return err_set(err, "KVM_SET_USER_MEMORY_REGION: %m");

    a->vcpu_fd = ioctl(a->vm_fd, KVM_CREATE_VCPU, 0);
    if (a->vcpu_fd < 0)
        return err_set(err, "KVM_CREATE_VCPU: %m");
    r = ioctl(a->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (r < (int)sizeof(struct kvm_run))
        return err_set(err, "KVM_GET_VCPU_MMAP_SIZE: %m");
    a->run_size = (size_t)r;
    a->run = mmap(NULL, a->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                   a->vcpu_fd, 0);
    if (a->run == MAP_FAILED) {
        a->run = NULL;
        return err_set(err, "mmap of the vCPU run area: %m");
    }
    return setup_cpuid(a, err);   /* first: CR4 bits are checked against it */
}

static void setup_segments(struct kvm_sregs *s)
{
    struct kvm_segment code = {
        .base = 0, .limit = 0xffffffff, .selector = HVT_GDT_CODE_SEL,
        .type = 11, .present = 1, .dpl = 0, .db = 0, .s = 1, .l = 1, .g = 1,
    };
    struct kvm_segment data = {
        .base = 0, .limit = 0xffffffff, .selector = HVT_GDT_DATA_SEL,
        .type = 3, .present = 1, .dpl = 0, .db = 1, .s = 1, .l = 0, .g = 1,
    };

    s->cs = code;
    s->ds = s->es = s->ss = s->fs = s->gs = data;
    s->tr = (struct kvm_segment){ .limit = 0x67, .type = 11, .present = 1 };
    s->ldt = (struct kvm_segment){ .type = 2, .present = 1, .unusable = 1 };
    s->gdt.base = HVT_GDT_BASE;
    s->gdt.limit = 3 * 8 - 1;
    s->idt.base = 0;
    s->idt.limit = 0;
}

/*
 * Ring 3: the guest cannot touch CR4 or XCR0, so the monitor enables
 * what applications use (SSE, AVX, wrfsbase) and what keeps the monitor
 * area's ring 0 honest (SMEP, SMAP) and its addresses private (UMIP).
 */
static int ring3_cpu_state(struct arch_vcpu *a, struct kvm_sregs *s, struct errbuf *err)
{
    struct kvm_xcrs xcrs = { .nr_xcrs = 1, .xcrs = { { .xcr = 0 } } };

    s->cr4 |= (a->cpu.fsgsbase ? CR4_FSGSBASE : 0) | (a->cpu.smep ? CR4_SMEP : 0) |
              (a->cpu.smap ? CR4_SMAP : 0) | (a->cpu.umip ? CR4_UMIP : 0);
    if (!a->cpu.xcr0)
        return 0;
    s->cr4 |= CR4_OSXSAVE;
    xcrs.xcrs[0].value = a->cpu.xcr0;
    if (ioctl(a->vcpu_fd, KVM_SET_XCRS, &xcrs) < 0)
        return err_set(err, "KVM_SET_XCRS: %m");
    return 0;
}

int vcpu_setup(struct ukvm *vm, struct errbuf *err)
{
    const uint64_t gdt[3] = { 0, GDT_CODE64, GDT_DATA };
    const bool ring3 = vm->host_features & HVT_HOST_FEATURE_RING3;
    struct arch_vcpu *a = vm->arch;
    struct kvm_sregs sregs;
    struct kvm_regs regs;
    int khz;

    if (ioctl(a->vcpu_fd, KVM_GET_SREGS, &sregs) < 0)
        return err_set(err, "KVM_GET_SREGS: %m");
    memset(&regs, 0, sizeof regs);
    regs.rip = vm->entry;
    regs.rsp = vm->mem_size - 8;
    regs.rdi = HVT_BOOT_INFO_BASE;
    regs.rflags = 0x2;
    sregs.cr0 = CR0_PE | CR0_NE | CR0_WP | CR0_PG;
    sregs.cr3 = HVT_PML4_BASE;
    sregs.cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
    sregs.efer = EFER_LME | EFER_LMA | EFER_NXE;
    if (ring3) {
        ring3_build(vm);
        ring3_entry_state(&sregs, &regs);
        if (ring3_cpu_state(a, &sregs, err) < 0)
            return -1;
    } else {
        memcpy(vm->mem + HVT_GDT_BASE, gdt, sizeof gdt);
        setup_segments(&sregs);
    }
    if (ioctl(a->vcpu_fd, KVM_SET_SREGS, &sregs) < 0)
        return err_set(err, "KVM_SET_SREGS: %m");
    if (ioctl(a->vcpu_fd, KVM_SET_REGS, &regs) < 0)
        return err_set(err, "KVM_SET_REGS: %m");

    khz = ioctl(a->vcpu_fd, KVM_GET_TSC_KHZ, 0);
    if (khz <= 0)
        return err_set(err, "KVM_GET_TSC_KHZ: %m");
    vm->tsc_freq = (uint64_t)khz * 1000;
    return 0;
}

void vm_destroy(struct ukvm *vm)
{
    struct arch_vcpu *a = vm->arch;

    if (vm->mem)
        munmap(vm->mem, vm->mem_size);
    if (!a)
        return;
    if (a->run)
        munmap(a->run, a->run_size);
    if (a->vcpu_fd >= 0)
        close(a->vcpu_fd);
    if (a->vm_fd >= 0)
        close(a->vm_fd);
    if (a->kvm_fd >= 0)
        close(a->kvm_fd);
}
