/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target for the modules' hypercall handlers (monitor/modules/
 * base, block, net), dispatched as ukvm does (hypercall_dispatch),
 * over a 4 MiB fake guest with the page tables ukvm builds. The block
 * device is a memfd attached by the block module's own option and set-up;
 * the net device is a datagram socketpair (fuzz_hypercalls_net.c), as no
 * tap is at hand. POLL never sleeps: an always-readable eventfd is in
 * its set.
 *
 * Input: a flags byte, then records [nr:1][gpa:4][n:1][n bytes]. Each
 * record's bytes are the guest's writes at gpa (only where the guest may
 * write), then hypercall nr with argument gpa (a 32-bit port write, as
 * in run.c). guest_error and HALT end the run. Afterwards, memory the
 * guest may not write (the page tables, the boot data, text) must be as
 * it was: the monitor writes only where the guest could.
 */
#include <elf.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hypercall.h"
#include "modules.h"
#include "paging.h"
#include "stats.h"

#define MEM_SIZE (4ULL << 20)
#define RO_END 0x101000ULL          /* below: no guest writes (but boot info) */
#define BLOCK_SIZE (64 * 1024)
#define NET_HANDLE 2

/* fuzz_hypercalls_net.c */
void fake_net_attach(unsigned handle, int fd);
void fake_net_reset(uint16_t mtu);

static jmp_buf stopped;
static struct ukvm vm;
static int net_fd, net_peer;         /* the device's end, the "tap"'s */
static uint8_t pristine[RO_END];

void guest_error(struct ukvm *v, const char *fmt, ...)
{
    (void)v;
    (void)fmt;
    longjmp(stopped, 1);
}

void ukvm_exit(struct ukvm *v, int status)
{
    (void)v;
    (void)status;
    longjmp(stopped, 2);
}

void ukvm_guest_end(struct ukvm *v, const struct ukvm_halt *h)
{
    ukvm_exit(v, h->status);
}

/* POLL times its wait for --stats, which stays off here. */
struct ukvm_stats stats;

uint64_t stats_now_ns(void)
{
    return 0;
}

static void die(const char *what)
{
    perror(what);
    abort();
}

/* Drains FD (non-blocking), so no run sees an earlier run's frames. */
static void drain(int fd)
{
    static uint8_t buf[65536];

    while (read(fd, buf, sizeof buf) > 0)
        ;
}

static void setup(void)
{
    static char opt[64];
    static struct mft *m;
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = NET_HANDLE };
    struct errbuf err;
    int sv[2], blk, efd;

    /* PUTS writes the guest's text to stdout; libFuzzer reports on stderr. */
    if (dup2(open("/dev/null", O_WRONLY), STDOUT_FILENO) < 0)
        die("/dev/null");
    vm.mem = calloc(1, MEM_SIZE);
    m = calloc(1, MFT_SIZE(2));
    if (!vm.mem || !m)
        die("calloc");
    vm.mem_size = MEM_SIZE;
    vm.seg[0] = (struct guest_segment){ 0x100000, 0x101000, PF_R | PF_X };
    vm.seg[1] = (struct guest_segment){ 0x101000, 0x110000, PF_R | PF_W };
    vm.nseg = 2;
    m->version = MFT_VERSION;
    m->entries = 2;
    m->e[0].type = MFT_RESERVED_FIRST;
    strcpy(m->e[1].name, "storage");
    m->e[1].type = MFT_DEV_BLOCK_BASIC;
    vm.mft = m;

    blk = memfd_create("fuzz-block", 0);
    if (blk < 0 || ftruncate(blk, BLOCK_SIZE) < 0)
        die("memfd");
    snprintf(opt, sizeof opt, "--block:storage=/proc/self/fd/%d", blk);
    vm.poll_fd = epoll_create1(0);
    efd = eventfd(1, 0);
    if (vm.poll_fd < 0 || efd < 0 || epoll_ctl(vm.poll_fd, EPOLL_CTL_ADD, efd, &ev) < 0)
        die("epoll");
    if (modules_option(opt, &err) != 1 || hypercalls_from_modules(&err) < 0 ||
        modules_setup(&vm, &err) < 0) {
        fprintf(stderr, "module set-up: %s\n", err.msg);
        abort();
    }
    if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv) < 0)
        die("socketpair");
    fake_net_attach(NET_HANDLE, sv[0]);
    net_fd = sv[0];
    net_peer = sv[1];
}

/* The guest's own write: only where its page tables let it. */
static void guest_write(uint64_t gpa, const uint8_t *p, size_t n)
{
    void *dst = guest_mem_ptr_rw(&vm, gpa, n);

    if (dst)
        memcpy(dst, p, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t frame[9014];
    struct hvt_boot_info *bi;
    struct errbuf err;
    uint64_t end = 0x110000;
    uint8_t flags;
    bool ring3;

    if (!vm.mem)
        setup();
    if (size < 1)
        return 0;
    /*
     * Flags: bit 0 ring 3 (user-bit page tables), 1 NET_RXRING offered,
     * 2 agreed, 3 jumbo MTU (no rings), 4-6 frames waiting on the device.
     */
    flags = *data++;
    size--;
    ring3 = flags & 1;
    memset(vm.mem, 0, MEM_SIZE);
    if (paging_build(vm.mem, MEM_SIZE, vm.seg, vm.nseg, ring3, &end, &err) < 0) {
        fprintf(stderr, "paging_build: %s\n", err.msg);
        abort();
    }
    vm.host_features = (ring3 ? HVT_HOST_FEATURE_RING3 : 0) |
                       (flags & 2 ? HVT_HOST_FEATURE_NET_RXRING : 0);
    bi = (struct hvt_boot_info *)(vm.mem + HVT_BOOT_INFO_BASE);
    bi->mem_size = MEM_SIZE;
    bi->host_features = vm.host_features;
    bi->guest_features = flags & 4 ? HVT_HOST_FEATURE_NET_RXRING : 0;
    memcpy(pristine, vm.mem, RO_END);
    fake_net_reset(flags & 8 ? 9000 : 1500);
    drain(net_fd);
    drain(net_peer);
    for (unsigned i = 0; i < (flags >> 4 & 7u); i++) {
        memset(frame, (int)i, sizeof frame);
        if (write(net_peer, frame, i & 1 ? 60 : (flags & 8 ? 9014 : 1514)) < 0)
            die("write frame");
    }

    if (!setjmp(stopped)) {
        while (size >= 6) {
            unsigned nr = data[0];
            uint32_t gpa;
            size_t n;

            memcpy(&gpa, data + 1, 4);
            n = data[5];
            data += 6;
            size -= 6;
            if (n > size)
                n = size;
            guest_write(gpa, data, n);
            data += n;
            size -= n;
            if (hypercall_find(nr))     /* else the backend stops the guest */
                hypercall_dispatch(&vm, nr, gpa);
        }
    }
    if (memcmp(pristine, vm.mem, RO_END) != 0) {
        fprintf(stderr, "a hypercall wrote memory the guest may not write\n");
        abort();
    }
    return 0;
}
