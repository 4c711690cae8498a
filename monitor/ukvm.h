/*
 * The monitor's core interface: the VM, guest memory accessors, the
 * hypercall table and the module table. Modules (monitor/modules/) see
 * only this header; the core knows no device.
 */
#ifndef UKVM_H
#define UKVM_H

#include <seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/hvt_abi.h"
#include "abi/mft_abi.h"
#include "errbuf.h"

#define UKVM_VERSION "0.1.0"
#define UKVM_MAX_SEGMENTS 16

/* A loaded PT_LOAD segment's guest range and its PF_R/W/X flags. */
struct guest_segment {
    uint64_t start;
    uint64_t end;
    uint32_t flags;
};

struct ukvm {
    int kvm_fd, vm_fd, vcpu_fd;
    struct kvm_run *run;
    size_t run_size;
    uint8_t *mem;
    uint64_t mem_size;
    uint64_t entry;
    uint64_t kernel_end;
    struct guest_segment seg[UKVM_MAX_SEGMENTS];
    unsigned nseg;
    struct mft *mft;       /* host copy; modules attach devices in it */
    int poll_fd;           /* epoll set that POLL waits on (spt: epollfd) */
    int timer_fd;          /* spt: the timer solo5_yield arms */
    uint32_t host_features; /* what the boot info offers; RING3: entered so */
    struct hvt_ring3_info ring3; /* the ring-3 note's trap handler and stack */
    bool deprivileged;      /* ring 3 without the note (--deprivilege) */
    /* What the vCPU's CPUID offers that ring-3 entry turns on in CR4/XCR0. */
    struct {
        bool fsgsbase, smep, smap, umip;
        uint64_t xcr0;       /* x87 | SSE, and AVX where present */
    } cpu;
    /*
     * spt: the guest makes the devices' system calls itself, so the
     * modules' seccomp rules must keep its arguments in bounds.
     */
    bool guest_is_process;
    uint64_t tsc_freq;
};

/*
 * Guest memory: the one gate from guest addresses to host pointers.
 * Returns a host pointer to LEN bytes at GPA, or NULL unless every page
 * of them is one the guest itself may read (hvt: by the page tables
 * ukvm built; not the page tables, the monitor area, guard pages, gaps).
 */
void *guest_mem_ptr(struct ukvm *vm, uint64_t gpa, uint64_t len);
/* As above, for memory the monitor writes on the guest's behalf: pages
 * the guest may write, and none below 1 MiB (the boot info). */
void *guest_mem_ptr_rw(struct ukvm *vm, uint64_t gpa, uint64_t len);

/*
 * Whether the guest took up host feature BIT: ukvm offered it and the
 * guest set it in the boot info's guest_features (any time before).
 */
bool ukvm_feature_agreed(struct ukvm *vm, uint32_t bit);

/* Stops the guest: prints "ukvm: guest error: ...", tears down, exits 1. */
__attribute__((noreturn, format(printf, 2, 3)))
void guest_error(struct ukvm *vm, const char *fmt, ...);

/* Ends ukvm: tears down every module, prints stats, exits with STATUS. */
__attribute__((noreturn))
void ukvm_exit(struct ukvm *vm, int status);

/* Hypercalls: a handler gets the guest address of its argument struct. */
typedef void (*hypercall_fn)(struct ukvm *vm, uint64_t gpa);
int hypercall_register(unsigned nr, hypercall_fn fn, struct errbuf *err);

/*
 * Adds FD to the set POLL waits on; when it is readable, bit HANDLE of the
 * guest's ready_set is set.
 */
int ukvm_poll_add(struct ukvm *vm, int fd, unsigned handle, struct errbuf *err);

/*
 * Device options have the form --KIND:NAME=VALUE. Returns 1 and sets NAME
 * and *VALUE when ARG starts with "--KIND:", 0 when it does not, -1 (ERR
 * set) when NAME is not a valid manifest name or "=VALUE" is missing.
 */
int module_device_option(const char *arg, const char *kind,
                         char name[MFT_NAME_SIZE], const char **value,
                         struct errbuf *err);

/*
 * Marks manifest device NAME attached, checking that the manifest
 * declares it with TYPE and that nothing attached it before. OPTION
 * ("--net:NAME") names the cause in errors. Returns the handle or -1.
 */
int ukvm_attach_device(struct ukvm *vm, const char *option, const char *name,
                       uint32_t type, struct errbuf *err);

/* After every module's set-up: each declared device must be attached. */
int ukvm_check_attached(const struct mft *m, struct errbuf *err);

/*
 * A module: its options, set-up and tear-down. option() returns 1 when it
 * took ARG, 0 when ARG is not its own, -1 (ERR set) when ARG is bad.
 * setup() runs after the unikernel is loaded and vm->mft is valid; it
 * attaches devices and registers hypercalls. seccomp() returns 0 or a
 * negative errno from libseccomp. teardown() runs at exit, under the
 * seccomp filter.
 */
struct ukvm_module {
    const char *name;
    const char *usage;       /* option lines for --help, or NULL */
    int (*option)(const char *arg, struct errbuf *err);
    int (*setup)(struct ukvm *vm, struct errbuf *err);
    /*
     * Called by POLL before it waits and again after: moves what it can
     * to the guest's side and returns the handles with input there.
     */
    uint64_t (*poll_pending)(struct ukvm *vm);
    /* Allows in CTX the system calls the module needs while the guest runs. */
    int (*seccomp)(struct ukvm *vm, scmp_filter_ctx ctx);
    void (*teardown)(struct ukvm *vm);
};

/* Registers a module at link time; adding one never edits the core. */
#define UKVM_MODULE(m) \
    static const struct ukvm_module *const ukvm_module_ptr_##m \
    __attribute__((used, section("ukvm_modules"), aligned(sizeof(void *)))) = &m

extern const struct ukvm_module *const __start_ukvm_modules[];
extern const struct ukvm_module *const __stop_ukvm_modules[];
#define for_each_module(mp) \
    for (const struct ukvm_module *const *mp = __start_ukvm_modules; \
         mp < __stop_ukvm_modules; mp++)

#endif
