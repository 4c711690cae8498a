/*
 * spt only: a guest that makes a system call its seccomp filter does not
 * allow (getpid) must be stopped, and ukvm-spt must say why.
 */
#include "test_util.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    long ret;

    (void)si;
    puts("calling getpid\n");
    __asm__ __volatile__("syscall" : "=a"(ret) : "a"(39L) : "rcx", "r11", "memory");
    puts("SURVIVED\n");
    return (int)ret;
}
