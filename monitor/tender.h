/* SPDX-License-Identifier: ISC */
/*
 * What ukvm (hvt) and ukvm-spt share around their own set-up: the
 * command line's preamble (--help, --version, withheld features), the
 * boot data's layout, and the way a guest ends.
 */
#ifndef UKVM_TENDER_H
#define UKVM_TENDER_H

#include <stdio.h>

#include "host_features.h"
#include "options.h"
#include "ukvm.h"

struct tender {
    const char *name;                   /* "ukvm", for messages */
    const char *abi;                    /* "hvt" */
    int abi_version;
    uint32_t features;                  /* every host feature it offers */
    const struct feature_name *feature_names;
    size_t nfeature_names;
    const char *usage;                  /* its own option lines */
    /* Options of its own, before the modules'; as module_option_fn. */
    module_option_fn option;
    /* After "guest error: ...": what it adds to the line and after it. */
    void (*error_report)(struct ukvm *vm);
    /* At exit, after the modules' tear-down (hvt: --stats). */
    void (*exit_report)(void);
};

/*
 * Parses the command line for tender T into O and sets vm->host_features
 * (T's, less what UKVM_WITHHOLD_FEATURES and the modules withhold).
 * Returns -1 when the tender goes on; otherwise the exit status, after
 * printing --help, --version or the one-line error.
 */
int tender_start(const struct tender *t, int argc, char *argv[],
                 struct ukvm_opts *o, struct ukvm *vm);

/* Prints "NAME: MESSAGE" for a set-up error and ends ukvm with status 1. */
__attribute__((noreturn))
void tender_fail(struct ukvm *vm, const struct errbuf *err);

/*
 * Lays the boot data out at guest address GPA (host pointer HOST): a
 * header of HEADER bytes the tender writes itself, the manifest, then
 * the command line, 8-aligned. Copies the last two; returns their
 * guest addresses.
 */
struct boot_layout { uint64_t mft, cmdline; };
struct boot_layout boot_data_write(uint8_t *host, uint64_t gpa, uint64_t header,
                                   const struct mft *m, const char *cmdline);

#endif
