/* SPDX-License-Identifier: ISC */
/*
 * x86_simd_insn_kind (monitor/x86_64/simd_insn.c): real instructions,
 * assembled by `as`, of every class; the same bytes cut short, in buffers
 * of exactly their length (ASan sees a read past them); and every
 * instruction objdump finds in real unikernels, whose class objdump's own
 * operands tell (an %xmm, %ymm, %zmm, %mm or %k register, an x87
 * mnemonic): none in the guest kernel and unikernels built with
 * -mgeneral-regs-only, SSE and AVX in the fpu test guest.
 * Usage: test_simd_insn [BUILD] (default: the build directory it was made for).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "simd_insn.h"

#ifndef UKVM_BUILD_DIR
#define UKVM_BUILD_DIR "build"
#endif

struct insn {
    const char *kind;           /* NULL: not SIMD */
    const char *text;
    uint8_t bytes[15];
};

/* From `as --64` and `objdump -d`, the text as objdump prints it. */
static const struct insn simd[] = {
    { "AVX", "vprotd %xmm1,%xmm2,%xmm3", { 0x8f, 0xe9, 0x70, 0x92, 0xda } },
    { "AVX", "vpcmov %xmm1,%xmm2,%xmm3,%xmm4", { 0x8f, 0xe8, 0x60, 0xa2, 0xe2, 0x10 } },
    { "AVX", "vfrczps %xmm1,%xmm2", { 0x8f, 0xe9, 0x78, 0x80, 0xd1 } },
    { "SSE", "movaps %xmm1,%xmm0", { 0x0f, 0x28, 0xc1 } },
    { "SSE", "movups (%rdi),%xmm2", { 0x0f, 0x10, 0x17 } },
    { "SSE", "movdqu (%rsi),%xmm3", { 0xf3, 0x0f, 0x6f, 0x1e } },
    { "SSE", "movdqa %xmm8,0x10(%rsp)", { 0x66, 0x44, 0x0f, 0x7f, 0x44, 0x24, 0x10 } },
    { "SSE", "pxor %xmm0,%xmm0", { 0x66, 0x0f, 0xef, 0xc0 } },
    { "SSE", "pxor %mm1,%mm0", { 0x0f, 0xef, 0xc1 } },
    { "SSE", "addsd %xmm1,%xmm0", { 0xf2, 0x0f, 0x58, 0xc1 } },
    { "SSE", "addss 0x8(%rip),%xmm9", { 0xf3, 0x44, 0x0f, 0x58, 0x0d, 0x08, 0x00, 0x00, 0x00 } },
    { "SSE", "cvtsi2sd %eax,%xmm0", { 0xf2, 0x0f, 0x2a, 0xc0 } },
    { "SSE", "cvtsi2sd %r12,%xmm15", { 0xf2, 0x4d, 0x0f, 0x2a, 0xfc } },
    { "SSE", "cvttsd2si %xmm0,%eax", { 0xf2, 0x0f, 0x2c, 0xc0 } },
    { "SSE", "movq %xmm0,%rax", { 0x66, 0x48, 0x0f, 0x7e, 0xc0 } },
    { "SSE", "movq %rax,%xmm0", { 0x66, 0x48, 0x0f, 0x6e, 0xc0 } },
    { "SSE", "movd %eax,%mm0", { 0x0f, 0x6e, 0xc0 } },
    { "SSE", "ucomisd %xmm1,%xmm0", { 0x66, 0x0f, 0x2e, 0xc1 } },
    { "SSE", "pshufd $0x1b,%xmm0,%xmm1", { 0x66, 0x0f, 0x70, 0xc8, 0x1b } },
    { "SSE", "pshufb %xmm1,%xmm0", { 0x66, 0x0f, 0x38, 0x00, 0xc1 } },
    { "SSE", "palignr $0x4,%xmm1,%xmm0", { 0x66, 0x0f, 0x3a, 0x0f, 0xc1, 0x04 } },
    { "SSE", "pcmpistri $0xc,%xmm1,%xmm0", { 0x66, 0x0f, 0x3a, 0x63, 0xc1, 0x0c } },
    { "SSE", "roundsd $0x1,%xmm1,%xmm0", { 0x66, 0x0f, 0x3a, 0x0b, 0xc1, 0x01 } },
    { "SSE", "pclmullqlqdq %xmm1,%xmm0", { 0x66, 0x0f, 0x3a, 0x44, 0xc1, 0x00 } },
    { "SSE", "aesenc %xmm1,%xmm0", { 0x66, 0x0f, 0x38, 0xdc, 0xc1 } },
    { "SSE", "sha256rnds2 %xmm0,%xmm1,%xmm2", { 0x0f, 0x38, 0xcb, 0xd1 } },
    { "SSE", "pextrw $0x1,%xmm0,%eax", { 0x66, 0x0f, 0xc5, 0xc0, 0x01 } },
    { "SSE", "shufps $0x0,%xmm1,%xmm0", { 0x0f, 0xc6, 0xc1, 0x00 } },
    { "SSE", "cmpltpd %xmm1,%xmm0", { 0x66, 0x0f, 0xc2, 0xc1, 0x01 } },
    { "SSE", "emms", { 0x0f, 0x77 } },
    { "SSE", "ldmxcsr (%rsp)", { 0x0f, 0xae, 0x14, 0x24 } },
    { "SSE", "stmxcsr 0x4(%rsp)", { 0x0f, 0xae, 0x5c, 0x24, 0x04 } },
    { "SSE", "fxsave (%rdi)", { 0x0f, 0xae, 0x07 } },
    { "SSE", "fxrstor64 (%rdi)", { 0x48, 0x0f, 0xae, 0x0f } },
    { "SSE", "extrq $0x4,$0x8,%xmm0", { 0x66, 0x0f, 0x78, 0xc0, 0x08, 0x04 } },
    { "SSE", "lddqu (%rdi),%xmm0", { 0xf2, 0x0f, 0xf0, 0x07 } },
    { "SSE", "movntdq %xmm0,(%rdi)", { 0x66, 0x0f, 0xe7, 0x07 } },
    { "SSE", "maskmovdqu %xmm1,%xmm0", { 0x66, 0x0f, 0xf7, 0xc1 } },
    { "AVX", "vmovdqu (%rdi),%ymm0", { 0xc5, 0xfe, 0x6f, 0x07 } },
    { "AVX", "vpxor %xmm1,%xmm2,%xmm3", { 0xc5, 0xe9, 0xef, 0xd9 } },
    { "AVX", "vpxor %ymm9,%ymm10,%ymm11", { 0xc4, 0x41, 0x2d, 0xef, 0xd9 } },
    { "AVX", "vaddps %ymm1,%ymm0,%ymm0", { 0xc5, 0xfc, 0x58, 0xc1 } },
    { "AVX", "vzeroupper", { 0xc5, 0xf8, 0x77 } },
    { "AVX", "vfmadd231pd %ymm1,%ymm2,%ymm3", { 0xc4, 0xe2, 0xed, 0xb8, 0xd9 } },
    { "AVX", "vpbroadcastd %xmm0,%ymm1", { 0xc4, 0xe2, 0x7d, 0x58, 0xc8 } },
    { "AVX-512", "vaddps %zmm1,%zmm0,%zmm0", { 0x62, 0xf1, 0x7c, 0x48, 0x58, 0xc1 } },
    { "AVX-512", "vmovdqu64 (%rdi),%zmm16", { 0x62, 0xe1, 0xfe, 0x48, 0x6f, 0x07 } },
    { "AVX-512", "vpaddd %xmm17,%xmm18,%xmm19{%k1}", { 0x62, 0xa1, 0x6d, 0x01, 0xfe, 0xd9 } },
    { "AVX-512", "kmovw %k1,%eax", { 0xc5, 0xf8, 0x93, 0xc1 } },
    { "AVX-512", "kandw %k1,%k2,%k3", { 0xc5, 0xec, 0x41, 0xd9 } },
    { "AVX-512", "kshiftlw $0x2,%k1,%k2", { 0xc4, 0xe3, 0xf9, 0x32, 0xd1, 0x02 } },
    { "AVX-512", "vaddph %zmm1,%zmm2,%zmm3", { 0x62, 0xf5, 0x6c, 0x48, 0x58, 0xd9 } },
    { "x87", "fldt (%rdi)", { 0xdb, 0x2f } },
    { "x87", "fstpt (%rsi)", { 0xdb, 0x3e } },
    { "x87", "faddp %st,%st(1)", { 0xde, 0xc1 } },
    { "x87", "fnstcw (%rsp)", { 0xd9, 0x3c, 0x24 } },
    { "x87", "fstsw %ax", { 0x9b, 0xdf, 0xe0 } },
    { "x87", "fninit", { 0xdb, 0xe3 } },
};

