/* SPDX-License-Identifier: ISC */
/* Tells whether KVM runs guests natively, with a probe guest. */
#include <elf.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "paging.h"
#include "probe.h"
#include "vm.h"

int probe_kvm_info(void)
{
    static const uint8_t code[] = { 0x0f, 0x57, 0xc0, /* xorps %xmm0,%xmm0 */
                                    0xf4 };           /* hlt */
    struct ukvm vm = { .mem = NULL };
    struct errbuf err;
    int pvm = access("/sys/module/kvm_pvm", F_OK) == 0;
    int status = 0;

    vm.seg[0] = (struct guest_segment){ HVT_IMAGE_MIN_BASE,
                                        HVT_IMAGE_MIN_BASE + 0x1000, PF_R | PF_X };
    vm.nseg = 1;
    vm.kernel_end = vm.seg[0].end;
    vm.entry = HVT_IMAGE_MIN_BASE;
    if (vm_create(&vm, HVT_MEM_MIN, &err) < 0 ||
        paging_build(vm.mem, vm.mem_size, vm.seg, vm.nseg, false, &vm.kernel_end,
                     &err) < 0 ||
        vcpu_setup(&vm, &err) < 0) {
        fprintf(stderr, "ukvm: %s\n", err.msg);
        vm_destroy(&vm);
        return 1;
    }
    memcpy(vm.mem + vm.entry, code, sizeof code);
    if (ioctl(vm.arch->vcpu_fd, KVM_RUN, 0) < 0) {
        fprintf(stderr, "ukvm: KVM_RUN: %m\n");
        status = 1;
    } else if (vm.arch->run->exit_reason == KVM_EXIT_HLT) {
        printf("native: yes\n");
    } else {
        printf("native: no (SSE arithmetic in a guest ends in exit reason %u%s)\n",
               vm.arch->run->exit_reason, pvm ? "; kvm_pvm is loaded" : "");
    }
    vm_destroy(&vm);
    return status;
}
