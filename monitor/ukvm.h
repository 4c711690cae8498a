/* SPDX-License-Identifier: ISC */
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
#include "elf_file.h"
#include "errbuf.h"

#include "version.h"
#define UKVM_MAX_SEGMENTS 16

/* A loaded PT_LOAD segment's guest range and its PF_R/W/X flags. */
struct guest_segment {
    uint64_t start;
    uint64_t end;
    uint32_t flags;
};

/*
 * The union of the PF_R/W/X flags of the segments on the 4 KiB page at
 * ADDR, which both tenders give the page; -1 if no segment covers it.
 */
static inline int64_t segment_page_flags(const struct guest_segment *seg,
                                         unsigned nseg, uint64_t addr)
{
    int64_t flags = -1;

    for (unsigned i = 0; i < nseg; i++)
        if (seg[i].start < addr + 0x1000 && seg[i].end > addr)
            flags = (flags < 0 ? 0 : flags) | seg[i].flags;
    return flags;
}

struct arch_vcpu;
struct user_regs_struct;
struct user_fpregs_struct;

struct ukvm {
    uint8_t *mem;          /* guest memory (hvt: mapped here; spt: at 0) */
    uint64_t mem_size;
    uint64_t entry;
    uint64_t kernel_end;
    struct guest_segment seg[UKVM_MAX_SEGMENTS];
    unsigned nseg;
    struct mft *mft;       /* host copy; modules attach devices in it */
    int poll_fd;           /* epoll set that POLL waits on (spt: epollfd) */
    int timer_fd;          /* spt: the timer solo5_yield arms */
    uint32_t host_features; /* what the boot info offers; RING3: entered so */
    /*
     * spt: the guest makes the devices' system calls itself, so the
     * modules' seccomp rules must keep its arguments in bounds.
     */
    bool guest_is_process;
    /* spt: the guest's exit_group(255) (solo5_abort) traps, so the halt
     * hooks see aborts too (a module sets it in its set-up). */
    bool trap_abort;
    uint64_t tsc_freq;
    const char *kernel_path;
    const struct elf_file *kernel;  /* the unikernel's bytes, for symbols */
    struct arch_vcpu *arch; /* hvt: the backend's (arch.h); spt: NULL */
};

/*
 * Guest memory: the one gate from guest addresses to host pointers.
 * Returns a host pointer to LEN bytes at GPA, or NULL unless every page
 * of them is one the guest itself may read (hvt: by the page tables
 * ukvm built; not the page tables, the monitor area, guard pages, gaps).
 * A debugger the user runs (--gdb) writes through it too: into text, for
 * breakpoints, but never into what the guest cannot see.
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

/* Stops the guest: prints "ukvm: guest error: ...", ends it, exits 1. */
__attribute__((noreturn, format(printf, 2, 3)))
void guest_error(struct ukvm *vm, const char *fmt, ...);

/* How the guest ended, as the modules' halt hooks see it. */
struct ukvm_halt {
    enum { UKVM_HALT_GUEST, UKVM_HALT_ERROR, UKVM_HALT_SIGNAL } how;
    int status;             /* the exit status ukvm will have */
    uint64_t cookie;        /* HALT's cookie (guest address) or 0 */
    int signal;             /* the signal that ended it (spt: also faults) */
    /* spt: the guest's registers where the signal stopped it (the halt
     * hooks then run in a signal handler: async-signal-safe only). */
    const struct user_regs_struct *regs;
    const struct user_fpregs_struct *fpregs;    /* spt: its x87/SSE state, or NULL */
};

/* The guest is over: runs every module's halt hook, then ukvm_exit. */
__attribute__((noreturn))
void ukvm_guest_end(struct ukvm *vm, const struct ukvm_halt *h);

/* Ends ukvm: tears down every module, prints stats, exits with STATUS. */
__attribute__((noreturn))
void ukvm_exit(struct ukvm *vm, int status);

/*
 * Hypercalls: a module declares each one it handles. The core checks
 * that the argument struct (ARG_SIZE bytes) is guest memory the guest
 * may read, or also write if ARG_RW, and passes a pointer to it.
 */
