/* SPDX-License-Identifier: ISC */
/*
 * tar_header.c: one ustar header record, checked and decoded. Layout (byte
 * offset (length)): name 0 (100), size 124 (12), chksum 148 (8), typeflag
 * 156, linkname 157 (100), magic 257 (6), version 263 (2), prefix 345
 * (155). Numbers are octal text, or base-256 (GNU) when the first byte has
 * its top bit set.
 */
#include <stdbool.h>
#include <string.h>

#include "tar.h"

#define NAME_OFF 0
#define NAME_LEN 100
#define SIZE_OFF 124
#define SIZE_LEN 12
#define CHKSUM_OFF 148
#define CHKSUM_LEN 8
#define TYPE_OFF 156
#define LINK_OFF 157
#define LINK_LEN 100
#define MAGIC_OFF 257
#define PREFIX_OFF 345
#define PREFIX_LEN 155

typedef unsigned long long ull;

/*
 * Records are handled 8 bytes at a time: under an emulating KVM every
 * guest instruction counts, and a byte loop over each header made
 * opening an archive of 500 small files take seconds.
 */
static uint64_t word(const unsigned char *p)
{
    uint64_t w;

    /* The builtin is one load; -ffreestanding would make it a call. */
    __builtin_memcpy(&w, p, sizeof(w));
    return w;
}

/* Octal digits, maybe led by spaces, ended by spaces or NULs. */
static bool parse_octal(const unsigned char *f, size_t len, uint64_t *value)
{
    size_t i = 0;
    uint64_t v = 0;
    bool digits = false;

    while (i < len && f[i] == ' ')
        i++;
    for (; i < len && f[i] >= '0' && f[i] <= '7'; i++) {
        if (v > UINT64_MAX >> 3)
            return false;
        v = v << 3 | (uint64_t)(f[i] - '0');
        digits = true;
    }
    for (; i < len; i++)
        if (f[i] != ' ' && f[i] != 0)
            return false;
    *value = v;
    return digits;
}

/*
 * A number field: octal, or base-256 (top bit of the first byte set, the
 * next bit the sign). Negative values and values of 2^63 or more fail.
 */
static bool parse_number(const unsigned char *f, size_t len, uint64_t *value)
{
    uint64_t v;

    if (!(f[0] & 0x80))
        return parse_octal(f, len, value) && *value <= INT64_MAX;
    if (f[0] & 0x40)
        return false;
    v = f[0] & 0x3f;
    for (size_t i = 1; i < len; i++) {
        if (v > INT64_MAX >> 8)
            return false;
        v = v << 8 | f[i];
    }
    *value = v;
    return true;
}

/* The sum of the record's bytes: 0 only for an all-zero record. */
static uint64_t byte_sum(const unsigned char *r)
{
    const uint64_t lanes = 0x00ff00ff00ff00ffULL;
    uint64_t acc = 0;

    /* Four 16-bit lanes; each gets at most 64 * 2 * 255 < 65536. */
    for (size_t i = 0; i < TAR_RECORD; i += 8) {
        uint64_t w = word(r + i);

        acc += (w & lanes) + (w >> 8 & lanes);
    }
    return (acc & 0xffff) + (acc >> 16 & 0xffff) + (acc >> 32 & 0xffff) +
           (acc >> 48);
}

/* The checksum as some old tars summed it: bytes as signed chars. */
static int64_t sum_signed(const unsigned char *r)
{
    int64_t sum = 0;

    for (size_t i = 0; i < TAR_RECORD; i++)
        sum += i >= CHKSUM_OFF && i < CHKSUM_OFF + CHKSUM_LEN
               ? ' ' : (signed char)r[i];
    return sum;
}

/* The checksum: the byte sum with the chksum field read as spaces. */
static bool checksum_ok(const unsigned char *r, uint64_t sum, uint64_t stored)
{
    for (size_t i = CHKSUM_OFF; i < CHKSUM_OFF + CHKSUM_LEN; i++)
        sum = sum - r[i] + ' ';
    return stored == sum || (int64_t)stored == sum_signed(r);
}

/* Copies a field that is NUL-terminated unless it fills its length. */
static size_t copy_field(char *dst, const unsigned char *f, size_t len)
{
    size_t n = 0;

    while (n < len && f[n] != 0) {
        dst[n] = (char)f[n];
        n++;
    }
    return n;
}

