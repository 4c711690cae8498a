/* SPDX-License-Identifier: ISC */
/*
 * A fake x86_64 machine for tests/unit/test_gdb_remote_real.sh, debugged
 * by Debian's gdb through hostlib/gdb_remote.c as ukvm's vCPU will be:
 * 64 KiB of RAM at 1 MiB holding a tiny program, and a CPU that knows
 * its five instructions. An int3 stops with RIP on it, as on KVM.
 * Usage: gdb_fake_target PORT. Says on stdout how the machine ended.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gdb_remote.h"

#define RAM_BASE 0x100000u
#define RAM_SIZE 0x10000u
#define ENTRY 0x100004u
/* Instructions the machine runs without a debugger before giving up. */
#define ALONE_MAX 50000000ul

/*
 * 0x100000  "UkVM"                 data, for gdb to read and write
 * 0x100004  nop x 28
 * 0x100020  movb $5, 0x100800      the watched store
 * 0x100028  hlt                    ends the machine with status %al
 * 0x100030  jmp .                  spins, for gdb to interrupt
 */
static const uint8_t program[] = {
    'U', 'k', 'V', 'M',
    0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90,
    0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90,
    0x90, 0x90, 0x90, 0x90,
    0xc6, 0x04, 0x25, 0x00, 0x08, 0x10, 0x00, 0x05,
    0xf4, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90,
    0xeb, 0xfe,
};

struct machine {
    struct gdb_regs r;
    uint8_t ram[RAM_SIZE];
    bool watching;                /* one write watchpoint */
    uint64_t watch_addr;
    unsigned watch_len;
    uint64_t stored_at;           /* the last store's address */
};

static bool in_ram(uint64_t addr, size_t len)
{
    return addr >= RAM_BASE && addr - RAM_BASE <= RAM_SIZE &&
           len <= RAM_SIZE - (addr - RAM_BASE);
}

static int get_regs(void *ctx, struct gdb_regs *r)
{
    *r = ((struct machine *)ctx)->r;
    return 0;
}

static int set_regs(void *ctx, const struct gdb_regs *r)
{
    ((struct machine *)ctx)->r = *r;
    return 0;
}

static int read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
    struct machine *m = ctx;

    if (!in_ram(addr, len))
        return -1;
    memcpy(buf, m->ram + (addr - RAM_BASE), len);
    return 0;
}

static int write_mem(void *ctx, uint64_t addr, const void *buf, size_t len)
{
    struct machine *m = ctx;

    if (!in_ram(addr, len))
        return -1;
    memcpy(m->ram + (addr - RAM_BASE), buf, len);
    return 0;
}

/* Write watchpoints only, one at a time, as a tiny debug-register file. */
static int hw_point(void *ctx, int type, bool insert, uint64_t addr, unsigned len)
{
    struct machine *m = ctx;

    if (type != 2 || len == 0 || len > 8)
        return -1;
    if (!insert) {
        m->watching = false;
        return 0;
    }
    if (m->watching)
        return -1;
    m->watching = true;
    m->watch_addr = addr;
    m->watch_len = len;
    return 0;
}

static const struct gdb_target fake_target = {
    get_regs, set_regs, read_mem, write_mem, hw_point,
};

enum event { RAN, INT3, WATCHED, HALTED, FAULT, ILLEGAL };

static uint8_t byte_at(const struct machine *m, uint64_t addr)
{
    return m->ram[addr - RAM_BASE];
}

/* movb $IMM, DISP32 (c6 04 25 disp32 imm8) */
static enum event store_byte(struct machine *m)
{
    uint64_t rip = m->r.rip, addr = 0;

    if (!in_ram(rip, 8) || byte_at(m, rip + 1) != 0x04 || byte_at(m, rip + 2) != 0x25)
        return ILLEGAL;
    for (int i = 3; i >= 0; i--)
        addr = addr << 8 | byte_at(m, rip + 3 + (unsigned)i);
    if (!in_ram(addr, 1))
        return FAULT;
    m->ram[addr - RAM_BASE] = byte_at(m, rip + 7);
    m->r.rip += 8;
    m->stored_at = addr;
    return m->watching && addr - m->watch_addr < m->watch_len ? WATCHED : RAN;
}

