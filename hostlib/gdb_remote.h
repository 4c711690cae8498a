/* SPDX-License-Identifier: ISC */
/*
 * A GDB remote serial protocol stub for one x86_64 machine, independent
 * of what runs it: the caller (a KVM vCPU, a test) answers through
 * struct gdb_target, the engine speaks the protocol to one gdb client.
 * Everything the client sends is untrusted and checked. No allocation:
 * struct gdb_remote holds every buffer, and after the connection is up
 * the engine calls only read, write and poll on it (and close when the
 * session ends: detach, kill, a broken connection, the guest's exit).
 */
#ifndef UKVM_GDB_REMOTE_H
#define UKVM_GDB_REMOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "errbuf.h"

/* The registers the engine serves, in the order of its target description. */
struct gdb_regs {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rip;
    uint32_t eflags;
    uint32_t cs, ss, ds, es, fs, gs;
    uint64_t fs_base, gs_base;
};

/* What the engine asks of the debugged machine; CTX is the caller's. */
struct gdb_target {
    /* 0, or -1 when the registers cannot be had or set. */
    int (*get_regs)(void *ctx, struct gdb_regs *r);
    int (*set_regs)(void *ctx, const struct gdb_regs *r);
    /* Guest memory as the debugger sees it (a target may allow writes to
     * text, as it must for software breakpoints): 0, or -1 if any byte
     * of the range is not there. */
    int (*read_mem)(void *ctx, uint64_t addr, void *buf, size_t len);
    int (*write_mem)(void *ctx, uint64_t addr, const void *buf, size_t len);
    /* Inserts or removes a hardware breakpoint (TYPE 1) or watchpoint
     * (2 write, 3 read, 4 access) of LEN bytes at ADDR: 0, or -1 when
     * unsupported or full. NULL: gdb is told there are none. */
    int (*hw_point)(void *ctx, int type, bool insert, uint64_t addr, unsigned len);
};

/* What gdb asked the stopped machine to do next. */
enum gdb_resume { GDB_RESUME_CONTINUE, GDB_RESUME_STEP, GDB_RESUME_KILL, GDB_RESUME_DETACH };

/* The largest packet gdb may send us (qSupported's PacketSize), in bytes. */
#define GDB_PACKET_MAX 0x4000
#define GDB_SW_BREAKPOINTS 64

/* One session. The caller's storage, about 50 KiB; only these functions
 * look inside. */
struct gdb_remote {
    int in_fd, out_fd;                 /* -1 once the session has ended */
    const struct gdb_target *t;
    void *ctx;
    bool running;                      /* gdb waits for a stop reply */
    bool swbreak;                      /* gdb understands "swbreak" */
    int signal;                        /* of the last stop */
    int watch_type;                    /* 2..4: the next stop is a watchpoint's */
    uint64_t watch_addr;
    struct gdb_sw_breakpoint {
        uint64_t addr;
        uint8_t saved;                 /* the byte under the int3 */
        bool used;
    } bp[GDB_SW_BREAKPOINTS];
    size_t in_pos, in_len;
    unsigned char in[1024];            /* bytes read, not yet parsed */
    size_t pkt_len;
    char pkt[GDB_PACKET_MAX + 1];      /* one packet's data, NUL-terminated */
    size_t out_len;
    char out[GDB_PACKET_MAX + 8];      /* the reply, framed */
    uint8_t data[GDB_PACKET_MAX];      /* memory being read or written */
};

/*
 * A socket listening on 127.0.0.1:PORT (loopback only: gdb has no
 * authentication), or -1 with ERR ("gdb port 1234: Address already in
 * use"). Then the one client: accepts it, closes LFD, returns its fd.
 */
int gdb_remote_listen(unsigned port, struct errbuf *err);
int gdb_remote_accept_client(int lfd, unsigned port, struct errbuf *err);

/*
 * Listens on 127.0.0.1:PORT (loopback only, SO_REUSEADDR), accepts one
 * client, closes the listener and starts the session with T and CTX.
 * Blocks until gdb connects; prints nothing. 0, or -1 with ERR one line
 * naming the port and the reason.
 */
int gdb_remote_accept(struct gdb_remote *g, unsigned port, const struct gdb_target *t,
                      void *ctx, struct errbuf *err);

/* Starts a session on descriptors already connected to gdb: IN_FD is
 * read, OUT_FD written (the same socket, or for tests a file each). The
 * session closes them when it ends. */
void gdb_remote_init(struct gdb_remote *g, int in_fd, int out_fd,
                     const struct gdb_target *t, void *ctx);

/*
 * The machine has stopped for SIGNAL (5 SIGTRAP: breakpoint, step or
 * watchpoint; 2 SIGINT: after gdb_remote_interrupted). Tells gdb if it
 * was waiting, then serves it until it resumes the machine; returns the
 * enum gdb_resume it asked for, or -1 if the connection broke or the
 * session had ended. After KILL, DETACH and -1 the session has ended:
 * software breakpoints are removed and the connection closed.
 * A stop at an inserted software breakpoint must have RIP at the int3's
 * own address (where KVM leaves it), not after it.
 */
int gdb_remote_stopped(struct gdb_remote *g, int signal);

/* Before gdb_remote_stopped: the stop was watchpoint TYPE (2..4) hit by
 * an access at ADDR, which gdb needs to tell it from a stray SIGTRAP. */
void gdb_remote_watchpoint_hit(struct gdb_remote *g, int type, uint64_t addr);

/*
 * While the machine runs: reads what gdb sent, without blocking. True if
 * gdb asked to interrupt (the 0x03 byte), or if the connection broke (the
 * next gdb_remote_stopped then returns -1); false if nothing came or the
 * session has ended.
 */
bool gdb_remote_interrupted(struct gdb_remote *g);

/* The guest ended with STATUS (0..255): tells gdb (W), ends the session. */
void gdb_remote_exited(struct gdb_remote *g, int status);

/* Whether ADDR holds one of gdb's software breakpoints: an int3 exit
 * there is the debugger's, elsewhere the guest's own. */
bool gdb_remote_breakpoint_at(const struct gdb_remote *g, uint64_t addr);

/* Puts back the bytes under every software breakpoint (the engine does
 * it itself when the session ends). */
void gdb_remote_remove_all_breakpoints(struct gdb_remote *g);

#endif
