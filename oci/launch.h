/* SPDX-License-Identifier: ISC */
/*
 * Between create and its child, the container's init: what the init
 * needs to become the monitor, and the messages they exchange over a
 * socket pair while create runs.
 */
#ifndef UKVM_OCI_LAUNCH_H
#define UKVM_OCI_LAUNCH_H

#include <limits.h>

#include "net.h"
#include "plan.h"
#include "state.h"
#include "unikernel.h"

struct launch {
    const struct oci_plan *plan;
    const struct oci_state *state;
    char monitor[PATH_MAX];        /* ukvm or ukvm-spt */
    int unikernel_fd;
    int block_fd[OCI_BLOCKS_MAX];
    const char *block_name[OCI_BLOCKS_MAX];
    size_t nblocks;
    const char *net_name;          /* the manifest's network device, or NULL */
    char tap[16];
    int wants_vnet;                /* the unikernel takes virtio-net headers */
    int tap_fd;                    /* the tap, open for the monitor, or -1 */
    char fifo[PATH_MAX];
    int console;                   /* the pty's slave, or -1 */
    int sync;                      /* init's end of the socket pair */
};

/* init -> create: 'R' in the namespace, 'O' ready to exec (with NET), 'E'
 * failed (TEXT); create -> init: 'A' go on (the hooks have run). */
struct sync_msg {
    char kind;
    int has_net;
    struct oci_net net;
    char text[256];
};

/* The container's init: never returns. */
__attribute__((noreturn)) void init_main(struct launch *l);

/* The monitor's command line for L (with NET when not NULL), in ARGV
 * (room for MAX entries, strings in BUF of BUFLEN bytes): 0, or -1. */
int monitor_argv(const struct launch *l, const struct oci_net *net, char **argv,
                 size_t max, char *buf, size_t buflen, struct errbuf *err);

#endif