static const struct insn general[] = {
    { NULL, "blcfill %rdi,%rax", { 0x8f, 0xe9, 0xf8, 0x01, 0xcf } },
    { NULL, "bextr $0x404,%rdi,%rax", { 0x8f, 0xea, 0xf8, 0x10, 0xc7, 0x04, 0x04, 0x00, 0x00 } },
    { NULL, "lwpins $0x1,%edi,%eax", { 0x8f, 0xea, 0x78, 0x12, 0xc7, 0x01, 0x00, 0x00, 0x00 } },
    { NULL, "llwpcb %rax", { 0x8f, 0xe9, 0xf8, 0x12, 0xc0 } },
    { NULL, "pop (%rdi)", { 0x8f, 0x07 } },
    { NULL, "pop 0x8(%rsp)", { 0x8f, 0x44, 0x24, 0x08 } },
    { NULL, "mov %rdi,%rax", { 0x48, 0x89, 0xf8 } },
    { NULL, "movl $0x1,0x4(%rsp)", { 0xc7, 0x44, 0x24, 0x04, 0x01, 0x00, 0x00, 0x00 } },
    { NULL, "lea 0x8(%rip),%rax", { 0x48, 0x8d, 0x05, 0x08, 0x00, 0x00, 0x00 } },
    { NULL, "add %rsi,%rdi", { 0x48, 0x01, 0xf7 } },
    { NULL, "call 0x1a", { 0xe8, 0x00, 0x00, 0x00, 0x00 } },
    { NULL, "ret", { 0xc3 } },
    { NULL, "rep movsb %ds:(%rsi),%es:(%rdi)", { 0xf3, 0xa4 } },
    { NULL, "rep stos %rax,%es:(%rdi)", { 0xf3, 0x48, 0xab } },
    { NULL, "cpuid", { 0x0f, 0xa2 } },
    { NULL, "rdtsc", { 0x0f, 0x31 } },
    { NULL, "rdtscp", { 0x0f, 0x01, 0xf9 } },
    { NULL, "cmovne %rdx,%rax", { 0x48, 0x0f, 0x45, 0xc2 } },
    { NULL, "bsf %rdi,%rax", { 0x48, 0x0f, 0xbc, 0xc7 } },
    { NULL, "popcnt %rdi,%rax", { 0xf3, 0x48, 0x0f, 0xb8, 0xc7 } },
    { NULL, "tzcnt %rdi,%rax", { 0xf3, 0x48, 0x0f, 0xbc, 0xc7 } },
    { NULL, "lzcnt %edi,%eax", { 0xf3, 0x0f, 0xbd, 0xc7 } },
    { NULL, "endbr64", { 0xf3, 0x0f, 0x1e, 0xfa } },
    { NULL, "nop", { 0x90 } },
    { NULL, "nopl (%rax)", { 0x0f, 0x1f, 0x00 } },
    { NULL, "cs nopw (%rax,%rax,1)", { 0x2e, 0x66, 0x0f, 0x1f, 0x04, 0x00 } },
    { NULL, "data16 cs nopw 0x0(%rax,%rax,1)", { 0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 } },
    { NULL, "xchg %ax,%ax", { 0x66, 0x90 } },
    { NULL, "prefetcht0 (%rdi)", { 0x0f, 0x18, 0x0f } },
    { NULL, "prefetchnta 0x40(%rsi)", { 0x0f, 0x18, 0x46, 0x40 } },
    { NULL, "prefetchw (%rdi)", { 0x0f, 0x0d, 0x0f } },
    { NULL, "movnti %rax,(%rdi)", { 0x48, 0x0f, 0xc3, 0x07 } },
    { NULL, "lfence", { 0x0f, 0xae, 0xe8 } },
    { NULL, "mfence", { 0x0f, 0xae, 0xf0 } },
    { NULL, "sfence", { 0x0f, 0xae, 0xf8 } },
    { NULL, "clflush (%rdi)", { 0x0f, 0xae, 0x3f } },
    { NULL, "clflushopt (%rdi)", { 0x66, 0x0f, 0xae, 0x3f } },
    { NULL, "wrfsbase %rax", { 0xf3, 0x48, 0x0f, 0xae, 0xd0 } },
    { NULL, "rdgsbase %rdx", { 0xf3, 0x48, 0x0f, 0xae, 0xca } },
    { NULL, "xsave (%rdi)", { 0x0f, 0xae, 0x27 } },
    { NULL, "xrstor (%rdi)", { 0x0f, 0xae, 0x2f } },
    { NULL, "xsetbv", { 0x0f, 0x01, 0xd1 } },
    { NULL, "xgetbv", { 0x0f, 0x01, 0xd0 } },
    { NULL, "rdrand %rax", { 0x48, 0x0f, 0xc7, 0xf0 } },
    { NULL, "rdseed %eax", { 0x0f, 0xc7, 0xf8 } },
    { NULL, "movbe (%rdi),%eax", { 0x0f, 0x38, 0xf0, 0x07 } },
    { NULL, "crc32 %rsi,%rax", { 0xf2, 0x48, 0x0f, 0x38, 0xf1, 0xc6 } },
    { NULL, "adcx %rsi,%rax", { 0x66, 0x48, 0x0f, 0x38, 0xf6, 0xc6 } },
    { NULL, "adox %rsi,%rax", { 0xf3, 0x48, 0x0f, 0x38, 0xf6, 0xc6 } },
    { NULL, "andn %rsi,%rdi,%rax", { 0xc4, 0xe2, 0xc0, 0xf2, 0xc6 } },
    { NULL, "bextr %rsi,%rdi,%rax", { 0xc4, 0xe2, 0xc8, 0xf7, 0xc7 } },
    { NULL, "blsr %rdi,%rax", { 0xc4, 0xe2, 0xf8, 0xf3, 0xcf } },
    { NULL, "bzhi %rsi,%rdi,%rax", { 0xc4, 0xe2, 0xc8, 0xf5, 0xc7 } },
    { NULL, "pdep %rsi,%rdi,%rax", { 0xc4, 0xe2, 0xc3, 0xf5, 0xc6 } },
    { NULL, "pext %rsi,%rdi,%rax", { 0xc4, 0xe2, 0xc2, 0xf5, 0xc6 } },
    { NULL, "mulx %rsi,%rdi,%rax", { 0xc4, 0xe2, 0xc3, 0xf6, 0xc6 } },
    { NULL, "shlx %rsi,%rdi,%rax", { 0xc4, 0xe2, 0xc9, 0xf7, 0xc7 } },
    { NULL, "sarx %rsi,%rdi,%rax", { 0xc4, 0xe2, 0xca, 0xf7, 0xc7 } },
    { NULL, "rorx $0x3,%rdi,%rax", { 0xc4, 0xe3, 0xfb, 0xf0, 0xc7, 0x03 } },
    { NULL, "lock cmpxchg %rsi,(%rdi)", { 0xf0, 0x48, 0x0f, 0xb1, 0x37 } },
    { NULL, "lock xadd %eax,(%rdi)", { 0xf0, 0x0f, 0xc1, 0x07 } },
    { NULL, "pause", { 0xf3, 0x90 } },
    { NULL, "ud2", { 0x0f, 0x0b } },
    { NULL, "hlt", { 0xf4 } },
    { NULL, "syscall", { 0x0f, 0x05 } },
    { NULL, "wrmsr", { 0x0f, 0x30 } },
    { NULL, "invpcid (%rdi),%rax", { 0x66, 0x0f, 0x38, 0x82, 0x07 } },
    { NULL, "vmread %rax,%rbx", { 0x0f, 0x78, 0xc3 } },
    { NULL, "bswap %eax", { 0x0f, 0xc8 } },
    { NULL, "movzbl (%rdi),%eax", { 0x0f, 0xb6, 0x07 } },
    { NULL, "movsbq %al,%rax", { 0x48, 0x0f, 0xbe, 0xc0 } },
    { NULL, "imul $0x3,%rdi,%rax", { 0x48, 0x6b, 0xc7, 0x03 } },
    { NULL, "shld $0x3,%rsi,%rdi", { 0x48, 0x0f, 0xa4, 0xf7, 0x03 } },
    { NULL, "bt $0x3,%rdi", { 0x48, 0x0f, 0xba, 0xe7, 0x03 } },
    { NULL, "setne %al", { 0x0f, 0x95, 0xc0 } },
    { NULL, "jne 0x174", { 0x75, 0x62 } },
    { NULL, "mov %fs:0x28,%rax", { 0x64, 0x48, 0x8b, 0x04, 0x25, 0x28, 0x00, 0x00, 0x00 } },
    { NULL, "int3", { 0xcc } },
    { NULL, "push %rbp", { 0x55 } },
    { NULL, "fwait", { 0x9b } },
};

