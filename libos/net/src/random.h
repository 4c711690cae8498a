/* SPDX-License-Identifier: ISC */
/* Random numbers for lwIP (random.c); net_random32 is LWIP_RAND. */
#ifndef NET_RANDOM_H
#define NET_RANDOM_H

#include <stdint.h>

void net_random_seed(uint64_t seed);
uint32_t net_random32(void);

#endif
