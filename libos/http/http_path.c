/* SPDX-License-Identifier: ISC */
/*
 * Targets to keys. Decoding comes before splitting into segments, so an
 * escaped "%2e%2e" or "..%2f" is a ".." segment like any other and is
 * refused: the key never names anything but a file of the site.
 */
#include "http_path.h"

#include <string.h>

#define INDEX "index.html"

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Skips "http://authority" of an absolute-form target. */
static size_t skip_scheme_and_authority(const char *t, size_t len)
{
    static const char scheme[] = "http://";
    size_t i;

    if (len < sizeof(scheme) - 1)
        return 0;
    for (i = 0; i < sizeof(scheme) - 1; i++) {
        char c = t[i];
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (c != scheme[i])
            return 0;
    }
    while (i < len && t[i] != '/' && t[i] != '?' && t[i] != '#')
        i++;
    return i;
}

/* Ends the segment key[seg..*n): drops it if empty or ".", fails on "..". */
static bool end_segment(char *key, size_t seg, size_t *n)
{
    size_t len = *n - seg;

    if (len == 2 && key[seg] == '.' && key[seg + 1] == '.')
        return false;
    if (len == 0 || (len == 1 && key[seg] == '.')) {
        *n = seg;
        return true;
    }
    key[(*n)++] = '/';
    return true;
}

int http_target_key(const char *target, size_t len, char *key, bool *is_dir)
{
    size_t i = skip_scheme_and_authority(target, len), n = 0, seg = 0;
    bool absolute = i > 0;

    *is_dir = false;
    key[0] = '\0';
    if (absolute && (i == len || target[i] != '/')) {
        /* "http://host" or "http://host?q": the root. */
        if (i < len && target[i] != '?' && target[i] != '#')
            return 400;
        memcpy(key, INDEX, sizeof(INDEX));
        *is_dir = true;
        return 0;
    }
    if (i == len || target[i] != '/')
        return 400;
    i++;
    /* key holds complete segments, each followed by '/'; seg marks
     * where the one being decoded starts. */
    for (; i < len && target[i] != '?' && target[i] != '#'; i++) {
        unsigned char c = (unsigned char)target[i];
        if (c == '%') {
            int hi, lo;
            if (len - i < 3 || (hi = hex_value((unsigned char)target[i + 1])) < 0 ||
                (lo = hex_value((unsigned char)target[i + 2])) < 0)
                return 400;
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        }
        if (c == '/') {
            if (!end_segment(key, seg, &n))
                return 400;
            seg = n;
            continue;
        }
        if (c < 0x20 || c == 0x7f)
            return 400;
        if (n >= HTTP_KEY_MAX)
            return 414;
        key[n++] = (char)c;
    }
    if (n > seg) {  /* a last segment without '/' after it: a file */
        size_t before = n;
        if (!end_segment(key, seg, &n))
            return 400;
        if (n > seg) {
            key[before] = '\0';     /* no '/' after a file's name */
            return before > HTTP_KEY_MAX ? 414 : 0;
        }
    }
    /* The path ends in '/' (or "/."): a directory. */
    if (n + sizeof(INDEX) - 1 > HTTP_KEY_MAX)
        return 414;
    memcpy(key + n, INDEX, sizeof(INDEX));
    *is_dir = true;
    return 0;
}

/* Bytes a path segment may hold as they are (RFC 3986 pchar less '%'). */
static bool is_path_char(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9'))
        return true;
    return c != 0 && strchr("-._~!$&'()*+,;=:@/", c) != NULL;
}

size_t http_dir_location(const char *key, char *out, size_t size)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;

    if (size < 1)
        return 0;
    out[n++] = '/';
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        if (is_path_char(*p)) {
            if (n + 1 >= size)
                return 0;
            out[n++] = (char)*p;
        } else {
            if (n + 3 >= size)
                return 0;
            out[n++] = '%';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    if (n + 2 > size)
        return 0;
    out[n++] = '/';
    out[n] = '\0';
    return n;
}
