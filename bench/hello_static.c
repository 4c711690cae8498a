/* SPDX-License-Identifier: ISC */
/* bench/boot's reference for spt: a static Linux "hello" process. */
#include <unistd.h>

int main(void)
{
    static const char msg[] = "Hello, World\n";

    return write(STDOUT_FILENO, msg, sizeof msg - 1) == sizeof msg - 1 ? 0 : 1;
}
