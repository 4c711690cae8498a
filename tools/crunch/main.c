/* SPDX-License-Identifier: ISC */
/*
 * ukvm-crunch DIR OUT.c: compiles a directory into a C file for the
 * crunch back end of libos/kv. The output depends only on the names and
 * contents of the files (not on order, times or owners), and appears
 * only when complete: it is written next to OUT and renamed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crunch.h"
#include "version.h"

void crunch_error(const char *fmt, ...)
{
    va_list ap;

    fputs("ukvm-crunch: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int write_output(const struct crunch_tree *tree, const char *out_name)
{
    size_t len = strlen(out_name);
    char *tmp = malloc(len + sizeof(".tmp"));
    FILE *out;
    int rc = -1;

    if (tmp == NULL) {
        crunch_error("out of memory");
        return -1;
    }
    memcpy(tmp, out_name, len);
    memcpy(tmp + len, ".tmp", sizeof(".tmp"));
    out = fopen(tmp, "w");
    if (out == NULL) {
        crunch_error("%s: %s", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    if (crunch_emit(tree, out) == 0) {
        if (fflush(out) != 0 || ferror(out))
            crunch_error("%s: %s", tmp, strerror(errno));
        else
            rc = 0;
    }
    if (fclose(out) != 0 && rc == 0) {
        crunch_error("%s: %s", tmp, strerror(errno));
        rc = -1;
    }
    if (rc == 0 && rename(tmp, out_name) != 0) {
        crunch_error("%s: %s", out_name, strerror(errno));
        rc = -1;
    }
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

#define CRUNCH_USAGE \
    "usage: ukvm-crunch DIR OUT.c\n" \
    "       ukvm-crunch --help | --version\n" \
    "Writes the files under DIR as a C file for kv_open_crunch (libos/kv).\n"

int main(int argc, char **argv)
{
    struct crunch_tree tree = { 0 };
    int rc;

    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(CRUNCH_USAGE, stdout);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        puts("ukvm-crunch (ukvm) " UKVM_VERSION);
        return 0;
    }
    if (argc != 3) {
        fputs(CRUNCH_USAGE, stderr);
        return 1;
    }
    rc = crunch_tree_read(argv[1], &tree);
    if (rc == 0)
        rc = write_output(&tree, argv[2]);
    crunch_tree_free(&tree);
    return rc == 0 ? 0 : 1;
}