struct ukvm_hypercall {
    unsigned nr;
    const char *name;       /* "PUTS", as errors (and --stats) name it */
    size_t arg_size;
    bool arg_rw;
    void (*fn)(struct ukvm *vm, void *arg);
};
/* Takes hypercall H (for a backend's own, such as ring 3's TLS_BASE). */
int hypercall_register(const struct ukvm_hypercall *h, struct errbuf *err);

/*
 * A buffer a hypercall's arguments name: LEN bytes at GPA the guest may
 * read (and write if RW). Stops the guest, naming hypercall NAME, if not.
 */
void *hypercall_buffer(struct ukvm *vm, const char *name, uint64_t gpa,
                       uint64_t len, bool rw);

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
 * A per-device setting, --KIND:NAME=VALUE (--net-mac:NAME=...), kept
 * by name until set-up, when the device it names must exist.
 */
struct device_settings {
    const char *kind;
    unsigned n;
    char name[MFT_MAX_DEVICES][MFT_NAME_SIZE];
    const char *value[MFT_MAX_DEVICES];
};
/* As module_device_option for S->kind; *VALUE is the value kept. */
int device_setting_option(struct device_settings *s, const char *arg,
                          const char **value, struct errbuf *err);
/* The value given for device NAME, or NULL. */
const char *device_setting(const struct device_settings *s, const char *name);
/* Every setting must name a device of the module's (HAS_DEVICE). */
int device_settings_check(const struct device_settings *s, const char *dev_kind,
                          bool (*has_device)(const char *name), struct errbuf *err);

/*
 * Marks manifest device NAME attached, checking that the manifest
 * declares it with TYPE and that nothing attached it before. Errors
 * name the option of TYPE's module ("--net:NAME"). Returns the handle
 * or -1.
 */
int ukvm_attach_device(struct ukvm *vm, const char *name, uint32_t type,
                       struct errbuf *err);

/* After every module's set-up: each declared device must be attached. */
int ukvm_check_attached(const struct mft *m, struct errbuf *err);

/* Allows system call NR on descriptor FD (its first argument). */
int sandbox_allow_fd(scmp_filter_ctx ctx, int nr, int fd);

/*
 * A module: its options, set-up and tear-down, the hypercalls and the
 * device type it owns, and hooks on the guest's exits and end.
 * option() returns 1 when it took ARG, 0 when ARG is not its own, -1
 * (ERR set) when ARG is bad. setup() runs after the unikernel is loaded
 * and vm->mft is valid; it attaches devices. seccomp() returns 0 or a
 * negative errno from libseccomp. teardown() runs at exit, under the
 * seccomp filter.
 */
/* A figure a module reports to --stats: DEVICE's (NULL: the guest's) KEY. */
struct ukvm_stat {
    const char *device;
    const char *key;        /* lower case and '_', e.g. "tx_frames" */
    uint64_t value;
};

struct ukvm_exit;
struct ukvm_module {
    const char *name;
    const char *usage;       /* option lines for --help, or NULL */
    /* The manifest device type it attaches, its option ("net") and the
     * option's value ("TAP"), for errors; type 0 if none. */
    struct { uint32_t type; const char *option, *value; } device;
    /* hvt: its hypercalls, ended by one with nr 0 (NULL on spt, whose
     * guest makes system calls instead). */
    const struct ukvm_hypercall *hypercalls;
    int (*option)(const char *arg, struct errbuf *err);
    /* Host features it needs the tender not to offer (ring 3, say). */
    uint32_t (*withheld)(void);
    int (*setup)(struct ukvm *vm, struct errbuf *err);
    /*
     * Called by POLL before it waits and again after: moves what it can
     * to the guest's side and returns the handles with input there.
     */
    uint64_t (*poll_pending)(struct ukvm *vm);
    /* Once, under the sandbox, before the guest's first instruction. */
    void (*start)(struct ukvm *vm);
    /* Sees every VM exit before the core; true if it took it. */
    bool (*exit)(struct ukvm *vm, const struct ukvm_exit *e);
    /* Sees the guest's end before ukvm tears down. */
    void (*halt)(struct ukvm *vm, const struct ukvm_halt *h);
    /* --stats: stores up to MAX figures in OUT, returns how many. */
    unsigned (*stats)(struct ukvm_stat *out, unsigned max);
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
