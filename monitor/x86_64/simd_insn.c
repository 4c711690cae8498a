/* SPDX-License-Identifier: ISC */
/*
 * The SIMD class of an x86-64 instruction (simd_insn.h). The scope is a
 * hint, not a disassembler: legacy prefixes, REX, then the opcode maps
 * where SIMD lives (two-byte 0F, three-byte 0F 38 and 0F 3A, VEX, EVEX,
 * XOP) and x87; ModRM is read only where one opcode holds both kinds
 * (0F AE). Opcode maps as in the Intel SDM, volume 2, appendix A, and
 * AMD's APM, volume 3, appendix A.
 */
#include "simd_insn.h"

#define INSN_MAX 15

enum { PFX_66 = 1, PFX_F2 = 2, PFX_F3 = 4 };

/*
 * The two-byte map (0F xx), one character per opcode:
 *   S  SIMD, legacy-encoded ("SSE": MMX and 3DNow! included)
 *   .  general purpose or system
 *   3  escape to the three-byte maps 0F 38 and 0F 3A
 *   A  group 15 (0F AE): fxsave..stmxcsr in memory forms, fences and
 *      fs/gs base in register forms
 *   P  SSE4a (extrq, insertq) with 66 or F2, VMX (vmread, vmwrite) without
 */
static const char map_0f[256 + 1] =
    /* 0123456789abcdef */
    "..............SS"  /* 00 system, ud2, prefetchw; femms, 3DNow! */
    "SSSSSSSS........"  /* 10 movups..movhps; 18-1f hints, NOPs, endbr64 */
    "........SSSSSSSS"  /* 20 mov cr/dr; 28 movaps..comiss */
    "........3.3....."  /* 30 wrmsr, rdtsc, sysenter; 38 and 3a escapes */
    "................"  /* 40 cmovcc */
    "SSSSSSSSSSSSSSSS"  /* 50 movmskps, sqrt..max */
    "SSSSSSSSSSSSSSSS"  /* 60 punpck, pack, movd, movq, movdqa */
    "SSSSSSSSPP..SSSS"  /* 70 pshuf, shifts, pcmpeq, emms; haddpd..movdqu */
    "................"  /* 80 jcc */
    "................"  /* 90 setcc */
    "..............A."  /* a0 push fs, cpuid, bt, shld, shrd, imul */
    "................"  /* b0 cmpxchg, movzx, popcnt, bsf, tzcnt, lzcnt */
    "..S.SSS........."  /* c0 xadd, cmpps, movnti (GP), pinsrw..shufps, group 9, bswap */
    "SSSSSSSSSSSSSSSS"  /* d0 */
    "SSSSSSSSSSSSSSSS"  /* e0 */
    "SSSSSSSSSSSSSSS."; /* f0; ff ud0 */

static int is_legacy_prefix(uint8_t b)
{
    switch (b) {
    case 0x66: case 0x67: case 0xf0: case 0xf2: case 0xf3:
    case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
        return 1;
    default:
        return 0;
    }
}

static unsigned prefix_bit(uint8_t b)
{
    return b == 0x66 ? PFX_66 : b == 0xf2 ? PFX_F2 : b == 0xf3 ? PFX_F3 : 0;
}

/* 0F 38 holds the general-purpose movbe, crc32, adcx, adox, movdiri. */
static const char *map_0f38(uint8_t op)
{
    if (op >= 0xf0 || (op >= 0x80 && op <= 0x82))   /* 80-82: invept, invvpid, invpcid */
        return NULL;
    return "SSE";
}

/* Group 15: memory forms /0-/3 (no F2, F3) are fxsave, fxrstor, ldmxcsr, stmxcsr. */
static const char *group15(uint8_t modrm, unsigned pfx)
{
    unsigned mod = modrm >> 6, reg = (modrm >> 3) & 7;

    return mod != 3 && reg <= 3 && !(pfx & (PFX_F2 | PFX_F3)) ? "SSE" : NULL;
}