static size_t insn_len(const struct insn *in)
{
    size_t n = sizeof in->bytes;

    while (n > 1 && in->bytes[n - 1] == 0 && in->bytes[n - 2] == 0)
        n--;
    return n;   /* trailing zero operands beyond the first are harmless */
}

static int same_kind(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static void test_table(const struct insn *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *got = x86_simd_insn_kind(t[i].bytes, sizeof t[i].bytes);

        CHECK(same_kind(got, t[i].kind), "%s is %s (got %s)", t[i].text,
              t[i].kind ? t[i].kind : "not SIMD", got ? got : "not SIMD");
    }
}

/* Cut short, in a buffer of just that size: nothing read past it. */
static void test_short(void)
{
    unsigned runs = 0, wrong = 0;

    for (size_t i = 0; i < sizeof simd / sizeof simd[0]; i++) {
        size_t full = insn_len(&simd[i]);

        for (size_t k = 0; k <= full; k++) {
            uint8_t *buf = malloc(k ? k : 1);
            const char *got;

            memcpy(buf, simd[i].bytes, k);
            got = x86_simd_insn_kind(buf, k);
            wrong += k == full && !same_kind(got, simd[i].kind);
            runs++;
            free(buf);
        }
    }
    CHECK(wrong == 0, "every SIMD instruction cut at every length: %u calls, "
          "nothing read past the bytes given, the whole one still classified", runs);
}

