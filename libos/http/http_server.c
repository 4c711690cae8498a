/* SPDX-License-Identifier: ISC */
/*
 * The HTTP server on lwIP's raw TCP API. Each connection has a fixed
 * input buffer of HTTP_HEAD_MAX bytes: received pbufs wait in a chain and
 * are acknowledged to TCP (tcp_recved) only as they are copied into it,
 * so a slow reader or a flood of pipelined requests is held back by the
 * TCP window, not by our memory. One response is in progress at a time;
 * the next request is looked at once the last one is wholly queued.
 *
 * Closing is a lingering close: after the last response we shut down our
 * sending side only and keep reading (and dropping) what the client still
 * sends until it closes too, so lwIP never answers late data with a RST
 * that could destroy the response before the client read it.
 *
 * Against clients that hold connections without using them: a request
 * head must be complete within head_timeout_s of the connection's start
 * (or of the first byte of a later request); one client (source address)
 * has at most max_conns_per_client; and at max_conns a new connection
 * evicts the oldest one that waits for a request rather than being
 * turned away. Half-open connections are bounded by the listener's
 * backlog (syn_guard.c in libos/net answers SYNs beyond it with cookies).
 */
#include "http_server.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_path.h"
#include "http_request.h"
#include "http_response.h"
#include "lwip/tcp.h"
#include "net.h"
#include "solo5.h"

#define POLL_INTERVAL 2         /* tcp_poll units of 500 ms: every second */
#define LINGER_S 5              /* wait this long for the client's FIN */
#define CHUNK 16384             /* body bytes read from the store at once */
/*
 * A response's next bytes are queued once half the send buffer is free
 * (or nothing is in flight), not at every ACK: lwIP calls on_sent for
 * each, and refilling two or three segments at a time sends a file in
 * many small bursts. Where the client is a host process (a tap), each
 * burst tends to wake it anew, which costs the host more than the frames.
 * Measured with bench/http on spt, /big.txt: the client slept 3.3 instead
 * of 6.8 times per response, 12% more requests/s.
 */
#define REFILL_AT (TCP_SND_BUF / 2)

struct conn {
    struct conn *prev, *next;   /* all connections, oldest first */
    struct tcp_pcb *pcb;
    struct pbuf *rx;            /* received, not yet in in[] */
    size_t in_start, in_len;    /* in[in_start..in_len): unparsed */
    size_t scanned;             /* of it, looked at for the head's end */
    uint64_t discard;           /* request body bytes still to drop */
    char head[HTTP_RESPONSE_HEAD_MAX];  /* the response head (and error body) */
    size_t head_len, head_off;
    size_t body_index;          /* the file being sent, from the store */
    uint64_t body_off, body_left;
    unsigned wait_s;            /* since the last response started or
                                 * sending progressed (not reset by input:
                                 * a head dribbled in must still end) */
    bool sending;               /* a response is being queued */
    bool keep_alive;            /* after this response */
    bool peer_closed;           /* the client sent its FIN */
    bool closing;               /* our FIN is queued: only draining */
    bool in_head;               /* waiting for a request head to end */
    unsigned head_s;            /* since that wait began */
    char in[HTTP_HEAD_MAX];
};

enum step { STEP_ALIVE, STEP_CLOSED, STEP_ABORTED };

static struct http_server_config cfg;
static struct http_server_stats stats;
static struct conn *oldest, *newest;
static char chunk[CHUNK];

/*
 * Date: formatted once a second. The wall clock is read only when the
 * event loop's clock (net_now(), free to read) says the second has
 * turned, not for every response (on spt each reading is a system call).
 */
static char date_now[30];
static solo5_time_t date_until;     /* net_now() when the second turns */

static const char *current_date(void)
{
    solo5_time_t mono = net_now();

    if (mono >= date_until || date_now[0] == '\0') {
        uint64_t wall = solo5_clock_wall();

        http_format_date(wall / 1000000000ULL, date_now);
        date_until = mono + (1000000000ULL - wall % 1000000000ULL);
    }
    return date_now;
}

static void free_conn(struct conn *c)
{
    if (c->prev != NULL)
        c->prev->next = c->next;
    else
        oldest = c->next;
    if (c->next != NULL)
        c->next->prev = c->prev;
    else
        newest = c->prev;
    if (c->rx != NULL)
        pbuf_free(c->rx);
    free(c);
    stats.open--;
}

