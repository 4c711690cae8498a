/* SPDX-License-Identifier: ISC */
/*
 * http_server.h: a static HTTP/1.1 server on lwIP's raw TCP API, serving
 * the files of a key/value store (libos/kv). Runs from the callbacks of
 * the net event loop (net.h): start it, then net_run().
 *
 * GET and HEAD; keep-alive (HTTP/1.1 by default, HTTP/1.0 on request) and
 * pipelined requests answered in order; "/dir/" serves dir/index.html and
 * "/dir" redirects there; errors as http_request.h and http_path.h say,
 * every error but 404 closing the connection. Bodies are read from the
 * store in chunks as the send buffer frees up. Connections that send too
 * slowly or too many from one client are cut (see the config).
 */
#ifndef HTTP_SERVER_H
#define HTTP_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "kv.h"

struct http_server_config {
    struct kv_store *store;     /* the site */
    uint16_t port;              /* 80 */
    unsigned max_conns;         /* beyond it: 503 and close */
    /*
     * A connection that for this long neither starts a response nor sees
     * its response acknowledged is closed: idle keep-alive, a head sent
     * too slowly (input alone does not count), a client not reading.
     */
    unsigned idle_timeout_s;
    /*
     * A request head must be complete this long after the connection
     * started, or after the first byte of a later request (0: no such
     * deadline, the idle timeout alone); then the connection is reset.
     */
    unsigned head_timeout_s;
    unsigned max_conns_per_client;  /* per source address, 0: no limit;
                                     * beyond it: 503 and close */
    /* Half-open (SYN_RCVD) connections at most, 1 to 255 (0: 32); more
     * SYNs are answered with SYN cookies (libos/net's syn_guard.c). */
    unsigned backlog;
    bool log;                   /* one console line per request */
};

#define HTTP_DEFAULT_BACKLOG 32

/* Listens on the port; 0, or -1 with a message on stderr. */
int http_server_start(const struct http_server_config *config);

/* Counters since start-up, for reports and tests. */
struct http_server_stats {
    unsigned long accepted;     /* connections taken */
    unsigned long refused;      /* turned away: 503 (at max_conns with
                                 * none to evict, or per client) */
    unsigned long refused_per_client;   /* of those, per client */
    unsigned long evicted;      /* reset at max_conns for a new one */
    unsigned long head_timeouts;    /* reset: no whole head in time */
    unsigned long accept_errors;    /* lwIP had no pcb for a SYN */
    unsigned long requests;     /* responses started */
    unsigned long timeouts;     /* connections closed for idleness */
    unsigned long errors;       /* connections that ended in tcp_err */
    unsigned open;              /* connections open now */
};
void http_server_get_stats(struct http_server_stats *stats);

#endif
