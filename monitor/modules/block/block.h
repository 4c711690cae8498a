/* SPDX-License-Identifier: ISC */
/*
 * The block module's devices, shared by its halves: block.c (options,
 * files, set-up; both tenders) and block_hvt.c (hvt's BLOCK_*).
 */
#ifndef UKVM_BLOCK_H
#define UKVM_BLOCK_H

#include <sys/types.h>

#include "ukvm.h"

struct block_dev {
    char name[MFT_NAME_SIZE];
    const char *path;
    uint64_t capacity;
    unsigned sector;
    int fd;
    dev_t dev;          /* the file's identity, to refuse it twice */
    ino_t ino;
};

/* The attached device of manifest handle HANDLE, or NULL. */
struct block_dev *block_dev_for(uint64_t handle);

#endif
