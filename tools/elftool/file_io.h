/* SPDX-License-Identifier: ISC */
/* Whole-file reads and all-or-nothing writes for the tool's inputs and outputs. */
#ifndef UKVM_ELFTOOL_FILE_IO_H
#define UKVM_ELFTOOL_FILE_IO_H

#include <stddef.h>

#include "errbuf.h"

/*
 * Reads all of PATH into a new buffer (NUL terminated, *LEN bytes before
 * the NUL); fails if it holds more than MAX bytes. Messages name PATH.
 */
char *file_read(const char *path, size_t max, size_t *len, struct errbuf *err);

/*
 * Writes LEN bytes to PATH where fopen(PATH, "w") would put them, but not
 * half written where that can be avoided: a new file, or an existing
 * regular file (through a symbolic link: the file it names), is written
 * beside it and renamed over it, with the mode a new file gets. A device
 * or FIFO (/dev/stdout) is written in place; so is an existing file whose
 * directory we may not write. A directory, or a file we may not write, is
 * refused. Messages name PATH.
 */
int file_write_output(const char *path, const char *data, size_t len,
                      struct errbuf *err);

#endif
