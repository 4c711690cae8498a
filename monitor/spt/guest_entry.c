/* SPDX-License-Identifier: ISC */
/*
 * Entering the guest, and reporting how it ends when it does not exit by
 * itself: a fault (SIGSEGV and the like), a forbidden system call (the
 * filter traps it as SIGSYS), SIGINT, SIGTERM or SIGQUIT, and an abort
 * when a module asked to see those (trap_abort). After the one-line
 * report and the modules' halt hooks (a core file) a fault or a
 * forbidden call kills the process with its signal, as under Solo5's
 * solo5-spt (which catches neither): status 139 for SIGSEGV, 159 for
 * SIGSYS. The handlers run on their own stack, after the guest may have
 * changed the FS base, so they use no libc (no errno, no stack
 * protector): raw system calls only, until the halt hooks, which run on
 * ukvm-spt's own FS base again.
 */
#include <asm/prctl.h>
#include <cpuid.h>
#include <linux/audit.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <ucontext.h>

#include "modules.h"
#include "spt.h"
#include "stats.h"
#include "symbolize.h"

#define NO_LIBC __attribute__((no_stack_protector))

static long raw_syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;

    __asm__ __volatile__("syscall" : "=a"(ret)
                         : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                         : "rcx", "r11", "memory");
    return ret;
}

static long raw_syscall3(long nr, long a, long b, long c)
{
    return raw_syscall6(nr, a, b, c, 0, 0, 0);
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

NO_LIBC static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGFPE: return "SIGFPE";
    case SIGSYS: return "SIGSYS";
    case SIGINT: return "Interrupt";
    case SIGQUIT: return "Quit";
    default: return "Terminated";
    }
}

/* Ends the process with STATUS by the call the filter leaves to
 * ukvm-spt: exit where exit_group traps (--stats). */
NO_LIBC __attribute__((noreturn))
static void end_process(int status)
{
    for (;;)
        raw_syscall3(stats.enabled ? SYS_exit : SYS_exit_group, status, 0, 0);
}

/*
 * Ends the process by SIG, as if nobody had caught it: the same kind of
 * fault, raised here while SIG is blocked in its handler, makes the
 * kernel take the default action. A forbidden call is the guest's own
 * call again, with its arguments. Where that cannot work (a signal sent
 * by someone else), the status is still SIG's.
 */
NO_LIBC __attribute__((noreturn))
static void die_by(int sig, const siginfo_t *si, const ucontext_t *uc)
{
    const greg_t *g = uc->uc_mcontext.gregs;
    uint32_t word[2] = { 0, 0 };

    switch (sig) {
    case SIGSYS:
        if (si->si_code != 1)      /* SYS_SECCOMP: the filter trapped it */
            break;
        if (si->si_arch == AUDIT_ARCH_I386)     /* int $0x80, the same way */
            __asm__ __volatile__("int $0x80" : : "a"(si->si_syscall) : "memory");
        else
            raw_syscall6(si->si_syscall, g[REG_RDI], g[REG_RSI], g[REG_RDX],
                         g[REG_R10], g[REG_R8], g[REG_R9]);
        break;
    case SIGSEGV:   /* page 0 is never mapped */
        __asm__ __volatile__("movq (%0), %%rax" : : "r"(0L) : "rax", "memory");
        break;
    case SIGILL:
        __asm__ __volatile__("ud2");
        break;
    case SIGFPE:
        __asm__ __volatile__("xorl %%ecx, %%ecx; divl %%ecx" : : : "eax", "ecx",
                             "edx");
        break;
    case SIGBUS:    /* alignment check on, then a misaligned load */
        __asm__ __volatile__("pushfq; orl $0x40000, (%%rsp); popfq;"
                             "movl 1(%0), %%eax; pushfq; andl $~0x40000, (%%rsp); popfq"
                             : : "r"(word) : "eax", "memory", "cc");
        break;
    }
    end_process(128 + sig);
}

static struct ukvm *the_vm;
static long monitor_fs_base;

