/* SPDX-License-Identifier: ISC */
/*
 * The GDB remote serial protocol, stub side (gdb's manual, "Remote
 * Protocol"): packets "$data#cs" acknowledged with '+' or '-', a reply to
 * each, none to c/s/k until the machine stops. Bytes from the socket are
 * untrusted: every length, hex digit, address and checksum is checked.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdb_remote.h"

/* What a handler tells the loop when gdb does not resume the machine. */
#define STAY (-2)

/*
 * Without a target description gdb lays out 'g' by its default amd64
 * register set, which depends on the OS ABI it guessed (for GNU/Linux,
 * orig_rax comes before fs_base) and takes in x87 and SSE. So we serve
 * one: org.gnu.gdb.i386.core, which gdb 13 accepts without SSE but not
 * without the x87 registers ("Architecture rejected target-supplied
 * description"), and the segment bases. The x87 registers are sent as
 * 'x', unavailable, so that struct gdb_regs stays the general ones.
 */
static const char target_xml[] =
    "<?xml version=\"1.0\"?>"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
    "<target version=\"1.0\"><architecture>i386:x86-64</architecture>"
    "<feature name=\"org.gnu.gdb.i386.core\">"
    "<flags id=\"i386_eflags\" size=\"4\">"
    "<field name=\"CF\" start=\"0\" end=\"0\"/><field name=\"PF\" start=\"2\" end=\"2\"/>"
    "<field name=\"AF\" start=\"4\" end=\"4\"/><field name=\"ZF\" start=\"6\" end=\"6\"/>"
    "<field name=\"SF\" start=\"7\" end=\"7\"/><field name=\"TF\" start=\"8\" end=\"8\"/>"
    "<field name=\"IF\" start=\"9\" end=\"9\"/><field name=\"DF\" start=\"10\" end=\"10\"/>"
    "<field name=\"OF\" start=\"11\" end=\"11\"/><field name=\"NT\" start=\"14\" end=\"14\"/>"
    "<field name=\"RF\" start=\"16\" end=\"16\"/><field name=\"VM\" start=\"17\" end=\"17\"/>"
    "<field name=\"AC\" start=\"18\" end=\"18\"/><field name=\"VIF\" start=\"19\" end=\"19\"/>"
    "<field name=\"VIP\" start=\"20\" end=\"20\"/><field name=\"ID\" start=\"21\" end=\"21\"/>"
    "</flags>"
    "<reg name=\"rax\" bitsize=\"64\" type=\"int64\"/>"
    "<reg name=\"rbx\" bitsize=\"64\" type=\"int64\"/>"
    "<reg name=\"rcx\" bitsize=\"64\" type=\"int64\"/>"
    "<reg name=\"rdx\" bitsize=\"64\" type=\"int64\"/>"
    "<reg name=\"rsi\" bitsize=\"64\" type=\"int64\"/>"
    "<reg name=\"rdi\" bitsize=\"64\" type=\"int64\"/>"
    "<reg name=\"rbp\" bitsize=\"64\" type=\"data_ptr\"/>"
    "<reg name=\"rsp\" bitsize=\"64\" type=\"data_ptr\"/>"
    "<reg name=\"r8\" bitsize=\"64\" type=\"int64\"/>"
    "<reg name=\"r9\" bitsize=\"64\" type=\"int64\"/>"
    "<reg name=\"r10\" bitsize=\"64\" type=\"int64\"/>"
    "<reg name=\"r11\" bitsize=\"64\" type=\"int64\"/>"
    "<reg name=\"r12\" bitsize=\"64\" type=\"int64\"/>"
    "<reg name=\"r13\" bitsize=\"64\" type=\"int64\"/>"
    "<reg name=\"r14\" bitsize=\"64\" type=\"int64\"/>"
    "<reg name=\"r15\" bitsize=\"64\" type=\"int64\"/>"
    "<reg name=\"rip\" bitsize=\"64\" type=\"code_ptr\"/>"
    "<reg name=\"eflags\" bitsize=\"32\" type=\"i386_eflags\"/>"
    "<reg name=\"cs\" bitsize=\"32\" type=\"int32\"/>"
    "<reg name=\"ss\" bitsize=\"32\" type=\"int32\"/>"
    "<reg name=\"ds\" bitsize=\"32\" type=\"int32\"/>"
    "<reg name=\"es\" bitsize=\"32\" type=\"int32\"/>"
    "<reg name=\"fs\" bitsize=\"32\" type=\"int32\"/>"
    "<reg name=\"gs\" bitsize=\"32\" type=\"int32\"/>"
    "<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\"/>"
    "<reg name=\"st1\" bitsize=\"80\" type=\"i387_ext\"/>"
    "<reg name=\"st2\" bitsize=\"80\" type=\"i387_ext\"/>"
    "<reg name=\"st3\" bitsize=\"80\" type=\"i387_ext\"/>"
    "<reg name=\"st4\" bitsize=\"80\" type=\"i387_ext\"/>"
    "<reg name=\"st5\" bitsize=\"80\" type=\"i387_ext\"/>"
    "<reg name=\"st6\" bitsize=\"80\" type=\"i387_ext\"/>"
    "<reg name=\"st7\" bitsize=\"80\" type=\"i387_ext\"/>"
    "<reg name=\"fctrl\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
    "<reg name=\"fstat\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
    "<reg name=\"ftag\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
    "<reg name=\"fiseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
    "<reg name=\"fioff\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
    "<reg name=\"foseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
    "<reg name=\"fooff\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
    "<reg name=\"fop\" bitsize=\"32\" type=\"int\" group=\"float\"/>"
    "</feature>"
    "<feature name=\"org.gnu.gdb.i386.segments\">"
    "<reg name=\"fs_base\" bitsize=\"64\" type=\"int\"/>"
    "<reg name=\"gs_base\" bitsize=\"64\" type=\"int\"/>"
    "</feature></target>";

