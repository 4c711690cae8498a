/* SPDX-License-Identifier: ISC */
/*
 * --gdb[=PORT] on ukvm (option in gdb.c): a gdb remote server for one
 * client (hostlib/gdb_remote.c). The guest waits for gdb before its
 * first instruction; breakpoints, single steps, registers, memory and
 * Ctrl-C go through arch_set_debug (in ring 3, ukvm's own trap entry; in
 * ring 0, KVM's guest debugging), and the guest's end is told to gdb.
 * gdb sees the memory the guest sees, and writes it, text included.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/user.h>
#include <unistd.h>

#include "arch.h"
#include "gdb.h"
#include "gdb_remote.h"

static struct gdb_remote gdb;
static struct arch_debug debug = { .sw_breakpoints = true };
static struct ukvm *the_vm;

static int get_regs(void *ctx, struct gdb_regs *g)
{
    struct user_regs_struct u;

    if (arch_get_regs(ctx, &u) < 0)
        return -1;
    *g = (struct gdb_regs){
        u.rax, u.rbx, u.rcx, u.rdx, u.rsi, u.rdi, u.rbp, u.rsp,
        u.r8, u.r9, u.r10, u.r11, u.r12, u.r13, u.r14, u.r15, u.rip,
        (uint32_t)u.eflags, (uint32_t)u.cs, (uint32_t)u.ss, (uint32_t)u.ds,
        (uint32_t)u.es, (uint32_t)u.fs, (uint32_t)u.gs, u.fs_base, u.gs_base,
    };
    return 0;
}

static int set_regs(void *ctx, const struct gdb_regs *g)
{
    struct user_regs_struct u = {
        .r15 = g->r15, .r14 = g->r14, .r13 = g->r13, .r12 = g->r12,
        .rbp = g->rbp, .rbx = g->rbx, .r11 = g->r11, .r10 = g->r10,
        .r9 = g->r9, .r8 = g->r8, .rax = g->rax, .rcx = g->rcx, .rdx = g->rdx,
        .rsi = g->rsi, .rdi = g->rdi, .rip = g->rip, .eflags = g->eflags,
        .rsp = g->rsp,
    };

    return arch_set_regs(ctx, &u);
}

/*
 * Hardware breakpoints where the backend has no debug registers for the
 * guest (ring 3): int3 in their place, shown to gdb as the bytes under
 * them. At most 4, as with debug registers.
 */
static struct { uint64_t addr; uint8_t saved; bool used; } int3_hw[4];

static int read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
    const void *p = guest_mem_ptr(ctx, addr, len);

    if (!p)
        return -1;
    memcpy(buf, p, len);
    for (unsigned i = 0; i < 4; i++)
        if (int3_hw[i].used && int3_hw[i].addr - addr < len)
            ((uint8_t *)buf)[int3_hw[i].addr - addr] = int3_hw[i].saved;
    return 0;
}

static int int3_point(struct ukvm *vm, bool insert, uint64_t addr)
{
    uint8_t *p = guest_mem_ptr(vm, addr, 1);
    unsigned i, free_slot = 4;

    for (i = 0; i < 4 && !(int3_hw[i].used && int3_hw[i].addr == addr); i++)
        if (!int3_hw[i].used && free_slot == 4)
            free_slot = i;
    if (!p)
        return -1;
    if (!insert) {
        if (i < 4) {
            *p = int3_hw[i].saved;
            int3_hw[i].used = false;
        }
        return 0;
    }
    if (i < 4)
        return 0;
    if (free_slot == 4)
        return -1;
    int3_hw[free_slot].addr = addr;
    int3_hw[free_slot].saved = *p;
    int3_hw[free_slot].used = true;
    *p = 0xcc;
    return 0;
}

static int write_mem(void *ctx, uint64_t addr, const void *buf, size_t len)
{
    void *p = guest_mem_ptr(ctx, addr, len);

    if (!p)
        return -1;
    memcpy(p, buf, len);
    return 0;
}

static int hw_point(void *ctx, int type, bool insert, uint64_t addr, unsigned len)
{
    struct arch_debug d = debug;
    unsigned i;

    if (!arch_has_debug_registers(ctx))     /* watchpoints: gdb's own */
        return type == 1 ? int3_point(ctx, insert, addr) : -1;
    if (type == 3)      /* x86 has no read-only watchpoint */
        return -1;
    if (insert) {
        if (d.nhw == 4 || (type != 1 && len != 1 && len != 2 && len != 4 && len != 8))
            return -1;
        d.hw[d.nhw].addr = addr, d.hw[d.nhw].type = (unsigned)type;
        d.hw[d.nhw++].len = len;
    } else {
        for (i = 0; i < d.nhw && !(d.hw[i].addr == addr &&
                                   d.hw[i].type == (unsigned)type); i++)
            ;
        if (i == d.nhw)
            return 0;
        for (; i + 1 < d.nhw; i++)
            d.hw[i] = d.hw[i + 1];
        d.nhw--;
    }
    if (arch_set_debug(ctx, &d, NULL) < 0)
        return -1;
    debug = d;
    return 0;
}

