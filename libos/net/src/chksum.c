/* SPDX-License-Identifier: ISC */
/*
 * The Internet checksum (RFC 1071) for lwIP (LWIP_CHKSUM): the 16-bit
 * ones' complement sum of the bytes as they lie in memory, not inverted.
 * Summing 64-bit little-endian words gives the same sum as 16-bit ones,
 * folded at the end; the carry flag runs through the whole loop (adc;
 * lea and dec leave it alone). About 19 instructions per 128 bytes, where
 * lwIP's portable loops take several per 2 or 4 bytes: every instruction
 * counts when KVM emulates the guest.
 */
#include <stddef.h>
#include <stdint.h>

#include "arch/cc.h"

/* Adds the words of n 128-byte blocks at p to sum; returns the new sum. */
static uint64_t add_blocks(uint64_t sum, const uint8_t *p, size_t n)
{
    __asm__("clc\n"
            "1:\n\t"
            "adcq 0(%[p]), %[s]\n\t"
            "adcq 8(%[p]), %[s]\n\t"
            "adcq 16(%[p]), %[s]\n\t"
            "adcq 24(%[p]), %[s]\n\t"
            "adcq 32(%[p]), %[s]\n\t"
            "adcq 40(%[p]), %[s]\n\t"
            "adcq 48(%[p]), %[s]\n\t"
            "adcq 56(%[p]), %[s]\n\t"
            "adcq 64(%[p]), %[s]\n\t"
            "adcq 72(%[p]), %[s]\n\t"
            "adcq 80(%[p]), %[s]\n\t"
            "adcq 88(%[p]), %[s]\n\t"
            "adcq 96(%[p]), %[s]\n\t"
            "adcq 104(%[p]), %[s]\n\t"
            "adcq 112(%[p]), %[s]\n\t"
            "adcq 120(%[p]), %[s]\n\t"
            "leaq 128(%[p]), %[p]\n\t"
            "decq %[n]\n\t"
            "jnz 1b\n\t"
            "adcq $0, %[s]"
            : [s] "+r"(sum), [p] "+r"(p), [n] "+r"(n)
            : : "cc", "memory");
    return sum;
}

/* Adds n (at least 1) 64-bit words at p to sum, the same way. */
static uint64_t add_words(uint64_t sum, const uint8_t *p, size_t n)
{
    __asm__("clc\n"
            "1:\n\t"
            "adcq (%[p]), %[s]\n\t"
            "leaq 8(%[p]), %[p]\n\t"
            "decq %[n]\n\t"
            "jnz 1b\n\t"
            "adcq $0, %[s]"
            : [s] "+r"(sum), [p] "+r"(p), [n] "+r"(n)
            : : "cc", "memory");
    return sum;
}

/* sum + v with the carry folded back in (ones' complement addition). */
static uint64_t add64(uint64_t sum, uint64_t v)
{
    sum += v;
    return sum + (sum < v);
}

uint16_t net_chksum(const void *data, int len)
{
    const uint8_t *p = data;
    size_t n = len > 0 ? (size_t)len : 0;
    uint64_t sum = 0, tail = 0;
    unsigned shift = 0;

    if (n >= 128) {
        sum = add_blocks(sum, p, n / 128);
        p += n & ~(size_t)127;
        n &= 127;
    }
    if (n >= 8) {
        sum = add_words(sum, p, n / 8);
        p += n & ~(size_t)7;
        n &= 7;
    }
    /* The last 0-7 bytes, each at its place in a little-endian word. */
    if (n & 4) {
        uint32_t w;

        __builtin_memcpy(&w, p, 4);
        tail = w;
        p += 4;
        shift = 32;
    }
    if (n & 2) {
        uint16_t w;

        __builtin_memcpy(&w, p, 2);
        tail |= (uint64_t)w << shift;
        p += 2;
        shift += 16;
    }
    if (n & 1)
        tail |= (uint64_t)*p << shift;
    sum = add64(sum, tail);
    /* Fold 64 -> 32 -> 16 bits, carries going round. */
    sum = (sum & 0xffffffff) + (sum >> 32);
    sum = (sum & 0xffffffff) + (sum >> 32);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)sum;
}
