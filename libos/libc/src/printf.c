/* SPDX-License-Identifier: ISC */
/*
 * The printf formatting engine, and the string printers built on it.
 *
 * Conversions: d i u o x X c s p % with the flags - + space # 0, width
 * and precision (both may be *), and the length modifiers hh h l ll z j t.
 * Output matches glibc's, including "(null)" for a NULL %s (nothing when
 * the precision is under 6) and "(nil)" for a NULL %p.
 * Not supported: floating point (guest code has no SSE), %n, wide
 * characters (%lc, %ls). Such a conversion is printed as written (e.g.
 * "%.2f") and takes no argument.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libc_internal.h"

enum {
    F_MINUS = 1,    /* left-justify */
    F_PLUS = 2,     /* + on positive numbers */
    F_SPACE = 4,    /* space on positive numbers */
    F_ALT = 8,      /* # : 0 for o, 0x for x */
    F_ZERO = 16,    /* pad with zeros */
};

enum length {
    L_INT, L_CHAR, L_SHORT, L_LONG, L_LLONG, L_SIZE, L_MAX, L_PTRDIFF
};

struct out {
    __libc_sink_fn *sink;
    void *ctx;
    size_t total;       /* bytes produced so far */
};

struct spec {
    int flags;
    int width;
    int prec;           /* -1: none given */
};

static void emit(struct out *o, const char *s, size_t n)
{
    if (n == 0)
        return;
    o->sink(o->ctx, s, n);
    o->total += n;
}

/* n copies of c (a space or '0'), in a few calls. */
static void emit_fill(struct out *o, char c, size_t n)
{
    static const char spaces[] = "                                ";
    static const char zeros[] = "00000000000000000000000000000000";
    const char *run = c == '0' ? zeros : spaces;

    while (n > 0) {
        size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

        emit(o, run, k);
        n -= k;
    }
}

/* Writes body (len bytes) padded with spaces to the width. */
static void emit_padded(struct out *o, const struct spec *sp, const char *body,
                        size_t len)
{
    size_t pad = sp->width > 0 && (size_t)sp->width > len ?
                 (size_t)sp->width - len : 0;

    if (!(sp->flags & F_MINUS))
        emit_fill(o, ' ', pad);
    emit(o, body, len);
    if (sp->flags & F_MINUS)
        emit_fill(o, ' ', pad);
}

/*
 * An integer: [spaces] [sign or 0x] [zeros] digits [spaces]. value is the
 * magnitude; sign is '-', '+', ' ' or 0.
 */
static void emit_integer(struct out *o, const struct spec *sp,
                         unsigned long long value, char sign, char conv)
{
    char digits[24];    /* 22 octal digits hold 64 bits */
    const char *set = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    unsigned base = conv == 'o' ? 8 : conv == 'x' || conv == 'X' ? 16 : 10;
    char prefix[3];     /* a sign (for %p too) and 0x */
    size_t plen = 0, ndigits = 0, zeros = 0, len, pad;
    int i = sizeof(digits);

    for (unsigned long long v = value; v != 0; v /= base)
        digits[--i] = set[v % base];
    ndigits = sizeof(digits) - (size_t)i;
    if (sp->prec < 0 && value == 0) {
        digits[--i] = '0';      /* a zero shows unless precision is 0 */
        ndigits = 1;
    }
    if (sp->prec >= 0 && (size_t)sp->prec > ndigits)
        zeros = (size_t)sp->prec - ndigits;
    if (conv == 'o' && (sp->flags & F_ALT) && zeros == 0 &&
        (ndigits == 0 || digits[i] != '0'))
        zeros = 1;              /* # makes an octal number start with 0 */

    if (sign)
        prefix[plen++] = sign;
    if ((conv == 'x' || conv == 'X') && (sp->flags & F_ALT) && value != 0) {
        prefix[plen++] = '0';
        prefix[plen++] = conv;
    }

    len = plen + zeros + ndigits;
    pad = sp->width > 0 && (size_t)sp->width > len ?
          (size_t)sp->width - len : 0;
    if ((sp->flags & F_ZERO) && !(sp->flags & F_MINUS) && sp->prec < 0) {
        zeros += pad;           /* 0 flag: the padding becomes zeros */
        pad = 0;
    }
    if (!(sp->flags & F_MINUS))
        emit_fill(o, ' ', pad);
    emit(o, prefix, plen);
    emit_fill(o, '0', zeros);
    emit(o, digits + i, ndigits);
    if (sp->flags & F_MINUS)
        emit_fill(o, ' ', pad);
}

