/* SPDX-License-Identifier: ISC */
/*
 * The GDB remote stub (hostlib/gdb_remote.c) over a socketpair: this
 * thread plays gdb, sending packets by hand and checking every reply's
 * framing and checksum; another runs the stub and a fake machine (16 KiB
 * of RAM at 0x1000) as a vCPU loop would. Malformed input gets '-' or an
 * E reply and changes nothing; the stub never hangs (every wait here
 * times out) and never overruns (ASan, UBSan).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "gdb_remote.h"

#define RAM_BASE 0x1000u
#define RAM_SIZE 0x4000u
#define EXITED 100          /* the engine thread's result after a W */

/* The fake machine. Continuing runs to the next software breakpoint,
 * or ends the machine if exit_status >= 0, or spins until 0x03. */
static struct {
    struct gdb_regs r;
    uint8_t ram[RAM_SIZE];
    int exit_status;
    int hw_type, hw_result;
    bool hw_insert;
    uint64_t hw_addr;
    unsigned hw_len;
} m;

static struct gdb_remote g;
static pthread_t engine_thread;
static int peer = -1, engine_result;
static char got[2 * GDB_PACKET_MAX + 64];     /* the last reply's data */

static bool in_ram(uint64_t addr, size_t len)
{
    return addr >= RAM_BASE && addr - RAM_BASE <= RAM_SIZE &&
           len <= RAM_SIZE - (addr - RAM_BASE);
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
    if (!in_ram(addr, len))
        return -1;
    memcpy(buf, m.ram + (addr - RAM_BASE), len);
    return 0;
}

static int write_mem(void *ctx, uint64_t addr, const void *buf, size_t len)
{
    (void)ctx;
    if (!in_ram(addr, len))
        return -1;
    memcpy(m.ram + (addr - RAM_BASE), buf, len);
    return 0;
}

static int hw_point(void *ctx, int type, bool insert, uint64_t addr, unsigned len)
{
    (void)ctx;
    m.hw_type = type;
    m.hw_insert = insert;
    m.hw_addr = addr;
    m.hw_len = len;
    return m.hw_result;
}

static const struct gdb_target target = { get_regs, set_regs, read_mem, write_mem, hw_point };
static const struct gdb_target target_no_hw = { get_regs, set_regs, read_mem, write_mem, NULL };

static void pause_ms(long ms)
{
    struct timespec t = { 0, ms * 1000000 };

    nanosleep(&t, NULL);
}

/* Continue: the signal to stop with, or -1 when the machine ends. */
static int run(void)
{
    for (uint64_t a = m.r.rip; in_ram(a, 1); a++)
        if (gdb_remote_breakpoint_at(&g, a)) {
            m.r.rip = a;
            return 5;
        }
    if (m.exit_status >= 0)
        return -1;
    while (!gdb_remote_interrupted(&g))
        pause_ms(1);
    return 2;
}

static void *engine(void *arg)
{
    int signal = 5, r;

    (void)arg;
    for (;;) {
        r = gdb_remote_stopped(&g, signal);
        if (r == GDB_RESUME_STEP) {
            m.r.rip++;
            signal = 5;
        } else if (r == GDB_RESUME_CONTINUE) {
            signal = run();
        } else {
            break;
        }
        if (signal < 0) {
            gdb_remote_exited(&g, m.exit_status);
            r = EXITED;
            break;
        }
    }
    engine_result = r;
    return NULL;
}

/* A new machine and session; the RAM holds its offsets' low bytes. */
static void start_with(const struct gdb_target *t)
{
    int sv[2];

    memset(&m, 0, sizeof m);
    for (unsigned i = 0; i < RAM_SIZE; i++)
        m.ram[i] = (uint8_t)i;
    m.r = (struct gdb_regs){ .rax = 0x1122334455667788, .rip = 0x1000, .rsp = 0x4f00,
                             .eflags = 0x246, .cs = 0x10, .ss = 0x18, .fs_base = 0xabc };
    m.exit_status = -1;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        abort();
    gdb_remote_init(&g, sv[0], sv[0], t, NULL);
    peer = sv[1];
    if (pthread_create(&engine_thread, NULL, engine, NULL) != 0)
        abort();
}

