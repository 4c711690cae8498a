/* SPDX-License-Identifier: ISC */
/*
 * Containers that are not unikernels, handed to runc: the pause
 * container Kubernetes starts in every pod (its sandbox, marked by the
 * CRI's annotations) runs with the pod's RuntimeClass, ukvm-oci's, and
 * is an ordinary Linux program. Such a container is runc's from create
 * to delete, under --root DIR/runc; ROOT/ID.runc marks it as such.
 */
#ifndef UKVM_OCI_DELEGATE_H
#define UKVM_OCI_DELEGATE_H

#include "cli.h"

/*
 * Called with the whole command line (GLOBAL_END: the index of the
 * command). Returns -1 when the command is ukvm-oci's own; otherwise
 * runs it with runc (execs it, or for delete waits for it) and returns
 * the exit status.
 */
int delegate_maybe(const struct oci_global *g, int argc, char **argv, int global_end);

#endif
