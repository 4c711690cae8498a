/* SPDX-License-Identifier: ISC */
/*
 * symbolize_cli FILE [ADDR...]: what hostlib/symbolize.c makes of each
 * address (from the arguments, or one a line on stdin), one line each:
 *
 *   ADDR <TAB> FUNC+0xOFF <TAB> DIR/FILE:LINE <TAB> the report text
 *
 * with "??" for an unknown function or file and 0 for an unknown line,
 * for tests/unit/test_symbolize.sh to hold against addr2line.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "elf_file.h"
#include "symbolize.h"

static void show(const struct elf_file *f, const char *arg)
{
    struct symbol_info s;
    char report[512];
    char *end;
    uint64_t addr = strtoull(arg, &end, 16);

    if (end == arg) {
        printf("%s\tbad address\n", arg);
        return;
    }
    symbolize(f, addr, &s);
    symbolize_format(&s, report, sizeof report);
    printf("0x%016" PRIx64 "\t", addr);
    if (s.func)
        printf("%.*s+0x%" PRIx64, (int)s.func_len, s.func, s.func_off);
    else
        printf("??");
    printf("\t");
    if (s.dir_len)
        printf("%.*s/", (int)s.dir_len, s.dir);
    if (s.file)
        printf("%.*s", (int)s.file_len, s.file);
    else
        printf("??");
    printf(":%u\t%s\n", s.line, report);
}

int main(int argc, char **argv)
{
    struct elf_file f;
    struct errbuf err = { "" };
    char line[128];

    if (argc < 2) {
        fprintf(stderr, "usage: symbolize_cli FILE [ADDR...]\n");
        return 1;
    }
    if (elf_file_map(&f, argv[1], &err) < 0) {
        fprintf(stderr, "symbolize_cli: %s: %s\n", argv[1], err.msg);
        return 1;
    }
    for (int i = 2; i < argc; i++)
        show(&f, argv[i]);
    if (argc == 2)
        while (fgets(line, sizeof line, stdin))
            show(&f, line);
    elf_file_unmap(&f);
    return 0;
}