static void start(void)
{
    start_with(&target);
}

/* Hangs up and waits for the engine; its result. */
static int finish(void)
{
    close(peer);
    pthread_join(engine_thread, NULL);
    return engine_result;
}

/* ---- gdb's side ---- */

/* What the stub does not read once it has hung up is lost, as on TCP. */
static void put(const char *p, size_t n)
{
    ssize_t w;

    for (; n; p += w, n -= (size_t)w)
        if ((w = write(peer, p, n)) <= 0)
            return;
}

static void put_str(const char *s)
{
    put(s, strlen(s));
}

static unsigned checksum(const char *p, size_t n)
{
    unsigned sum = 0;

    while (n--)
        sum += (unsigned char)*p++;
    return sum & 0xff;
}

static void put_packet_n(const char *data, size_t n)
{
    char cs[4];

    snprintf(cs, sizeof cs, "#%02x", checksum(data, n));
    put("$", 1);
    put(data, n);
    put(cs, 3);
}

static void put_packet(const char *data)
{
    put_packet_n(data, strlen(data));
}

/* The next byte from the stub within 5 s; -1 on timeout or hang-up. */
static int get_byte(void)
{
    struct pollfd p = { .fd = peer, .events = POLLIN };
    unsigned char c;

    if (poll(&p, 1, 5000) != 1 || read(peer, &c, 1) != 1)
        return -1;
    return c;
}

/* Reads one "$data#cs" into got: false if it is late, malformed or its
 * checksum is wrong. */
static bool get_reply(void)
{
    size_t n = 0;
    int c, hi, lo;
    char cs[3];

    if (get_byte() != '$')
        return false;
    while ((c = get_byte()) != '#') {
        if (c < 0 || c == '$' || n == sizeof got - 1)
            return false;
        got[n++] = (char)c;
    }
    got[n] = '\0';
    if ((hi = get_byte()) < 0 || (lo = get_byte()) < 0)
        return false;
    snprintf(cs, sizeof cs, "%02x", checksum(got, n));
    return hi == cs[0] && lo == cs[1];
}

/* As gdb does: sends PKT, takes the '+', reads the reply and acks it.
 * NULL if the stub did anything else. */
static const char *ask_n(const char *pkt, size_t n)
{
    put_packet_n(pkt, n);
    if (get_byte() != '+' || !get_reply())
        return NULL;
    put_str("+");
    return got;
}

static const char *ask(const char *pkt)
{
    return ask_n(pkt, strlen(pkt));
}

static bool replies(const char *pkt, const char *want)
{
    const char *r = ask(pkt);

    if (r && strcmp(r, want) == 0)
        return true;
    check_note("%s: got \"%.80s\", want \"%s\"", pkt, r ? r : "(no reply)", want);
    return false;
}

/* c or s: the '+' now, the stop reply when the machine stops. */
static const char *resume(const char *pkt)
{
    put_packet(pkt);
    if (get_byte() != '+' || !get_reply())
        return NULL;
    put_str("+");
    return got;
}

/* c or s that the machine does not stop from by itself: just the '+'. */
static bool go(const char *pkt)
{
    put_packet(pkt);
    return get_byte() == '+';
}

/* ---- Framing and acknowledgement ---- */

static void test_framing(void)
{
    int c;

    start();
    CHECK(replies("?", "T05"), "? reports the stop's signal, acked with '+'");
    put_str("$?#00");
    CHECK(get_byte() == '-', "a packet with a wrong checksum is refused with '-'");
    put_str("$?#zz");
    CHECK(get_byte() == '-', "a checksum that is not hex is refused with '-'");
    put_str("$?#3F");
    CHECK(get_byte() == '+' && get_reply() && strcmp(got, "T05") == 0,
          "an upper-case checksum is good, and the refused packets got no reply");
    put_str("+");
    put_packet("?");
    c = get_byte();
    CHECK(c == '+' && get_reply(), "a reply is sent");
    put_str("-");
    CHECK(get_reply() && strcmp(got, "T05") == 0, "a reply refused with '-' is sent again");
    put_str("+");
    put_str("+-\x03junk");
    CHECK(replies("?", "T05"), "stray acks, 0x03 and noise between packets are skipped");
    put_str("$m1000,4");
    CHECK(replies("?", "T05"), "a packet cut short by a new '$' is dropped for the new one");
    CHECK(finish() == -1, "hanging up ends the session: gdb_remote_stopped returns -1");
    CHECK(gdb_remote_stopped(&g, 5) == -1, "an ended session stays ended");
}

