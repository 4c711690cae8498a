/* SPDX-License-Identifier: ISC */
/*
 * lwIP's platform header for the library OS: x86_64, little endian, our
 * libc (no unistd.h), byte swaps as single instructions and our own
 * checksum routine (libos/net/src/chksum.c).
 */
#ifndef LWIP_ARCH_CC_H
#define LWIP_ARCH_CC_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>          /* ssize_t, with no unistd.h */

#define BYTE_ORDER LITTLE_ENDIAN
#define LWIP_NO_UNISTD_H 1

#define lwip_htons(x) ((uint16_t)__builtin_bswap16((uint16_t)(x)))
#define lwip_htonl(x) ((uint32_t)__builtin_bswap32((uint32_t)(x)))

/* The 16-bit ones' complement sum of data, not inverted. */
uint16_t net_chksum(const void *data, int len);
#define LWIP_CHKSUM net_chksum

uint32_t net_random32(void);
#define LWIP_RAND() net_random32()

#define LWIP_PLATFORM_DIAG(x) do { printf x; } while (0)
#define LWIP_PLATFORM_ASSERT(msg) do { \
        fprintf(stderr, "lwip: assertion \"%s\" failed at %s:%d\n", \
               (msg), __FILE__, __LINE__); \
        abort(); \
    } while (0)

#endif
