/* SPDX-License-Identifier: ISC */
/*
 * kv_ro_crunch: the read-only key/value store compiled into the
 * unikernel (apps/kv_ro_crunch/data, crunched by ukvm-crunch at build
 * time). Lists its keys and sizes, and prints the value of KEY ("secret"
 * by default).
 *
 *   kv_ro_crunch [KEY]
 *
 * Exit status 0; 1 when KEY is not in the store.
 */
#include <stdio.h>

#include "kv.h"
#include "show.h"

int main(int argc, char **argv)
{
    struct kv_store *store = kv_open_crunch();
    int status;

    if (store == NULL) {
        fprintf(stderr, "kv_ro_crunch: %s\n", kv_last_error());
        return 1;
    }
    status = kv_ro_show("kv_ro_crunch", store, argc > 1 ? argv[1] : "secret");
    kv_close(store);
    return status;
}
