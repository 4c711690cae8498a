/* SPDX-License-Identifier: ISC */
/*
 * ukvm: loads a unikernel, builds its guest through the backend
 * (arch.h) and runs it. The core knows no device: modules bring
 * options, hypercalls, set-up and tear-down.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/user.h>

#include "arch.h"
#include "hypercall.h"
#include "modules.h"
#include "run.h"
#include "sandbox.h"
#include "stats.h"
#include "symbolize.h"
#include "tender.h"

static struct ukvm the_vm;
static bool no_deprivilege;

static const struct feature_name hvt_features[] = {
    { "wx", HVT_HOST_FEATURE_WX_PAGING },
    { "rxring", HVT_HOST_FEATURE_NET_RXRING },
    { "multiblock", HVT_HOST_FEATURE_BLOCK_MULTI },
    { "ring3", HVT_HOST_FEATURE_RING3 },
    { "offload", HVT_HOST_FEATURE_NET_VNET },
};

/* ukvm's own options; --kvm-info runs the probe and exits at once. */
static int hvt_option(const char *arg, struct errbuf *err)
{
    (void)err;
    if (stats_option(arg)) {
        return 1;
    } else if (strcmp(arg, "--no-deprivilege") == 0) {
        no_deprivilege = true;
    } else if (strcmp(arg, "--kvm-info") == 0) {
        exit(arch_probe());
    } else {
        return 0;
    }
    return 1;
}

/* " (rip ... in FUNC+OFF (FILE:LINE))" ends the error line; the
 * registers follow. */
static void hvt_error_report(struct ukvm *vm)
{
    struct user_regs_struct r;
    struct symbol_info sym;
    char where[512] = "";

    if (vm->arch && arch_get_regs(vm, &r) == 0) {
        if (vm->kernel && symbolize(vm->kernel, r.rip, &sym))
            symbolize_format(&sym, where, sizeof where);
        fprintf(stderr, " (rip %#llx%s)", r.rip, where);
    }
    fputc('\n', stderr);
    if (vm->arch)
        arch_dump_registers(vm);
}

static const struct tender hvt = {
    .name = "ukvm", .abi = "hvt", .abi_version = HVT_ABI_VERSION,
    .features = HVT_HOST_FEATURES_UKVM,
    .feature_names = hvt_features,
    .nfeature_names = sizeof hvt_features / sizeof hvt_features[0],
    .usage =
        "  --stats[=json]   at exit, print VM exits, time spent (in the guest,\n"
        "                   waiting in POLL, in ukvm) and device figures to\n"
        "                   stderr; json: as one line of JSON\n"
        "  --no-deprivilege run a unikernel without ukvm's ring-3 note (Solo5's)\n"
        "                   in ring 0, as solo5-hvt does, not in ring 3 with its\n"
        "                   privileged instructions emulated\n"
        "  --kvm-info       tell whether KVM runs guests natively, and exit\n",
    .option = hvt_option,
    .error_report = hvt_error_report,
    .exit_report = stats_print,
};

/* Boot info, then the manifest copy, then the command line (read-only). */
static void write_boot_info(struct ukvm *vm, const char *cmdline)
{
    struct boot_layout l = boot_data_write(vm->mem + HVT_BOOT_INFO_BASE,
                                           HVT_BOOT_INFO_BASE, 64, vm->mft,
                                           cmdline);
    struct hvt_boot_info bi = {
        .mem_size = vm->mem_size, .kernel_end = vm->kernel_end,
        .cpu_cycle_freq = vm->tsc_freq, .cmdline = l.cmdline, .mft = l.mft,
        .host_features = vm->host_features,
    };

    _Static_assert(sizeof bi <= 64, "boot info header");
    memcpy(vm->mem + HVT_BOOT_INFO_BASE, &bi, sizeof bi);
}

static int setup_guest(struct ukvm *vm, const struct ukvm_opts *o,
                       struct mft_buf *mft_buf, struct errbuf *err)
{
    static struct elf_file f;       /* kept: fault reports name symbols */
    struct elf_image img;
    struct errbuf why;

    if (elf_file_map(&f, o->kernel, &why) < 0)
        return err_set(err, "%s: %s", o->kernel, why.msg);
    vm->kernel = &f;
    if (arch_vm_create(vm, o->mem_size, err) < 0)
        return -1;
    if (elf_load(&f, vm->mem, vm->mem_size, &img, mft_buf, &why) < 0)
        return err_set(err, "%s: %s", o->kernel, why.msg);
    vm->entry = img.entry;
    vm->kernel_end = img.kernel_end;
    vm->nseg = img.nseg;
    memcpy(vm->seg, img.seg, sizeof img.seg);
    vm->mft = img.mft;
    if (arch_guest_build(vm, &img, no_deprivilege, &why) < 0)
        return err_set(err, "%s: %s", o->kernel, why.msg);
    vm->poll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (vm->poll_fd < 0)
        return err_set(err, "epoll_create1: %m");
    if (hypercalls_from_modules(err) < 0 || modules_setup(vm, err) < 0 ||
        arch_vcpu_setup(vm, err) < 0)
        return -1;
    write_boot_info(vm, o->cmdline);  /* after the vCPU: needs the TSC rate */
    return 0;
}

int main(int argc, char *argv[])
{
    static struct ukvm_opts opts;
    static struct mft_buf mft_buf;
    struct errbuf err;
    int status;

    stats.start_ns = stats_now_ns();
    status = tender_start(&hvt, argc, argv, &opts, &the_vm);
    if (status >= 0)
        return status;
    run_catch_signals(&the_vm);
    if (setup_guest(&the_vm, &opts, &mft_buf, &err) < 0 ||
        sandbox_enter(&the_vm, &err) < 0)
        tender_fail(&the_vm, &err);
    modules_start(&the_vm);
    run_loop(&the_vm);
}