static void detach(struct tcp_pcb *pcb)
{
    tcp_arg(pcb, NULL);
    tcp_recv(pcb, NULL);
    tcp_sent(pcb, NULL);
    tcp_err(pcb, NULL);
    tcp_poll(pcb, NULL, 0);
}

static enum step abort_conn(struct conn *c)
{
    struct tcp_pcb *pcb = c->pcb;

    detach(pcb);
    free_conn(c);
    tcp_abort(pcb);
    return STEP_ABORTED;
}

/* Acknowledges (and drops) everything received but not yet read. */
static void drop_received(struct conn *c)
{
    if (c->rx != NULL) {
        tcp_recved(c->pcb, c->rx->tot_len);
        pbuf_free(c->rx);
        c->rx = NULL;
    }
    c->in_start = c->in_len = c->scanned = 0;
}

/* Closes both ways at once (the client has closed, or we give up). */
static enum step close_now(struct conn *c)
{
    struct tcp_pcb *pcb = c->pcb;

    drop_received(c);
    detach(pcb);
    free_conn(c);
    if (tcp_close(pcb) != ERR_OK) {
        tcp_abort(pcb);
        return STEP_ABORTED;
    }
    return STEP_CLOSED;
}

/* The last response is queued: send our FIN, then drain until theirs. */
static enum step finish(struct conn *c)
{
    if (c->peer_closed)
        return close_now(c);
    drop_received(c);
    c->closing = true;
    c->wait_s = 0;
    if (tcp_shutdown(c->pcb, 0, 1) != ERR_OK)
        return abort_conn(c);
    return STEP_ALIVE;
}

/* Moves received bytes into in[], dropping request bodies on the way. */
static void pull(struct conn *c)
{
    while (c->rx != NULL) {
        uint16_t n;
        if (c->discard > 0) {
            n = c->discard < c->rx->tot_len ? (uint16_t)c->discard : c->rx->tot_len;
            c->discard -= n;
        } else {
            if (c->in_len == HTTP_HEAD_MAX && c->in_start > 0) {
                memmove(c->in, c->in + c->in_start, c->in_len - c->in_start);
                c->in_len -= c->in_start;
                c->in_start = 0;
            }
            size_t room = HTTP_HEAD_MAX - c->in_len;
            if (room == 0)
                return;
            n = room < c->rx->tot_len ? (uint16_t)room : c->rx->tot_len;
            pbuf_copy_partial(c->rx, c->in + c->in_len, n, 0);
            c->in_len += n;
        }
        c->rx = pbuf_free_header(c->rx, n);
        tcp_recved(c->pcb, n);
    }
}

static void consume(struct conn *c, size_t n)
{
    if (n == 0)
        return;
    c->in_start += n;
    c->scanned = 0;
    if (c->in_start == c->in_len)
        c->in_start = c->in_len = 0;
}

/*
 * Queues as much of the response as lwIP takes now. What is left of the
 * head and the next body bytes go together through chunk[], so a small
 * response is one tcp_write and one segment.
 */
static enum step send_more(struct conn *c)
{
    err_t err = ERR_OK;

    while (c->head_off < c->head_len || c->body_left > 0) {
        size_t room = tcp_sndbuf(c->pcb), h, b, got;
        if (room > CHUNK)
            room = CHUNK;
        if (room == 0)
            break;
        h = c->head_len - c->head_off;
        if (h > room)
            h = room;
        memcpy(chunk, c->head + c->head_off, h);
        b = room - h;
        if (b > c->body_left)
            b = (size_t)c->body_left;
        if (b > 0 && (kv_read(cfg.store, c->body_index, c->body_off, chunk + h, b,
                              &got) != KV_OK || got != b)) {
            /* The head promised a length we cannot deliver: cut it off. */
            printf("http: reading the store failed: %s\n", kv_last_error());
            return abort_conn(c);
        }
        bool more = c->head_off + h < c->head_len || b < c->body_left;
        err = tcp_write(c->pcb, chunk, (uint16_t)(h + b),
                        TCP_WRITE_FLAG_COPY | (more ? TCP_WRITE_FLAG_MORE : 0));
        if (err != ERR_OK)
            break;
        c->head_off += h;
        c->body_off += b;
        c->body_left -= b;
    }
    if (err != ERR_OK && err != ERR_MEM)
        return abort_conn(c);
    /* ERR_MEM: the queue is full; tcp_sent (or the poll) brings us back.
     * A failed output is retried by lwIP's timers. */
    tcp_output(c->pcb);
    if (c->head_off < c->head_len || c->body_left > 0)
        return STEP_ALIVE;
    c->sending = false;
    return c->keep_alive ? STEP_ALIVE : finish(c);
}