static const char *two_byte(const uint8_t *p, size_t left, unsigned pfx)
{
    if (left < 2)
        return NULL;
    switch (map_0f[p[1]]) {
    case 'S':
        return "SSE";
    case '3':
        if (left < 3)
            return NULL;
        return p[1] == 0x38 ? map_0f38(p[2]) : "SSE";
    case 'A':
        return left < 3 ? NULL : group15(p[2], pfx);
    case 'P':
        return pfx & (PFX_66 | PFX_F2) ? "SSE" : NULL;
    default:
        return NULL;
    }
}

/* VEX map 1: the mask-register ops (kand.., kmov, kortest, ktest) are AVX-512's. */
static int vex_mask_op(unsigned map, uint8_t op)
{
    if (map == 3)
        return op >= 0x30 && op <= 0x33;            /* kshift */
    return map == 1 && ((op >= 0x41 && op <= 0x4b && op != 0x43 && op != 0x48 &&
                         op != 0x49) || (op >= 0x90 && op <= 0x93) ||
                        op == 0x98 || op == 0x99);
}

/* BMI1/BMI2 in VEX (and APX's EVEX) maps 2 and 3: andn..shrx, rorx. */
static int vex_general_op(unsigned map, uint8_t op)
{
    return (map == 2 && op >= 0xf0 && op <= 0xf7) || (map == 3 && op == 0xf0);
}

static const char *vex(unsigned map, uint8_t op)
{
    if (map < 1 || map > 3 || vex_general_op(map, op))
        return NULL;                /* reserved maps fault (#UD) */
    return vex_mask_op(map, op) ? "AVX-512" : "AVX";
}

/*
 * AMD's XOP (8F with a map of 8 or more; POP r/m has ModRM.reg 0, so a map
 * below 8): SIMD, but for TBM and LWP in maps 9 (01, 02, 12) and 10 (10, 12).
 */
static const char *xop(unsigned map, uint8_t op)
{
    if (map == 8)
        return "AVX";
    if (map == 9)
        return op == 0x01 || op == 0x02 || op == 0x12 ? NULL : "AVX";
    if (map == 10)
        return op == 0x10 || op == 0x12 ? NULL : "AVX";
    return NULL;
}

/* EVEX maps 1-3, 5 and 6 are AVX-512 (and FP16); map 4 is APX's general one. */
static const char *evex(unsigned map, uint8_t op)
{
    if (map == 0 || map == 4 || map == 7 || vex_general_op(map, op))
        return NULL;
    return "AVX-512";
}

const char *x86_simd_insn_kind(const uint8_t *insn, size_t len)
{
    unsigned pfx = 0;
    size_t i = 0;
    const uint8_t *p;
    size_t left;

    if (len > INSN_MAX)
        len = INSN_MAX;
    /* A REX followed by another prefix is ignored by the CPU: skip it too. */
    while (i < len && (is_legacy_prefix(insn[i]) || (insn[i] & 0xf0) == 0x40)) {
        pfx |= prefix_bit(insn[i]);
        i++;
    }
    if (i >= len)
        return NULL;
    p = insn + i;
    left = len - i;
    switch (p[0]) {
    case 0x0f:
        return two_byte(p, left, pfx);
    case 0xc5:                      /* C5 RvvvvLpp op: map 1 */
        return left < 3 ? NULL : vex(1, p[2]);
    case 0xc4:                      /* C4 RXBmmmmm WvvvvLpp op */
        return left < 4 ? NULL : vex(p[1] & 0x1f, p[3]);
    case 0x62:                      /* 62 P0 P1 P2 op, map in P0's low bits */
        return left < 5 ? NULL : evex(p[1] & 7, p[4]);
    case 0x8f:                      /* 8F RXBmmmmm WvvvvLpp op, or pop */
        return left < 4 || (p[1] & 0x1f) < 8 ? NULL : xop(p[1] & 0x1f, p[3]);
    case 0x9b:                      /* fwait, alone or before an x87 one */
        return left >= 2 && p[1] >= 0xd8 && p[1] <= 0xdf ? "x87" : NULL;
    default:
        return p[0] >= 0xd8 && p[0] <= 0xdf ? "x87" : NULL;
    }
}