static void test_truncated(void)
{
    start();
    put_str("$m1000,4#");
    CHECK(finish() == -1, "a packet whose checksum never comes: -1 when the connection ends");
    start();
    put_str("$m1000,4");
    CHECK(finish() == -1, "a packet cut short by the end of the connection: -1");
}

static void test_too_long(void)
{
    static char big[GDB_PACKET_MAX + 2];

    start();
    memset(big, '0', sizeof big);
    big[0] = 'm';
    put_packet_n(big, GDB_PACKET_MAX + 1);
    CHECK(get_byte() == '-', "a packet over GDB_PACKET_MAX (%d) bytes is refused", GDB_PACKET_MAX);
    CHECK(replies("?", "T05"), "and the next one is served");
    memcpy(big, "X1000,0:", 8);
    CHECK(ask_n(big, GDB_PACKET_MAX) && strcmp(got, "E01") == 0,
          "a packet of exactly GDB_PACKET_MAX bytes is taken (X with surplus data: E01)");
    finish();
}

/* ---- Queries ---- */

static void test_queries(void)
{
    char doc[8192] = "", req[64];
    size_t n = 0;
    const char *r;

    start();
    CHECK(replies("qSupported:multiprocess+;swbreak+;hwbreak+",
                  "PacketSize=4000;qXfer:features:read+;swbreak+"),
          "qSupported: packet size, the target description, swbreak as gdb offered it");
    CHECK(replies("qSupported:multiprocess+", "PacketSize=4000;qXfer:features:read+"),
          "qSupported without swbreak+ from gdb: not offered");
    CHECK(replies("vMustReplyEmpty", ""), "vMustReplyEmpty gets the empty reply");
    CHECK(replies("qFrobnicate:1", "") && replies("vCont?", "") && replies("!", ""),
          "unknown packets get the empty reply");
    CHECK(replies("qAttached", "1") && replies("qAttached:1", "1"),
          "qAttached: 1, an existing machine (quitting gdb detaches)");
    CHECK(replies("Hg0", "OK") && replies("Hc-1", "OK"), "H selects the one thread: OK");
    do {
        snprintf(req, sizeof req, "qXfer:features:read:target.xml:%zx,100", n);
        r = ask(req);
        if (!r || (r[0] != 'm' && r[0] != 'l') || n + strlen(r + 1) >= sizeof doc)
            break;
        memcpy(doc + n, r + 1, strlen(r + 1) + 1);
        n += strlen(r + 1);
    } while (r[0] == 'm');
    CHECK(r && r[0] == 'l' && strncmp(doc, "<?xml", 5) == 0 &&
          strstr(doc, "<architecture>i386:x86-64</architecture>") &&
          strstr(doc, "org.gnu.gdb.i386.core") && strstr(doc, "name=\"gs_base\"") &&
          strcmp(doc + n - 9, "</target>") == 0,
          "qXfer:features:read serves the target description in parts, 'l' last");
    CHECK(replies("qXfer:features:read:target.xml:ffff,100", "l"),
          "qXfer past the end: 'l' and nothing");
    CHECK(replies("qXfer:features:read:other.xml:0,100", "E00"), "qXfer of another annex: E00");
    CHECK(replies("qXfer:features:read:target.xml:0", "E00") &&
          replies("qXfer:features:read:target.xml:0,1x", "E00"),
          "qXfer without a length, or with junk after it: E00");
    finish();
}

