/* SPDX-License-Identifier: ISC */
/* Case-insensitive comparisons (C locale). */
#include <ctype.h>
#include <strings.h>

int strcasecmp(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;

    while (*p && tolower(*p) == tolower(*q)) {
        p++;
        q++;
    }
    return tolower(*p) - tolower(*q);
}

int strncasecmp(const char *a, const char *b, size_t n)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;

    for (; n > 0; n--, p++, q++)
        if (tolower(*p) != tolower(*q) || *p == '\0')
            return tolower(*p) - tolower(*q);
    return 0;
}
