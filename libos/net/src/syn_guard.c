/* SPDX-License-Identifier: ISC */
/*
 * The SYN guard: every frame passes here before ethernet_input, so that a
 * flood of SYNs (spoofed or not) cannot fill lwIP's pcbs with half-open
 * connections and starve real clients. lwIP 2.1.3 itself bounds a
 * listener's half-open connections (TCP_LISTEN_BACKLOG: the backlog given
 * to tcp_listen_with_backlog) but then drops every further SYN, real ones
 * too, for the 20 s a SYN_RCVD pcb lives; its pcb priorities do not help
 * either, as a SYN_RCVD pcb has its listener's and only lower ones are
 * killed. So once a listener's backlog is full:
 *
 * - a SYN is answered here with a SYN cookie (Linux's idea): a SYN-ACK
 *   whose sequence number is a keyed hash of the connection, the client's
 *   sequence number, a coarse clock and the MSS, with no state kept;
 * - an ACK that carries a valid cookie and has no pcb is a client that
 *   completed the handshake: its SYN is replayed to lwIP (the ISN hook
 *   hands lwIP the cookie as its ISN), after evicting the oldest SYN_RCVD
 *   pcb of the listener if the backlog is full, then the ACK itself
 *   follows and lwIP accepts the connection as usual.
 *
 * lwIP stays unmodified; what a cookie loses is what lwIP does not use
 * anyway (window scaling, SACK, timestamps are off), and the MSS is kept
 * to one of four values. With the backlog not full, nothing changes.
 */
#include "syn_guard.h"

#include <string.h>

#include "lwip/inet_chksum.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "net.h"
#include "netif/ethernet.h"
#include "random.h"

#define ETH 14
#define IPH 20
#define TCPH 24                 /* ours: the header and an MSS option */
#define FRAME (ETH + IPH + TCPH)
#define COOKIE_SHIFT 36         /* clock ticks of 2^36 ns: about 69 s */

/* The SYN-ACK is written over the SYN: a pool buffer has room for it. */
_Static_assert(PBUF_POOL_BUFSIZE >= FRAME, "a SYN-ACK fits a pool buffer");

static const u16_t mss_table[4] = { 536, 1220, 1440, 1460 };
static uint64_t secret[2];
static solo5_time_t cookies_until;  /* ACKs are checked for cookies till then */
static uint32_t isn_next;
static bool isn_set;
static struct syn_guard_stats stats;

uint32_t net_tcp_isn(void)
{
    if (isn_set) {
        isn_set = false;
        return isn_next;
    }
    return net_random32();
}

void syn_guard_get_stats(struct syn_guard_stats *out)
{
    *out = stats;
}

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }
static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)(v >> 16)); put16(p + 2, (uint16_t)v); }

static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* The cookie for a SYN (addresses and ports as in the SYN: its source
 * first), its sequence number, clock tick t and MSS index. */
static uint32_t cookie(const uint8_t *ip, const uint8_t *tcp, uint32_t seq, uint64_t t,
                       unsigned idx)
{
    if (secret[0] == 0) {
        secret[0] = (uint64_t)net_random32() << 32 | net_random32() | 1;
        secret[1] = (uint64_t)net_random32() << 32 | net_random32();
    }
    uint64_t h = mix(secret[0] ^ ((uint64_t)get32(ip + 12) << 32 | get32(ip + 16)));
    h = mix(h ^ ((uint64_t)get32(tcp) << 32 | seq));
    h = mix(h ^ secret[1] ^ (t << 2 | idx));
    return ((uint32_t)(h >> 32) & ~3u) | idx;
}

static struct tcp_pcb_listen *listener_for(u16_t port)
{
    for (struct tcp_pcb_listen *l = tcp_listen_pcbs.listen_pcbs; l != NULL; l = l->next)
        if (l->local_port == port)
            return l;
    return NULL;
}

/* The pcb of this connection (ip and tcp as the client sent them), if any. */
static bool has_pcb(const uint8_t *ip, const uint8_t *tcp)
{
    u32_t src, dst;

    memcpy(&src, ip + 12, 4);
    memcpy(&dst, ip + 16, 4);
    for (struct tcp_pcb *p = tcp_active_pcbs; p != NULL; p = p->next)
        if (p->remote_port == get16(tcp) && p->local_port == get16(tcp + 2) &&
            ip_2_ip4(&p->remote_ip)->addr == src && ip_2_ip4(&p->local_ip)->addr == dst)
            return true;
    return false;
}

