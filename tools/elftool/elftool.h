/* SPDX-License-Identifier: ISC */
/* ukvm-elftool: the commands and how they report. */
#ifndef UKVM_ELFTOOL_H
#define UKVM_ELFTOOL_H

/* One line: scripts and tests count on it. */
#define ELFTOOL_USAGE "usage: ukvm-elftool gen-manifest MANIFEST.json OUT.c" \
    " | query-abi UNIKERNEL | query-manifest UNIKERNEL" \
    " | query [--abi | --manifest] UNIKERNEL\n"

/* Each returns the exit status. ARGV holds the arguments after the command. */
int cmd_gen_manifest(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_query_abi(int argc, char **argv);        /* as solo5-elftool's */
int cmd_query_manifest(int argc, char **argv);   /* as solo5-elftool's */

/* Prints the usage line to stderr and returns 1, for misuse. */
int usage_error(void);

/* Prints "ukvm-elftool: MESSAGE" on one line of stderr and returns 1. */
__attribute__((format(printf, 1, 2)))
int tool_error(const char *fmt, ...);

#endif
