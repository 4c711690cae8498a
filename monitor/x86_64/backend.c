/* SPDX-License-Identifier: ISC */
/*
 * The KVM x86_64 backend's entry points (arch.h): the VM, the guest's
 * page tables and privilege, its vCPU, the sandbox rules it needs.
 */
#include <sys/ioctl.h>

#include "paging.h"
#include "probe.h"
#include "ring3.h"
#include "vm.h"

int arch_vm_create(struct ukvm *vm, uint64_t mem_size, struct errbuf *err)
{
    return vm_create(vm, mem_size, err);
}

/*
 * Ring 3 for every guest where offered: ours say they can (the note),
 * Solo5's are deprivileged unless NO_DEPRIVILEGE asks for ring 0.
 */
int arch_guest_build(struct ukvm *vm, const struct elf_image *img,
                     bool no_deprivilege, struct errbuf *err)
{
    struct arch_vcpu *a = vm->arch;
    bool ring3;

    if (!img->has_ring3 && no_deprivilege)
        vm->host_features &= ~HVT_HOST_FEATURE_RING3;
    ring3 = vm->host_features & HVT_HOST_FEATURE_RING3;
    a->deprivileged = ring3 && !img->has_ring3;
    a->ring3 = img->ring3;
    if (paging_build(vm->mem, vm->mem_size, vm->seg, vm->nseg, ring3,
                     &vm->kernel_end, err) < 0)
        return -1;
    return ring3 ? ring3_setup(err) : 0;
}

bool arch_has_debug_registers(struct ukvm *vm)
{
    return !(vm->host_features & HVT_HOST_FEATURE_RING3);
}

int arch_vcpu_setup(struct ukvm *vm, struct errbuf *err)
{
    return vcpu_setup(vm, err);
}

int arch_probe(void)
{
    return probe_kvm_info();
}

/* The vCPU ioctls of LIST (N of them). */
static int allow_vcpu_ioctls(struct ukvm *vm, scmp_filter_ctx ctx,
                             const unsigned long *list, size_t n)
{
    const uint64_t fd = (uint64_t)vm->arch->vcpu_fd;
    int r = 0;

    for (size_t i = 0; i < n && !r; i++)
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 2,
                             SCMP_A0(SCMP_CMP_EQ, fd), SCMP_A1(SCMP_CMP_EQ, list[i]));
    return r;
}

int arch_seccomp(struct ukvm *vm, scmp_filter_ctx ctx)
{
    static const unsigned long always[] = {
        KVM_RUN, KVM_GET_REGS, KVM_GET_SREGS, KVM_GET_FPU,
    };
    /* Ring 3: calling the trap handler and TLS_BASE set registers. */
    static const unsigned long ring3[] = { KVM_SET_REGS, KVM_SET_SREGS };
    int r = allow_vcpu_ioctls(vm, ctx, always, 4);

    if (!r && (vm->host_features & HVT_HOST_FEATURE_RING3))
        r = allow_vcpu_ioctls(vm, ctx, ring3, 2);
    return r;
}

int arch_seccomp_debug(struct ukvm *vm, scmp_filter_ctx ctx)
{
    static const unsigned long debug[] = {
        KVM_SET_GUEST_DEBUG, KVM_SET_REGS,
    };

    return allow_vcpu_ioctls(vm, ctx, debug, 2);
}