/* The registers of target_xml, in its order (gdb numbers them so). */
struct reg_slot {
    unsigned size;          /* bytes */
    int offset;             /* in struct gdb_regs, or -1: sent as unavailable */
};

#define REG(name) { sizeof ((struct gdb_regs *)0)->name, offsetof(struct gdb_regs, name) }
static const struct reg_slot reg_slots[] = {
    REG(rax), REG(rbx), REG(rcx), REG(rdx), REG(rsi), REG(rdi), REG(rbp), REG(rsp),
    REG(r8), REG(r9), REG(r10), REG(r11), REG(r12), REG(r13), REG(r14), REG(r15),
    REG(rip), REG(eflags), REG(cs), REG(ss), REG(ds), REG(es), REG(fs), REG(gs),
    { 10, -1 }, { 10, -1 }, { 10, -1 }, { 10, -1 },      /* st0..st7 */
    { 10, -1 }, { 10, -1 }, { 10, -1 }, { 10, -1 },
    { 4, -1 }, { 4, -1 }, { 4, -1 }, { 4, -1 },          /* fctrl..fop */
    { 4, -1 }, { 4, -1 }, { 4, -1 }, { 4, -1 },
    REG(fs_base), REG(gs_base),
};
#define NREGS (sizeof reg_slots / sizeof reg_slots[0])

/* ---- Parsing a packet's text ---- */

struct cursor {
    const char *p, *end;
};

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool at_end(const struct cursor *c)
{
    return c->p == c->end;
}

static bool take_char(struct cursor *c, char ch)
{
    if (at_end(c) || *c->p != ch)
        return false;
    c->p++;
    return true;
}

/* A hex number of at least one digit that fits 64 bits. */
static bool take_hex(struct cursor *c, uint64_t *v)
{
    const char *start = c->p;
    uint64_t x = 0;
    int d;

    while (!at_end(c) && (d = hex_value(*c->p)) >= 0) {
        if (x >> 60)
            return false;
        x = x << 4 | (unsigned)d;
        c->p++;
    }
    *v = x;
    return c->p > start;
}

/* "ADDR,LEN" with LEN at most MAX and the range inside the address space. */
static bool take_range(struct cursor *c, uint64_t *addr, size_t *len, size_t max)
{
    uint64_t n;

    if (!take_hex(c, addr) || !take_char(c, ',') || !take_hex(c, &n) || n > max)
        return false;
    *len = n;
    return n == 0 || *addr <= UINT64_MAX - (n - 1);
}

