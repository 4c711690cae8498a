/* SPDX-License-Identifier: ISC */
/*
 * line_echo: a TCP service on port 7 (or --port=N). Every line a client
 * sends (up to LINE_MAX bytes, ending in "\n") comes back as "echo: LINE";
 * a longer line gets "error: line too long" and the connection is closed.
 *
 *   line_echo [--ipv4=A.B.C.D/N] [--ipv4-gateway=A.B.C.D] [--port=N]
 *
 * Prints "ready" once listening. Built on the library OS's network:
 * lwIP's raw TCP API, its callbacks driven by net_run().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lwip/tcp.h"
#include "net.h"

#define LINE_MAX 256

struct conn {
    char line[LINE_MAX];
    size_t len;
};

static const char too_long[] = "error: line too long\n";

/* Closes the connection and forgets it. */
static err_t conn_end(struct tcp_pcb *pcb, struct conn *c)
{
    tcp_arg(pcb, NULL);
    tcp_recv(pcb, NULL);
    free(c);
    if (tcp_close(pcb) != ERR_OK) {
        tcp_abort(pcb);
        return ERR_ABRT;
    }
    return ERR_OK;
}

/*
 * Takes n received bytes, answering every line they complete. Returns 0,
 * or -1 when the connection had to end (a line too long, or no room left
 * in the send buffer for the answer: this service does not queue).
 */
static int take_bytes(struct tcp_pcb *pcb, struct conn *c, const char *data,
                      size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (data[i] != '\n') {
            if (c->len == sizeof(c->line)) {
                tcp_write(pcb, too_long, sizeof(too_long) - 1,
                          TCP_WRITE_FLAG_COPY);
                return -1;
            }
            c->line[c->len++] = data[i];
            continue;
        }
        if (tcp_sndbuf(pcb) < c->len + 7)
            return -1;
        tcp_write(pcb, "echo: ", 6, TCP_WRITE_FLAG_COPY | TCP_WRITE_FLAG_MORE);
        tcp_write(pcb, c->line, (u16_t)c->len,
                  TCP_WRITE_FLAG_COPY | TCP_WRITE_FLAG_MORE);
        tcp_write(pcb, "\n", 1, TCP_WRITE_FLAG_COPY);
        c->len = 0;
    }
    return 0;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p,
                     err_t err)
{
    struct conn *c = arg;

    if (!p)                     /* the client closed its side */
        return c ? conn_end(pcb, c) : ERR_OK;
    tcp_recved(pcb, p->tot_len);
    if (err != ERR_OK || !c) {
        pbuf_free(p);
        return ERR_OK;
    }
    for (struct pbuf *q = p; q; q = q->next) {
        if (take_bytes(pcb, c, q->payload, q->len) < 0) {
            pbuf_free(p);
            return conn_end(pcb, c);
        }
    }
    pbuf_free(p);
    tcp_output(pcb);
    return ERR_OK;
}

/* The connection is gone (reset, or aborted by lwIP): pcb is freed. */
static void on_err(void *arg, err_t err)
{
    (void)err;
    free(arg);
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
    struct conn *c;

    (void)arg;
    if (err != ERR_OK || !pcb)
        return ERR_VAL;
    c = calloc(1, sizeof(*c));
    if (!c) {
        tcp_abort(pcb);
        return ERR_ABRT;
    }
    tcp_arg(pcb, c);
    tcp_recv(pcb, on_recv);
    tcp_err(pcb, on_err);
    return ERR_OK;
}

int main(int argc, char **argv)
{
    struct tcp_pcb *pcb, *listener;
    long port = 7;

    argc = net_init(argc, argv);
    if (argc < 0)
        return 2;
    for (int i = 1; i < argc; i++) {
        char *end;

        if (strncmp(argv[i], "--port=", 7) != 0) {
            fprintf(stderr, "line_echo: %s: unknown option "
                    "(usage: line_echo [--ipv4=A.B.C.D/N] "
                    "[--ipv4-gateway=A.B.C.D] [--port=N])\n", argv[i]);
            return 2;
        }
        port = strtol(argv[i] + 7, &end, 10);
        if (end == argv[i] + 7 || *end != '\0' || port < 1 || port > 65535) {
            fprintf(stderr, "line_echo: %s: not a port (1 to 65535)\n",
                    argv[i] + 7);
            return 2;
        }
    }
    pcb = tcp_new();
    if (!pcb || tcp_bind(pcb, IP_ADDR_ANY, (u16_t)port) != ERR_OK ||
        !(listener = tcp_listen(pcb))) {
        fprintf(stderr, "line_echo: cannot listen on port %ld\n", port);
        return 1;
    }
    tcp_accept(listener, on_accept);
    printf("line_echo: tcp port %ld\n", port);
    printf("ready\n");
    net_run();
    return 0;
}