static const struct gdb_target target = {
    get_regs, set_regs, read_mem, write_mem, hw_point,
};

/* gdb's Ctrl-C arrives as SIGIO: the vCPU exits, and the exit hook reads it. */
static void on_sigio(int sig)
{
    (void)sig;
    if (the_vm)
        arch_kick(the_vm);
}

static int gdb_setup(struct ukvm *vm, struct errbuf *err)
{
    struct sigaction sa;
    int fd;

    if (!gdb_port)
        return 0;
    fd = gdb_wait_client("ukvm", err);
    if (fd < 0)
        return -1;
    gdb_remote_init(&gdb, fd, fd, &target, vm);
    the_vm = vm;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigio;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGIO, &sa, NULL) < 0 ||
        fcntl(gdb.in_fd, F_SETOWN, getpid()) < 0 ||
        fcntl(gdb.in_fd, F_SETFL, fcntl(gdb.in_fd, F_GETFL) | O_ASYNC) < 0)
        return err_set(err, "--gdb: cannot watch the connection: %m");
    return arch_set_debug(vm, &debug, err);
}

/* Talks to gdb while the guest stands still, then resumes as it says. */
static void converse(struct ukvm *vm, int signal)
{
    int r = gdb_remote_stopped(&gdb, signal);

    if (r == GDB_RESUME_KILL) {
        const struct ukvm_halt h = { .how = UKVM_HALT_SIGNAL, .status = 128 + SIGKILL,
                                     .signal = SIGKILL };
        fprintf(stderr, "ukvm: killed by gdb\n");
        ukvm_guest_end(vm, &h);
    }
    if (r < 0 || r == GDB_RESUME_DETACH) {
        gdb_port = 0;   /* the guest runs on, undebugged */
        debug = (struct arch_debug){ 0 };
    } else {
        debug.single_step = r == GDB_RESUME_STEP;
    }
    if (arch_set_debug(vm, &debug, NULL) < 0)
        guest_error(vm, "--gdb: KVM_SET_GUEST_DEBUG failed");
}

static void gdb_start(struct ukvm *vm)
{
    if (gdb_port)
        converse(vm, SIGTRAP);
}

static bool gdb_exit(struct ukvm *vm, const struct ukvm_exit *e)
{
    if (!gdb_port)
        return false;
    if (e->kind == UKVM_EXIT_SIGNAL && gdb_remote_interrupted(&gdb)) {
        converse(vm, SIGINT);
        return true;
    }
    if (e->kind != UKVM_EXIT_DEBUG)
        return false;
    if (e->debug == UKVM_DEBUG_HW && debug.hw[e->hw_index].type > 1)
        gdb_remote_watchpoint_hit(&gdb, (int)debug.hw[e->hw_index].type,
                                  debug.hw[e->hw_index].addr);
    converse(vm, SIGTRAP);
    return true;
}

/* A guest that faults or aborts stops in gdb first, for a look around. */
static void gdb_halt(struct ukvm *vm, const struct ukvm_halt *h)
{
    if (!gdb_port)
        return;
    if (h->how == UKVM_HALT_ERROR || (h->how == UKVM_HALT_GUEST && h->status == 255))
        if (gdb_remote_stopped(&gdb, h->how == UKVM_HALT_ERROR ? SIGSEGV : SIGABRT) < 0)
            return;
    (void)vm;
    gdb_remote_exited(&gdb, h->status);
}

/* The connection's reads, writes and close; poll, whose first argument
 * is an array seccomp cannot look into; the vCPU's debug ioctls. */
static int gdb_seccomp(struct ukvm *vm, scmp_filter_ctx ctx)
{
    static const int on_fd[] = { SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(close) };
    int r = 0;

    if (!gdb_port)
        return 0;
    for (size_t i = 0; i < sizeof on_fd / sizeof on_fd[0] && !r; i++)
        r = sandbox_allow_fd(ctx, on_fd[i], gdb.in_fd);
    if (!r)
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(poll), 0);
    return r ? r : arch_seccomp_debug(vm, ctx);
}

static const struct ukvm_module gdb_hvt_module = {
    .name = "gdb hvt",
    .setup = gdb_setup,
    .start = gdb_start,
    .exit = gdb_exit,
    .halt = gdb_halt,
    .seccomp = gdb_seccomp,
};
UKVM_MODULE(gdb_hvt_module);