/* The guest's registers at the signal, as a core file has them. */
NO_LIBC static void guest_regs(const ucontext_t *uc, struct user_regs_struct *u)
{
    const greg_t *g = uc->uc_mcontext.gregs;

    *u = (struct user_regs_struct){
        .r15 = g[REG_R15], .r14 = g[REG_R14], .r13 = g[REG_R13], .r12 = g[REG_R12],
        .rbp = g[REG_RBP], .rbx = g[REG_RBX], .r11 = g[REG_R11], .r10 = g[REG_R10],
        .r9 = g[REG_R9], .r8 = g[REG_R8], .rax = g[REG_RAX], .rcx = g[REG_RCX],
        .rdx = g[REG_RDX], .rsi = g[REG_RSI], .rdi = g[REG_RDI],
        .orig_rax = (unsigned long long)-1, .rip = g[REG_RIP], .cs = 0x33,
        .eflags = g[REG_EFL], .rsp = g[REG_RSP], .ss = 0x2b,
    };  /* fs_base stays 0: the filter allows no ARCH_GET_FS */
}

/* The modules' halt hooks (a core file). */
static void run_halt_hooks(struct ukvm_halt *h, const ucontext_t *uc)
{
    struct user_regs_struct regs;

    guest_regs(uc, &regs);
    h->regs = &regs;
    /* The kernel's fxsave area of the signal frame: the guest's x87/SSE. */
    h->fpregs = (const struct user_fpregs_struct *)uc->uc_mcontext.fpregs;
    modules_halt(the_vm, h);
}

static void report(int sig, siginfo_t *si, void *uc_) __attribute__((noreturn));

NO_LIBC static void on_signal(int sig, siginfo_t *si, void *uc_)
{
    /* ukvm-spt's own TLS again, for what follows (symbols, halt hooks),
     * which may use libc's errno and stack guard: the guest never runs
     * again after a signal. */
    raw_syscall3(SYS_arch_prctl, ARCH_SET_FS, monitor_fs_base, 0);
    report(sig, si, uc_);
}

static void report(int sig, siginfo_t *si, void *uc_)
{
    const ucontext_t *uc = uc_;
    uint64_t rip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
    uint64_t rdi = (uint64_t)uc->uc_mcontext.gregs[REG_RDI];
    char buf[600], *p = put_str(buf, "ukvm-spt: ");
    /* si_code > 0: raised by the kernel for what the guest did. */
    int stopped = sig == SIGINT || sig == SIGTERM || sig == SIGQUIT;
    int guest_error = !stopped && si->si_code > 0;
    struct ukvm_halt h = {
        .how = guest_error ? UKVM_HALT_ERROR : UKVM_HALT_SIGNAL,
        .status = 128 + sig, .signal = sig,
    };

    /* The guest's exit_group, trapped: solo5_abort's (255) for the halt
     * hooks, any with --stats for the report. */
    if (sig == SIGSYS && si->si_code == 1 && si->si_syscall == SYS_exit_group &&
        (stats.enabled || (the_vm->trap_abort && rdi == 255))) {
        h.how = UKVM_HALT_GUEST;
        h.status = (int)(rdi & 0xff);
        if (the_vm->trap_abort && rdi == 255)
            run_halt_hooks(&h, uc);
        stats_print();
        for (;;)
            raw_syscall3(SYS_exit, h.status, 0, 0);
    }
    if (sig == SIGSYS && guest_error) {
        p = put_str(p, "guest error: forbidden system call ");
        /* Other ABIs than x86_64's are forbidden whole; name them. */
        if (si->si_arch == AUDIT_ARCH_I386)
            p = put_str(p, "(i386, int $0x80) ");
        else if (si->si_syscall & __X32_SYSCALL_BIT)
            p = put_str(p, "(x32) ");
        p = put_dec(p, (uint64_t)si->si_syscall & ~(uint64_t)__X32_SYSCALL_BIT);
    } else if (guest_error) {
        p = put_str(p, "guest error: ");
        p = put_str(p, signal_name(sig));
        p = put_str(p, " at address ");
        p = put_hex(p, (uint64_t)(uintptr_t)si->si_addr);
    } else {
        p = put_str(p, "stopped by ");
        p = put_str(p, signal_name(sig));
    }
    if (guest_error) {
        struct symbol_info sym;

        p = put_str(p, " (rip ");
        p = put_hex(p, rip);
        if (symbolize(the_vm->kernel, rip, &sym))
            p += symbolize_format(&sym, p, (size_t)(buf + sizeof buf - 2 - p));
        p = put_str(p, ")");
    }
    *p++ = '\n';
    raw_syscall3(SYS_write, 2, (long)buf, p - buf);
    run_halt_hooks(&h, uc);
    stats_print();
    if (stopped)
        end_process(128 + sig);
    die_by(sig, si, uc);
}