static void test_limits(void)
{
    uint8_t buf[32];

    memset(buf, 0x66, sizeof buf);
    CHECK(x86_simd_insn_kind(buf, sizeof buf) == NULL,
          "32 operand-size prefixes: not SIMD, and no read past 15 bytes");
    memcpy(buf + 12, "\x0f\x28\xc1", 3);
    CHECK(same_kind(x86_simd_insn_kind(buf, sizeof buf), "SSE"),
          "12 prefixes then movaps (15 bytes): SSE");
    memset(buf, 0x66, sizeof buf);
    memcpy(buf + 14, "\x0f\x28\xc1", 3);
    CHECK(x86_simd_insn_kind(buf, sizeof buf) == NULL,
          "14 prefixes then movaps (its opcode past 15 bytes, never run): not SIMD");
    CHECK(same_kind(x86_simd_insn_kind((const uint8_t *)"\x48\x66\x0f\x28\xc1", 5), "SSE"),
          "a REX before a prefix (ignored by the CPU) is skipped");
    CHECK(x86_simd_insn_kind((const uint8_t *)"\xc4", 1) == NULL &&
          x86_simd_insn_kind((const uint8_t *)"\x62\xf1\x7c\x48", 4) == NULL,
          "a VEX or EVEX prefix without its opcode: not known to be SIMD");
    CHECK(x86_simd_insn_kind((const uint8_t *)"\x62\xf4\x7c\x18\x01\xc8", 6) == NULL,
          "EVEX map 4 (APX's general-purpose instructions): not SIMD");
    CHECK(x86_simd_insn_kind((const uint8_t *)"\xc4\xe0\x7d\x58\xc8", 5) == NULL,
          "VEX map 0 (reserved): not SIMD");
    CHECK(same_kind(x86_simd_insn_kind((const uint8_t *)"\xf2\x0f\x78\xc1\x04\x08", 6), "SSE"),
          "insertq (F2 0F 78): SSE4a");
}

