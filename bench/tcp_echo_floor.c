/* SPDX-License-Identifier: ISC */
/*
 * The floor for bench/tcp: a plain Linux TCP echo server, the kernel's
 * own stack doing what stackv4 does. One connection at a time, blocking
 * read and write (the client reads while it sends, so this cannot
 * deadlock).
 *
 *   tcp_echo_floor PORT    prints "ready" once listening; on SIGINT or
 *                          SIGTERM prints "tcp_echo_floor: N connections,
 *                          B bytes" to stderr and exits 0.
 */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

/* Echoes one connection to its end; the bytes echoed. */
static unsigned long long echo(int fd)
{
    static char buf[256 * 1024];
    unsigned long long total = 0;

    while (!stop) {
        ssize_t n = read(fd, buf, sizeof buf), off = 0;

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        while (off < n) {
            ssize_t w = write(fd, buf + off, (size_t)(n - off));

            if (w < 0 && errno == EINTR && !stop)
                continue;
            if (w <= 0)
                return total;
            off += w;
        }
        total += (unsigned long long)n;
    }
    return total;
}

int main(int argc, char **argv)
{
    struct sockaddr_in addr;
    struct sigaction sa;
    unsigned long long conns = 0, bytes = 0;
    int one = 1, lfd;
    char *end;
    long port;

    if (argc != 2 || (port = strtol(argv[1], &end, 10)) < 1 || port > 65535 ||
        *end != '\0') {
        fprintf(stderr, "usage: tcp_echo_floor PORT\n");
        return 1;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;      /* no SA_RESTART: accept must return */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
        bind(lfd, (struct sockaddr *)&addr, sizeof addr) || listen(lfd, 16)) {
        fprintf(stderr, "tcp_echo_floor: port %ld: %s\n", port, strerror(errno));
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    while (!stop) {
        int fd = accept(lfd, NULL, NULL);

        if (fd < 0)
            continue;
        conns++;
        bytes += echo(fd);
        close(fd);
    }
    fprintf(stderr, "tcp_echo_floor: %llu connections, %llu bytes\n", conns, bytes);
    return 0;
}
