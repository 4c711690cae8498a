/* SPDX-License-Identifier: ISC */
/* Opening a file only once it is known to be a regular one. */
#ifndef UKVM_REGULAR_FILE_H
#define UKVM_REGULAR_FILE_H

#include <sys/stat.h>

#include "errbuf.h"

/*
 * Opens PATH with FLAGS (O_RDONLY or O_RDWR, and O_DSYNC and the like)
 * if it is a regular file, and fills *ST. What is not (a FIFO, a device,
 * a directory) is refused before it is opened: opening a FIFO blocks or
 * wakes its other end, opening a device can act on it. Returns the
 * descriptor (O_CLOEXEC), or -1 with ERR saying why, without the path:
 * "a FIFO, not a regular file", "replaced while being opened", errno's.
 */
int open_regular_file(const char *path, int flags, struct stat *st,
                      struct errbuf *err);

#endif