/* Makes room for one more half-open connection: the oldest goes. */
static void evict_oldest(struct tcp_pcb_listen *l)
{
    struct tcp_pcb *oldest = NULL;
    u32_t age = 0;

    for (struct tcp_pcb *p = tcp_active_pcbs; p != NULL; p = p->next)
        if (p->state == SYN_RCVD && p->listener == l && (u32_t)(tcp_ticks - p->tmr) >= age) {
            age = tcp_ticks - p->tmr;
            oldest = p;
        }
    if (oldest != NULL) {
        stats.evicted++;
        tcp_abandon(oldest, 0);     /* no RST: the peer is likely not there */
    }
}

/* The TCP checksum of our 24-byte segment, from ip's addresses. */
static void tcp_sum(const uint8_t *ip, uint8_t *tcp)
{
    uint8_t buf[12 + TCPH];
    u16_t sum;

    memcpy(buf, ip + 12, 8);
    buf[8] = 0;
    buf[9] = IP_PROTO_TCP;
    put16(buf + 10, TCPH);
    put16(tcp + 16, 0);
    memcpy(buf + 12, tcp, TCPH);
    sum = inet_chksum(buf, sizeof(buf));
    memcpy(tcp + 16, &sum, 2);
}

static void ip_sum(uint8_t *ip)
{
    u16_t sum;

    put16(ip + 10, 0);
    sum = inet_chksum(ip, IPH);
    memcpy(ip + 10, &sum, 2);
}

/* The MSS option of a SYN, 536 without one (RFC 9293). */
static u16_t syn_mss(const uint8_t *tcp, size_t hlen)
{
    for (size_t i = 20; i < hlen;) {
        if (tcp[i] == 0)
            break;
        if (tcp[i] == 1) {
            i++;
            continue;
        }
        if (i + 1 >= hlen || tcp[i + 1] < 2 || i + tcp[i + 1] > hlen)
            break;
        if (tcp[i] == 2 && tcp[i + 1] == 4)
            return get16(tcp + i + 2);
        i += tcp[i + 1];
    }
    return 536;
}

/* Turns the SYN in p into our SYN-ACK with a cookie, in place, and sends it. */
static void answer_with_cookie(struct netif *nif, struct pbuf *p, uint8_t *f, size_t hlen)
{
    uint8_t *ip = f + ETH, *tcp = ip + IPH, mac[6];
    unsigned idx = 0;
    u16_t mss = syn_mss(tcp, hlen);
    uint32_t seq = get32(tcp + 4);

    while (idx < 3 && mss_table[idx + 1] <= mss)
        idx++;
    uint32_t isn = cookie(ip, tcp, seq, net_now() >> COOKIE_SHIFT, idx);

    memcpy(mac, f + 6, 6);
    memcpy(f, mac, 6);
    memcpy(f + 6, nif->hwaddr, 6);
    uint8_t a[4];
    memcpy(a, ip + 12, 4);
    memcpy(ip + 12, ip + 16, 4);
    memcpy(ip + 16, a, 4);
    ip[0] = 0x45;
    ip[1] = 0;
    put16(ip + 2, IPH + TCPH);
    put16(ip + 4, 0);
    put16(ip + 6, 0x4000);      /* DF */
    ip[8] = TCP_TTL;
    uint16_t sport = get16(tcp);
    put16(tcp, get16(tcp + 2));
    put16(tcp + 2, sport);
    put32(tcp + 4, isn);
    put32(tcp + 8, seq + 1);
    tcp[12] = (TCPH / 4) << 4;
    tcp[13] = TCP_SYN | TCP_ACK;
    put16(tcp + 14, TCPWND_MIN16(TCP_WND));
    put16(tcp + 18, 0);
    tcp[20] = 2;
    tcp[21] = 4;
    put16(tcp + 22, TCP_MSS);
    ip_sum(ip);
    tcp_sum(ip, tcp);
    p->len = p->tot_len = FRAME;
    nif->linkoutput(nif, p);
    stats.cookies_sent++;
}

