/* SPDX-License-Identifier: ISC */
/*
 * The load for bench/tcp: sends BYTES to a TCP echo server on one
 * connection while reading the echo back, checks every byte and prints
 * the time from connect to the last byte back:
 *
 *   tcp_echo_client ADDR PORT BYTES [TIMEOUT_S]
 *   -> "bytes 1048576 seconds 2.512 MB/s 0.42"      (MB = 10^6 bytes)
 *
 * Exit status 1 when an echoed byte differs, the connection ends early
 * or TIMEOUT_S (default 120) passes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
 * The bytes sent: a pseudo-random pattern with a prime period, so it
 * never lines up with buffer sizes. Stored twice over, so any run of up
 * to PERIOD bytes is one piece of memory.
 */
#define PERIOD 65521

static unsigned char pattern[2 * PERIOD];

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int fail(const char *what)
{
    fprintf(stderr, "tcp_echo_client: %s\n", what);
    return 1;
}

int main(int argc, char **argv)
{
    static unsigned char buf[256 * 1024];
    unsigned long long bytes, sent = 0, got = 0, x = 88172645463325252ULL;
    struct sockaddr_in addr;
    double start, deadline;
    int fd;

    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: tcp_echo_client ADDR PORT BYTES [TIMEOUT_S]\n");
        return 1;
    }
    bytes = strtoull(argv[3], NULL, 10);
    for (size_t i = 0; i < sizeof pattern; i++) {
        if (i < PERIOD) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            pattern[i] = (unsigned char)x;
        } else {
            pattern[i] = pattern[i - PERIOD];
        }
    }
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1)
        return fail("bad address");

    start = now();
    deadline = start + (argc == 5 ? atof(argv[4]) : 120.0);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
        return fail(strerror(errno));
    fcntl(fd, F_SETFL, O_NONBLOCK);
    if (bytes == 0)
        shutdown(fd, SHUT_WR);
    while (got < bytes) {
        struct pollfd p = { fd, POLLIN | (sent < bytes ? POLLOUT : 0), 0 };
        double left = deadline - now();

        if (left <= 0)
            return fail("timed out");
        if (poll(&p, 1, (int)(left * 1000) + 1) < 0 && errno != EINTR)
            return fail(strerror(errno));
        if ((p.revents & POLLOUT) && sent < bytes) {
            size_t n = bytes - sent < PERIOD ? (size_t)(bytes - sent) : PERIOD;
            ssize_t w = write(fd, pattern + sent % PERIOD, n);

            if (w < 0 && errno != EAGAIN)
                return fail(strerror(errno));
            if (w > 0 && (sent += (unsigned long long)w) == bytes)
                shutdown(fd, SHUT_WR);
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t r = read(fd, buf, sizeof buf);

            if (r < 0 && errno != EAGAIN)
                return fail(strerror(errno));
            if (r == 0)
                return fail("the connection ended early");
            for (ssize_t i = 0, n; i < r; i += n) {
                n = r - i < PERIOD ? r - i : PERIOD;
                if (memcmp(buf + i, pattern + (got + (unsigned long long)i) % PERIOD,
                           (size_t)n) != 0)
                    return fail("an echoed byte differs");
            }
            if (r > 0)
                got += (unsigned long long)r;
            if (got > bytes)
                return fail("more bytes came back than went out");
        }
    }
    double secs = now() - start;
    close(fd);
    printf("bytes %llu seconds %.3f MB/s %.2f\n", bytes, secs,
           secs > 0 ? (double)bytes / secs / 1e6 : 0.0);
    return 0;
}