/* ---- instructions of real files, through objdump ---- */

static int has(const char *s, const char *sub)
{
    return strstr(s, sub) != NULL;
}

/* %xmm16-31 or %ymm16-31: registers only EVEX reaches. */
static int high_vector_reg(const char *s)
{
    for (const char *p = s; (p = strstr(p, "mm")) != NULL; p += 2)
        if (p > s + 1 && p[-2] == '%' && (p[-1] == 'x' || p[-1] == 'y') &&
            atoi(p + 2) >= 16)
            return 1;
    return 0;
}

/* The words objdump prints before a mnemonic for its prefixes. */
static const char *skip_prefix_words(const char *t)
{
    static const char *words[] = { "lock ", "rep ", "repz ", "repnz ", "repe ", "repne ",
                                   "cs ", "ds ", "es ", "ss ", "fs ", "gs ", "data16 ",
                                   "data32 ", "addr32 ", "notrack ", "bnd ", "rex ",
                                   "xacquire ", "xrelease " };
    int again = 1;

    while (again) {
        again = 0;
        if (!strncmp(t, "rex.", 4) && strchr(t, ' ')) {
            t = strchr(t, ' ') + 1;
            again = 1;
        }
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
            if (!strncmp(t, words[i], strlen(words[i]))) {
                t += strlen(words[i]);
                again = 1;
            }
    }
    return t;
}

