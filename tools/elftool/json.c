/* SPDX-License-Identifier: ISC */
/* The JSON parser of json.h: recursive descent over a byte buffer. */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct parser {
    const unsigned char *s;
    size_t len;
    size_t pos;
    struct errbuf *err;
};

/* Reports WHAT at the current position as LINE:COLUMN, both from 1. */
__attribute__((format(printf, 2, 3)))
static int fail(struct parser *p, const char *fmt, ...)
{
    size_t line = 1, col = 1;
    char what[192];
    va_list ap;

    for (size_t i = 0; i < p->pos && i < p->len; i++) {
        if (p->s[i] == '\n') {
            line++;
            col = 1;
        } else if ((p->s[i] & 0xc0) != 0x80) {
            col++;    /* count characters, not UTF-8 continuation bytes */
        }
    }
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return err_set(p->err, "%zu:%zu: %s", line, col, what);
}

/* Names the byte at the current position, for "unexpected ..." messages. */
static int fail_unexpected(struct parser *p, const char *expected)
{
    unsigned c;

    if (p->pos >= p->len)
        return fail(p, "unexpected end of input, %s", expected);
    c = p->s[p->pos];
    if (c > 0x20 && c < 0x7f)
        return fail(p, "unexpected '%c', %s", c, expected);
    return fail(p, "unexpected byte 0x%02x, %s", c, expected);
}

