/* SPDX-License-Identifier: ISC */
/*
 * query-abi BINARY and query-manifest BINARY: solo5-elftool's commands,
 * same output and exit status; the messages on stderr are our own.
 */
#include <stdio.h>
#include <string.h>

#include "elftool.h"
#include "solo5_print.h"

typedef int print_fn(const struct elf_file *f, FILE *out, struct errbuf *err);

static int query_solo5(int argc, char **argv, print_fn *print)
{
    struct elf_file f;
    struct errbuf err;
    int r;

    if (argc == 1 && strcmp(argv[0], "--help") == 0) {
        fputs(ELFTOOL_USAGE, stdout);
        return 0;
    }
    /* Solo5 takes any one argument as the file name, "-x" too. */
    if (argc != 1)
        return usage_error();
    if (elf_file_map(&f, argv[0], &err) < 0)
        return tool_error("%s: %s", argv[0], err.msg);
    r = print(&f, stdout, &err);
    elf_file_unmap(&f);
    if (r < 0)
        return tool_error("%s: %s", argv[0], err.msg);
    if (fflush(stdout) != 0 || ferror(stdout))
        return tool_error("stdout: write error");
    return 0;
}

int cmd_query_abi(int argc, char **argv)
{
    return query_solo5(argc, argv, solo5_print_abi);
}

int cmd_query_manifest(int argc, char **argv)
{
    return query_solo5(argc, argv, solo5_print_manifest);
}
