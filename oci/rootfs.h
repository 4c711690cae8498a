/* SPDX-License-Identifier: ISC */
/* Files of the bundle's rootfs, resolved inside it: symlinks, absolute
 * or not, and ".." never lead out (openat2 RESOLVE_IN_ROOT). */
#ifndef UKVM_OCI_ROOTFS_H
#define UKVM_OCI_ROOTFS_H

#include "errbuf.h"

/* The rootfs directory ROOT (absolute, or below the bundle directory
 * BUNDLE_FD without leaving it): an O_PATH descriptor, or -1. */
int rootfs_open(int bundle_fd, const char *root, struct errbuf *err);

/* PATH in the rootfs ROOT_FD, a regular file opened with FLAGS
 * (O_CLOEXEC added): a descriptor, or -1 ("...: no such file in the
 * rootfs"); errno is kept for the caller's fallbacks. */
int rootfs_open_file(int root_fd, const char *path, int flags, struct errbuf *err);

#endif