static int peek(const struct parser *p)
{
    return p->pos < p->len ? p->s[p->pos] : -1;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static void skip_space(struct parser *p)
{
    while (p->pos < p->len) {
        unsigned char c = p->s[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->pos++;
    }
}

static void json_clear(struct json_value *v)
{
    for (size_t i = 0; v->items && i < v->count; i++)
        json_clear(&v->items[i]);
    for (size_t i = 0; v->members && i < v->count; i++) {
        free(v->members[i].key);
        json_clear(&v->members[i].value);
    }
    free(v->items);
    free(v->members);
    free(v->str);
    memset(v, 0, sizeof *v);
}

void json_free(struct json_value *v)
{
    if (v) {
        json_clear(v);
        free(v);
    }
}

/* Returns ARRAY with room for one more element of SIZE bytes, or NULL. */
static void *grow(void *array, size_t *cap, size_t count, size_t size)
{
    size_t n;
    void *p;

    if (count < *cap)
        return array;
    n = *cap ? *cap * 2 : 4;
    if (n > SIZE_MAX / size)
        return NULL;
    p = realloc(array, n * size);
    if (p)
        *cap = n;
    return p;
}

/*
 * Returns the length of the well-formed UTF-8 sequence at S (at most AVAIL
 * bytes), or 0: no overlong forms, no surrogates, nothing past U+10FFFF.
 */
static size_t utf8_length(const unsigned char *s, size_t avail)
{
    uint32_t cp, min;
    size_t n;

    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        n = 2, cp = s[0] & 0x1f, min = 0x80;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        n = 3, cp = s[0] & 0x0f, min = 0x800;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        n = 4, cp = s[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

static size_t utf8_encode(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* Reads the four hex digits of a \u escape; -1 if they are not there. */
static long hex4(struct parser *p)
{
    long v = 0;

    if (p->len - p->pos < 4)
        return -1;
    for (int i = 0; i < 4; i++) {
        int c = p->s[p->pos + i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    p->pos += 4;
    return v;
}

/* Decodes the escape at the backslash into OUT; returns bytes written or -1. */
static int parse_escape(struct parser *p, char *out)
{
    size_t start = p->pos;
    long cp, lo;
    int c;

    p->pos++;
    c = peek(p);
    if (c < 0)
        return fail(p, "unexpected end of input in a string");
    p->pos++;
    switch (c) {
    case '"': case '\\': case '/': out[0] = (char)c; return 1;
    case 'b': out[0] = '\b'; return 1;
    case 'f': out[0] = '\f'; return 1;
    case 'n': out[0] = '\n'; return 1;
    case 'r': out[0] = '\r'; return 1;
    case 't': out[0] = '\t'; return 1;
    case 'u': break;
    default:
        p->pos = start;
        if (c > 0x20 && c < 0x7f)
            return fail(p, "unknown escape '\\%c' in a string", c);
        return fail(p, "unknown escape (backslash, byte 0x%02x) in a string", c);
    }
    cp = hex4(p);
    if (cp < 0) {
        p->pos = start;
        return fail(p, "expected four hex digits after '\\u'");
    }
    if (cp >= 0xdc00 && cp <= 0xdfff) {
        p->pos = start;
        return fail(p, "unpaired surrogate '\\u%04lx' in a string", cp);
    }
    if (cp >= 0xd800 && cp <= 0xdbff) {
        /* A high surrogate must be followed by an escaped low one. */
        if (p->len - p->pos < 2 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u') {
            p->pos = start;
            return fail(p, "unpaired surrogate '\\u%04lx' in a string", cp);
        }
        p->pos += 2;
        lo = hex4(p);
        if (lo < 0xdc00 || lo > 0xdfff) {
            p->pos = start;
            return fail(p, "unpaired surrogate '\\u%04lx' in a string", cp);
        }
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    }
    return (int)utf8_encode(out, (uint32_t)cp);
}

/* Parses the string at the opening quote into a new NUL-terminated buffer. */
static int parse_string(struct parser *p, char **out, size_t *out_len)
{
    size_t end, n = 0;
    char *buf;

    /* Decoding never lengthens, so the raw text up to the close bounds it. */
    for (end = p->pos + 1; end < p->len && p->s[end] != '"'; end++)
        if (p->s[end] == '\\')
            end++;
    if (end > p->len)
        end = p->len;
    buf = malloc(end - p->pos);
    if (!buf)
        return fail(p, "out of memory");
    p->pos++;
    for (;;) {
        int c = peek(p);
        if (c < 0) {
            fail(p, "unexpected end of input in a string");
            goto bad;
        }
        if (c == '"')
            break;
        if (c < 0x20) {
            fail(p, "control character 0x%02x in a string (write it as an escape)", c);
            goto bad;
        }
        if (c == '\\') {
            int k = parse_escape(p, buf + n);
            if (k < 0)
                goto bad;
            n += (size_t)k;
        } else if (c < 0x80) {
            buf[n++] = (char)c;
            p->pos++;
        } else {
            size_t k = utf8_length(p->s + p->pos, p->len - p->pos);
            if (k == 0) {
                fail(p, "invalid UTF-8 in a string");
                goto bad;
            }
            memcpy(buf + n, p->s + p->pos, k);
            n += k;
            p->pos += k;
        }
    }
    p->pos++;
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return 0;
bad:
    free(buf);
    return -1;
}

/* Checks the RFC 8259 number grammar and keeps the text as written. */
static int parse_number(struct parser *p, struct json_value *v)
{
    size_t start = p->pos;

    if (peek(p) == '-')
        p->pos++;
    if (!is_digit(peek(p)))
        return fail_unexpected(p, "expected a digit");
    if (peek(p) == '0') {
        p->pos++;
        if (is_digit(peek(p)))
            return fail(p, "a number has a leading zero");
    }
    while (is_digit(peek(p)))
        p->pos++;
    if (peek(p) == '.') {
        p->pos++;
        if (!is_digit(peek(p)))
            return fail_unexpected(p, "expected a digit after '.'");
        while (is_digit(peek(p)))
            p->pos++;
    }
    if (peek(p) == 'e' || peek(p) == 'E') {
        p->pos++;
        if (peek(p) == '+' || peek(p) == '-')
            p->pos++;
        if (!is_digit(peek(p)))
            return fail_unexpected(p, "expected a digit in the exponent");
        while (is_digit(peek(p)))
            p->pos++;
    }
    v->len = p->pos - start;
    v->str = malloc(v->len + 1);
    if (!v->str)
        return fail(p, "out of memory");
    memcpy(v->str, p->s + start, v->len);
    v->str[v->len] = '\0';
    v->type = JSON_NUMBER;
    return 0;
}

static int parse_literal(struct parser *p, struct json_value *v,
                         const char *word, enum json_type type)
{
    size_t n = strlen(word);

    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
        return fail_unexpected(p, "expected a value");
    p->pos += n;
    v->type = type;
    return 0;
}

static int parse_value(struct parser *p, struct json_value *v, int depth);

static int parse_array(struct parser *p, struct json_value *v, int depth)
{
    size_t cap = 0;

    v->type = JSON_ARRAY;
    p->pos++;
    skip_space(p);
    if (peek(p) == ']') {
        p->pos++;
        return 0;
    }
    for (;;) {
        void *items = grow(v->items, &cap, v->count, sizeof *v->items);
        if (!items) {
            fail(p, "out of memory");
            goto bad;
        }
        v->items = items;
        if (parse_value(p, &v->items[v->count], depth) < 0)
            goto bad;
        v->count++;
        skip_space(p);
        if (peek(p) == ',') {
            p->pos++;
        } else if (peek(p) == ']') {
            p->pos++;
            return 0;
        } else {
            fail_unexpected(p, "expected ',' or ']' in an array");
            goto bad;
        }
    }
bad:
    json_clear(v);
    return -1;
}

static int parse_object(struct parser *p, struct json_value *v, int depth)
{
    size_t cap = 0;

    v->type = JSON_OBJECT;
    p->pos++;
    skip_space(p);
    if (peek(p) == '}') {
        p->pos++;
        return 0;
    }
    for (;;) {
        struct json_member *m;

        skip_space(p);
        if (peek(p) != '"') {
            fail_unexpected(p, "expected a string key");
            goto bad;
        }
        m = grow(v->members, &cap, v->count, sizeof *v->members);
        if (!m) {
            fail(p, "out of memory");
            goto bad;
        }
        v->members = m;
        m = &v->members[v->count];
        memset(m, 0, sizeof *m);
        if (parse_string(p, &m->key, &m->key_len) < 0)
            goto bad;
        v->count++;    /* from here json_clear frees the key */
        skip_space(p);
        if (peek(p) != ':') {
            fail_unexpected(p, "expected ':' after a key");
            goto bad;
        }
        p->pos++;
        if (parse_value(p, &m->value, depth) < 0)
            goto bad;
        skip_space(p);
        if (peek(p) == ',') {
            p->pos++;
        } else if (peek(p) == '}') {
            p->pos++;
            return 0;
        } else {
            fail_unexpected(p, "expected ',' or '}' in an object");
            goto bad;
        }
    }
bad:
    json_clear(v);
    return -1;
}

/* Parses one value into V, which is left empty on failure. */
static int parse_value(struct parser *p, struct json_value *v, int depth)
{
    memset(v, 0, sizeof *v);
    skip_space(p);
    switch (peek(p)) {
    case '{':
    case '[':
        /* Recursion is bounded so hostile input cannot exhaust the stack. */
        if (depth >= JSON_MAX_DEPTH)
            return fail(p, "nesting deeper than %d levels", JSON_MAX_DEPTH);
        if (peek(p) == '{')
            return parse_object(p, v, depth + 1);
        return parse_array(p, v, depth + 1);
    case '"':
        if (parse_string(p, &v->str, &v->len) < 0)
            return -1;
        v->type = JSON_STRING;
        return 0;
    case 't':
        return parse_literal(p, v, "true", JSON_TRUE);
    case 'f':
        return parse_literal(p, v, "false", JSON_FALSE);
    case 'n':
        return parse_literal(p, v, "null", JSON_NULL);
    default:
        if (peek(p) == '-' || is_digit(peek(p)))
            return parse_number(p, v);
        return fail_unexpected(p, "expected a value");
    }
}

struct json_value *json_parse(const char *text, size_t len, struct errbuf *err)
{
    struct parser p = { (const unsigned char *)text, len, 0, err };
    struct json_value *v = malloc(sizeof *v);

    if (!v) {
        err_set(err, "1:1: out of memory");
        return NULL;
    }
    if (parse_value(&p, v, 0) < 0) {
        free(v);
        return NULL;
    }
    skip_space(&p);
    if (p.pos < p.len) {
        fail_unexpected(&p, "expected nothing after the JSON value");
        json_free(v);
        return NULL;
    }
    return v;
}

int json_integer(const struct json_value *v, long long *out)
{
    unsigned long long n = 0, limit = LLONG_MAX;
    const char *s;
    int neg;

    if (v->type != JSON_NUMBER)
        return -1;
    s = v->str;
    neg = *s == '-';
    if (neg) {
        s++;
        limit = (unsigned long long)LLONG_MAX + 1;
    }
    for (; *s; s++) {
        unsigned d = (unsigned)(*s - '0');
        if (d > 9)
            return -1;    /* a fraction or an exponent */
        if (n > (limit - d) / 10)
            return -1;
        n = n * 10 + d;
    }
    if (neg)
        *out = n == limit ? LLONG_MIN : -(long long)n;
    else
        *out = (long long)n;
    return 0;
}

const char *json_type_name(enum json_type t)
{
    switch (t) {
    case JSON_NULL:   return "null";
    case JSON_FALSE:  return "false";
    case JSON_TRUE:   return "true";
    case JSON_NUMBER: return "a number";
    case JSON_STRING: return "a string";
    case JSON_ARRAY:  return "an array";
    case JSON_OBJECT: return "an object";
    }
    return "an unknown value";
}
