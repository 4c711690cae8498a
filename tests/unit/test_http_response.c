/* SPDX-License-Identifier: ISC */
/*
 * Response heads, media types and dates (libos/http/http_response.c)
 * under ASan/UBSan.
 */
#include <string.h>

#include "check.h"
#include "http_response.h"

static void test_types(void)
{
    static const struct {
        const char *key, *type;
    } cases[] = {
        { "index.html", "text/html; charset=utf-8" },
        { "sub/INDEX.HTM", "text/html; charset=utf-8" },
        { "site.css", "text/css; charset=utf-8" },
        { "app.js", "text/javascript; charset=utf-8" },
        { "logo.png", "image/png" },
        { "a.jpg", "image/jpeg" },
        { "a.JPEG", "image/jpeg" },
        { "a.gif", "image/gif" },
        { "a.svg", "image/svg+xml" },
        { "notes.txt", "text/plain; charset=utf-8" },
        { "data.json", "application/json" },
        { "favicon.ico", "image/vnd.microsoft.icon" },
        { "archive.tar", "application/octet-stream" },
        { "README", "application/octet-stream" },
        { "dir.html/file", "application/octet-stream" },
        { "a.htmlx", "application/octet-stream" },
        { "a.", "application/octet-stream" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        CHECK(strcmp(http_content_type(cases[i].key), cases[i].type) == 0,
              "type: %s is %s", cases[i].key, cases[i].type);
}

static void test_heads(void)
{
    char buf[HTTP_RESPONSE_HEAD_MAX];
    struct http_response r = { .status = 200, .content_type = "text/css; charset=utf-8",
                               .content_length = 1234, .keep_alive = true };
    size_t n = http_format_head(buf, sizeof(buf), &r);
    const char *want = "HTTP/1.1 200 OK\r\nServer: ukvm-static_web\r\n"
                       "Content-Type: text/css; charset=utf-8\r\n"
                       "Content-Length: 1234\r\n\r\n";
    CHECK(n == strlen(want) && memcmp(buf, want, n) == 0, "head: 200, keep-alive");

    r = (struct http_response){ .status = 405, .content_type = "text/plain",
                                .content_length = 23, .keep_alive = false };
    n = http_format_head(buf, sizeof(buf), &r);
    buf[n] = '\0';
    CHECK(strstr(buf, "HTTP/1.1 405 Method Not Allowed\r\n") == buf &&
          strstr(buf, "\r\nAllow: GET, HEAD\r\n") && strstr(buf, "\r\nConnection: close\r\n"),
          "head: 405 says Allow: GET, HEAD and closes");

    r = (struct http_response){ .status = 200, .keep_alive = true, .http10 = true,
                                .content_length = 0,
                                .date = "Sun, 06 Nov 1994 08:49:37 GMT" };
    n = http_format_head(buf, sizeof(buf), &r);
    buf[n] = '\0';
    CHECK(strstr(buf, "\r\nConnection: keep-alive\r\n") &&
          strstr(buf, "\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n") &&
          strstr(buf, "\r\nContent-Length: 0\r\n") && !strstr(buf, "Content-Type"),
          "head: HTTP/1.0 keep-alive is said, Date, no type");

    r = (struct http_response){ .status = 301, .location = "/sub/", .keep_alive = true };
    n = http_format_head(buf, sizeof(buf), &r);
    buf[n] = '\0';
    CHECK(strstr(buf, "HTTP/1.1 301 Moved Permanently\r\n") == buf &&
          strstr(buf, "\r\nLocation: /sub/\r\n"), "head: 301 with Location");

    r = (struct http_response){ .status = 200, .content_length = UINT64_MAX };
    n = http_format_head(buf, sizeof(buf), &r);
    buf[n] = '\0';
    CHECK(strstr(buf, "Content-Length: 18446744073709551615\r\n") != NULL,
          "head: the largest Content-Length");

    r = (struct http_response){ .status = 200, .content_type = "text/html" };
    size_t full = http_format_head(buf, sizeof(buf), &r);
    bool exact = true;
    for (size_t size = 0; size < full; size++)
        exact &= http_format_head(buf, size, &r) == 0;
    CHECK(exact && http_format_head(buf, full, &r) == full,
          "head: 0 when it does not fit, the length when it fits exactly");

    n = http_error_body(404, buf, sizeof(buf));
    CHECK(n == 14 && memcmp(buf, "404 Not Found\n", 14) == 0, "error body: 404");
    CHECK(strcmp(http_reason(431), "Request Header Fields Too Large") == 0 &&
          strcmp(http_reason(505), "HTTP Version Not Supported") == 0 &&
          strcmp(http_reason(999), "Unknown") == 0, "reasons");
}

static void test_dates(void)
{
    static const struct {
        uint64_t t;
        const char *s;
    } cases[] = {
        { 0, "Thu, 01 Jan 1970 00:00:00 GMT" },
        { 784111777, "Sun, 06 Nov 1994 08:49:37 GMT" },
        { 951782400, "Tue, 29 Feb 2000 00:00:00 GMT" },
        { 1700000000, "Tue, 14 Nov 2023 22:13:20 GMT" },
        { 4102444799, "Thu, 31 Dec 2099 23:59:59 GMT" },
        { 4107542400, "Mon, 01 Mar 2100 00:00:00 GMT" },
    };
    char out[30];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        http_format_date(cases[i].t, out);
        CHECK(strcmp(out, cases[i].s) == 0, "date: %llu is %s (got %s)",
              (unsigned long long)cases[i].t, cases[i].s, out);
    }
}

int main(void)
{
    test_types();
    test_heads();
    test_dates();
    return check_done();
}
