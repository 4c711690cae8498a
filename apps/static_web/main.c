/* SPDX-License-Identifier: ISC */
/*
 * static_web: serves a static web site over HTTP/1.1 on port 80 (see
 * libos/http/include/http_server.h for what it answers and how).
 *
 *   static_web [--ipv4=A/N] [--ipv4-gateway=G]   the network (net.h)
 *              [--kv=crunch|block]   the site compiled in (default), or
 *                                    the tar archive on device "storage"
 *              [--port=N] [--max-conns=N] [--idle-timeout=SECONDS] [--log]
 *              [--head-timeout=SECONDS]   a request head's deadline (5)
 *              [--max-conns-per-client=N] per source address (8)
 *              [--backlog=N]              half-open connections (32), then
 *                                         SYN cookies
 *
 * Prints "ready" once it listens. The manifest declares "storage" for
 * --kv=block, so a block device must be attached either way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_server.h"
#include "kv.h"
#include "net.h"

static int usage(const char *bad)
{
    fprintf(stderr, "static_web: bad option '%s'\n"
            "usage: static_web [--ipv4=A/N] [--ipv4-gateway=G] [--kv=crunch|block]\n"
            "                  [--port=N] [--max-conns=N] [--idle-timeout=SECONDS] [--log]\n"
            "                  [--head-timeout=SECONDS] [--max-conns-per-client=N]"
            " [--backlog=N]\n",
            bad);
    return 2;
}

/* "--name=N" with 1 <= N <= max into *out; false if arg is not that. */
static bool number_option(const char *arg, const char *name, unsigned long max,
                          unsigned long *out, bool *bad)
{
    size_t n = strlen(name);
    char *end;

    if (strncmp(arg, name, n) != 0 || arg[n] != '=')
        return false;
    *out = strtoul(arg + n + 1, &end, 10);
    *bad = end == arg + n + 1 || *end != '\0' || *out < 1 || *out > max;
    return true;
}

int main(int argc, char **argv)
{
    struct http_server_config cfg = {
        .port = 80, .max_conns = 64, .idle_timeout_s = 30,
        /* Against slow and greedy clients: nginx gives a head 60 s, but a
         * real client sends its head at once. */
        .head_timeout_s = 5, .max_conns_per_client = 8,
        .backlog = HTTP_DEFAULT_BACKLOG,
    };
    bool block = false;

    argc = net_init(argc, argv);
    if (argc < 0)
        return 2;
    for (int i = 1; i < argc; i++) {
        unsigned long v;
        bool bad = false;
        if (strcmp(argv[i], "--kv=crunch") == 0)
            block = false;
        else if (strcmp(argv[i], "--kv=block") == 0)
            block = true;
        else if (strcmp(argv[i], "--log") == 0)
            cfg.log = true;
        else if (number_option(argv[i], "--port", 65535, &v, &bad))
            cfg.port = (uint16_t)v;
        else if (number_option(argv[i], "--max-conns", 1000, &v, &bad))
            cfg.max_conns = (unsigned)v;
        else if (number_option(argv[i], "--idle-timeout", 3600, &v, &bad))
            cfg.idle_timeout_s = (unsigned)v;
        else if (number_option(argv[i], "--head-timeout", 3600, &v, &bad))
            cfg.head_timeout_s = (unsigned)v;
        else if (number_option(argv[i], "--max-conns-per-client", 1000, &v, &bad))
            cfg.max_conns_per_client = (unsigned)v;
        else if (number_option(argv[i], "--backlog", 255, &v, &bad))
            cfg.backlog = (unsigned)v;
        else
            return usage(argv[i]);
        if (bad)
            return usage(argv[i]);
    }

    cfg.store = block ? kv_open_block("storage") : kv_open_crunch();
    if (cfg.store == NULL) {
        fprintf(stderr, "static_web: cannot open the site: %s\n", kv_last_error());
        return 1;
    }
    if (http_server_start(&cfg) != 0)
        return 1;
    printf("static_web: %zu files (%s) on port %u, at most %u connections, "
           "idle timeout %u s, head timeout %u s, %u per client, backlog %u\n",
           kv_count(cfg.store), block ? "tar archive on storage" : "compiled in",
           (unsigned)cfg.port, cfg.max_conns, cfg.idle_timeout_s, cfg.head_timeout_s,
           cfg.max_conns_per_client, cfg.backlog);
    printf("ready\n");
    net_run();
    return 0;
}
