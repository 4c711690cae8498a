/*
 * ukvm: loads a unikernel, builds its guest and runs it. The core knows
 * no device: modules bring options, hypercalls, set-up and tear-down.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kvm.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "elf_load.h"
#include "host_features.h"
#include "modules.h"
#include "options.h"
#include "paging.h"
#include "probe.h"
#include "ring3.h"
#include "run.h"
#include "sandbox.h"
#include "stats.h"
#include "vm.h"

static struct ukvm the_vm = { .kvm_fd = -1, .vm_fd = -1, .vcpu_fd = -1 };

static const struct feature_name hvt_features[] = {
    { "wx", HVT_HOST_FEATURE_WX_PAGING },
    { "rxring", HVT_HOST_FEATURE_NET_RXRING },
    { "multiblock", HVT_HOST_FEATURE_BLOCK_MULTI },
    { "ring3", HVT_HOST_FEATURE_RING3 },
};

static void usage(FILE *f)
{
    fprintf(f,
        "usage: ukvm [OPTIONS] [--] UNIKERNEL [GUEST ARGS...]\n"
        "  --mem=MIB        guest memory in MiB (default %d; 2 to 4096, rounded\n"
        "                   down to a multiple of 2)\n", HVT_MEM_DEFAULT_MIB);
    modules_usage(f);
    fprintf(f,
        "  --stats          at exit, print VM exits and time spent to stderr\n"
        "  --count-instructions  single-step the guest (slow, in ring 0) and\n"
        "                   add the number of guest instructions to --stats\n"
        "  --no-deprivilege run a unikernel without ukvm's ring-3 note (Solo5's)\n"
        "                   in ring 0, as solo5-hvt does, not in ring 3 with its\n"
        "                   privileged instructions emulated\n"
        "  --kvm-info       tell whether KVM runs guests natively, and exit\n"
        "  --help           this text\n"
        "  --version        ukvm's version and ABI\n");
}

void ukvm_exit(struct ukvm *vm, int status)
{
    modules_teardown(vm);
    stats_print();
    exit(status);
}

void guest_error(struct ukvm *vm, const char *fmt, ...)
{
    struct kvm_regs regs;
    va_list ap;

    fflush(stdout);
    fputs("ukvm: guest error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (ioctl(vm->vcpu_fd, KVM_GET_REGS, &regs) == 0)
        fprintf(stderr, " (rip %#llx)", regs.rip);
    fputc('\n', stderr);
    run_dump_registers(vm);
    ukvm_exit(vm, 1);
}

/* Boot info, then the manifest copy, then the command line (read-only). */
static void write_boot_info(struct ukvm *vm, const char *cmdline)
{
    uint64_t mft_gpa = HVT_BOOT_INFO_BASE + 64;
    uint64_t mft_size = MFT_SIZE(vm->mft->entries);
    uint64_t cmd_gpa = (mft_gpa + mft_size + 7) & ~7ULL;
    struct hvt_boot_info bi = {
        .mem_size = vm->mem_size, .kernel_end = vm->kernel_end,
        .cpu_cycle_freq = vm->tsc_freq, .cmdline = cmd_gpa, .mft = mft_gpa,
        .host_features = vm->host_features,
    };

    memcpy(vm->mem + HVT_BOOT_INFO_BASE, &bi, sizeof bi);
    memcpy(vm->mem + mft_gpa, vm->mft, mft_size);
    memcpy(vm->mem + cmd_gpa, cmdline, strlen(cmdline) + 1);
}

static int setup_guest(struct ukvm *vm, const struct ukvm_opts *o,
                       struct mft_buf *mft_buf, struct errbuf *err)
{
    struct elf_file f;
    struct elf_image img;
    struct errbuf why;

    if (elf_file_map(&f, o->kernel, &why) < 0)
        return err_set(err, "%s: %s", o->kernel, why.msg);
    if (vm_create(vm, o->mem_size, err) < 0)
        goto fail;
    if (elf_load(&f, vm->mem, vm->mem_size, &img, mft_buf, &why) < 0) {
        err_set(err, "%s: %s", o->kernel, why.msg);
        goto fail;
    }
    elf_file_unmap(&f);
    vm->entry = img.entry;
    vm->kernel_end = img.kernel_end;
    vm->nseg = img.nseg;
    memcpy(vm->seg, img.seg, sizeof img.seg);
    vm->mft = img.mft;
    /* Ring 3 for every guest: ours say they can, Solo5's are deprivileged. */
    if (!img.has_ring3 && o->no_deprivilege)
        vm->host_features &= ~HVT_HOST_FEATURE_RING3;
    vm->deprivileged = !img.has_ring3 &&
                       (vm->host_features & HVT_HOST_FEATURE_RING3);
    vm->ring3 = img.ring3;
    if (paging_build(vm->mem, vm->mem_size, vm->seg, vm->nseg,
                     vm->host_features & HVT_HOST_FEATURE_RING3, &vm->kernel_end,
                     &why) < 0)
        return err_set(err, "%s: %s", o->kernel, why.msg);
    vm->poll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (vm->poll_fd < 0)
        return err_set(err, "epoll_create1: %m");
    if (modules_setup(vm, err) < 0 ||
        ((vm->host_features & HVT_HOST_FEATURE_RING3) && ring3_setup(err) < 0))
        return -1;
    if (vcpu_setup(vm, err) < 0)
        return -1;
    write_boot_info(vm, o->cmdline);  /* after vcpu_setup: needs the TSC rate */
    return 0;
fail:
    elf_file_unmap(&f);
    return -1;
}

int main(int argc, char *argv[])
{
    static struct ukvm_opts opts;
    static struct mft_buf mft_buf;
    struct errbuf err;
    uint32_t withheld;

    stats.start_ns = stats_now_ns();
    if (opts_parse(argc, argv, &opts, modules_option, &err) < 0 ||
        features_withheld(getenv(WITHHOLD_ENV), hvt_features,
                          sizeof hvt_features / sizeof hvt_features[0],
                          &withheld, &err) < 0) {
        fprintf(stderr, "ukvm: %s\n", err.msg);
        return 1;
    }
    if (opts.help) {
        usage(stdout);
        return 0;
    }
    if (opts.version) {
        printf("ukvm %s (hvt ABI version %d)\n", UKVM_VERSION, HVT_ABI_VERSION);
        return 0;
    }
    if (opts.kvm_info)
        return probe_kvm_info();
    the_vm.host_features = HVT_HOST_FEATURES_UKVM & ~withheld;
    /* PVM hands a ring-3 guest its own single-step traps: count in ring 0. */
    if (opts.count_steps)
        the_vm.host_features &= ~HVT_HOST_FEATURE_RING3;
    stats.enabled = opts.stats;
    stats.count_steps = opts.count_steps;
    run_catch_signals();
    if (setup_guest(&the_vm, &opts, &mft_buf, &err) < 0 ||
        (opts.count_steps && run_single_step(&the_vm, &err) < 0) ||
        sandbox_enter(&the_vm, &err) < 0) {
        fprintf(stderr, "ukvm: %s\n", err.msg);
        ukvm_exit(&the_vm, 1);
    }
    run_loop(&the_vm);
}