/* What objdump's text says the instruction is: the kind expected. */
static const char *kind_from_text(const char *text)
{
    static const char *sse_state[] = { "emms", "femms", "ldmxcsr", "stmxcsr",
                                       "fxsave", "fxsave64", "fxrstor", "fxrstor64" };
    char m[160];
    size_t mlen;
    int simd_reg;

    snprintf(m, sizeof m, "%s", skip_prefix_words(text));
    m[strcspn(m, "#")] = '\0';         /* objdump's comment: an address, a symbol */
    mlen = strcspn(m, " ");
    simd_reg = has(m, "%xmm") || has(m, "%ymm") || has(m, "%zmm") || has(m, "%mm") ||
               has(m, "%k");

    for (size_t i = 0; i < sizeof sse_state / sizeof sse_state[0]; i++)
        if (mlen == strlen(sse_state[i]) && !strncmp(m, sse_state[i], mlen))
            return "SSE";
    if (m[0] == 'f' && strncmp(m, "fwait", 5) != 0)
        return "x87";
    if (!strncmp(m, "vzero", 5) || !strncmp(m, "vldmxcsr", 8) || !strncmp(m, "vstmxcsr", 8))
        return "AVX";
    if (!simd_reg)
        return NULL;
    if (m[0] == 'k' || has(m, "%zmm") || has(m, "%k") || has(m, "{1to") ||
        high_vector_reg(m))
        return "AVX-512";
    return m[0] == 'v' ? "AVX" : "SSE";
}

