/* SPDX-License-Identifier: ISC */
/* ukvm's command line (docs/ABI.md section 5). */
#ifndef UKVM_OPTIONS_H
#define UKVM_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "errbuf.h"

struct ukvm_opts {
    uint64_t mem_size;        /* bytes, a multiple of 2 MiB */
    bool help, version;
    const char *kernel;       /* the unikernel file */
    char cmdline[8192];       /* guest arguments joined by spaces */
};

/* Offers an option the core does not know to the tender and modules. */
typedef int (*module_option_fn)(const char *arg, struct errbuf *err);

/* Returns 0, or -1 with ERR naming the bad option or value. */
int opts_parse(int argc, char *const argv[], struct ukvm_opts *o,
               module_option_fn module_option, struct errbuf *err);

#endif
