/* SPDX-License-Identifier: ISC */
/* Parses a tender's command line; other options are passed on. */
#include <string.h>

#include "abi/hvt_abi.h"
#include "options.h"

static int parse_mem(const char *s, uint64_t *bytes, struct errbuf *err)
{
    uint64_t mib = 0;

    if (*s == '\0')
        return err_set(err, "--mem: missing value (MiB)");
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return err_set(err, "--mem=%s: not a whole number of MiB", s);
        mib = mib * 10 + (uint64_t)(*p - '0');
        if (mib > HVT_MEM_MAX >> 20)
            return err_set(err, "--mem=%s: more than %llu MiB", s,
                           HVT_MEM_MAX >> 20);
    }
    *bytes = (mib << 20) & ~(HVT_MEM_ALIGN - 1);
    if (*bytes < HVT_MEM_MIN)
        return err_set(err, "--mem=%s: less than %llu MiB", s, HVT_MEM_MIN >> 20);
    return 0;
}

static int join_cmdline(struct ukvm_opts *o, int argc, char *const argv[],
                        struct errbuf *err)
{
    size_t n = 0;

    o->cmdline[0] = '\0';
    for (int i = 0; i < argc; i++) {
        size_t len = strlen(argv[i]);
        if (n + (i > 0) + len >= sizeof o->cmdline)
            return err_set(err, "guest command line is longer than %zu characters",
                           sizeof o->cmdline - 1);
        if (i > 0)
            o->cmdline[n++] = ' ';
        memcpy(o->cmdline + n, argv[i], len + 1);
        n += len;
    }
    return 0;
}

int opts_parse(int argc, char *const argv[], struct ukvm_opts *o,
               module_option_fn module_option, struct errbuf *err)
{
    int i;

    memset(o, 0, sizeof *o);
    o->mem_size = (uint64_t)HVT_MEM_DEFAULT_MIB << 20;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || a[1] == '\0')
            break;
        if (strncmp(a, "--mem=", 6) == 0) {
            if (parse_mem(a + 6, &o->mem_size, err) < 0)
                return -1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            o->help = true;
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            o->version = true;
            return 0;
        } else {
            int r = module_option ? module_option(a, err) : 0;
            if (r < 0)
                return -1;
            if (r == 0)
                return err_set(err, "unknown option '%s' (see --help)", a);
        }
    }
    if (i >= argc)
        return err_set(err, "missing UNIKERNEL (see --help)");
    o->kernel = argv[i];
    return join_cmdline(o, argc - i - 1, argv + i + 1, err);
}
