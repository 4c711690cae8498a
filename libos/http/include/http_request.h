/* SPDX-License-Identifier: ISC */
/*
 * http_request.h: finding and parsing an HTTP/1.x request head. Pure
 * functions over a byte buffer (no I/O, no allocation), so they run and
 * are tested on the host as well as in a guest.
 */
#ifndef HTTP_REQUEST_H
#define HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most a request head (request line, headers, blank line) may take. */
#define HTTP_HEAD_MAX 8192

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_OTHER_METHOD };

struct http_request {
    enum http_method method;
    const char *target;         /* points into the parsed buffer */
    size_t target_len;
    int minor;                  /* HTTP/1.minor */
    bool keep_alive;            /* the connection stays open afterwards */
    uint64_t content_length;    /* body bytes after the head (skipped) */
};

/*
 * Leading CR and LF bytes of buf[0..len): empty lines a client may send
 * between requests, to be dropped.
 */
size_t http_empty_lines(const char *buf, size_t len);

/*
 * The length of the head at the start of buf[0..len), up to and with its
 * blank line ("\r\n\r\n" or "\n\n"), or 0 while it is incomplete. *scanned
 * (0 for a new head) remembers how far earlier calls looked, so feeding
 * a head byte by byte costs linear time.
 */
size_t http_head_end(const char *buf, size_t len, size_t *scanned);

/*
 * The status for a head that has no end within HTTP_HEAD_MAX bytes:
 * 414 if not even the request line ended, else 431.
 */
int http_head_too_long_status(const char *buf, size_t len);

/*
 * Parses the complete head buf[0..len) (as measured by http_head_end).
 * Returns 0 and fills *req, or the error status to answer with:
 *   400  malformed request line or header, a second Host or
 *        Content-Length, an invalid Content-Length, HTTP/1.1 without Host
 *   405  a well-formed method other than GET and HEAD
 *   501  a Transfer-Encoding (no request bodies are read)
 *   505  an HTTP version other than 1.x
 * On error, req->keep_alive is false and req->minor is best effort.
 */
int http_parse_request(const char *buf, size_t len, struct http_request *req);

#endif