/*
 * The ACK in f completes a cookie's handshake: gives lwIP the SYN it did
 * not see, as the client sent it but for its MSS, with the cookie as ISN.
 * False where lwIP has no SYN_RCVD pcb for it after that.
 */
static bool replay_syn(struct netif *nif, struct tcp_pcb_listen *l, const uint8_t *f,
                       uint32_t isn, unsigned idx)
{
    struct pbuf *q = pbuf_alloc(PBUF_RAW, FRAME, PBUF_RAM);

    if (q == NULL)
        return false;
    uint8_t *s = q->payload, *ip = s + ETH, *tcp = ip + IPH;
    memcpy(s, f, ETH + IPH + 20);
    put16(ip + 2, IPH + TCPH);
    ip_sum(ip);
    put32(tcp + 4, get32(f + ETH + IPH + 4) - 1);
    put32(tcp + 8, 0);
    tcp[12] = (TCPH / 4) << 4;
    tcp[13] = TCP_SYN;
    put16(tcp + 18, 0);
    tcp[20] = 2;
    tcp[21] = 4;
    put16(tcp + 22, mss_table[idx]);
    tcp_sum(ip, tcp);
    if (l->accepts_pending >= l->backlog)
        evict_oldest(l);
    isn_next = isn;
    isn_set = true;
    if (ethernet_input(q, nif) != ERR_OK)
        pbuf_free(q);
    isn_set = false;
    return has_pcb(f + ETH, f + ETH + IPH);
}

err_t syn_guard_input(struct pbuf *p, struct netif *nif)
{
    uint8_t *f = p->payload, *ip = f + ETH, *tcp = ip + IPH;

    /* Whole IPv4 TCP frames to us without IP options or fragments only. */
    if (p->len != p->tot_len || p->len < ETH + IPH + 20 || get16(f + 12) != ETHTYPE_IP ||
        ip[0] != 0x45 || ip[9] != IP_PROTO_TCP || (get16(ip + 6) & 0x3fff) != 0 ||
        memcmp(ip + 16, &netif_ip4_addr(nif)->addr, 4) != 0 ||
        get16(ip + 2) > p->len - ETH || get16(ip + 2) < IPH + 20)
        return ethernet_input(p, nif);
    size_t hlen = (size_t)(tcp[12] >> 4) * 4;
    uint8_t flags = tcp[13] & (TCP_SYN | TCP_ACK | TCP_RST | TCP_FIN);
    if (hlen < 20 || hlen > (size_t)get16(ip + 2) - IPH ||
        (flags != TCP_SYN && (flags != TCP_ACK || net_now() >= cookies_until)))
        return ethernet_input(p, nif);
    struct tcp_pcb_listen *l = listener_for(get16(tcp + 2));
    if (l == NULL)
        return ethernet_input(p, nif);

    if (flags == TCP_SYN) {
        if (l->accepts_pending < l->backlog)
            return ethernet_input(p, nif);
        /* A retransmitted SYN of a half-open connection lwIP has. */
        if (has_pcb(ip, tcp))
            return ethernet_input(p, nif);
        answer_with_cookie(nif, p, f, hlen);
        cookies_until = net_now() + (2ULL << COOKIE_SHIFT);
        pbuf_free(p);
        return ERR_OK;
    }

    /* A bare ACK while cookies are out: one of ours coming back? */
    uint32_t isn = get32(tcp + 8) - 1, seq = get32(tcp + 4) - 1;
    unsigned idx = isn & 3;
    uint64_t t = net_now() >> COOKIE_SHIFT;
    if (isn != cookie(ip, tcp, seq, t, idx) && isn != cookie(ip, tcp, seq, t - 1, idx))
        return ethernet_input(p, nif);
    if (!has_pcb(ip, tcp)) {
        if (!replay_syn(nif, l, f, isn, idx)) {
            stats.cookies_failed++;
            return ethernet_input(p, nif);  /* lwIP answers with a RST */
        }
        stats.cookies_accepted++;
    }
    return ethernet_input(p, nif);
}
