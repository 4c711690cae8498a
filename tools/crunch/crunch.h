/* SPDX-License-Identifier: ISC */
/*
 * crunch.h: ukvm-crunch turns a directory tree into a C file holding its
 * files as a sorted key table (see libos/kv/include/kv_crunch.h).
 */
#ifndef CRUNCH_H
#define CRUNCH_H

#include <stddef.h>
#include <stdio.h>

/* A file to store: its key ("css/site.css") and where to read it. */
struct crunch_file {
    char *key;
    char *path;
};

struct crunch_tree {
    struct crunch_file *files;  /* sorted by key (strcmp) */
    size_t count, capacity;
};

/*
 * Collects the regular files under dir. Symbolic links are followed when
 * they lead to a regular file inside dir. Anything else (a link leading
 * out or to a directory, a device, a name with a control character)
 * prints one line naming the file and returns -1.
 */
int crunch_tree_read(const char *dir, struct crunch_tree *tree);
void crunch_tree_free(struct crunch_tree *tree);

/* Writes the C file for tree to out; -1 after a one-line error. */
int crunch_emit(const struct crunch_tree *tree, FILE *out);

/* Prints "ukvm-crunch: " and the message on stderr. */
void crunch_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
