/* SPDX-License-Identifier: ISC */
/*
 * Request heads, as RFC 9112 writes them, strictly: anything we would
 * have to guess about is a 400, and every error closes the connection.
 * Lines may end in CRLF or a bare LF; a CR anywhere else is an error.
 */
#include "http_request.h"

#include <string.h>

#define HTTP_MAX_METHOD 32

/*
 * Character classes, one table lookup each (under PVM every instruction
 * costs): TOKEN for method and header names ("!#$%&'*+-.^_`|~", digits,
 * letters); VALUE for header values (visible characters, space, tab,
 * bytes >= 0x80). CR, LF, NUL and other controls are in neither.
 */
enum { TOKEN = 1, VALUE = 2 };
static const unsigned char char_class[256] = {
    ['\t'] = VALUE, [' '] = VALUE, ['"'] = VALUE, ['('] = VALUE,
    [')'] = VALUE, [','] = VALUE, ['/'] = VALUE, [':' ... '@'] = VALUE,
    ['['] = VALUE, ['\\'] = VALUE, [']'] = VALUE, ['{'] = VALUE,
    ['}'] = VALUE, [0x80 ... 0xff] = VALUE,
    ['!'] = TOKEN | VALUE, ['#' ... '\''] = TOKEN | VALUE,
    ['*'] = TOKEN | VALUE, ['+'] = TOKEN | VALUE, ['-'] = TOKEN | VALUE,
    ['.'] = TOKEN | VALUE, ['0' ... '9'] = TOKEN | VALUE,
    ['A' ... 'Z'] = TOKEN | VALUE, ['^'] = TOKEN | VALUE,
    ['_'] = TOKEN | VALUE, ['`'] = TOKEN | VALUE,
    ['a' ... 'z'] = TOKEN | VALUE, ['|'] = TOKEN | VALUE,
    ['~'] = TOKEN | VALUE,
};

static bool is_tchar(unsigned char c)
{
    return char_class[c] & TOKEN;
}

static bool is_value_char(unsigned char c)
{
    return char_class[c] & VALUE;
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* s[0..n) equals the n-letter lower-case word w, ignoring case. */
static bool same_letters(const char *s, const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != (unsigned char)w[i])
            return false;
    return true;
}

/* s[0..n) is the word literal w, ignoring case: lengths first. */
#define IS_WORD(s, n, w) ((n) == sizeof(w) - 1 && same_letters((s), (w), (n)))

size_t http_empty_lines(const char *buf, size_t len)
{
    size_t i = 0;

    while (i < len && (buf[i] == '\r' || buf[i] == '\n'))
        i++;
    return i;
}

size_t http_head_end(const char *buf, size_t len, size_t *scanned)
{
    const char *nl;

    for (size_t i = *scanned; i < len; i = (size_t)(nl - buf) + 1) {
        nl = memchr(buf + i, '\n', len - i);
        if (nl == NULL)
            break;
        size_t k = (size_t)(nl - buf);
        if (k >= 1 && buf[k - 1] == '\n')
            return k + 1;
        if (k >= 2 && buf[k - 1] == '\r' && buf[k - 2] == '\n')
            return k + 1;
    }
    *scanned = len;
    return 0;
}

int http_head_too_long_status(const char *buf, size_t len)
{
    return memchr(buf, '\n', len) == NULL ? 414 : 431;
}

/* One line of the head: [start, end) without its CR LF. */
struct line {
    const char *p;
    size_t n;
};

/*
 * The next line at *pos, or false at the blank line. A CR left inside a
 * line is caught by the character checks of whoever reads the line.
 */
static bool next_line(const char *buf, size_t len, size_t *pos, struct line *l,
                      bool *bad)
{
    const char *start = buf + *pos;
    const char *nl = memchr(start, '\n', len - *pos);
    size_t n;

    if (nl == NULL) {       /* cannot happen after http_head_end */
        *bad = true;
        return false;
    }
    n = (size_t)(nl - start);
    *pos += n + 1;
    if (n > 0 && start[n - 1] == '\r')
        n--;
    l->p = start;
    l->n = n;
    return n > 0;
}

