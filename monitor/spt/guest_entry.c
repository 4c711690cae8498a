/*
 * Entering the guest, and reporting how it ends when it does not exit by
 * itself: a fault (SIGSEGV and the like), a forbidden system call (the
 * filter traps it as SIGSYS), SIGINT or SIGTERM. The handlers run on
 * their own stack, after the guest may have changed the FS base, so they
 * use no libc (no errno, no stack protector): raw system calls only.
 */
#include <asm/prctl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>

#include "spt.h"

#define NO_LIBC __attribute__((no_stack_protector))

static long raw_syscall3(long nr, long a, long b, long c)
{
    long ret;

    __asm__ __volatile__("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c)
                         : "rcx", "r11", "memory");
    return ret;
}

NO_LIBC static char *put_str(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

NO_LIBC static char *put_hex(char *p, uint64_t v)
{
    *p++ = '0', *p++ = 'x';
    for (int i = 60; i >= 0; i -= 4)
        *p++ = "0123456789abcdef"[(v >> i) & 0xf];
    return p;
}

NO_LIBC static char *put_dec(char *p, uint64_t v)
{
    char d[20];
    int n = 0;

    do
        d[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n > 0)
        *p++ = d[--n];
    return p;
}

NO_LIBC static void on_signal(int sig, siginfo_t *si, void *uc_)
{
    const ucontext_t *uc = uc_;
    uint64_t rip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
    char buf[200], *p = put_str(buf, "ukvm-spt: ");
    int status = 1;

    switch (sig) {
    case SIGSYS:
        p = put_str(p, "guest error: forbidden system call ");
        p = put_dec(p, (uint64_t)si->si_syscall);
        break;
    case SIGINT:
    case SIGTERM:
        p = put_str(p, sig == SIGINT ? "stopped by Interrupt" : "stopped by Terminated");
        status = 128 + sig;
        break;
    default:
        p = put_str(p, sig == SIGSEGV ? "guest error: SIGSEGV" :
                       sig == SIGBUS ? "guest error: SIGBUS" :
                       sig == SIGILL ? "guest error: SIGILL" : "guest error: SIGFPE");
        p = put_str(p, " at address ");
        p = put_hex(p, (uint64_t)(uintptr_t)si->si_addr);
        break;
    }
    if (status == 1) {
        p = put_str(p, " (rip ");
        p = put_hex(p, rip);
        p = put_str(p, ")");
    }
    *p++ = '\n';
    raw_syscall3(SYS_write, 2, (long)buf, p - buf);
    raw_syscall3(SYS_exit_group, status, 0, 0);
}

void spt_catch_guest_faults(void)
{
    static uint8_t altstack[64 * 1024] __attribute__((aligned(16)));
    static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGSYS,
                                SIGINT, SIGTERM };
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
    struct sigaction sa;

    sigaltstack(&ss, NULL);
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
}

void spt_enter_guest(uint64_t entry, uint64_t stack, uint64_t boot_info)
{
    /* The guest starts with no TLS base, as on hvt: ours is not for it. */
    raw_syscall3(SYS_arch_prctl, ARCH_SET_FS, 0, 0);
    __asm__ __volatile__("mov %0, %%rsp\n\t"
                         "xor %%ebp, %%ebp\n\t"
                         "jmp *%2"
                         : : "r"(stack), "D"(boot_info), "r"(entry) : "memory");
    __builtin_unreachable();
}