/* Starts the response head; body_left is set by the caller for files. */
static void respond(struct conn *c, const struct http_response *r)
{
    c->head_len = http_format_head(c->head, sizeof(c->head), r);
    c->head_off = 0;
    c->body_left = 0;
    c->sending = true;
    c->keep_alive = r->keep_alive;
    c->wait_s = 0;
    stats.requests++;
}

/* A response with a short text body: errors and redirects. */
static void respond_text(struct conn *c, int status, bool keep_alive, bool http10,
                         bool head_only, const char *location)
{
    char body[64];
    size_t n = http_error_body(status, body, sizeof(body));
    struct http_response r = {
        .status = status, .content_type = "text/plain; charset=utf-8",
        .content_length = n, .keep_alive = keep_alive, .http10 = http10,
        .location = location, .date = current_date(),
    };

    respond(c, &r);
    if (!head_only && c->head_len + n <= sizeof(c->head)) {
        memcpy(c->head + c->head_len, body, n);
        c->head_len += n;
    }
}

static void log_request(const struct http_request *req, const char *key, int status,
                        uint64_t length)
{
    if (!cfg.log)
        return;
    printf("http: %s /%s %d %llu\n",
           req == NULL ? "-" : req->method == HTTP_HEAD ? "HEAD" :
           req->method == HTTP_GET ? "GET" : "?",
           key, status, (unsigned long long)length);
}

/* Answers the complete head in[in_start..in_start + end). */
static void start_request(struct conn *c, size_t end)
{
    struct http_request req;
    static char key[HTTP_KEY_MAX + 1 + 11];  /* + "/index.html" */
    static char location[1024];     /* longer: 404, the head must fit */
    bool is_dir;
    size_t index;
    int status = http_parse_request(c->in + c->in_start, end, &req);

    c->in_head = false;

    if (status == 0)
        status = http_target_key(req.target, req.target_len, key, &is_dir);
    consume(c, end);
    if (status != 0) {
        log_request(NULL, "", status, 0);
        respond_text(c, status, false, req.minor == 0, false, NULL);
        return;
    }
    /* A body (allowed, if odd, on GET) is dropped: what is here now,
     * the rest as it arrives (pull). */
    size_t here = c->in_len - c->in_start;
    if (here > req.content_length)
        here = (size_t)req.content_length;
    consume(c, here);
    c->discard = req.content_length - here;
    bool head_only = req.method == HTTP_HEAD, http10 = req.minor == 0;

    kv_result_t found = kv_lookup(cfg.store, key, &index);
    if (found == KV_OK) {
        uint64_t size = kv_size(cfg.store, index);
        struct http_response r = {
            .status = 200, .content_type = http_content_type(key),
            .content_length = size, .keep_alive = req.keep_alive,
            .http10 = http10, .date = current_date(),
        };
        log_request(&req, key, 200, size);
        respond(c, &r);
        if (!head_only) {
            c->body_index = index;
            c->body_off = 0;
            c->body_left = size;
        }
        return;
    }
    if (found == KV_ENOTFOUND && !is_dir) {
        /* "/sub" names a directory if "sub/index.html" exists. */
        size_t n = strlen(key);
        memcpy(key + n, "/index.html", 12);
        found = kv_lookup(cfg.store, key, &index);
        key[n] = '\0';
        if (found == KV_OK && http_dir_location(key, location, sizeof(location)) > 0) {
            log_request(&req, key, 301, 0);
            respond_text(c, 301, req.keep_alive, http10, head_only, location);
            return;
        }
        if (found == KV_OK)
            found = KV_ENOTFOUND;
    }
    if (found == KV_ENOTFOUND) {
        log_request(&req, key, 404, 0);
        respond_text(c, 404, req.keep_alive, http10, head_only, NULL);
        return;
    }
    printf("http: looking up /%s failed: %s\n", key, kv_last_error());
    respond_text(c, 500, false, http10, head_only, NULL);
}

