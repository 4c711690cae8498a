/* SPDX-License-Identifier: ISC */
/*
 * http_response.h: building response heads and error bodies. Pure
 * functions writing into caller buffers.
 */
#ifndef HTTP_RESPONSE_H
#define HTTP_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Enough for any head http_format_head writes with a short location. */
#define HTTP_RESPONSE_HEAD_MAX 2048

struct http_response {
    int status;                 /* 200, 301, 404, ... */
    const char *content_type;   /* NULL: none */
    uint64_t content_length;
    bool keep_alive;            /* else "Connection: close" */
    bool http10;                /* answering HTTP/1.0: keep-alive is said */
    const char *location;       /* NULL, or the Location of a redirect */
    const char *date;           /* NULL, or an IMF-fixdate (29 chars) */
};

/* "Not Found" for 404 and so on; "Unknown" for what we never send. */
const char *http_reason(int status);

/* The media type for a key, by its extension (case-insensitive). */
const char *http_content_type(const char *key);

/*
 * Writes the status line and headers, ending with the blank line, into
 * buf (size bytes). Allow: GET, HEAD goes with 405. Returns the length,
 * or 0 if it does not fit.
 */
size_t http_format_head(char *buf, size_t size, const struct http_response *r);

/*
 * The body of an error response for status ("404 Not Found\n"), written
 * into buf (size >= 64); returns its length.
 */
size_t http_error_body(int status, char *buf, size_t size);

/*
 * Formats seconds since the Unix epoch as an IMF-fixdate,
 * "Sun, 06 Nov 1994 08:49:37 GMT", into out (30 bytes with the NUL).
 */
void http_format_date(uint64_t unix_seconds, char out[30]);

#endif