/* Names are keys: without the leading "/" and "./" that tar keeps. */
static void strip_leading(char *name)
{
    const char *p = name;

    for (;;) {
        if (p[0] == '/')
            p++;
        else if (p[0] == '.' && p[1] == '/')
            p += 2;
        else
            break;
    }
    memmove(name, p, strlen(p) + 1);
}

/* prefix "/" name: the prefix field is POSIX ustar's, not GNU's. */
static void full_name(const unsigned char *r, bool posix, char *name)
{
    size_t n = 0;

    if (posix && r[PREFIX_OFF] != 0) {
        n = copy_field(name, r + PREFIX_OFF, PREFIX_LEN);
        name[n++] = '/';
    }
    n += copy_field(name + n, r + NAME_OFF, NAME_LEN);
    name[n] = 0;
    strip_leading(name);
}

kv_result_t tar_header_parse(const unsigned char record[TAR_RECORD],
                             const char *store_name, uint64_t offset,
                             struct tar_header *header)
{
    const unsigned char *r = record;
    uint64_t sum = byte_sum(r), chksum, size;
    unsigned char type = r[TYPE_OFF];
    size_t len;
    bool posix;

    header->name[0] = header->link[0] = 0;
    header->data_size = 0;
    if (sum == 0) {
        header->kind = TAR_END;
        return KV_OK;
    }
    if (memcmp(r + MAGIC_OFF, "ustar", 5) != 0)
        return kv_fail(KV_ECORRUPT, "%s: no ustar header at offset %llu "
                       "(not a tar archive?)", store_name, (ull)offset);
    /* GNU tar writes "ustar  \0" and uses the prefix bytes otherwise. */
    posix = r[MAGIC_OFF + 5] == 0;
    if (!parse_octal(r + CHKSUM_OFF, CHKSUM_LEN, &chksum))
        return kv_fail(KV_ECORRUPT, "%s: bad header checksum at offset %llu "
                       "(not an octal number)", store_name, (ull)offset);
    if (!checksum_ok(r, sum, chksum))
        return kv_fail(KV_ECORRUPT, "%s: bad header checksum at offset %llu",
                       store_name, (ull)offset);
    if (!parse_number(r + SIZE_OFF, SIZE_LEN, &size))
        return kv_fail(KV_ECORRUPT, "%s: bad size field in the header at "
                       "offset %llu", store_name, (ull)offset);
    full_name(r, posix, header->name);
    len = strlen(header->name);

    switch (type) {
    case '0': case 0: case '7':     /* file, old-style file, contiguous */
        /* Old tars marked a directory with a trailing "/". */
        if (len == 0 || header->name[len - 1] == '/') {
            header->kind = TAR_OTHER;
            header->data_size = 0;
        } else {
            header->kind = TAR_FILE;
            header->data_size = size;
        }
        return KV_OK;
    case '1':                       /* hard link: another name, same data */
        header->kind = len == 0 || header->name[len - 1] == '/'
                       ? TAR_OTHER : TAR_LINK;
        header->link[copy_field(header->link, r + LINK_OFF, LINK_LEN)] = 0;
        strip_leading(header->link);
        return KV_OK;
    case '2': case '3': case '4': case '5': case '6':
        header->kind = TAR_OTHER;   /* symlinks, devices, dirs: no data */
        return KV_OK;
    case 'g':                       /* pax global header: comments only */
        header->kind = TAR_OTHER;
        header->data_size = size;
        return KV_OK;
    case 'x':
        return kv_fail(KV_ECORRUPT, "%s: pax extended header at offset %llu "
                       "is not supported (make the archive with "
                       "tar --format=ustar)", store_name, (ull)offset);
    case 'L': case 'K':
        return kv_fail(KV_ECORRUPT, "%s: GNU long name at offset %llu is not "
                       "supported (make the archive with tar --format=ustar)",
                       store_name, (ull)offset);
    default:
        return kv_fail(KV_ECORRUPT, "%s: unsupported entry type '%c' at "
                       "offset %llu", store_name,
                       type > 0x20 && type < 0x7f ? type : '?', (ull)offset);
    }
}