struct tally {
    unsigned insns, simd, sse, avx, wrong;
    char first_wrong[160];
};

/* One line of objdump -d: "  ADDR:\tBYTES \tTEXT". */
static void objdump_line(const char *line, struct tally *t)
{
    const char *tab1 = strchr(line, '\t'), *tab2;
    uint8_t bytes[16];
    size_t n = 0;
    const char *want, *got;

    if (!tab1 || !(tab2 = strchr(tab1 + 1, '\t')) || tab1 == line || tab1[-1] != ':')
        return;
    for (const char *p = tab1 + 1; p < tab2 && n < sizeof bytes;) {
        unsigned b;
        int used;

        if (sscanf(p, "%2x%n", &b, &used) != 1)
            break;
        bytes[n++] = (uint8_t)b;
        p += used;
        while (*p == ' ')
            p++;
    }
    tab2++;
    if (n == 0 || tab2[0] == '.' || has(tab2, "(bad)"))
        return;                 /* data, or what objdump cannot decode */
    want = kind_from_text(tab2);
    got = x86_simd_insn_kind(bytes, n);
    t->insns++;
    t->simd += want != NULL;
    t->sse += same_kind(want, "SSE");
    t->avx += same_kind(want, "AVX");
    if (!same_kind(want, got)) {
        if (!t->wrong++)
            snprintf(t->first_wrong, sizeof t->first_wrong, "%.100s: got %s", tab2,
                     got ? got : "not SIMD");
    }
}

static int objdump_file(const char *path, struct tally *t)
{
    char cmd[512], line[1024];
    FILE *p;

    memset(t, 0, sizeof *t);
    snprintf(cmd, sizeof cmd, "objdump -d -w --insn-width=15 '%s'", path);
    p = popen(cmd, "r");
    if (!p)
        return -1;
    while (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\n")] = '\0';
        objdump_line(line, t);
    }
    return pclose(p) == 0 && t->insns > 0 ? 0 : -1;
}

static void test_general_file(const char *path, int optional)
{
    struct tally t;

    if (access(path, R_OK) != 0 && optional) {
        CHECK(1, "%s: not built # skip", path);
        return;
    }
    if (!CHECK(objdump_file(path, &t) == 0, "objdump -d reads %s", path))
        return;
    CHECK(t.simd == 0 && t.wrong == 0,
          "%s (-mgeneral-regs-only): none of %u instructions is SIMD (%u by objdump's "
          "text, %u classified otherwise%s%s)", path, t.insns, t.simd, t.wrong,
          t.wrong ? "; first: " : "", t.first_wrong);
}

static void test_fpu_file(const char *path)
{
    struct tally t;

    if (!CHECK(objdump_file(path, &t) == 0, "objdump -d reads %s", path))
        return;
    CHECK(t.sse > 0 && t.avx > 0 && t.wrong == 0,
          "%s: its %u SSE and %u AVX instructions found, the other %u of %u not SIMD "
          "(%u classified otherwise%s%s)", path, t.sse, t.avx, t.insns - t.simd, t.insns,
          t.wrong, t.wrong ? "; first: " : "", t.first_wrong);
}

int main(int argc, char **argv)
{
    const char *build = argc > 1 ? argv[1] : UKVM_BUILD_DIR;
    static const char *general_files[] = { "guest/ukvm_hvt.o", "guest/ukvm_spt.o",
                                           "tests/test_hello.hvt", "tests/test_libc.spt" };
    char path[512];

    test_table(simd, sizeof simd / sizeof simd[0]);
    test_table(general, sizeof general / sizeof general[0]);
    test_short();
    test_limits();
    for (size_t i = 0; i < sizeof general_files / sizeof general_files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", build, general_files[i]);
        test_general_file(path, 0);
    }
    snprintf(path, sizeof path, "%s/apps/static_web.hvt", build);
    test_general_file(path, 1);
    snprintf(path, sizeof path, "%s/tests/test_fpu.hvt", build);
    test_fpu_file(path);
    return check_done();
}