/* Runs one instruction. Faults leave RIP on the instruction, as does
 * int3 (KVM's exit for it does too). */
static enum event execute(struct machine *m)
{
    uint64_t rip = m->r.rip;

    if (!in_ram(rip, 1))
        return FAULT;
    switch (byte_at(m, rip)) {
    case 0x90:
        m->r.rip++;
        return RAN;
    case 0xf4:
        m->r.rip++;
        return HALTED;
    case 0xcc:
        return INT3;
    case 0xeb:
        if (!in_ram(rip, 2))
            return FAULT;
        m->r.rip += 2 + (uint64_t)(int64_t)(int8_t)byte_at(m, rip + 1);
        return RAN;
    case 0xc6:
        return store_byte(m);
    default:
        return ILLEGAL;
    }
}

static void pause_a_little(void)
{
    struct timespec ms = { 0, 1000000 };

    while (nanosleep(&ms, &ms) < 0 && errno == EINTR)
        ;
}

/* Runs until something stops the machine: the signal to report to gdb,
 * or -1 when it halted; ALONE (no debugger), 0 when it ran too long. */
static int run(struct machine *m, struct gdb_remote *g, bool step, bool alone)
{
    enum event e;

    for (unsigned long n = 1;; n++) {
        e = execute(m);
        if (e == INT3 && !gdb_remote_breakpoint_at(g, m->r.rip))
            m->r.rip++;             /* the guest's own: a trap, after it */
        if (e == WATCHED)
            gdb_remote_watchpoint_hit(g, 2, m->stored_at);
        if (e == HALTED)
            return -1;
        if (e == INT3 || e == WATCHED || (e == RAN && step))
            return 5;
        if (e == FAULT)
            return 11;
        if (e == ILLEGAL)
            return 4;
        if (n % 4096 == 0) {
            if (gdb_remote_interrupted(g))
                return 2;
            pause_a_little();
        }
        if (alone && n == ALONE_MAX)
            return 0;
    }
}

int main(int argc, char **argv)
{
    static struct machine m;
    static struct gdb_remote g;
    struct errbuf err;
    char *end;
    unsigned long port = argc == 2 ? strtoul(argv[1], &end, 10) : 0;
    int signal = 5, how;
    bool alone = false;

    if (argc != 2 || *end) {
        fprintf(stderr, "usage: gdb_fake_target PORT\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);   /* the test watches it */
    memcpy(m.ram, program, sizeof program);
    m.r = (struct gdb_regs){ .rip = ENTRY, .rsp = RAM_BASE + RAM_SIZE - 0x100,
                             .eflags = 0x2, .cs = 0x10, .ss = 0x18, .ds = 0x18,
                             .es = 0x18, .fs = 0x18, .gs = 0x18 };
    if (gdb_remote_accept(&g, (unsigned)port, &fake_target, &m, &err) < 0) {
        fprintf(stderr, "gdb_fake_target: %s\n", err.msg);
        return 1;
    }
    for (;;) {
        how = alone ? GDB_RESUME_CONTINUE : gdb_remote_stopped(&g, signal);
        if (how == GDB_RESUME_KILL) {
            printf("fake target: killed at rip 0x%llx\n", (unsigned long long)m.r.rip);
            return 0;
        }
        if (how < 0 || how == GDB_RESUME_DETACH) {
            printf("fake target: %s, running on\n", how < 0 ? "gdb went away" : "detached");
            alone = true;
        }
        printf("fake target: %s from 0x%llx\n", how == GDB_RESUME_STEP ? "step" : "run",
               (unsigned long long)m.r.rip);
        signal = run(&m, &g, how == GDB_RESUME_STEP, alone);
        if (signal < 0) {
            gdb_remote_exited(&g, (int)(m.r.rax & 0xff));
            printf("fake target: exited %d\n", (int)(m.r.rax & 0xff));
            return 0;
        }
        if (alone) {
            printf("fake target: stopped by signal %d at rip 0x%llx, no debugger\n",
                   signal, (unsigned long long)m.r.rip);
            return 1;
        }
    }
}
