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
 * Writes LEN bytes to PATH through a temporary file in the same directory
 * and a rename, so PATH is never left half written. Messages name PATH.
 */
int file_write_atomic(const char *path, const char *data, size_t len,
                      struct errbuf *err);

#endif
