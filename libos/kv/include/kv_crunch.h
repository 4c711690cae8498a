/* SPDX-License-Identifier: ISC */
/*
 * kv_crunch.h: the table that ukvm-crunch generates from a directory and
 * kv_open_crunch() serves. The generated C file defines both symbols;
 * entries are sorted by key in byte order (strcmp), keys are unique.
 */
#ifndef KV_CRUNCH_H
#define KV_CRUNCH_H

#include <stddef.h>
#include <stdint.h>

struct kv_crunch_entry {
    const char *key;            /* "css/site.css": no leading "/" */
    const unsigned char *data;  /* size bytes (NULL when size is 0) */
    uint64_t size;
};

extern const struct kv_crunch_entry kv_crunch_entries[];
extern const size_t kv_crunch_count;

#endif
