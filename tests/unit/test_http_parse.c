/* SPDX-License-Identifier: ISC */
/*
 * The HTTP request head parser (libos/http/http_request.c), on the host
 * under ASan/UBSan: good heads, each kind of bad one, heads fed a byte
 * at a time, and random mutations of good heads that must never crash
 * or read outside the buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "http_request.h"

/* Parses a complete head s, in a buffer of exactly its size. */
static int parse(const char *s, struct http_request *req)
{
    size_t len = strlen(s), scanned = 0;
    char *buf = malloc(len ? len : 1);
    memcpy(buf, s, len);
    size_t end = http_head_end(buf, len, &scanned);
    int status = end == 0 ? -1 : http_parse_request(buf, end, req);
    free(buf);
    return status;
}

static void test_good(void)
{
    struct http_request r;

    CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n", &r) == 0 &&
          r.method == HTTP_GET && r.minor == 1 && r.keep_alive &&
          r.target_len == 1 && r.content_length == 0,
          "parse: GET / HTTP/1.1 with Host keeps the connection open");
    CHECK(parse("HEAD /x/y.css?q=1 HTTP/1.1\r\nhOsT:a\r\n\r\n", &r) == 0 &&
          r.method == HTTP_HEAD && r.target_len == 12,
          "parse: HEAD, header names are case-insensitive");
    CHECK(parse("GET / HTTP/1.1\nHost: a\n\n", &r) == 0,
          "parse: bare LF line ends are accepted");
    CHECK(parse("GET / HTTP/1.0\r\n\r\n", &r) == 0 && !r.keep_alive &&
          r.minor == 0, "parse: HTTP/1.0 closes by default, needs no Host");
    CHECK(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", &r) == 0 &&
          r.keep_alive, "parse: HTTP/1.0 with Connection: keep-alive stays open");
    CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", &r) == 0 &&
          !r.keep_alive, "parse: Connection: close is honoured");
    CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, CLOSE\r\n\r\n",
                &r) == 0 && !r.keep_alive,
          "parse: close among other Connection options");
    CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n", &r) == 0 &&
          r.content_length == 12, "parse: a Content-Length is kept to skip the body");
    CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\nX-Empty:\r\nX-Tab:\tv \t\r\n\r\n", &r) == 0,
          "parse: empty values and surrounding whitespace");
    CHECK(parse("GET / HTTP/1.2\r\nHost: a\r\n\r\n", &r) == 0 && r.keep_alive,
          "parse: HTTP/1.2 is answered as 1.x");
    CHECK(parse("GET /\xc3\xa9 HTTP/1.1\r\nHost: a\r\nX: \xff\r\n\r\n", &r) == 0,
          "parse: bytes >= 0x80 in the target and values");
}

