/* SPDX-License-Identifier: ISC */
/*
 * show.h: what kv_ro and kv_ro_crunch print, whichever store they open.
 */
#ifndef KV_RO_SHOW_H
#define KV_RO_SHOW_H

#include "kv.h"

/*
 * Prints "keys: N", one "KEY SIZE" line per key, then "KEY = " and the
 * value of key. Returns the exit status: 0, or 1 after a message on
 * stderr naming the program (name) and what failed.
 */
int kv_ro_show(const char *name, struct kv_store *store, const char *key);

#endif