void spt_catch_guest_faults(struct ukvm *vm)
{
    static uint8_t altstack[64 * 1024] __attribute__((aligned(16)));
    static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGSYS,
                                SIGINT, SIGTERM, SIGQUIT };
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
    struct sigaction sa;

    the_vm = vm;
    raw_syscall3(SYS_arch_prctl, ARCH_GET_FS, (long)&monitor_fs_base, 0);
    /* Dying by a signal leaves no core file of the tender's memory. */
    prctl(PR_SET_DUMPABLE, 0);
    sigaltstack(&ss, NULL);
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sigfillset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
}

/*
 * The guest starts with no trace of ukvm-spt in its registers: general,
 * x87, SSE and (where the CPU has AVX) the upper halves of the AVX ones,
 * which would otherwise hold ukvm-spt's pointers and data (and then its
 * core files would too).
 */
void spt_enter_guest(uint64_t entry, uint64_t stack, uint64_t boot_info)
{
    static const uint32_t mxcsr_default = 0x1f80;
    unsigned a, b, c = 0, d;
    /* One CPUID (not libgcc's whole probe): AVX, and enabled by the OS. */
    const bool avx = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_AVX) && (c & bit_OSXSAVE);

    /* The guest starts with no TLS base, as on hvt: ours is not for it. */
    raw_syscall3(SYS_arch_prctl, ARCH_SET_FS, 0, 0);
    if (avx)
        __asm__ __volatile__("vzeroall" ::: "memory");
    __asm__ __volatile__(
        "fninit\n\t"
        "ldmxcsr %3\n\t"
        "pxor %%xmm0, %%xmm0\n\t pxor %%xmm1, %%xmm1\n\t"
        "pxor %%xmm2, %%xmm2\n\t pxor %%xmm3, %%xmm3\n\t"
        "pxor %%xmm4, %%xmm4\n\t pxor %%xmm5, %%xmm5\n\t"
        "pxor %%xmm6, %%xmm6\n\t pxor %%xmm7, %%xmm7\n\t"
        "pxor %%xmm8, %%xmm8\n\t pxor %%xmm9, %%xmm9\n\t"
        "pxor %%xmm10, %%xmm10\n\t pxor %%xmm11, %%xmm11\n\t"
        "pxor %%xmm12, %%xmm12\n\t pxor %%xmm13, %%xmm13\n\t"
        "pxor %%xmm14, %%xmm14\n\t pxor %%xmm15, %%xmm15\n\t"
        "mov %0, %%rsp\n\t"
        "mov %2, %%r11\n\t"
        "xor %%eax, %%eax\n\t xor %%ebx, %%ebx\n\t xor %%ecx, %%ecx\n\t"
        "xor %%edx, %%edx\n\t xor %%esi, %%esi\n\t xor %%ebp, %%ebp\n\t"
        "xor %%r8d, %%r8d\n\t xor %%r9d, %%r9d\n\t xor %%r10d, %%r10d\n\t"
        "xor %%r12d, %%r12d\n\t xor %%r13d, %%r13d\n\t"
        "xor %%r14d, %%r14d\n\t xor %%r15d, %%r15d\n\t"
        "jmp *%%r11"
        : : "r"(stack), "D"(boot_info), "r"(entry), "m"(mxcsr_default) : "memory");
    __builtin_unreachable();
}