/* ---- Registers ---- */

/* The 'g' layout: 17 8-byte registers, 7 of 4, x87's 8 of 10 and 8 of 4
 * unavailable, the 2 segment bases. In hex digits: */
#define G_LEN (2 * (17 * 8 + 7 * 4 + 8 * 10 + 8 * 4 + 2 * 8))
#define G_X87 (2 * (17 * 8 + 7 * 4))
#define G_FSBASE (G_X87 + 2 * (8 * 10 + 8 * 4))

static bool all_x(const char *p, size_t n)
{
    while (n--)
        if (*p++ != 'x')
            return false;
    return true;
}

static void test_registers(void)
{
    static char gpkt[G_LEN + 2];
    const char *r;

    start();
    r = ask("g");
    CHECK(r && strlen(r) == G_LEN && strncmp(r, "8877665544332211", 16) == 0 &&
          strncmp(r + 16 * 16, "0010000000000000", 16) == 0 &&
          strncmp(r + 17 * 16, "46020000", 8) == 0 && all_x(r + G_X87, G_FSBASE - G_X87) &&
          strncmp(r + G_FSBASE, "bc0a000000000000", 16) == 0,
          "g: rax first, rip, eflags, x87 as 'x', fs_base, least significant byte first");
    if (r) {
        gpkt[0] = 'G';
        memcpy(gpkt + 1, r, G_LEN + 1);
        memcpy(gpkt + 1, "0100000000000000", 16);
        CHECK(replies(gpkt, "OK") && m.r.rax == 1 && m.r.rip == 0x1000 && m.r.fs_base == 0xabc,
              "G writes back what g read, with rax changed (x87's 'x' are skipped)");
        gpkt[G_LEN] = '\0';
        CHECK(replies(gpkt, "E01"), "G one digit short: E01");
        gpkt[G_LEN] = '0';
        gpkt[5] = 'g';
        CHECK(replies(gpkt, "E01") && m.r.rax == 1, "G with a non-hex digit: E01, nothing set");
    }
    CHECK(replies("p10", "0010000000000000"), "p16 (rip)");
    CHECK(replies("p11", "46020000"), "p17 (eflags) is 4 bytes");
    CHECK(replies("p18", "xxxxxxxxxxxxxxxxxxxx"), "p24 (st0) is unavailable");
    CHECK(replies("p28", "bc0a000000000000"), "p40 is fs_base");
    CHECK(replies("p2a", "E01") && replies("pffffffffffffffffff", "E01") && replies("p", "E01"),
          "p past the last register, with an overflowing number, or none: E01");
    CHECK(replies("P7=0080000000000000", "OK") && m.r.rsp == 0x8000, "P7 sets rsp");
    CHECK(replies("P11=02000000", "OK") && m.r.eflags == 2, "P17 sets eflags (4 bytes)");
    CHECK(replies("P18=0000000000000080ff3f", "E01"), "P24 (st0, unavailable): E01");
    CHECK(replies("P7=00800000", "E01") && replies("P7=008000000000000000", "E01") &&
          replies("P7:0080000000000000", "E01") && replies("P2a=00", "E01") &&
          m.r.rsp == 0x8000,
          "P with a short or long value, no '=', or a register past the last: E01");
    finish();
}

/* ---- Memory ---- */

