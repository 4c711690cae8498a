/* SPDX-License-Identifier: ISC */
/*
 * The floor for bench/boot: the least a KVM program can do. Creates a VM
 * with one page of memory and one vCPU, runs a single instruction (hlt,
 * which exits) in real mode, and quits.
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

int main(void)
{
    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    unsigned char *mem = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct kvm_userspace_memory_region region = {
        .memory_size = 0x1000, .userspace_addr = (unsigned long)mem,
    };
    struct kvm_sregs sregs;
    struct kvm_regs regs = { .rip = 0, .rflags = 2 };
    struct kvm_run *run;
    int vcpu;

    if (kvm < 0 || vm < 0 || mem == MAP_FAILED ||
        ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
        return perror("kvm_floor: set-up"), 1;
    mem[0] = 0xf4; /* hlt */
    vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    run = mmap(NULL, (size_t)ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0),
               PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (vcpu < 0 || run == MAP_FAILED || ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
        return perror("kvm_floor: vcpu"), 1;
    sregs.cs.base = 0;
    sregs.cs.selector = 0;
    if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0 || ioctl(vcpu, KVM_SET_REGS, &regs) < 0 ||
        ioctl(vcpu, KVM_RUN, 0) < 0)
        return perror("kvm_floor: run"), 1;
    if (run->exit_reason != KVM_EXIT_HLT) {
        fprintf(stderr, "kvm_floor: exit reason %u, expected hlt\n", run->exit_reason);
        return 1;
    }
    return 0;
}
