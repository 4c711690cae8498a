/* SPDX-License-Identifier: ISC */
/* fpu: applications may use SSE and, where the CPU has it, AVX; the
 * kernel must have enabled both. Needs a KVM that runs guests natively. */
#include "test_util.h"

static volatile float fa = 1.5f, fb = 2.25f;
static volatile double da = 3.0, db = 0.5;

static void cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ __volatile__("cpuid"
            : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
            : "a"(leaf), "c"(0));
}

/* 8 lanes of 1..8 plus 8..1 in one ymm vaddps: every lane is 9. */
__attribute__((target("avx"), noinline)) static int avx_add(void)
{
    static const float x[8] __attribute__((aligned(32))) =
        { 1, 2, 3, 4, 5, 6, 7, 8 };
    static const float y[8] __attribute__((aligned(32))) =
        { 8, 7, 6, 5, 4, 3, 2, 1 };
    static float z[8] __attribute__((aligned(32)));

    __asm__ __volatile__(
            "vmovaps %1, %%ymm0\n\t"
            "vmovaps %2, %%ymm1\n\t"
            "vaddps %%ymm1, %%ymm0, %%ymm0\n\t"
            "vmovaps %%ymm0, %0\n\t"
            "vzeroupper"
            : "=m"(z) : "m"(x), "m"(y) : "xmm0", "xmm1");
    for (int i = 0; i < 8; i++)
        if (z[i] != 9.0f)
            return 0;
    return 1;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    uint32_t r[4];
    float f;
    double d;

    (void)si;
    f = fa * fb + fa;               /* mulss, addss */
    if (f != 4.875f)
        fail("SSE float arithmetic");
    d = da / db - da;               /* divsd, subsd */
    if (d != 3.0)
        fail("SSE double arithmetic");
    puts("SSE: ok\n");

    cpuid(1, r);
    if ((r[2] & (1U << 28)) && (r[2] & (1U << 27))) {   /* AVX, OSXSAVE */
        uint32_t lo, hi;

        __asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        if ((lo & 0x6) != 0x6)
            fail("AVX present but not enabled in XCR0");
        if (!avx_add())
            fail("AVX vaddps");
        puts("AVX: ok\n");
    } else {
        puts("AVX: not available, skipped\n");
    }
    puts("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