/* Reads and answers requests until one is incomplete or a response waits. */
static enum step process(struct conn *c)
{
    for (;;) {
        pull(c);
        if (c->sending || c->closing)
            return STEP_ALIVE;
        if (c->discard > 0)
            break;      /* in[] and rx are empty: wait for the body */
        consume(c, http_empty_lines(c->in + c->in_start, c->in_len - c->in_start));
        size_t avail = c->in_len - c->in_start;
        size_t end = http_head_end(c->in + c->in_start, avail, &c->scanned);
        if (end == 0) {
            if (avail < HTTP_HEAD_MAX) {
                /* A later request's deadline runs from its first byte. */
                if (avail > 0 && !c->in_head) {
                    c->in_head = true;
                    c->head_s = 0;
                }
                break;      /* wait for the rest */
            }
            int status = http_head_too_long_status(c->in + c->in_start, avail);
            log_request(NULL, "", status, 0);
            consume(c, avail);
            respond_text(c, status, false, false, false, NULL);
        } else {
            start_request(c, end);
        }
        enum step s = send_more(c);
        if (s != STEP_ALIVE)
            return s;
    }
    /* Nothing to answer now: if the client is gone, so are we. */
    if (c->peer_closed)
        return close_now(c);
    return STEP_ALIVE;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    struct conn *c = arg;

    (void)pcb;
    if (c == NULL) {            /* cannot happen: we detach before closing */
        if (p != NULL)
            pbuf_free(p);
        return ERR_OK;
    }
    if (p == NULL || err != ERR_OK) {
        if (p != NULL)
            pbuf_free(p);
        c->peer_closed = true;
        if (c->closing || !c->sending)
            return close_now(c) == STEP_ABORTED ? ERR_ABRT : ERR_OK;
        return ERR_OK;          /* answered once the response is queued */
    }
    if (c->closing) {           /* draining after our FIN */
        tcp_recved(pcb, p->tot_len);
        pbuf_free(p);
        return ERR_OK;
    }
    if (c->rx == NULL)
        c->rx = p;
    else
        pbuf_cat(c->rx, p);
    return process(c) == STEP_ABORTED ? ERR_ABRT : ERR_OK;
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, uint16_t len)
{
    struct conn *c = arg;
    enum step s = STEP_ALIVE;

    (void)pcb;
    (void)len;
    if (c == NULL)
        return ERR_OK;
    c->wait_s = 0;
    if (c->sending && tcp_sndbuf(pcb) < REFILL_AT && pcb->unacked != NULL)
        return ERR_OK;          /* a later ACK, or the poll, brings us back */
    if (c->sending)
        s = send_more(c);
    if (s == STEP_ALIVE && !c->sending && !c->closing)
        s = process(c);
    return s == STEP_ABORTED ? ERR_ABRT : ERR_OK;
}

static err_t on_poll(void *arg, struct tcp_pcb *pcb)
{
    struct conn *c = arg;
    enum step s = STEP_ALIVE;

    (void)pcb;
    if (c == NULL)
        return ERR_OK;
    c->wait_s += POLL_INTERVAL / 2;
    if (c->in_head)
        c->head_s += POLL_INTERVAL / 2;
    if (c->closing) {
        if (c->wait_s >= LINGER_S)
            s = close_now(c);
    } else if (c->in_head && !c->sending && cfg.head_timeout_s > 0 &&
               c->head_s >= cfg.head_timeout_s) {
        /* A reset frees the pcb now; a slow client gets no more. */
        stats.head_timeouts++;
        s = abort_conn(c);
    } else if (c->wait_s >= cfg.idle_timeout_s) {
        /* A client that stopped reading would keep a closing connection
         * and its queued data for long: reset it instead. */
        stats.timeouts++;
        s = c->sending ? abort_conn(c) : close_now(c);
    } else if (c->sending) {
        s = send_more(c);       /* after ERR_MEM with nothing in flight */
    }
    return s == STEP_ABORTED ? ERR_ABRT : ERR_OK;
}

static void on_err(void *arg, err_t err)
{
    struct conn *c = arg;

    (void)err;
    if (c == NULL)
        return;
    stats.errors++;
    free_conn(c);   /* lwIP has freed the pcb already */
}