static void test_memory(void)
{
    static char big[2 * 0x2000 + 32];
    const char *r;

    start();
    CHECK(replies("m1000,4", "00010203"), "m reads guest memory as hex");
    CHECK(replies("m4ffe,2", "feff"), "m of the last two bytes of RAM");
    CHECK(replies("m4fff,2", "E01"), "m running past RAM's end: the target's -1 is E01");
    CHECK(replies("m1000,0", "E01"), "m of nothing: E01");
    CHECK(replies("m1000,2001", "E01") && replies("m1000,ffffffffffffffff", "E01"),
          "m of more than a reply carries (0x2000 bytes): E01");
    r = ask("m1000,2000");
    CHECK(r && strlen(r) == 2 * 0x2000 && strncmp(r + 2 * 0x1fff, "ff", 2) == 0,
          "m of 0x2000 bytes, the most a reply carries");
    CHECK(replies("mffffffffffffffff,2", "E01"), "m wrapping past the top of the address space: E01");
    CHECK(replies("mffffffffffffffff,1", "E01"), "m of the last byte of the address space: E01 (no RAM)");
    CHECK(replies("m10000000000000000,1", "E01"), "an address of 65 bits: E01");
    CHECK(replies("m10g0,4", "E01") && replies("m1000;4", "E01") && replies("m,4", "E01") &&
          replies("m1000,4,", "E01"),
          "m with bad hex, a wrong separator, no address or junk after: E01");
    CHECK(replies("M1000,2:aabb", "OK") && m.ram[0] == 0xaa && m.ram[1] == 0xbb,
          "M writes hex bytes to guest memory");
    CHECK(replies("M1002,2:zz00", "E01") && m.ram[2] == 2 && m.ram[3] == 3,
          "M with bad hex: E01, memory unchanged");
    CHECK(replies("M1002,2:cc", "E01") && replies("M1002,2:ccddee", "E01") && m.ram[2] == 2,
          "M with fewer or more bytes than its length: E01");
    CHECK(replies("M4fff,2:0102", "E01") && m.ram[RAM_SIZE - 1] == 0xff,
          "M past RAM's end: E01");
    CHECK(replies("Mffffffffffffffff,2:0102", "E01"), "M wrapping the address space: E01");
    CHECK(replies("M1000,ffffffffffff:00", "E01"), "M with a huge length: E01");
    CHECK(replies("X1000,0:", "OK"), "X of nothing (gdb's probe): OK");
    CHECK(replies("X1004,4:}\x03}\x04}]}\x0a", "OK") && memcmp(m.ram + 4, "#$}*", 4) == 0,
          "X writes binary data, '}' escaping # $ } *");
    CHECK(replies("X1004,2:a}", "E01") && m.ram[4] == '#', "X ending in a lone '}': E01");
    CHECK(replies("X1004,2:a", "E01") && replies("X1004,2:abc", "E01") && m.ram[4] == '#',
          "X with fewer or more bytes than its length: E01");
    memset(big, 'a', sizeof big);
    memcpy(big, "M1000,2000:", 11);
    big[11 + 2 * 0x2000] = '\0';
    put_packet(big);
    CHECK(get_byte() == '-', "M of 0x2000 bytes is longer than a packet: refused ('-')");
    finish();
}

/* ---- Software and hardware breakpoints ---- */

