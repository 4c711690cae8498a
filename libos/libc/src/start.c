/* SPDX-License-Identifier: ISC */
/*
 * Program start: solo5 calls solo5_app_main; we give malloc the heap,
 * split the command line into argv and run main. argv[0] is "unikernel"
 * (solo5 does not pass the image's name); the arguments follow, split
 * on spaces. main's return value is the exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libc_internal.h"
#include "solo5.h"

int main(int argc, char **argv);

/* Splits line (modified in place) into argv[1..]; returns argc. */
static int split_args(char *line, char **argv)
{
    int argc = 1;
    char *p = line;

    for (;;) {
        while (*p == ' ')
            p++;
        if (*p == '\0')
            break;
        if (argv != NULL)
            argv[argc] = p;
        argc++;
        while (*p != '\0' && *p != ' ')
            p++;
        if (*p == '\0')
            break;
        if (argv != NULL)
            *p = '\0';
        p++;
    }
    return argc;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    char *line;
    char **argv;
    int argc;

    __libc_heap_init((void *)si->heap_start, si->heap_size);
    line = strdup(si->cmdline != NULL ? si->cmdline : "");
    argc = line != NULL ? split_args(line, NULL) : 1;
    argv = calloc((size_t)argc + 1, sizeof(*argv));
    if (line == NULL || argv == NULL) {
        fputs("libc: no memory for the command line\n", stderr);
        return SOLO5_EXIT_FAILURE;
    }
    argv[0] = "unikernel";
    split_args(line, argv);
    exit(main(argc, argv));
}
