/* SPDX-License-Identifier: ISC */
/* --gdb[=PORT]: the option and the wait for gdb, on either tender. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdb.h"
#include "gdb_remote.h"

#define DEFAULT_PORT 1234

unsigned gdb_port;

static int gdb_option(const char *arg, struct errbuf *err)
{
    const char *v = arg + 6;
    char *end;
    long p;

    if (strcmp(arg, "--gdb") == 0) {
        gdb_port = DEFAULT_PORT;
        return 1;
    }
    if (strncmp(arg, "--gdb=", 6) != 0)
        return 0;
    p = strtol(v, &end, 10);
    if (*v < '0' || *v > '9' || *end || p < 1 || p > 65535)
        return err_set(err, "%s: not a TCP port (1 to 65535)", arg);
    gdb_port = (unsigned)p;
    return 1;
}

int gdb_wait_client(const char *who, struct errbuf *err)
{
    struct errbuf why;
    int lfd = gdb_remote_listen(gdb_port, &why), fd;

    if (lfd < 0)
        return err_set(err, "--gdb: %s", why.msg);
    fprintf(stderr, "%s: waiting for gdb on 127.0.0.1:%u\n", who, gdb_port);
    fd = gdb_remote_accept_client(lfd, gdb_port, &why);
    if (fd < 0)
        return err_set(err, "--gdb: %s", why.msg);
    return fd;
}

static const struct ukvm_module gdb_option_module = {
    .name = "gdb",
    .usage =
        "  --gdb[=PORT]     wait for gdb (target remote :PORT, default 1234) on\n"
        "                   127.0.0.1 before the guest starts\n",
    .option = gdb_option,
};
UKVM_MODULE(gdb_option_module);