static void test_bad(void)
{
    static const struct {
        const char *head;
        int status;
        const char *why;
    } cases[] = {
        { "GET / HTTP/1.1\r\n\r\n", 400, "HTTP/1.1 without Host" },
        { "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "two Host headers" },
        { "GET /  HTTP/1.1\r\nHost: a\r\n\r\n", 400, "two spaces in the request line" },
        { "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400, "a space after the version" },
        { " GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "a space before the method" },
        { "GET /\r\nHost: a\r\n\r\n", 400, "no version (HTTP/0.9)" },
        { "GET / HTTP/1.1x\r\nHost: a\r\n\r\n", 400, "junk after the version" },
        { "GET / http/1.1\r\nHost: a\r\n\r\n", 400, "a lower-case version" },
        { "GET / HTTP/11\r\nHost: a\r\n\r\n", 400, "a version without a dot" },
        { "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "a method that is not a token" },
        { "GET /a\x01 HTTP/1.1\r\nHost: a\r\n\r\n", 400, "a control character in the target" },
        { "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400, "a space before the colon" },
        { "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400, "an obsolete folded line" },
        { "GET / HTTP/1.1\r\nHost a\r\n\r\n", 400, "a header without a colon" },
        { "GET / HTTP/1.1\r\n: a\r\nHost: a\r\n\r\n", 400, "a header without a name" },
        { "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400, "a bare CR in a value" },
        { "GET /a\rb HTTP/1.1\r\nHost: a\r\n\r\n", 400, "a bare CR in the target" },
        { "GET / HTTP/1.1\r\nHo\rst: a\r\n\r\n", 400, "a bare CR in a name" },
        { "GET / HTTP/1.1\r\r\nHost: a\r\n\r\n", 400, "CR CR LF after the version" },
        { "GET / HTTP/1.1\r\nHost: a\x7f\r\n\r\n", 400, "DEL in a value" },
        { "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n", 400, "a bad Content-Length" },
        { "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400, "a negative Content-Length" },
        { "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n",
          400, "a huge Content-Length" },
        { "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
          400, "two Content-Length headers" },
        { "POST / HTTP/1.1\r\nHost: a\r\n\r\n", 405, "POST" },
        { "get / HTTP/1.1\r\nHost: a\r\n\r\n", 405, "methods are case-sensitive" },
        { "BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n", 405, "an unknown method" },
        { "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505, "HTTP/2.0" },
        { "GET / HTTP/0.9\r\n\r\n", 505, "HTTP/0.9 with a version" },
        { "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 501,
          "a Transfer-Encoding" },
        { "\r\n\r\n", 400, "an empty request line" },
    };
    struct http_request r;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int status = parse(cases[i].head, &r);
        CHECK(status == cases[i].status, "parse: %s is %d (got %d)", cases[i].why,
              cases[i].status, status);
    }
}

static void test_head_end(void)
{
    const char *req = "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /next";
    size_t total = strlen(req), want = strlen("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    size_t scanned = 0, end = 0, n;

    /* Byte by byte, as a slow client sends it. */
    for (n = 1; n <= total && end == 0; n++)
        end = http_head_end(req, n, &scanned);
    CHECK(end == want && n - 1 == want,
          "head_end: found byte by byte exactly at the blank line");
    scanned = 0;
    CHECK(http_head_end(req, total, &scanned) == want,
          "head_end: a pipelined request after the head is not part of it");
    scanned = 0;
    CHECK(http_head_end("GET / HTTP/1.1\r\nHost: a\r\n", 25, &scanned) == 0 &&
          scanned == 25, "head_end: an unfinished head is incomplete");
    scanned = 0;
    CHECK(http_head_end("a\n\n", 3, &scanned) == 3, "head_end: LF LF ends a head");
    CHECK(http_empty_lines("\r\n\nGET", 6) == 3, "empty_lines: CR LF and LF skipped");
    CHECK(http_empty_lines("GET", 3) == 0, "empty_lines: none");

    char big[HTTP_HEAD_MAX];
    memset(big, 'a', sizeof(big));
    CHECK(http_head_too_long_status(big, sizeof(big)) == 414,
          "too_long: a request line that never ends is 414");
    memcpy(big, "GET / HTTP/1.1\r\n", 16);
    CHECK(http_head_too_long_status(big, sizeof(big)) == 431,
          "too_long: headers that never end are 431");
}

/* xorshift64*: reproducible pseudo-random numbers. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Random mutations of good heads: flipped, inserted, deleted and
 * duplicated bytes. Each result is parsed in a buffer of exactly its
 * size, so ASan catches any read past it. */
static void test_mutations(void)
{
    static const char *seeds[] = {
        "GET /index.html HTTP/1.1\r\nHost: 10.0.0.2\r\nConnection: keep-alive\r\n\r\n",
        "HEAD /sub/ HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n",
        "GET http://h/a%20b?x#y HTTP/1.1\nHost: h\nUser-Agent: t\n\n",
    };
    static const char alphabet[] = "\r\n :/%.HTTP01GETHEADhost\t\x00\x7f\xff";
    int iterations = 200000, results[4] = { 0 };
    bool sane = true;

    for (int it = 0; it < iterations; it++) {
        const char *seed = seeds[rng() % 3];
        size_t n = strlen(seed);
        char work[256];
        memcpy(work, seed, n);
        int edits = 1 + (int)(rng() % 4);
        for (int e = 0; e < edits; e++) {
            size_t at = n ? rng() % n : 0;
            char c = alphabet[rng() % (sizeof(alphabet) - 1)];
            switch (rng() % 4) {
            case 0: if (n) work[at] = c; break;
            case 1: if (n < sizeof(work)) {
                    memmove(work + at + 1, work + at, n - at);
                    work[at] = c;
                    n++;
                } break;
            case 2: if (n) { memmove(work + at, work + at + 1, n - at - 1); n--; } break;
            case 3: if (n) work[at] ^= (char)(1u << (rng() % 8)); break;
            }
        }
        char *buf = malloc(n ? n : 1);
        memcpy(buf, work, n);
        size_t scanned = 0, skip = http_empty_lines(buf, n);
        size_t end = http_head_end(buf + skip, n - skip, &scanned);
        if (end == 0) {
            results[0]++;
        } else {
            struct http_request r;
            int status = http_parse_request(buf + skip, end, &r);
            if (status == 0) {
                results[1]++;
                /* The target must lie inside the head it was parsed from. */
                if (r.target < buf + skip || r.target + r.target_len > buf + skip + end ||
                    r.target_len == 0)
                    sane = false;
            } else if (status == 400) {
                results[2]++;
            } else {
                results[3]++;
                if (status != 405 && status != 501 && status != 505)
                    sane = false;
            }
        }
        free(buf);
    }
    CHECK(sane, "mutations: %d random heads: only 0, 400, 405, 501, 505; "
          "targets inside the head", iterations);
    check_note("incomplete %d, ok %d, 400 %d, other %d", results[0], results[1],
               results[2], results[3]);
    CHECK(results[1] > 0 && results[2] > 0, "mutations: both good and bad heads were seen");
}

int main(void)
{
    test_good();
    test_bad();
    test_head_end();
    test_mutations();
    return check_done();
}
