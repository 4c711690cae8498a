/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the --deprivilege shim (monitor/deprivilege.c):
 * the instruction bytes at RIP, the registers and the guest's IDT are the
 * guest's to choose. The shim must decode within guest memory, write only
 * where the guest may, and either go on or stop the guest (guest_error),
 * never crash.
 */
#include <elf.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "deprivilege.h"
#include "paging.h"

#define MEM_SIZE (4ULL << 20)

static jmp_buf stopped;

void guest_error(struct ukvm *vm, const char *fmt, ...)
{
    (void)vm;
    (void)fmt;
    longjmp(stopped, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct ukvm vm;
    static struct deprivileged d;
    struct kvm_regs r;
    struct kvm_sregs s;
    struct errbuf err;
    uint64_t hw[6], end = 0x102000;
    unsigned v;
    size_t n;

    if (!vm.mem) {
        vm.mem = calloc(1, MEM_SIZE);
        if (!vm.mem)
            abort();
        vm.mem_size = MEM_SIZE;
        vm.seg[0] = (struct guest_segment){ 0x100000, 0x102000, PF_R | PF_X };
        vm.nseg = 1;
    }
    if (size < 1 + sizeof hw)
        return 0;
    /* Fresh page tables each run: what the shim may touch follows them. */
    if (paging_build(vm.mem, MEM_SIZE, vm.seg, 1, data[0] & 32, &end, &err) < 0)
        abort();
    vm.host_features = data[0] & 32 ? HVT_HOST_FEATURE_RING3 : 0;
    memset(&r, 0, sizeof r);
    memset(&s, 0, sizeof s);
    v = data[0] % 32;
    memcpy(hw, data + 1, sizeof hw);
    data += 1 + sizeof hw;
    size -= 1 + sizeof hw;
    /* Byte 0 the vector, then the CPU's frame, the registers, and the
     * bytes at the faulting RIP and after. */
    n = size < sizeof r ? size : sizeof r;
    memcpy(&r, data, n);
    data += n;
    size -= n;
    hw[1] %= MEM_SIZE;
    memcpy(vm.mem + hw[1], data, size < MEM_SIZE - hw[1] ? size : MEM_SIZE - hw[1]);
    d.idt_base = r.r15 % (2 * MEM_SIZE);
    d.idt_limit = (uint16_t)r.r14;
    if (!setjmp(stopped))
        deprivileged_trap(&vm, &d, v, hw, hw[0] & 1, &r, &s);
    memset(vm.mem, 0, MEM_SIZE);
    return 0;
}
