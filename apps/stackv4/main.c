/* SPDX-License-Identifier: ISC */
/*
 * stackv4: the IPv4 stack as a server. lwIP answers ARP and ping; a TCP
 * echo server on port 8080 sends back every byte it receives and logs
 * each connection on the console:
 *
 *   accept 10.0.0.1:41234
 *   close 10.0.0.1:41234 after 1048576 bytes     (the peer closed, all echoed)
 *   reset 10.0.0.1:41234 after 512 bytes         (reset or aborted)
 *
 *   stackv4 [--ipv4=A.B.C.D/N] [--ipv4-gateway=A.B.C.D] [--port=N]
 *   stackv4_dual --ipv4:service1=A.B.C.D/N [--ipv4[:NAME]=...] [--port=N]
 *
 * stackv4_dual (apps/stackv4_dual) is this program with a manifest of
 * two network devices: it answers on both (libos/net, net.h).
 *
 * Prints "ready" once listening; runs until ukvm is stopped. Exit status
 * 2 for bad arguments or no network device.
 *
 * Backpressure: received data waits in the connection's pending chain
 * until TCP's send buffer takes it, and only then is the receive window
 * opened again (tcp_recved), so a peer that does not read stalls its own
 * sending instead of filling our memory; past PENDING_MAX_PBUFS buffers
 * new data is refused (lwIP offers it again later). The sent callback
 * and a poll every 2 s resume.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lwip/tcp.h"
#include "net.h"

#define POLL_INTERVAL 4     /* tcp_poll's unit: 500 ms, so every 2 s */
/*
 * Received pbufs a connection may hold before it refuses more (lwIP then
 * keeps the refused data and offers it again, and drops what comes
 * meanwhile): a peer sending tiny segments while not reading must not
 * take every buffer of the pool, but a window's worth of full segments
 * must fit, or every window would stall on the refusal.
 */
#define PENDING_MAX_PBUFS (TCP_WND / TCP_MSS + 8)

struct conn {
    struct tcp_pcb *pcb;
    struct pbuf *pending;   /* received, not yet taken by the send buffer */
    unsigned long bytes;    /* received so far */
    int peer_closed;        /* FIN seen: close once pending is sent */
    char peer[24];          /* "A.B.C.D:PORT" */
};

static void conn_free(struct conn *c)
{
    if (c->pending)
        pbuf_free(c->pending);
    free(c);
}

static void set_callbacks(struct tcp_pcb *pcb, struct conn *c);

/*
 * Closes c's connection (the FIN follows whatever is queued) and forgets
 * it. On ERR_MEM the connection stays as it was, for the poll callback
 * to try again.
 */
static err_t conn_close(struct conn *c)
{
    struct tcp_pcb *pcb = c->pcb;

    set_callbacks(pcb, NULL);
    if (tcp_close(pcb) != ERR_OK) {
        set_callbacks(pcb, c);
        return ERR_OK;
    }
    printf("close %s after %lu bytes\n", c->peer, c->bytes);
    conn_free(c);
    return ERR_OK;
}

/* Drops pending's first pbuf, which is empty. */
static struct pbuf *drop_empty(struct pbuf *p)
{
    struct pbuf *next = p->next;

    p->next = NULL;         /* p's reference to next is now ours */
    pbuf_free(p);
    return next;
}

/*
 * Moves pending data into TCP's send buffer as far as it takes it, and
 * opens the receive window by as much. Returns ERR_ABRT if it had to
 * abort the connection (c is gone then).
 */
