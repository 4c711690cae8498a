/* SPDX-License-Identifier: ISC */
/* The global options and the commands (runc's command line). */
#ifndef UKVM_OCI_CLI_H
#define UKVM_OCI_CLI_H

#include <stdbool.h>

struct oci_global {
    const char *root;          /* --root: the state directories */
    const char *monitor_dir;   /* --monitor-dir, UKVM_OCI_MONITOR_DIR, or ours */
    bool systemd_cgroup;
};

/* Each parses its own options (ARGV[0] is the command's name) and
 * returns the exit status. */
int cmd_create(const struct oci_global *g, int argc, char **argv);
int cmd_start(const struct oci_global *g, int argc, char **argv);
int cmd_state(const struct oci_global *g, int argc, char **argv);
int cmd_kill(const struct oci_global *g, int argc, char **argv);
int cmd_delete(const struct oci_global *g, int argc, char **argv);
int cmd_ps(const struct oci_global *g, int argc, char **argv);
int cmd_features(const struct oci_global *g, int argc, char **argv);

#endif