static long long signed_arg(va_list *ap, enum length len)
{
    switch (len) {
    case L_CHAR:    return (signed char)va_arg(*ap, int);
    case L_SHORT:   return (short)va_arg(*ap, int);
    case L_LONG:    return va_arg(*ap, long);
    case L_LLONG:   return va_arg(*ap, long long);
    case L_SIZE:    return va_arg(*ap, long);  /* ssize_t */
    case L_MAX:     return va_arg(*ap, intmax_t);
    case L_PTRDIFF: return va_arg(*ap, ptrdiff_t);
    default:        return va_arg(*ap, int);
    }
}

static unsigned long long unsigned_arg(va_list *ap, enum length len)
{
    switch (len) {
    case L_CHAR:    return (unsigned char)va_arg(*ap, unsigned);
    case L_SHORT:   return (unsigned short)va_arg(*ap, unsigned);
    case L_LONG:    return va_arg(*ap, unsigned long);
    case L_LLONG:   return va_arg(*ap, unsigned long long);
    case L_SIZE:    return va_arg(*ap, size_t);
    case L_MAX:     return va_arg(*ap, uintmax_t);
    case L_PTRDIFF: return (unsigned long long)va_arg(*ap, ptrdiff_t);
    default:        return va_arg(*ap, unsigned);
    }
}

/* Reads a decimal number at *p (capped at INT_MAX) and moves past it. */
static int read_number(const char **p)
{
    long n = 0;

    while (**p >= '0' && **p <= '9') {
        n = n * 10 + (**p - '0');
        if (n > INT_MAX)
            n = INT_MAX;
        (*p)++;
    }
    return (int)n;
}

static enum length read_length(const char **p)
{
    switch (*(*p)++) {
    case 'h':
        if (**p == 'h') {
            (*p)++;
            return L_CHAR;
        }
        return L_SHORT;
    case 'l':
        if (**p == 'l') {
            (*p)++;
            return L_LLONG;
        }
        return L_LONG;
    case 'z': return L_SIZE;
    case 'j': return L_MAX;
    case 't': return L_PTRDIFF;
    default:
        (*p)--;
        return L_INT;
    }
}

/*
 * Formats one conversion; p points just past the '%'. Returns where the
 * conversion ends, or NULL if it is one we do not support.
 */
