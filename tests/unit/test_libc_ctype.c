/* SPDX-License-Identifier: ISC */
/* ctype against glibc's C locale, for EOF and every value 0..255. */
#include <ctype.h>
#include <stdio.h>

#include "check.h"
#include "test_libc.h"

static const struct {
    const char *name;
    int (*ours)(int);
    int (*theirs)(int);
    int boolean;    /* compare truth, not the value */
} fns[] = {
    { "isalnum", uk_isalnum, isalnum, 1 }, { "isalpha", uk_isalpha, isalpha, 1 },
    { "isdigit", uk_isdigit, isdigit, 1 }, { "isxdigit", uk_isxdigit, isxdigit, 1 },
    { "isspace", uk_isspace, isspace, 1 }, { "isupper", uk_isupper, isupper, 1 },
    { "islower", uk_islower, islower, 1 }, { "isprint", uk_isprint, isprint, 1 },
    { "ispunct", uk_ispunct, ispunct, 1 }, { "iscntrl", uk_iscntrl, iscntrl, 1 },
    { "isgraph", uk_isgraph, isgraph, 1 }, { "tolower", uk_tolower, tolower, 0 },
    { "toupper", uk_toupper, toupper, 0 },
};

int main(void)
{
    for (size_t f = 0; f < sizeof(fns) / sizeof(fns[0]); f++) {
        int bad = 0;

        for (int c = EOF; c < 256; c++) {
            int u = fns[f].ours(c), g = fns[f].theirs(c);

            if (fns[f].boolean ? !u != !g : u != g) {
                if (bad++ < 5)
                    pending_note("%s(%d): ours %d, glibc %d", fns[f].name, c, u, g);
            }
        }
        CHECK_NOTED(bad == 0, "%s: matches glibc's C locale on EOF and 0..255",
              fns[f].name);
    }
    return check_done();
}
