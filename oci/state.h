/* SPDX-License-Identifier: ISC */
/*
 * The state directory: ROOT/ID/ holds state.json (what create learnt)
 * and, between create and start, start.fifo, on which the container's
 * init waits. The status is never stored: it is read from the process
 * (its pid and start time, so a reused pid is not taken for it) and the
 * FIFO.
 */
#ifndef UKVM_OCI_STATE_H
#define UKVM_OCI_STATE_H

#include <stdbool.h>
#include <sys/types.h>

#include "errbuf.h"
#include "net.h"
#include "plan.h"

#define OCI_ID_MAX 200

struct oci_state {
    char id[OCI_ID_MAX + 1];
    char dir[OCI_PATH_MAX + OCI_ID_MAX + 2];
    char bundle[OCI_PATH_MAX];
    pid_t pid;
    unsigned long long start_time;  /* /proc/PID/stat's, in clock ticks */
    char created[64];
    char target[4];                 /* "hvt" or "spt" */
    char annotations[65536];        /* JSON object */
    bool has_net;
    struct oci_net net;
    int netns;                      /* enum oci_netns */
    char netns_path[OCI_PATH_MAX];
};

enum oci_status { OCI_CREATED, OCI_RUNNING, OCI_STOPPED };

/* Checks ID (1 to 200 of [A-Za-z0-9_.+-], not "." or "..") and sets
 * S->dir to ROOT/ID. */
int state_path(struct oci_state *s, const char *root, const char *id, struct errbuf *err);

/* Makes --root ROOT and the directories above it (0711), as runc does. */
int state_make_root(const char *root);

/* Writes S->dir/state.json whole (a temporary file renamed). */
int state_write(const struct oci_state *s, struct errbuf *err);

/* Reads ROOT/ID/state.json: 0, or -1 ("container ID does not exist"). */
int state_read(struct oci_state *s, const char *root, const char *id, struct errbuf *err);

/* The start time of PID (field 22 of /proc/PID/stat), 0 when it is gone
 * or a zombie (it has ended, only its status is left to collect). */
unsigned long long process_start_time(pid_t pid);

/* Whether the container's init or monitor still runs. */
bool state_alive(const struct oci_state *s);
enum oci_status state_status(const struct oci_state *s);
const char *status_name(enum oci_status st);

/* The runtime-spec state document, on one line. The caller frees it. */
char *state_json(const struct oci_state *s, enum oci_status st);

/* Removes S->dir and what it holds. */
int state_remove(const struct oci_state *s, struct errbuf *err);

#endif
