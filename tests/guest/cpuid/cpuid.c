/* SPDX-License-Identifier: ISC */
/* cpuid: the monitor hides virtualization, SGX and performance
 * monitoring from the guest. Prints each leaked feature, or SUCCESS. */
#include "test_util.h"

static void cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ __volatile__("cpuid"
            : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
            : "a"(leaf), "c"(0));
}

static int leaks;

static void check(int leaked, const char *name)
{
    if (leaked) {
        puts("LEAK: ");
        puts(name);
        puts("\n");
        leaks++;
    }
}

int solo5_app_main(const struct solo5_start_info *si)
{
    uint32_t r[4], max, max_ext;

    (void)si;
    cpuid(0, r);
    max = r[0];
    cpuid(0x80000000, r);
    max_ext = r[0];

    cpuid(1, r);
    check(r[2] & (1U << 5), "VMX (leaf 1 ECX bit 5)");
    check(r[2] & (1U << 6), "SMX (leaf 1 ECX bit 6)");
    check(r[2] & (1U << 15), "PDCM (leaf 1 ECX bit 15)");
    if (max_ext >= 0x80000001) {
        cpuid(0x80000001, r);
        check(r[2] & (1U << 2), "SVM (leaf 0x80000001 ECX bit 2)");
    }
    if (max >= 7) {
        cpuid(7, r);
        check(r[1] & (1U << 2), "SGX (leaf 7 EBX bit 2)");
    }
    if (max >= 0xa) {
        cpuid(0xa, r);
        check(r[0] != 0, "performance monitoring (leaf 0xA EAX)");
    }
    if (leaks)
        fail("CPU features leaked into the guest");
    puts("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