/* "HTTP/1.1" and the like: 0, 400 or 505; the minor version in *minor. */
static int parse_version(const char *p, size_t n, int *minor)
{
    if (n != 8 || memcmp(p, "HTTP/", 5) != 0 || !is_digit(p[5]) ||
        p[6] != '.' || !is_digit(p[7]))
        return 400;
    *minor = p[7] - '0';
    return p[5] == '1' ? 0 : 505;
}

static int parse_request_line(struct line l, struct http_request *req)
{
    size_t i = 0, m, t;

    while (i < l.n && is_tchar((unsigned char)l.p[i]))
        i++;
    m = i;
    if (m == 0 || m > HTTP_MAX_METHOD || i == l.n || l.p[i] != ' ')
        return 400;
    t = ++i;
    while (i < l.n && l.p[i] != ' ') {
        unsigned char c = (unsigned char)l.p[i];
        if (c <= 0x20 || c == 0x7f)
            return 400;
        i++;
    }
    if (i == t || i == l.n)
        return 400;
    req->target = l.p + t;
    req->target_len = i - t;
    i++;
    int status = parse_version(l.p + i, l.n - i, &req->minor);
    if (status != 0)
        return status;
    if (m == 3 && memcmp(l.p, "GET", 3) == 0)
        req->method = HTTP_GET;
    else if (m == 4 && memcmp(l.p, "HEAD", 4) == 0)
        req->method = HTTP_HEAD;
    else
        req->method = HTTP_OTHER_METHOD;
    return 0;
}

/* The Connection header: a comma-separated list of options. */
static void parse_connection(const char *v, size_t n, bool *close,
                             bool *keep_alive)
{
    size_t i = 0;

    while (i < n) {
        while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
            i++;
        size_t s = i;
        while (i < n && v[i] != ',' && v[i] != ' ' && v[i] != '\t')
            i++;
        if (IS_WORD(v + s, i - s, "close"))
            *close = true;
        else if (IS_WORD(v + s, i - s, "keep-alive"))
            *keep_alive = true;
    }
}

static bool parse_length(const char *v, size_t n, uint64_t *out)
{
    uint64_t x = 0;

    if (n == 0 || n > 18)   /* up to 10^18 - 1: no overflow */
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit((unsigned char)v[i]))
            return false;
        x = x * 10 + (uint64_t)(v[i] - '0');
    }
    *out = x;
    return true;
}

int http_parse_request(const char *buf, size_t len, struct http_request *req)
{
    size_t pos = 0;
    struct line l;
    bool bad = false, close = false, keep_alive = false;
    bool host = false, length = false, chunked = false;
    int status;

    memset(req, 0, sizeof(*req));
    req->minor = 1;
    if (!next_line(buf, len, &pos, &l, &bad))
        return 400;
    status = parse_request_line(l, req);
    if (status != 0)
        return status;

    while (next_line(buf, len, &pos, &l, &bad)) {
        size_t i = 0;
        while (i < l.n && is_tchar((unsigned char)l.p[i]))
            i++;
        /* No name, space before the colon, or an obsolete folded line. */
        if (i == 0 || i == l.n || l.p[i] != ':')
            return 400;
        const char *name = l.p;
        size_t name_n = i++;
        while (i < l.n && (l.p[i] == ' ' || l.p[i] == '\t'))
            i++;
        size_t e = l.n;
        while (e > i && (l.p[e - 1] == ' ' || l.p[e - 1] == '\t'))
            e--;
        for (size_t k = i; k < e; k++)
            if (!is_value_char((unsigned char)l.p[k]))
                return 400;
        const char *v = l.p + i;
        size_t vn = e - i;

        if (IS_WORD(name, name_n, "host")) {
            if (host)
                return 400;
            host = true;
        } else if (IS_WORD(name, name_n, "connection")) {
            parse_connection(v, vn, &close, &keep_alive);
        } else if (IS_WORD(name, name_n, "content-length")) {
            if (length || !parse_length(v, vn, &req->content_length))
                return 400;
            length = true;
        } else if (IS_WORD(name, name_n, "transfer-encoding")) {
            chunked = true;
        }
    }
    if (bad || pos != len)
        return 400;
    if (req->minor >= 1 && !host)
        return 400;
    if (req->method == HTTP_OTHER_METHOD)
        return 405;
    if (chunked)
        return 501;
    req->keep_alive = req->minor >= 1 ? !close : keep_alive && !close;
    return 0;
}