static const char *format_one(struct out *o, const char *p, va_list *ap)
{
    struct spec sp = { 0, 0, -1 };
    enum length len;
    char conv;

    for (;; p++) {
        if (*p == '-') sp.flags |= F_MINUS;
        else if (*p == '+') sp.flags |= F_PLUS;
        else if (*p == ' ') sp.flags |= F_SPACE;
        else if (*p == '#') sp.flags |= F_ALT;
        else if (*p == '0') sp.flags |= F_ZERO;
        else break;
    }
    if (*p == '*') {
        p++;
        sp.width = va_arg(*ap, int);
        if (sp.width < 0) {
            sp.flags |= F_MINUS;
            sp.width = sp.width == INT_MIN ? INT_MAX : -sp.width;
        }
    } else {
        sp.width = read_number(&p);
    }
    if (*p == '.') {
        p++;
        if (*p == '*') {
            p++;
            sp.prec = va_arg(*ap, int);
            if (sp.prec < 0)
                sp.prec = -1;   /* a negative precision counts as none */
        } else {
            sp.prec = read_number(&p);
        }
    }
    len = read_length(&p);
    conv = *p++;

    switch (conv) {
    case 'd':
    case 'i': {
        long long v = signed_arg(ap, len);
        unsigned long long mag = v < 0 ? 0 - (unsigned long long)v :
                                 (unsigned long long)v;
        char sign = v < 0 ? '-' : (sp.flags & F_PLUS) ? '+' :
                    (sp.flags & F_SPACE) ? ' ' : 0;

        emit_integer(o, &sp, mag, sign, 'd');
        break;
    }
    case 'u':
    case 'o':
    case 'x':
    case 'X':
        emit_integer(o, &sp, unsigned_arg(ap, len), 0, conv);
        break;
    case 'c': {
        char c;

        if (len != L_INT)
            return NULL;
        c = (char)va_arg(*ap, int);
        emit_padded(o, &sp, &c, 1);
        break;
    }
    case 's': {
        const char *s;

        if (len != L_INT)
            return NULL;
        s = va_arg(*ap, const char *);
        if (s == NULL)
            s = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
        emit_padded(o, &sp, s, sp.prec < 0 ? strlen(s) :
                    strnlen(s, (size_t)sp.prec));
        break;
    }
    case 'p': {
        void *ptr = va_arg(*ap, void *);

        if (ptr == NULL) {
            sp.prec = -1;
            emit_padded(o, &sp, "(nil)", 5);
        } else {
            sp.flags |= F_ALT;
            emit_integer(o, &sp, (uintptr_t)ptr,
                         (sp.flags & F_PLUS) ? '+' :
                         (sp.flags & F_SPACE) ? ' ' : 0, 'x');
        }
        break;
    }
    case '%':
        emit(o, "%", 1);
        break;
    default:
        return NULL;
    }
    return p;
}

int __libc_format(__libc_sink_fn *sink, void *ctx, const char *fmt,
                  va_list ap)
{
    struct out o = { sink, ctx, 0 };
    const char *p = fmt;
    va_list args;

    va_copy(args, ap);      /* so it can be passed on by address */
    while (*p) {
        const char *pct = strchr(p, '%');
        const char *end;

        if (pct == NULL) {
            emit(&o, p, strlen(p));
            break;
        }
        emit(&o, p, (size_t)(pct - p));
        end = format_one(&o, pct + 1, &args);
        if (end == NULL) {
            /* Unsupported: print it as written, up to its letter. */
            end = pct + 1;
            while (*end && strchr("-+ #0123456789.*hlzjtL", *end))
                end++;
            if (*end)
                end++;
            emit(&o, pct, (size_t)(end - pct));
        }
        p = end;
    }
    va_end(args);
    if (o.total > INT_MAX) {
        errno = EOVERFLOW;
        return -1;
    }
    return (int)o.total;
}

/* The string printers: keep what fits, count everything. */
struct buffer {
    char *buf;
    size_t size;        /* room, including the final NUL */
    size_t len;         /* bytes stored, at most size - 1 */
};

static void buffer_sink(void *ctx, const char *s, size_t n)
{
    struct buffer *b = ctx;
    size_t room = b->size - 1 - b->len;

    if (b->size == 0)
        return;
    if (n > room)
        n = room;
    memcpy(b->buf + b->len, s, n);
    b->len += n;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
              va_list ap)
{
    struct buffer b = { buf, size, 0 };
    int n = __libc_format(buffer_sink, &b, fmt, ap);

    if (size > 0)
        buf[b.len] = '\0';
    return n;
}

int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
{
    return vsnprintf(buf, (size_t)INT_MAX + 1, fmt, ap);
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int sprintf(char *restrict buf, const char *restrict fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsprintf(buf, fmt, ap);
    va_end(ap);
    return n;
}
