/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the HTTP library's request parsing
 * (libos/http/http_request.c), and the target-to-key step after it
 * (http_path.c), as http_server.c runs them on a connection's bytes: drop
 * empty lines, find the head's end, parse the head, map the target. The
 * head's end found in one call must be the one found fed a byte at a
 * time, and the target must point into the head.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_path.h"
#include "http_request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char key[HTTP_KEY_MAX + 1], loc[3 * HTTP_KEY_MAX + 3];
    /* A buffer of exactly the input's size: ASan sees any overread. */
    char *buf = malloc(size ? size : 1), *p;
    size_t skip, len, end, end2 = 0, scanned = 0, scanned2 = 0;
    struct http_request req;
    bool is_dir;

    if (!buf)
        abort();
    memcpy(buf, data, size);
    skip = http_empty_lines(buf, size);
    p = buf + skip;
    len = size - skip;
    if (len > HTTP_HEAD_MAX)
        len = HTTP_HEAD_MAX;   /* what the server's buffer holds */
    end = http_head_end(p, len, &scanned);
    for (size_t i = 1; i <= len && !end2; i++)
        end2 = http_head_end(p, i, &scanned2);
    if (end != end2 || end > len) {
        fprintf(stderr, "head end %zu in one call, %zu byte by byte\n", end, end2);
        abort();
    }
    if (!end) {
        if (len == HTTP_HEAD_MAX)
            (void)http_head_too_long_status(p, len);
    } else if (http_parse_request(p, end, &req) == 0) {
        if (req.target < p || req.target_len > end ||
            req.target > p + end - req.target_len)
            abort();
        if (http_target_key(req.target, req.target_len, key, &is_dir) == 0)
            (void)http_dir_location(key, loc, sizeof loc);
    }
    free(buf);
    return 0;
}