static void test_breakpoints(void)
{
    char pkt[64];
    bool all = true;
    const char *r;

    start();
    CHECK(replies("Z0,1010,1", "OK") && m.ram[0x10] == 0xcc && gdb_remote_breakpoint_at(&g, 0x1010),
          "Z0 writes int3 over the byte, and the target can ask about it");
    CHECK(!gdb_remote_breakpoint_at(&g, 0x1011), "no breakpoint at the next byte");
    CHECK(replies("m100e,4", "0e0f1011"), "m shows the byte under the breakpoint, not int3");
    CHECK(replies("Z0,1010,1", "OK") && replies("z0,1010,1", "OK") && m.ram[0x10] == 0x10,
          "Z0 twice then z0: the original byte is back, not the int3");
    CHECK(!gdb_remote_breakpoint_at(&g, 0x1010), "z0 forgets it");
    CHECK(replies("z0,1010,1", "OK"), "z0 of a breakpoint not there: OK, done already");
    CHECK(replies("Z0,1020,1", "OK") && replies("M101f,3:a1a2a3", "OK") &&
          m.ram[0x1f] == 0xa1 && m.ram[0x20] == 0xcc && m.ram[0x21] == 0xa3,
          "M over a breakpoint keeps the int3 in memory");
    CHECK(replies("m101f,3", "a1a2a3") && replies("z0,1020,1", "OK") && m.ram[0x20] == 0xa2,
          "and the byte written there is what z0 puts back");
    CHECK(replies("Z0,1030,2", "E01") && m.ram[0x30] == 0x30, "Z0 of kind 2: E01 (int3 is 1 byte)");
    CHECK(replies("Z0,9000,1", "E0e"), "Z0 outside RAM: the target's -1 is E0e");
    CHECK(replies("Z0,1030", "E01") && replies("Z0,1030,1;X1,0", "E01") && replies("Z5,1030,1", "E01") &&
          replies("Z,1030,1", "E01") && m.ram[0x30] == 0x30,
          "Z without kind, with conditions, of type 5 or none: E01");
    for (int i = 0; i < GDB_SW_BREAKPOINTS; i++) {
        snprintf(pkt, sizeof pkt, "Z0,%x,1", 0x1100 + i);
        all &= replies(pkt, "OK");
    }
    CHECK(all, "%d software breakpoints go in", GDB_SW_BREAKPOINTS);
    CHECK(replies("Z0,1200,1", "E0e") && m.ram[0x200] == 0x00, "one more: E0e, memory untouched");
    r = ask("Z0,1100,1");
    CHECK(r && strcmp(r, "OK") == 0, "inserting one already there needs no new entry");
    gdb_remote_remove_all_breakpoints(&g);
    all = true;
    for (int i = 0; i < GDB_SW_BREAKPOINTS; i++)
        all &= m.ram[0x100 + i] == (uint8_t)(0x100 + i);
    CHECK(all && !gdb_remote_breakpoint_at(&g, 0x1100),
          "gdb_remote_remove_all_breakpoints puts every byte back");
    m.hw_result = 0;
    CHECK(replies("Z1,2000,1", "OK") && m.hw_type == 1 && m.hw_insert && m.hw_addr == 0x2000 &&
          m.hw_len == 1, "Z1 goes to the target's hw_point");
    CHECK(replies("z2,2008,4", "OK") && m.hw_type == 2 && !m.hw_insert && m.hw_len == 4,
          "z2 goes to it too, with the watched length");
    m.hw_result = -1;
    CHECK(replies("Z4,2000,8", "E0e"), "a hw_point the target refuses: E0e");
    finish();
    start_with(&target_no_hw);
    CHECK(replies("Z1,2000,1", "") && replies("Z2,2000,4", ""),
          "without hw_point, Z1..Z4 get the empty reply (not supported)");
    finish();
}

/* ---- Running, stopping, ending ---- */

static void test_resume(void)
{
    start();
    CHECK(replies("qSupported:swbreak+", "PacketSize=4000;qXfer:features:read+;swbreak+"),
          "swbreak agreed");
    CHECK(replies("Z0,1040,1", "OK"), "a breakpoint at 0x1040");
    CHECK(resume("c") && strcmp(got, "T05swbreak:;") == 0 && m.r.rip == 0x1040,
          "c: the stop at the breakpoint is T05 with swbreak");
    CHECK(replies("?", "T05swbreak:;"), "? says the same again");
    CHECK(replies("z0,1040,1", "OK") && resume("s") && strcmp(got, "T05") == 0 &&
          m.r.rip == 0x1041, "s: one step, a plain T05");
    CHECK(go("c1050"), "c with an address: acked, the machine runs from there");
    put_str("\x03");
    CHECK(get_reply() && strcmp(got, "T02") == 0 && m.r.rip == 0x1050,
          "0x03 while it runs interrupts it: T02, from the new address");
    put_str("+");
    CHECK(resume("S05;1060") && strcmp(got, "T05") == 0 && m.r.rip == 0x1061,
          "S with a signal and address steps from there");
    CHECK(replies("cxyz", "E01") && replies("C05;", "E01") && replies("Cz", "E01"),
          "c with a bad address, C with a bad signal or address: E01, it stays stopped");
    gdb_remote_watchpoint_hit(&g, 3, 0x2468);
    CHECK(replies("?", "T05rwatch:0000000000002468;"),
          "a watchpoint hit is named in the stop reply, with its address");
    CHECK(resume("s") && strcmp(got, "T05") == 0, "and forgotten once the machine moves on");
    m.exit_status = 3;
    CHECK(resume("c") && strcmp(got, "W03") == 0, "the machine's end: W with its status");
    CHECK(get_byte() == -1 && finish() == EXITED, "and the session is over, the connection closed");
    CHECK(!gdb_remote_interrupted(&g), "an ended session is never interrupted");
}

