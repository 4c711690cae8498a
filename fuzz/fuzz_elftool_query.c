/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: ukvm-elftool's query-abi and query-manifest readers
 * (Solo5's note lookup and manifest rules, tools/elftool/solo5_*.c) on
 * arbitrary bytes. They must never read outside the file, and must print
 * nothing unless they succeed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "solo5_print.h"

static FILE *out;

/* Prints into a memory stream; checks that a failure printed nothing. */
static void run(int (*print)(const struct elf_file *, FILE *, struct errbuf *),
                const struct elf_file *f)
{
    struct errbuf err;
    long before = ftell(out);
    int r = print(f, out, &err);

    if (fflush(out) != 0 || (r < 0 && ftell(out) != before))
        abort();
    if (ftell(out) > 1 << 20)
        rewind(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *buf;
    static size_t len;
    struct elf_file f;
    struct errbuf err;

    if (!out && !(out = open_memstream(&buf, &len)))
        abort();
    if (elf_file_parse(&f, data, size, &err) < 0)
        return 0;
    run(solo5_print_abi, &f);
    run(solo5_print_manifest, &f);
    return 0;
}
