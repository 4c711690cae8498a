/* SPDX-License-Identifier: ISC */
/*
 * --dumpcore[=DIR]: when the guest faults, aborts or is sent SIGQUIT,
 * an ELF core file of the guest (its registers where it stopped, the
 * memory it touched) goes to DIR (default: the working directory), for
 * `gdb UNIKERNEL CORE`. The file is created unnamed at start-up and only
 * named at the dump, so the sandbox needs no open(2); the name holds
 * the unikernel's, the pid and a random part, and never replaces a file.
 * Only guest memory goes in, never the monitor's.
 */
#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "core_dir.h"
#include "dumpcore.h"

#define MAX_REGIONS 4096
#define PAGE 0x1000ULL

static const char *dir;
static bool enabled;
static struct core_dir the_dir;

static int dumpcore_option(const char *arg, struct errbuf *err)
{
    if (strcmp(arg, "--dumpcore") == 0) {
        dir = ".";
    } else if (strncmp(arg, "--dumpcore=", 11) == 0) {
        dir = arg + 11;
        if (*dir == '\0')
            return err_set(err, "--dumpcore=: missing directory");
    } else {
        return 0;
    }
    enabled = true;
    return 1;
}

static int dumpcore_setup(struct ukvm *vm, struct errbuf *err)
{
    struct errbuf why;

    if (!enabled)
        return 0;
    if (core_dir_open(&the_dir, dir, &why) < 0)
        return err_set(err, "--dumpcore=%s: %s", dir, why.msg);
    /* spt: the guest may call linkat itself; Landlock keeps it in DIR. */
    if (vm->guest_is_process && core_dir_confine(&the_dir, &why) < 0)
        return err_set(err, "--dumpcore=%s: %s", dir, why.msg);
    vm->trap_abort = true;
    return 0;
}

static int dumpcore_seccomp(struct ukvm *vm, scmp_filter_ctx ctx)
{
    int r;

    (void)vm;
    if (!enabled)
        return 0;
    r = sandbox_allow_fd(ctx, SCMP_SYS(write), the_dir.tmp_fd);
    /*
     * Naming through /proc/self/fd needs no privilege; AT_EMPTY_PATH would
     * fail wherever the credentials changed since the open (spt's Landlock)
     * and CAP_DAC_READ_SEARCH is missing, so it gets no rule. Seccomp sees
     * only the path's address: link_path's page is read-only, and with no
     * mprotect, mmap, close or dup allowed, that address means this file.
     */
    if (!r)
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(linkat), 4,
                             /* an int: libc leaves the upper half zero */
                             SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffu, (uint32_t)AT_FDCWD),
                             SCMP_A1(SCMP_CMP_EQ, (uint64_t)(uintptr_t)the_dir.link_path),
                             SCMP_A2(SCMP_CMP_EQ, (uint64_t)the_dir.dir_fd),
                             SCMP_A4(SCMP_CMP_EQ, AT_SYMLINK_FOLLOW));
    if (!r)
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mincore), 0);
    return r;
}

bool dumpcore_wanted(const struct ukvm_halt *h)
{
    return enabled && (h->how == UKVM_HALT_ERROR ||
                       (h->how == UKVM_HALT_GUEST && h->status == 255) ||
                       (h->how == UKVM_HALT_SIGNAL && h->signal == SIGQUIT));
}

/*
 * The guest's readable memory: its resident pages (those it touched),
 * and zeros for the rest (untouched .bss then reads as 0 in gdb).
 * Returns the number of regions in OUT.
 */
static unsigned guest_regions(struct ukvm *vm, struct core_region *out)
{
    static struct core_region resident[MAX_REGIONS], readable[MAX_REGIONS];
    const uintptr_t base = (uintptr_t)vm->mem;    /* spt: 0, the guest is here */
    unsigned n = core_resident_regions(0, (const void *)base, vm->mem_size, PF_R | PF_W | PF_X,
                                       resident, MAX_REGIONS), m = 0;

    if (n > MAX_REGIONS)
        n = MAX_REGIONS;
    /* Split each at the pages the guest may not read (page tables, gaps). */
    for (unsigned i = 0; i < n && m < MAX_REGIONS; i++) {
        uint64_t end = resident[i].addr + resident[i].len;

        for (uint64_t a = resident[i].addr; a < end && m < MAX_REGIONS;) {
            uint64_t b = a;

            while (b < end && dumpcore_page_readable(vm, b))
                b += PAGE;
            if (b > a)
                readable[m++] = (struct core_region){ a, (const void *)(base + a), b - a,
                                                      PF_R | PF_W | PF_X };
            a = b + PAGE;
        }
    }
    return core_zero_gaps(HVT_IMAGE_MIN_BASE, vm->mem_size - HVT_IMAGE_MIN_BASE,
                          PF_R | PF_W, readable, m, out, MAX_REGIONS);
}

/* One line of A, B and C on stderr, without stdio (spt's handler). */
static void say(const char *a, const char *b, const char *c)
{
    const char *parts[3] = { a, b, c };
    char line[PATH_MAX + 512];
    size_t n = 0;

    for (int i = 0; i < 3; i++)
        for (const char *s = parts[i]; *s && n < sizeof line - 1; s++)
            line[n++] = *s;
    line[n++] = '\n';
    if (write(STDERR_FILENO, line, n) < 0)
        return;     /* nowhere left to tell */
}

void dumpcore_write(struct ukvm *vm, const struct user_regs_struct *regs,
                    const struct user_fpregs_struct *fpregs, int sig)
{
    static struct core_region regions[MAX_REGIONS];
    const char *who = vm->guest_is_process ? "ukvm-spt: " : "ukvm: ";
    unsigned n = guest_regions(vm, regions);
    char path[PATH_MAX + 256];
    struct errbuf err;

    if (n > MAX_REGIONS)
        n = MAX_REGIONS;
    if (core_file_write(the_dir.tmp_fd, regs, fpregs, sig, vm->kernel_path, regions,
                        n, &err) < 0 ||
        core_dir_commit(&the_dir, vm->kernel_path, path, sizeof path, &err) < 0) {
        say(who, "cannot write the core file: ", err.msg);
        return;
    }
    say(who, "core dumped to ", path);
}

static const struct ukvm_module dumpcore_module = {
    .name = "dumpcore",
    .usage =
        "  --dumpcore[=DIR] when the guest faults, aborts or gets SIGQUIT, write\n"
        "                   a core file of it to DIR (default: here) for gdb\n",
    .option = dumpcore_option,
    .setup = dumpcore_setup,
    .seccomp = dumpcore_seccomp,
};
UKVM_MODULE(dumpcore_module);
