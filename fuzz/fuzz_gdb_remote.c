/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the GDB remote stub (hostlib/gdb_remote.c): the
 * input is all a gdb client sends, read by the stub through its own
 * read() from a memfd; what it writes goes to another, checked after:
 * nothing but acks and packets framed with their right checksums. A
 * fake machine (4 KiB of RAM at 0x1000, one hardware watchpoint) runs
 * as a vCPU loop would: a step moves RIP by one, a continue stops at the
 * next software breakpoint, or at a 0x03 in the input, or ends the
 * machine. The stub must never hand the machine a range that wraps or
 * exceeds its buffers, and must leave no breakpoint behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gdb_remote.h"

#define RAM_BASE 0x1000u
#define RAM_SIZE 0x1000u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct {
    struct gdb_regs r;
    uint8_t ram[RAM_SIZE];
    bool watching;
    uint64_t watch_addr;
    uint64_t int3_at[256];      /* where one-byte int3s were written */
    int int3s;
} m;
static struct gdb_remote g;

/* What the stub may ask: a range that neither wraps nor exceeds a packet. */
static void check_range(uint64_t addr, size_t len)
{
    if (len == 0 || len > GDB_PACKET_MAX || addr > UINT64_MAX - (len - 1)) {
        fprintf(stderr, "stub asked for %zu bytes at 0x%llx\n", len, (unsigned long long)addr);
        abort();
    }
}

static bool in_ram(uint64_t addr, size_t len)
{
    return addr >= RAM_BASE && addr - RAM_BASE <= RAM_SIZE && len <= RAM_SIZE - (addr - RAM_BASE);
}

static int get_regs(void *ctx, struct gdb_regs *r)
{
    (void)ctx;
    *r = m.r;
    return 0;
}

static int set_regs(void *ctx, const struct gdb_regs *r)
{
    (void)ctx;
    m.r = *r;
    return 0;
}

static int read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
    (void)ctx;
    check_range(addr, len);
    if (!in_ram(addr, len))
        return -1;
    memcpy(buf, m.ram + (addr - RAM_BASE), len);
    return 0;
}

static int write_mem(void *ctx, uint64_t addr, const void *buf, size_t len)
{
    (void)ctx;
    check_range(addr, len);
    if (!in_ram(addr, len))
        return -1;
    memcpy(m.ram + (addr - RAM_BASE), buf, len);
    if (len == 1 && *(const uint8_t *)buf == 0xcc && m.int3s < 256)
        m.int3_at[m.int3s++] = addr;
    return 0;
}

static int hw_point(void *ctx, int type, bool insert, uint64_t addr, unsigned len)
{
    (void)ctx;
    if (type < 1 || type > 4)
        abort();
    if (type != 2 || len == 0 || len > 8 || (insert && m.watching))
        return -1;
    m.watching = insert;
    m.watch_addr = addr;
    return 0;
}

static const struct gdb_target target = { get_regs, set_regs, read_mem, write_mem, hw_point };

/* A continue: the signal the machine stops with, or -1 when it ends. */
static int run(void)
{
    uint64_t next = UINT64_MAX;

    for (int i = 0; i < m.int3s; i++)
        if (m.int3_at[i] >= m.r.rip && m.int3_at[i] < next &&
            gdb_remote_breakpoint_at(&g, m.int3_at[i]))
            next = m.int3_at[i];
    if (next != UINT64_MAX) {
        m.r.rip = next;
        return 5;
    }
    if (m.watching) {
        gdb_remote_watchpoint_hit(&g, 2, m.watch_addr);
        return 5;
    }
    if (gdb_remote_interrupted(&g))
        return 2;
    return -1;
}

/* Runs the session to its end, as a vCPU loop would. */
static void serve(void)
{
    int signal = 5, r;

    for (int stops = 0; stops < 10000; stops++) {
        r = gdb_remote_stopped(&g, signal);
        if (r == GDB_RESUME_STEP) {
            m.r.rip++;
            signal = 5;
        } else if (r == GDB_RESUME_CONTINUE) {
            signal = run();
        } else {
            return;
        }
        if (signal < 0)
            break;
    }
    gdb_remote_exited(&g, (int)(m.r.rax & 0xff));
}

/* OUT holds only '+', '-' and "$data#cs" with the right checksum. */
static void check_output(const char *out, size_t n)
{
    size_t i = 0, start;
    unsigned sum;
    char cs[3];

    while (i < n) {
        if (out[i] == '+' || out[i] == '-') {
            i++;
            continue;
        }
        if (out[i++] != '$')
            abort();
        for (start = i, sum = 0; i < n && out[i] != '#'; i++) {
            if (out[i] == '$')
                abort();
            sum += (unsigned char)out[i];
        }
        if (i + 3 > n || i - start > GDB_PACKET_MAX + 8)
            abort();
        snprintf(cs, sizeof cs, "%02x", sum & 0xff);
        if (out[i + 1] != cs[0] || out[i + 2] != cs[1])
            abort();
        i += 3;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int in = -1, out = -1;
    off_t n;
    char *got;

    if (in < 0 && ((in = memfd_create("gdb-in", 0)) < 0 || (out = memfd_create("gdb-out", 0)) < 0))
        abort();
    if (ftruncate(in, 0) < 0 || ftruncate(out, 0) < 0 ||
        pwrite(in, data, size, 0) != (ssize_t)size ||
        lseek(in, 0, SEEK_SET) < 0 || lseek(out, 0, SEEK_SET) < 0)
        abort();
    memset(&m, 0, sizeof m);
    for (unsigned i = 0; i < RAM_SIZE; i++)
        m.ram[i] = (uint8_t)(i * 7 + 1);
    m.r.rip = RAM_BASE;
    /* The session closes what it is given. */
    gdb_remote_init(&g, dup(in), dup(out), &target, NULL);
    serve();
    for (int i = 0; i < m.int3s; i++)
        if (gdb_remote_breakpoint_at(&g, m.int3_at[i]))
            abort();
    n = lseek(out, 0, SEEK_END);
    if (n < 0 || !(got = malloc((size_t)n + 1)) || pread(out, got, (size_t)n, 0) != n)
        abort();
    check_output(got, (size_t)n);
    free(got);
    return 0;
}
