/* SPDX-License-Identifier: ISC */
/* What the spt target's files share. */
#ifndef GUEST_SPT_H
#define GUEST_SPT_H

#include <stdint.h>

/* What ukvm-spt offers beyond Solo5's spt (SPT_FEATURE_*), or 0. */
extern uint32_t spt_features;

#endif
