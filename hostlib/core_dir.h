/* SPDX-License-Identifier: ISC */
/*
 * Where a guest's core file goes: a directory checked at start-up and an
 * unnamed file (O_TMPFILE) created in it then, before the sandbox goes on,
 * so that dumping needs only write(2) on that file and one linkat(2) to
 * give it its name. A name never replaces an existing file.
 *
 * The seccomp rules the caller adds for the dump (d->tmp_fd, d->dir_fd,
 * d->link_path):
 *   write   A0 == tmp_fd                 (core_file_write)
 *   linkat  A0 == AT_FDCWD, A1 == link_path, A2 == dir_fd,
 *           A4 == AT_SYMLINK_FOLLOW
 *   mincore (no arguments to pin; only if core_resident_regions is used)
 * The dump names the file by linkat(AT_FDCWD, "/proc/self/fd/N", dir_fd,
 * name, AT_SYMLINK_FOLLOW), which needs no privilege (AT_EMPTY_PATH on
 * tmp_fd needs CAP_DAC_READ_SEARCH unless the credentials are the very
 * ones that opened the file, and Landlock's restrict_self replaces
 * them). Seccomp cannot read a path, but link_path is a pointer to a
 * read-only page of its own, so A1 pins the source to this file as long
 * as the filter allows no mprotect, mmap, munmap, close or dup. The name (A3) is a
 * pointer the filter cannot pin, so on ukvm-spt, where the guest can
 * make any call the filter allows, call core_dir_confine too: it limits,
 * with Landlock, what linkat can create to names in DIR for files
 * already in DIR. Without it a guest could name the file it can write
 * anywhere on DIR's file system.
 *
 * /proc must be mounted: core_dir_open refuses, in one line, where
 * /proc/self/fd does not lead to the file, and names a test file the
 * dump's way, so a kernel that refuses is found at start-up.
 */
#ifndef UKVM_CORE_DIR_H
#define UKVM_CORE_DIR_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "errbuf.h"

struct core_dir {
    int dir_fd;           /* DIR, O_PATH */
    int tmp_fd;           /* the unnamed core file, O_RDWR, mode 0600 */
    pid_t pid;            /* taken at open: getpid is one call fewer to allow */
    uint64_t nonce;       /* random at open: names differ across PID namespaces */
    const char *link_path;  /* "/proc/self/fd/<tmp_fd>", alone in a read-only page */
    char dir[PATH_MAX];   /* DIR as given, for the printed path */
};

/*
 * Opens DIR and creates the unnamed file in it, then checks that such a
 * file can be given a name there. Returns 0, or -1 with ERR one line
 * naming DIR and why: no such directory, not a directory, not writable,
 * a read-only file system, no O_TMPFILE on its file system, no /proc, or
 * a kernel that will not name the file. Not async-signal-safe (use before the
 * sandbox).
 */
int core_dir_open(struct core_dir *d, const char *dir, struct errbuf *err);

/*
 * Landlock for ukvm-spt (see above): from here on this thread and its
 * future children can create files only in DIR, and only by linking
 * files already there. Sets no_new_privs. Then names a test file the
 * dump's way once more, under the ruleset. Call after core_dir_open and
 * before the seccomp filter, on the thread that runs the guest. Returns 0,
 * or -1 with ERR (e.g. Landlock not enabled in this kernel).
 */
int core_dir_confine(const struct core_dir *d, struct errbuf *err);

/*
 * Names the file DIR/PREFIX.PID.NONCE.core, from PREFIX's last path
 * component ("guest" if empty) cut to 128 bytes. linkat never replaces a file: on EEXIST it tries another
 * nonce, up to 8 times. Writes "DIR/name" to PATH_OUT (N bytes; an N too
 * small is refused before anything is named). Async-signal-safe; its only
 * system call is linkat. Returns 0, or -1 with ERR set (one line, no
 * stdio).
 */
int core_dir_commit(struct core_dir *d, const char *prefix, char *path_out,
                    size_t n, struct errbuf *err);

/* Closes both descriptors; an uncommitted file disappears with them. */
void core_dir_close(struct core_dir *d);

#endif