static void test_ending(void)
{
    start();
    CHECK(replies("Z0,1010,1", "OK"), "a breakpoint before k");
    put_packet("k");
    CHECK(get_byte() == '+' && get_byte() == -1, "k: acked, no reply, the connection closed");
    CHECK(finish() == GDB_RESUME_KILL && m.ram[0x10] == 0x10,
          "gdb_remote_stopped returns KILL, the breakpoint removed");
    start();
    CHECK(replies("Z0,1010,1", "OK") && replies("D", "OK") && get_byte() == -1,
          "D: OK, then the connection closes");
    CHECK(finish() == GDB_RESUME_DETACH && m.ram[0x10] == 0x10, "DETACH, the breakpoint removed");
    start();
    CHECK(replies("Z0,1010,1", "OK") && resume("c") && replies("Z0,1020,1", "OK") &&
          go("c1021"), "running with two breakpoints in");
    close(peer);
    pthread_join(engine_thread, NULL);
    CHECK(engine_result == -1 && m.ram[0x10] == 0x10 && m.ram[0x20] == 0x20,
          "gdb hanging up while it runs: interrupted, then -1, the guest's bytes back");
}

/* ---- The listening socket ---- */

static unsigned free_port(int *fd)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof sa;

    *fd = socket(AF_INET, SOCK_STREAM, 0);
    if (*fd < 0 || bind(*fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
        getsockname(*fd, (struct sockaddr *)&sa, &len) < 0)
        abort();
    return ntohs(sa.sin_port);
}

static void *accept_one(void *arg)
{
    struct errbuf err = { "" };

    engine_result = gdb_remote_accept(&g, *(unsigned *)arg, &target, NULL, &err);
    if (engine_result == 0)
        engine_result = gdb_remote_stopped(&g, 5);
    return NULL;
}

static void test_accept(void)
{
    struct errbuf err = { "" };
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    char want[128];
    unsigned port;
    int fd;

    CHECK(gdb_remote_accept(&g, 0, &target, NULL, &err) == -1 &&
          strcmp(err.msg, "gdb port 0: not a TCP port (1 to 65535)") == 0,
          "port 0 is refused, naming it (%s)", err.msg);
    CHECK(gdb_remote_accept(&g, 65536, &target, NULL, &err) == -1 &&
          strstr(err.msg, "gdb port 65536: ") == err.msg, "port 65536 is refused");
    port = free_port(&fd);
    listen(fd, 1);
    snprintf(want, sizeof want, "gdb port %u: Address already in use", port);
    CHECK(gdb_remote_accept(&g, port, &target, NULL, &err) == -1 && strcmp(err.msg, want) == 0,
          "a port another socket listens on: one line, port and reason (%s)", err.msg);
    close(fd);
    port = free_port(&fd);
    close(fd);
    memset(&m, 0, sizeof m);
    pthread_create(&engine_thread, NULL, accept_one, &port);
    sa.sin_port = htons((uint16_t)port);
    peer = socket(AF_INET, SOCK_STREAM, 0);
    for (int i = 0; i < 500 && connect(peer, (struct sockaddr *)&sa, sizeof sa) < 0; i++) {
        close(peer);
        peer = socket(AF_INET, SOCK_STREAM, 0);
        pause_ms(10);
    }
    CHECK(replies("?", "T05") && replies("m1000,1", "00"),
          "a client on 127.0.0.1 is served after accept");
    CHECK(finish() == -1, "and its hanging up ends the session");
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    alarm(120);             /* a hang is a failure, not a stuck test run */
    test_framing();
    test_truncated();
    test_too_long();
    test_queries();
    test_registers();
    test_memory();
    test_breakpoints();
    test_resume();
    test_ending();
    test_accept();
    return check_done();
}
