/* SPDX-License-Identifier: ISC */
/*
 * Response heads, built by plain appends (no printf: in a guest under
 * PVM every instruction counts, and a head is built per request).
 */
#include "http_response.h"

#include <string.h>

const char *http_reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

static const struct {
    const char *ext;
    const char *type;
} types[] = {
    { "html", "text/html; charset=utf-8" },
    { "htm", "text/html; charset=utf-8" },
    { "css", "text/css; charset=utf-8" },
    { "js", "text/javascript; charset=utf-8" },
    { "png", "image/png" },
    { "jpg", "image/jpeg" },
    { "jpeg", "image/jpeg" },
    { "gif", "image/gif" },
    { "svg", "image/svg+xml" },
    { "txt", "text/plain; charset=utf-8" },
    { "json", "application/json" },
    { "ico", "image/vnd.microsoft.icon" },
};

const char *http_content_type(const char *key)
{
    const char *dot = key + strlen(key);

    /* Back to the last '.' of the last segment, if there is one. */
    while (dot > key && dot[-1] != '.' && dot[-1] != '/')
        dot--;
    if (dot > key && dot[-1] == '.') {
        for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
            const char *e = types[i].ext;
            size_t k = 0;
            while (e[k] != '\0' && dot[k] != '\0' &&
                   (dot[k] | 0x20) == e[k])
                k++;
            if (e[k] == '\0' && dot[k] == '\0')
                return types[i].type;
        }
    }
    return "application/octet-stream";
}

/* An output buffer that remembers overflowing instead of checking each. */
struct out {
    char *p;
    size_t n, size;
};

static void put_n(struct out *o, const char *s, size_t k)
{
    if (o->n + k <= o->size)
        memcpy(o->p + o->n, s, k);
    o->n += k;
}

static void put(struct out *o, const char *s)
{
    put_n(o, s, strlen(s));
}

/* A string literal: its length is known at compile time. */
#define PUT(o, lit) put_n((o), (lit), sizeof(lit) - 1)

static void put_u64(struct out *o, uint64_t v)
{
    char digits[20];
    size_t k = 0;

    do {
        digits[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (k > 0) {
        if (o->n < o->size)
            o->p[o->n] = digits[k - 1];
        o->n++;
        k--;
    }
}

size_t http_format_head(char *buf, size_t size, const struct http_response *r)
{
    struct out o = { buf, 0, size };

    if (r->status == 200) {
        PUT(&o, "HTTP/1.1 200 OK\r\n");
    } else {
        PUT(&o, "HTTP/1.1 ");
        put_u64(&o, (uint64_t)r->status);
        PUT(&o, " ");
        put(&o, http_reason(r->status));
        PUT(&o, "\r\n");
    }
    PUT(&o, "Server: ukvm-static_web\r\n");
    if (r->date != NULL) {
        PUT(&o, "Date: ");
        put(&o, r->date);
        PUT(&o, "\r\n");
    }
    if (r->content_type != NULL) {
        PUT(&o, "Content-Type: ");
        put(&o, r->content_type);
        PUT(&o, "\r\n");
    }
    PUT(&o, "Content-Length: ");
    put_u64(&o, r->content_length);
    PUT(&o, "\r\n");
    if (r->location != NULL) {
        PUT(&o, "Location: ");
        put(&o, r->location);
        PUT(&o, "\r\n");
    }
    if (r->status == 405)
        PUT(&o, "Allow: GET, HEAD\r\n");
    if (!r->keep_alive)
        PUT(&o, "Connection: close\r\n");
    else if (r->http10)
        PUT(&o, "Connection: keep-alive\r\n");
    PUT(&o, "\r\n");
    return o.n <= o.size ? o.n : 0;
}

size_t http_error_body(int status, char *buf, size_t size)
{
    struct out o = { buf, 0, size };

    put_u64(&o, (uint64_t)status);
    PUT(&o, " ");
    put(&o, http_reason(status));
    PUT(&o, "\n");
    return o.n <= o.size ? o.n : 0;
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;

    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static void two_digits(char *p, int v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

void http_format_date(uint64_t unix_seconds, char out[30])
{
    static const char days[] = "ThuFriSatSunMonTueWed";    /* 1970-01-01: Thu */
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    uint64_t day = unix_seconds / 86400, sec = unix_seconds % 86400;
    int y, m, d;

    civil_from_days((int64_t)day, &y, &m, &d);
    memcpy(out, days + 3 * (day % 7), 3);
    memcpy(out + 3, ", ", 2);
    two_digits(out + 5, d);
    out[7] = ' ';
    memcpy(out + 8, months + 3 * (m - 1), 3);
    out[11] = ' ';
    two_digits(out + 12, y / 100);
    two_digits(out + 14, y % 100);
    out[16] = ' ';
    two_digits(out + 17, (int)(sec / 3600));
    out[19] = ':';
    two_digits(out + 20, (int)(sec / 60 % 60));
    out[22] = ':';
    two_digits(out + 23, (int)(sec % 60));
    memcpy(out + 25, " GMT", 5);
}