/* Exactly N bytes as 2N hex digits. */
static bool take_hex_bytes(struct cursor *c, uint8_t *out, size_t n)
{
    int hi, lo;

    if ((size_t)(c->end - c->p) < 2 * n)
        return false;
    for (size_t i = 0; i < n; i++, c->p += 2) {
        hi = hex_value(c->p[0]);
        lo = hex_value(c->p[1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

/* The rest of the packet as exactly N bytes of binary data ('}' escapes). */
static bool take_binary(struct cursor *c, uint8_t *out, size_t n)
{
    size_t i = 0;
    uint8_t b;

    while (!at_end(c) && i < n) {
        b = (uint8_t)*c->p++;
        if (b == '}') {
            if (at_end(c))
                return false;
            b = (uint8_t)*c->p++ ^ 0x20;
        }
        out[i++] = b;
    }
    return i == n && at_end(c);
}

/* Whether the ';'-separated list at C names WORD. */
static bool list_has(struct cursor c, const char *word)
{
    size_t n = strlen(word), len;
    const char *semi;

    while (!at_end(&c)) {
        semi = memchr(c.p, ';', (size_t)(c.end - c.p));
        len = semi ? (size_t)(semi - c.p) : (size_t)(c.end - c.p);
        if (len == n && memcmp(c.p, word, n) == 0)
            return true;
        c.p += semi ? len + 1 : len;
    }
    return false;
}

/* ---- The reply being built in g->out, "$" first ---- */

static const char hex_digits[] = "0123456789abcdef";

static void reply_start(struct gdb_remote *g)
{
    g->out[0] = '$';
    g->out_len = 1;
}

/* Room for N more characters, keeping 3 for "#cs". */
static bool reply_room(const struct gdb_remote *g, size_t n)
{
    return n <= sizeof g->out - 3 - g->out_len;
}

static void reply_char(struct gdb_remote *g, char ch)
{
    if (reply_room(g, 1))
        g->out[g->out_len++] = ch;
}

static void reply_str(struct gdb_remote *g, const char *s)
{
    while (*s)
        reply_char(g, *s++);
}

static void reply_hex_byte(struct gdb_remote *g, uint8_t b)
{
    reply_char(g, hex_digits[b >> 4]);
    reply_char(g, hex_digits[b & 15]);
}

/* N bytes of V, least significant first (x86's order). */
static void reply_le(struct gdb_remote *g, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++, v >>= 8)
        reply_hex_byte(g, (uint8_t)v);
}

static void reply_error(struct gdb_remote *g, uint8_t code)
{
    reply_char(g, 'E');
    reply_hex_byte(g, code);
}

/* ---- Bytes on the connection ---- */

static int write_all(int fd, const char *p, size_t n)
{
    ssize_t w;

    while (n) {
        w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The next byte from gdb, blocking; -1 when the connection has ended. */
static int next_byte(struct gdb_remote *g)
{
    ssize_t n;

    if (g->in_pos == g->in_len) {
        do
            n = read(g->in_fd, g->in, sizeof g->in);
        while (n < 0 && errno == EINTR);
        if (n <= 0)
            return -1;
        g->in_pos = 0;
        g->in_len = (size_t)n;
    }
    return g->in[g->in_pos++];
}

/* After '$': the data up to '#' and the checksum. 1 if intact, 0 if not
 * (too long, or a checksum that is not its sum), -1 if the connection ended. */
static int read_packet_body(struct gdb_remote *g)
{
    unsigned sum = 0;
    bool fits = true;
    int c, hi, lo;

    g->pkt_len = 0;
    while ((c = next_byte(g)) != '#') {
        if (c < 0)
            return -1;
        if (c == '$') {          /* gdb gave up on that one and began again */
            g->pkt_len = sum = 0;
            fits = true;
            continue;
        }
        if (g->pkt_len == GDB_PACKET_MAX)
            fits = false;
        else
            g->pkt[g->pkt_len++] = (char)c;
        sum += (unsigned)c;
    }
    g->pkt[g->pkt_len] = '\0';
    if ((hi = next_byte(g)) < 0 || (lo = next_byte(g)) < 0)
        return -1;
    hi = hex_value(hi);
    lo = hex_value(lo);
    return fits && hi >= 0 && lo >= 0 && (unsigned)(hi << 4 | lo) == (sum & 0xff);
}

/* Reads up to the next intact packet, acknowledging each packet: a damaged
 * one is refused ('-') for gdb to send again. Bytes between packets (stray
 * acks, a late 0x03) are skipped. 0, or -1 when the connection ended. */
static int read_packet(struct gdb_remote *g)
{
    int c, ok;

    for (;;) {
        if ((c = next_byte(g)) < 0)
            return -1;
        if (c != '$')
            continue;
        if ((ok = read_packet_body(g)) < 0 || write_all(g->out_fd, ok ? "+" : "-", 1) < 0)
            return -1;
        if (ok)
            return 0;
    }
}

/* Waits for gdb's verdict on what was sent: 1 '+', 0 '-', -1 ended. A new
 * packet instead means gdb took it; it is left to be read. */
static int read_ack(struct gdb_remote *g)
{
    int c;

    for (;;) {
        if ((c = next_byte(g)) < 0)
            return -1;
        if (c == '+')
            return 1;
        if (c == '-')
            return 0;
        if (c == '$') {
            g->in_pos--;
            return 1;
        }
    }
}

/* Frames g->out and sends it until gdb acknowledges it, or just once
 * when the session ends with it (gdb may hang up without the ack). */
static int send_reply(struct gdb_remote *g, bool last)
{
    unsigned sum = 0;
    int ack;

    for (size_t i = 1; i < g->out_len; i++)
        sum += (unsigned char)g->out[i];
    g->out[g->out_len++] = '#';
    g->out[g->out_len++] = hex_digits[sum >> 4 & 15];
    g->out[g->out_len++] = hex_digits[sum & 15];
    do {
        if (write_all(g->out_fd, g->out, g->out_len) < 0)
            return -1;
        if (last)
            return 0;
    } while ((ack = read_ack(g)) == 0);
    return ack < 0 ? -1 : 0;
}

/* ---- Software breakpoints: int3 written over the guest's byte ---- */

/* The table's entry for ADDR, or -1. */
static int bp_index(const struct gdb_remote *g, uint64_t addr)
{
    for (int i = 0; i < GDB_SW_BREAKPOINTS; i++)
        if (g->bp[i].used && g->bp[i].addr == addr)
            return i;
    return -1;
}

bool gdb_remote_breakpoint_at(const struct gdb_remote *g, uint64_t addr)
{
    return bp_index(g, addr) >= 0;
}

/* Inserting one twice keeps the first saved byte, not the int3. */
static int bp_insert(struct gdb_remote *g, uint64_t addr)
{
    static const uint8_t int3 = 0xcc;
    struct gdb_sw_breakpoint *b = NULL;

    if (bp_index(g, addr) >= 0)
        return 0;
    for (int i = 0; i < GDB_SW_BREAKPOINTS && !b; i++)
        if (!g->bp[i].used)
            b = &g->bp[i];
    if (!b || g->t->read_mem(g->ctx, addr, &b->saved, 1) < 0 ||
        g->t->write_mem(g->ctx, addr, &int3, 1) < 0)
        return -1;
    b->addr = addr;
    b->used = true;
    return 0;
}

/* Removing one that is not there is done already. */
static int bp_remove(struct gdb_remote *g, uint64_t addr)
{
    int i = bp_index(g, addr);

    if (i < 0)
        return 0;
    if (g->t->write_mem(g->ctx, addr, &g->bp[i].saved, 1) < 0)
        return -1;
    g->bp[i].used = false;
    return 0;
}

void gdb_remote_remove_all_breakpoints(struct gdb_remote *g)
{
    for (int i = 0; i < GDB_SW_BREAKPOINTS; i++)
        if (g->bp[i].used && bp_remove(g, g->bp[i].addr) < 0)
            g->bp[i].used = false;   /* the guest's memory is gone */
}

/* Whether breakpoint B lies in [ADDR, ADDR+LEN); its offset in *AT. */
static bool bp_within(const struct gdb_sw_breakpoint *b, uint64_t addr, size_t len,
                      size_t *at)
{
    if (!b->used || b->addr < addr || b->addr - addr >= len)
        return false;
    *at = (size_t)(b->addr - addr);
    return true;
}

/* Reads guest memory as it was before the breakpoints went in. */
static int mem_read(struct gdb_remote *g, uint64_t addr, size_t len)
{
    size_t at;

    if (g->t->read_mem(g->ctx, addr, g->data, len) < 0)
        return -1;
    for (int i = 0; i < GDB_SW_BREAKPOINTS; i++)
        if (bp_within(&g->bp[i], addr, len, &at))
            g->data[at] = g->bp[i].saved;
    return 0;
}

/* Writes g->data to guest memory; under a breakpoint the byte written
 * becomes the saved one and the int3 stays. */
static int mem_write(struct gdb_remote *g, uint64_t addr, size_t len)
{
    uint8_t wanted[GDB_SW_BREAKPOINTS];
    size_t at;

    for (int i = 0; i < GDB_SW_BREAKPOINTS; i++)
        if (bp_within(&g->bp[i], addr, len, &at)) {
            wanted[i] = g->data[at];
            g->data[at] = 0xcc;
        }
    if (len && g->t->write_mem(g->ctx, addr, g->data, len) < 0)
        return -1;
    for (int i = 0; i < GDB_SW_BREAKPOINTS; i++)
        if (bp_within(&g->bp[i], addr, len, &at))
            g->bp[i].saved = wanted[i];
    return 0;
}

/* ---- Packets ---- */

static void reply_stop(struct gdb_remote *g)
{
    static const char *const watch[] = { "", "", "watch:", "rwatch:", "awatch:" };
    struct gdb_regs r;

    reply_char(g, 'T');
    reply_hex_byte(g, (uint8_t)g->signal);
    if (g->watch_type) {
        reply_str(g, watch[g->watch_type]);
        for (int shift = 60; shift >= 0; shift -= 4)
            reply_char(g, hex_digits[g->watch_addr >> shift & 15]);
        reply_char(g, ';');
    } else if (g->swbreak && g->signal == 5 && g->t->get_regs(g->ctx, &r) == 0 &&
               gdb_remote_breakpoint_at(g, r.rip)) {
        /* gdb then takes RIP as the breakpoint's address, unadjusted */
        reply_str(g, "swbreak:;");
    }
}

static int on_stop_reason(struct gdb_remote *g, struct cursor *c)
{
    (void)c;
    reply_stop(g);
    return STAY;
}

static int on_supported(struct gdb_remote *g, struct cursor *c)
{
    char size[32];

    if (take_char(c, ':'))
        g->swbreak = list_has(*c, "swbreak+");
    snprintf(size, sizeof size, "PacketSize=%x", GDB_PACKET_MAX);
    reply_str(g, size);
    reply_str(g, ";qXfer:features:read+");
    if (g->swbreak)
        reply_str(g, ";swbreak+");
    return STAY;
}

/* qXfer:features:read:target.xml:OFFSET,LENGTH: 'm' and a part, or 'l'
 * and the last part, escaped as binary data. */
static int on_features(struct gdb_remote *g, struct cursor *c)
{
    static const char annex[] = "target.xml:";
    const size_t total = sizeof target_xml - 1;
    uint64_t off, len;
    size_t i, mark = g->out_len;
    char ch;

    if ((size_t)(c->end - c->p) < sizeof annex - 1 ||
        memcmp(c->p, annex, sizeof annex - 1) != 0) {
        reply_error(g, 0);
        return STAY;
    }
    c->p += sizeof annex - 1;
    if (!take_hex(c, &off) || !take_char(c, ',') || !take_hex(c, &len) || !at_end(c)) {
        reply_error(g, 0);
        return STAY;
    }
    reply_char(g, 'm');
    for (i = off < total ? (size_t)off : total; i < total && len; i++, len--) {
        ch = target_xml[i];
        if (!reply_room(g, 2))
            break;
        if (ch == '#' || ch == '$' || ch == '}' || ch == '*') {
            reply_char(g, '}');
            ch ^= 0x20;
        }
        reply_char(g, ch);
    }
    if (i == total)
        g->out[mark] = 'l';
    return STAY;
}

/* Register S of R as gdb wants it: its bytes, or 'x' for each digit. */
static void reply_reg(struct gdb_remote *g, const struct gdb_regs *r, const struct reg_slot *s)
{
    uint64_t v = 0;

    if (s->offset < 0) {
        for (unsigned k = 0; k < 2 * s->size; k++)
            reply_char(g, 'x');
        return;
    }
    memcpy(&v, (const char *)r + s->offset, s->size);
    reply_le(g, v, s->size);
}

static int on_read_regs(struct gdb_remote *g, struct cursor *c)
{
    struct gdb_regs r;

    if (!at_end(c) || g->t->get_regs(g->ctx, &r) < 0) {
        reply_error(g, 1);
        return STAY;
    }
    for (size_t i = 0; i < NREGS; i++)
        reply_reg(g, &r, &reg_slots[i]);
    return STAY;
}

/* One register's value, least significant byte first, into R. Those we
 * do not keep are skipped: hex digits or 'x'. */
static bool take_reg(struct cursor *c, const struct reg_slot *s, struct gdb_regs *r)
{
    uint8_t b[8];
    uint64_t v = 0;

    if (s->offset < 0) {
        for (unsigned k = 0; k < 2 * s->size; k++, c->p++)
            if (at_end(c) || (hex_value(*c->p) < 0 && *c->p != 'x'))
                return false;
        return true;
    }
    if (!take_hex_bytes(c, b, s->size))
        return false;
    for (unsigned k = s->size; k-- > 0;)
        v = v << 8 | b[k];
    memcpy((char *)r + s->offset, &v, s->size);
    return true;
}

static int on_write_regs(struct gdb_remote *g, struct cursor *c)
{
    struct gdb_regs r;
    bool ok = g->t->get_regs(g->ctx, &r) == 0;

    for (size_t i = 0; i < NREGS && ok; i++)
        ok = take_reg(c, &reg_slots[i], &r);
    if (ok && at_end(c) && g->t->set_regs(g->ctx, &r) == 0)
        reply_str(g, "OK");
    else
        reply_error(g, 1);
    return STAY;
}

static int on_read_reg(struct gdb_remote *g, struct cursor *c)
{
    struct gdb_regs r;
    uint64_t n;

    if (take_hex(c, &n) && at_end(c) && n < NREGS && g->t->get_regs(g->ctx, &r) == 0)
        reply_reg(g, &r, &reg_slots[n]);
    else
        reply_error(g, 1);
    return STAY;
}

static int on_write_reg(struct gdb_remote *g, struct cursor *c)
{
    struct gdb_regs r;
    uint64_t n;

    /* One gdb cannot see (x87) cannot be set either. */
    if (take_hex(c, &n) && take_char(c, '=') && n < NREGS && reg_slots[n].offset >= 0 &&
        g->t->get_regs(g->ctx, &r) == 0 && take_reg(c, &reg_slots[n], &r) &&
        at_end(c) && g->t->set_regs(g->ctx, &r) == 0)
        reply_str(g, "OK");
    else
        reply_error(g, 1);
    return STAY;
}

/* m ADDR,LEN: at most what a reply can carry as hex. */
static int on_read_mem(struct gdb_remote *g, struct cursor *c)
{
    uint64_t addr;
    size_t len;

    if (!take_range(c, &addr, &len, GDB_PACKET_MAX / 2) || len == 0 || !at_end(c) ||
        mem_read(g, addr, len) < 0) {
        reply_error(g, 1);
        return STAY;
    }
    for (size_t i = 0; i < len; i++)
        reply_hex_byte(g, g->data[i]);
    return STAY;
}

/* M ADDR,LEN:HEX and X ADDR,LEN:BINARY */
static int write_mem_packet(struct gdb_remote *g, struct cursor *c, bool binary)
{
    uint64_t addr;
    size_t len;
    bool ok = take_range(c, &addr, &len, sizeof g->data) && take_char(c, ':');

    if (ok && binary)
        ok = take_binary(c, g->data, len);
    else if (ok)
        ok = take_hex_bytes(c, g->data, len) && at_end(c);
    if (ok && mem_write(g, addr, len) == 0)
        reply_str(g, "OK");
    else
        reply_error(g, 1);
    return STAY;
}

static int on_write_mem_hex(struct gdb_remote *g, struct cursor *c)
{
    return write_mem_packet(g, c, false);
}

static int on_write_mem_binary(struct gdb_remote *g, struct cursor *c)
{
    return write_mem_packet(g, c, true);
}

/* Z/z TYPE,ADDR,KIND: software breakpoints here, the rest the target's. */
static int point_packet(struct gdb_remote *g, struct cursor *c, bool insert)
{
    uint64_t type, addr, kind;
    int r;

    if (!take_hex(c, &type) || !take_char(c, ',') || !take_hex(c, &addr) ||
        !take_char(c, ',') || !take_hex(c, &kind) || !at_end(c) || type > 4) {
        reply_error(g, 1);
        return STAY;
    }
    if (type == 0 && kind != 1) {       /* x86's int3 is one byte */
        reply_error(g, 1);
        return STAY;
    }
    if (type == 0)
        r = insert ? bp_insert(g, addr) : bp_remove(g, addr);
    else if (!g->t->hw_point)
        return STAY;                    /* the empty reply: not supported */
    else
        r = kind > 0xffff ? -1 : g->t->hw_point(g->ctx, (int)type, insert, addr, (unsigned)kind);
    if (r == 0)
        reply_str(g, "OK");
    else
        reply_error(g, 0x0e);
    return STAY;
}

static int on_insert_point(struct gdb_remote *g, struct cursor *c)
{
    return point_packet(g, c, true);
}

static int on_remove_point(struct gdb_remote *g, struct cursor *c)
{
    return point_packet(g, c, false);
}

/* c/s [ADDR] and C/S SIG[;ADDR]: signals mean nothing to a machine. */
static int resume(struct gdb_remote *g, struct cursor *c, bool with_signal, int how)
{
    struct gdb_regs r;
    uint64_t v;

    if (with_signal && !take_hex(c, &v)) {
        reply_error(g, 1);
        return STAY;
    }
    if (at_end(c))
        return how;
    if ((with_signal && !take_char(c, ';')) || !take_hex(c, &v) || !at_end(c) ||
        g->t->get_regs(g->ctx, &r) < 0) {
        reply_error(g, 1);
        return STAY;
    }
    r.rip = v;
    if (g->t->set_regs(g->ctx, &r) < 0) {
        reply_error(g, 1);
        return STAY;
    }
    return how;
}

static int on_continue(struct gdb_remote *g, struct cursor *c)
{
    return resume(g, c, false, GDB_RESUME_CONTINUE);
}

static int on_continue_signal(struct gdb_remote *g, struct cursor *c)
{
    return resume(g, c, true, GDB_RESUME_CONTINUE);
}

static int on_step(struct gdb_remote *g, struct cursor *c)
{
    return resume(g, c, false, GDB_RESUME_STEP);
}

static int on_step_signal(struct gdb_remote *g, struct cursor *c)
{
    return resume(g, c, true, GDB_RESUME_STEP);
}

static int on_detach(struct gdb_remote *g, struct cursor *c)
{
    (void)c;
    reply_str(g, "OK");
    return GDB_RESUME_DETACH;
}

static int on_kill(struct gdb_remote *g, struct cursor *c)
{
    (void)g;
    (void)c;
    return GDB_RESUME_KILL;
}

/* One thread: whichever gdb picks is it. */
static int on_ok(struct gdb_remote *g, struct cursor *c)
{
    (void)c;
    reply_str(g, "OK");
    return STAY;
}

/* Attached to a machine that was there before: quitting gdb detaches. */
static int on_attached(struct gdb_remote *g, struct cursor *c)
{
    (void)c;
    reply_str(g, "1");
    return STAY;
}

/* By the packet's first characters; anything else (vMustReplyEmpty, vCont?,
 * qC, qfThreadInfo, ...) gets the empty reply, "not supported". */
static const struct {
    const char *name;
    int (*handle)(struct gdb_remote *g, struct cursor *c);
} packets[] = {
    { "?", on_stop_reason },
    { "qSupported", on_supported },
    { "qXfer:features:read:", on_features },
    { "qAttached", on_attached },
    { "g", on_read_regs },
    { "G", on_write_regs },
    { "p", on_read_reg },
    { "P", on_write_reg },
    { "m", on_read_mem },
    { "M", on_write_mem_hex },
    { "X", on_write_mem_binary },
    { "Z", on_insert_point },
    { "z", on_remove_point },
    { "c", on_continue },
    { "C", on_continue_signal },
    { "s", on_step },
    { "S", on_step_signal },
    { "D", on_detach },
    { "k", on_kill },
    { "H", on_ok },
};

/* Builds the reply to g->pkt; STAY, or what gdb asked the machine to do. */
static int serve_packet(struct gdb_remote *g)
{
    struct cursor c = { g->pkt, g->pkt + g->pkt_len };
    size_t n;

    reply_start(g);
    for (size_t i = 0; i < sizeof packets / sizeof packets[0]; i++) {
        n = strlen(packets[i].name);
        if (g->pkt_len >= n && memcmp(g->pkt, packets[i].name, n) == 0) {
            c.p += n;
            return packets[i].handle(g, &c);
        }
    }
    return STAY;
}

/* ---- The session ---- */

static void end_session(struct gdb_remote *g)
{
    gdb_remote_remove_all_breakpoints(g);
    if (g->out_fd != g->in_fd)
        close(g->out_fd);
    close(g->in_fd);
    g->in_fd = g->out_fd = -1;
}

void gdb_remote_init(struct gdb_remote *g, int in_fd, int out_fd,
                     const struct gdb_target *t, void *ctx)
{
    memset(g, 0, offsetof(struct gdb_remote, in));
    g->in_fd = in_fd;
    g->out_fd = out_fd;
    g->t = t;
    g->ctx = ctx;
}

int gdb_remote_stopped(struct gdb_remote *g, int signal)
{
    int r;

    if (g->in_fd < 0)
        return -1;
    g->signal = signal & 0xff;
    if (g->running) {
        g->running = false;
        reply_start(g);
        reply_stop(g);
        if (send_reply(g, false) < 0) {
            end_session(g);
            return -1;
        }
    }
    for (;;) {
        if (read_packet(g) < 0) {
            r = -1;
            break;
        }
        r = serve_packet(g);
        if ((r == STAY || r == GDB_RESUME_DETACH) &&
            send_reply(g, r == GDB_RESUME_DETACH) < 0) {
            r = -1;
            break;
        }
        if (r == GDB_RESUME_CONTINUE || r == GDB_RESUME_STEP) {
            g->running = true;
            g->watch_type = 0;
            return r;
        }
        if (r != STAY)
            break;
    }
    end_session(g);
    return r;
}

void gdb_remote_watchpoint_hit(struct gdb_remote *g, int type, uint64_t addr)
{
    if (type >= 2 && type <= 4) {
        g->watch_type = type;
        g->watch_addr = addr;
    }
}

/* In all-stop mode gdb sends nothing but 0x03 while the machine runs;
 * whatever else comes then is dropped. */
bool gdb_remote_interrupted(struct gdb_remote *g)
{
    struct pollfd p = { .fd = g->in_fd, .events = POLLIN };
    bool seen = false;
    ssize_t n;

    if (g->in_fd < 0)
        return false;
    for (; g->in_pos < g->in_len; g->in_pos++)
        seen |= g->in[g->in_pos] == 0x03;
    if (poll(&p, 1, 0) <= 0)
        return seen;
    n = read(g->in_fd, g->in, sizeof g->in);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return seen;
    if (n <= 0) {
        end_session(g);
        return true;
    }
    for (ssize_t i = 0; i < n; i++)
        seen |= g->in[i] == 0x03;
    g->in_pos = g->in_len = 0;
    return seen;
}

void gdb_remote_exited(struct gdb_remote *g, int status)
{
    if (g->in_fd < 0)
        return;
    reply_start(g);
    reply_char(g, 'W');
    reply_hex_byte(g, (uint8_t)status);
    (void)send_reply(g, true);
    end_session(g);
}

int gdb_remote_listen(unsigned port, struct errbuf *err)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                              .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int one = 1, lfd;

    if (port == 0 || port > 65535)
        return err_set(err, "gdb port %u: not a TCP port (1 to 65535)", port);
    lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd < 0)
        return err_set(err, "gdb port %u: socket: %m", port);
    if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(lfd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(lfd, 1) < 0) {
        err_set(err, "gdb port %u: %m", port);
        close(lfd);
        return -1;
    }
    return lfd;
}

int gdb_remote_accept_client(int lfd, unsigned port, struct errbuf *err)
{
    int one = 1, fd;

    do
        fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        err_set(err, "gdb port %u: accept: %m", port);
    close(lfd);
    if (fd < 0)
        return -1;
    /* Packets are small and each waits for its answer. */
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0) {
        err_set(err, "gdb port %u: TCP_NODELAY: %m", port);
        close(fd);
        return -1;
    }
    return fd;
}

int gdb_remote_accept(struct gdb_remote *g, unsigned port, const struct gdb_target *t,
                      void *ctx, struct errbuf *err)
{
    int lfd = gdb_remote_listen(port, err), fd;

    if (lfd < 0)
        return -1;
    fd = gdb_remote_accept_client(lfd, port, err);
    if (fd < 0)
        return -1;
    gdb_remote_init(g, fd, fd, t, ctx);
    return 0;
}