/* Over the limit: a fixed 503, then lwIP's default handlers close it. */
static err_t refuse(struct tcp_pcb *pcb)
{
    static const char busy[] =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
        "Content-Length: 24\r\nConnection: close\r\nRetry-After: 1\r\n\r\n"
        "503 Service Unavailable\n";

    stats.refused++;
    if (tcp_write(pcb, busy, sizeof(busy) - 1, 0) != ERR_OK ||
        tcp_close(pcb) != ERR_OK) {
        tcp_abort(pcb);
        return ERR_ABRT;
    }
    return ERR_OK;
}

/* Connections open from pcb's peer. */
static unsigned from_peer(const struct tcp_pcb *pcb)
{
    unsigned n = 0;

    for (struct conn *c = oldest; c != NULL; c = c->next)
        n += ip_addr_cmp(&c->pcb->remote_ip, &pcb->remote_ip);
    return n;
}

/*
 * At max_conns: the oldest connection still waiting for its request head
 * goes, else the oldest idle one whose responses are all acknowledged (a
 * reset would destroy what the client has not read yet).
 */
static bool evict_one(void)
{
    for (int pass = 0; pass < 2; pass++) {
        for (struct conn *c = oldest; c != NULL; c = c->next) {
            if (c->sending || c->closing || (pass == 0 && !c->in_head) ||
                (pass == 1 && (c->pcb->unacked != NULL || c->pcb->unsent != NULL)))
                continue;
            stats.evicted++;
            abort_conn(c);
            return true;
        }
    }
    return false;
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
    (void)arg;
    /* Out of pcbs (ERR_MEM, pcb NULL): lwIP drops that SYN and the
     * listener goes on; nothing of ours may close it. */
    if (pcb == NULL) {
        stats.accept_errors++;
        return ERR_OK;
    }
    if (err != ERR_OK) {
        stats.accept_errors++;
        tcp_abort(pcb);
        return ERR_ABRT;
    }
    if (cfg.max_conns_per_client > 0 && from_peer(pcb) >= cfg.max_conns_per_client) {
        stats.refused_per_client++;
        return refuse(pcb);
    }
    if (stats.open >= cfg.max_conns && !evict_one())
        return refuse(pcb);
    struct conn *c = malloc(sizeof(*c));
    if (c == NULL)
        return refuse(pcb);
    memset(c, 0, offsetof(struct conn, in));
    c->pcb = pcb;
    c->in_head = true;          /* the head deadline runs from now */
    c->prev = newest;
    if (newest != NULL)
        newest->next = c;
    else
        oldest = c;
    newest = c;
    stats.open++;
    stats.accepted++;
    tcp_nagle_disable(pcb);     /* whole responses are queued, then sent */
    tcp_arg(pcb, c);
    tcp_recv(pcb, on_recv);
    tcp_sent(pcb, on_sent);
    tcp_err(pcb, on_err);
    tcp_poll(pcb, on_poll, POLL_INTERVAL);
    return ERR_OK;
}

int http_server_start(const struct http_server_config *config)
{
    struct tcp_pcb *pcb, *listener;

    cfg = *config;
    if (cfg.store == NULL || cfg.max_conns == 0 || cfg.idle_timeout_s == 0) {
        fprintf(stderr, "http: a store, max_conns and idle_timeout_s are needed\n");
        return -1;
    }
    if (cfg.backlog == 0)
        cfg.backlog = HTTP_DEFAULT_BACKLOG;
    if (cfg.backlog > 255)
        cfg.backlog = 255;      /* lwIP's backlog is 8 bits */
    pcb = tcp_new();
    if (pcb == NULL) {
        fprintf(stderr, "http: no memory for a TCP pcb\n");
        return -1;
    }
    if (tcp_bind(pcb, IP_ANY_TYPE, cfg.port) != ERR_OK) {
        fprintf(stderr, "http: cannot bind port %u\n", (unsigned)cfg.port);
        tcp_close(pcb);
        return -1;
    }
    listener = tcp_listen_with_backlog(pcb, (u8_t)cfg.backlog);
    if (listener == NULL) {
        fprintf(stderr, "http: cannot listen on port %u\n", (unsigned)cfg.port);
        tcp_close(pcb);
        return -1;
    }
    tcp_accept(listener, on_accept);
    return 0;
}

void http_server_get_stats(struct http_server_stats *out)
{
    *out = stats;
}
