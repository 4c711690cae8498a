/* SPDX-License-Identifier: ISC */
/* ukvm-elftool: builds and inspects the notes of unikernel files. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "elftool.h"
#include "version.h"

int usage_error(void)
{
    fputs(ELFTOOL_USAGE, stderr);
    return 1;
}

int tool_error(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Messages quote file names and file contents: keep them one safe line. */
    for (char *p = msg; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    fprintf(stderr, "ukvm-elftool: %s\n", msg);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error();
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(ELFTOOL_USAGE, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("ukvm-elftool (ukvm) " UKVM_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "gen-manifest") == 0)
        return cmd_gen_manifest(argc - 2, argv + 2);
    if (strcmp(argv[1], "query") == 0)
        return cmd_query(argc - 2, argv + 2);
    if (strcmp(argv[1], "query-abi") == 0)
        return cmd_query_abi(argc - 2, argv + 2);
    if (strcmp(argv[1], "query-manifest") == 0)
        return cmd_query_manifest(argc - 2, argv + 2);
    return usage_error();
}