static err_t echo_flush(struct conn *c)
{
    while (c->pending) {
        struct pbuf *p = c->pending;
        tcpwnd_size_t room = tcp_sndbuf(c->pcb);    /* 32 bits with window scaling */
        u16_t n = p->len < room ? p->len : (u16_t)room;
        u8_t flags = TCP_WRITE_FLAG_COPY;
        err_t err;

        if (p->len == 0) {
            c->pending = drop_empty(p);
            continue;
        }
        if (n == 0)
            break;
        if (n < p->tot_len)
            flags |= TCP_WRITE_FLAG_MORE;
        err = tcp_write(c->pcb, p->payload, n, flags);
        if (err == ERR_MEM)
            break;          /* the queue is full: tcp_sent brings us back */
        if (err != ERR_OK) {
            printf("reset %s after %lu bytes (tcp_write: error %d)\n",
                   c->peer, c->bytes, err);
            set_callbacks(c->pcb, NULL);
            tcp_abort(c->pcb);
            conn_free(c);
            return ERR_ABRT;
        }
        c->pending = pbuf_free_header(p, n);
        tcp_recved(c->pcb, n);
    }
    if (c->peer_closed && !c->pending)
        return conn_close(c);
    return ERR_OK;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p,
                     err_t err)
{
    struct conn *c = arg;

    if (!c) {               /* closing: nothing more to echo */
        if (p) {
            tcp_recved(pcb, p->tot_len);
            pbuf_free(p);
        }
        return ERR_OK;
    }
    if (!p) {
        c->peer_closed = 1;
        return echo_flush(c);
    }
    if (err != ERR_OK) {
        pbuf_free(p);
        return ERR_OK;
    }
    if (c->pending) {
        if (pbuf_clen(c->pending) >= PENDING_MAX_PBUFS)
            return ERR_MEM;
        pbuf_cat(c->pending, p);
    } else {
        c->pending = p;
    }
    c->bytes += p->tot_len;
    return echo_flush(c);
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
    (void)pcb;
    (void)len;
    return arg ? echo_flush(arg) : ERR_OK;
}

static err_t on_poll(void *arg, struct tcp_pcb *pcb)
{
    (void)pcb;
    return arg ? echo_flush(arg) : ERR_OK;
}

/* The connection is gone (reset by the peer, or aborted by lwIP). */
static void on_err(void *arg, err_t err)
{
    struct conn *c = arg;

    if (!c)
        return;
    printf("reset %s after %lu bytes (%s)\n", c->peer, c->bytes,
           err == ERR_RST ? "reset by the peer" : "aborted");
    conn_free(c);
}

static void set_callbacks(struct tcp_pcb *pcb, struct conn *c)
{
    tcp_arg(pcb, c);
    tcp_recv(pcb, c ? on_recv : NULL);
    tcp_sent(pcb, c ? on_sent : NULL);
    tcp_err(pcb, c ? on_err : NULL);
    tcp_poll(pcb, c ? on_poll : NULL, POLL_INTERVAL);
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
    struct conn *c;
    const uint8_t *a;

    (void)arg;
    if (err != ERR_OK || !pcb)
        return ERR_VAL;
    c = calloc(1, sizeof(*c));
    if (!c) {
        printf("refused a connection: no memory\n");
        tcp_abort(pcb);
        return ERR_ABRT;
    }
    c->pcb = pcb;
    a = (const uint8_t *)&pcb->remote_ip.addr;
    snprintf(c->peer, sizeof(c->peer), "%u.%u.%u.%u:%u", a[0], a[1], a[2],
             a[3], pcb->remote_port);
    tcp_nagle_disable(pcb);     /* echo at once, whatever the size */
    set_callbacks(pcb, c);
    printf("accept %s\n", c->peer);
    return ERR_OK;
}

static int usage(void)
{
    fprintf(stderr, "usage: stackv4 [--ipv4[:NAME]=A.B.C.D/N] "
            "[--ipv4-gateway[:NAME]=A.B.C.D] [--port=N]\n");
    return 2;
}

int main(int argc, char **argv)
{
    struct tcp_pcb *pcb, *listener;
    long port = 8080;

    argc = net_init(argc, argv);
    if (argc < 0)
        return 2;
    for (int i = 1; i < argc; i++) {
        char *end;

        if (strncmp(argv[i], "--port=", 7) == 0) {
            port = strtol(argv[i] + 7, &end, 10);
            if (end == argv[i] + 7 || *end != '\0' || port < 1 || port > 65535)
                return usage();
        } else {
            return usage();
        }
    }
    pcb = tcp_new();
    if (!pcb || tcp_bind(pcb, IP_ADDR_ANY, (u16_t)port) != ERR_OK) {
        fprintf(stderr, "stackv4: cannot listen on port %ld\n", port);
        return 1;
    }
    listener = tcp_listen(pcb);
    if (!listener) {
        fprintf(stderr, "stackv4: cannot listen on port %ld\n", port);
        return 1;
    }
    tcp_accept(listener, on_accept);
    printf("stackv4: echo on tcp port %ld\n", port);
    printf("ready\n");
    net_run();
    return 0;
}
