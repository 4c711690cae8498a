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
#include "vm.h"

#define CR0_PE (1ULL << 0)
#define CR0_NE (1ULL << 5)
#define CR0_WP (1ULL << 16)
#define CR0_PG (1ULL << 31)
#define CR4_PAE (1ULL << 5)
#define CR4_OSFXSR (1ULL << 9)
#define CR4_OSXMMEXCPT (1ULL << 10)
#define EFER_LME (1ULL << 8)
#define EFER_LMA (1ULL << 10)
#define EFER_NXE (1ULL << 11)   /* beyond Solo5: needed for no-execute pages */

#define GDT_CODE64 0x00af9b000000ffffULL
#define GDT_DATA   0x00cf93000000ffffULL

int vm_create(struct ukvm *vm, uint64_t mem_size, struct errbuf *err)
{
    struct kvm_userspace_memory_region region;
    int r;

    vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (vm->kvm_fd < 0)
        return err_set(err, "/dev/kvm: %m");
    r = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
    if (r != KVM_API_VERSION)
        return err_set(err, "KVM API version %d, expected %d", r, KVM_API_VERSION);
    vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
    if (vm->vm_fd < 0)
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
    if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
        return err_set(err, "KVM_SET_USER_MEMORY_REGION: %m");

    vm->vcpu_fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
    if (vm->vcpu_fd < 0)
        return err_set(err, "KVM_CREATE_VCPU: %m");
    r = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (r < (int)sizeof(struct kvm_run))
        return err_set(err, "KVM_GET_VCPU_MMAP_SIZE: %m");
    vm->run_size = (size_t)r;
    vm->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                   vm->vcpu_fd, 0);
    if (vm->run == MAP_FAILED) {
        vm->run = NULL;
        return err_set(err, "mmap of the vCPU run area: %m");
    }
    return 0;
}

static int setup_cpuid(struct ukvm *vm, struct errbuf *err)
{
    struct kvm_cpuid2 *c = NULL;
    int nent = 128;  /* enough on current KVMs: one ioctl, not two */

    for (;;) {
        c = realloc(c, sizeof *c + (size_t)nent * sizeof c->entries[0]);
        if (!c)
            return err_set(err, "out of memory");
        c->nent = (uint32_t)nent;
        if (ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, c) == 0)
            break;
        if (errno != E2BIG || nent >= 1024) {
            free(c);
            return err_set(err, "KVM_GET_SUPPORTED_CPUID: %m");
        }
        nent *= 2;
    }
    cpuid_filter(c);
    if (ioctl(vm->vcpu_fd, KVM_SET_CPUID2, c) < 0) {
        free(c);
        return err_set(err, "KVM_SET_CPUID2: %m");
    }
    free(c);
    return 0;
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

int vcpu_setup(struct ukvm *vm, struct errbuf *err)
{
    const uint64_t gdt[3] = { 0, GDT_CODE64, GDT_DATA };
    struct kvm_sregs sregs;
    struct kvm_regs regs;
    int khz;

    memcpy(vm->mem + HVT_GDT_BASE, gdt, sizeof gdt);
    if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &sregs) < 0)
        return err_set(err, "KVM_GET_SREGS: %m");
    setup_segments(&sregs);
    sregs.cr0 = CR0_PE | CR0_NE | CR0_WP | CR0_PG;
    sregs.cr3 = HVT_PML4_BASE;
    sregs.cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
    sregs.efer = EFER_LME | EFER_LMA | EFER_NXE;
    if (ioctl(vm->vcpu_fd, KVM_SET_SREGS, &sregs) < 0)
        return err_set(err, "KVM_SET_SREGS: %m");

    memset(&regs, 0, sizeof regs);
    regs.rip = vm->entry;
    regs.rsp = vm->mem_size - 8;
    regs.rdi = HVT_BOOT_INFO_BASE;
    regs.rflags = 0x2;
    if (ioctl(vm->vcpu_fd, KVM_SET_REGS, &regs) < 0)
        return err_set(err, "KVM_SET_REGS: %m");

    if (setup_cpuid(vm, err) < 0)
        return -1;
    khz = ioctl(vm->vcpu_fd, KVM_GET_TSC_KHZ, 0);
    if (khz <= 0)
        return err_set(err, "KVM_GET_TSC_KHZ: %m");
    vm->tsc_freq = (uint64_t)khz * 1000;
    return 0;
}

void vm_destroy(struct ukvm *vm)
{
    if (vm->run)
        munmap(vm->run, vm->run_size);
    if (vm->mem)
        munmap(vm->mem, vm->mem_size);
    if (vm->vcpu_fd > 0)
        close(vm->vcpu_fd);
    if (vm->vm_fd > 0)
        close(vm->vm_fd);
    if (vm->kvm_fd > 0)
        close(vm->kvm_fd);
}
