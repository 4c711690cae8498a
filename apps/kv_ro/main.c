/* SPDX-License-Identifier: ISC */
/*
 * kv_ro: the read-only key/value store on a block device. Opens the
 * ustar archive on "storage", lists its keys and sizes, and prints the
 * value of KEY ("secret" by default).
 *
 *   kv_ro [KEY]
 *
 * Exit status 0; 1 when the archive cannot be read (corrupt, truncated,
 * no device) or KEY is not in it, with a one-line reason on stderr.
 */
#include <stdio.h>

#include "kv.h"
#include "show.h"

int main(int argc, char **argv)
{
    struct kv_store *store = kv_open_block("storage");
    int status;

    if (store == NULL) {
        fprintf(stderr, "kv_ro: %s\n", kv_last_error());
        return 1;
    }
    status = kv_ro_show("kv_ro", store, argc > 1 ? argv[1] : "secret");
    kv_close(store);
    return status;
}
