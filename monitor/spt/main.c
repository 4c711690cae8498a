/* SPDX-License-Identifier: ISC */
/*
 * ukvm-spt: runs an spt unikernel (ABI note target 2) as this process,
 * locked down by seccomp. Same options, manifest rules, device modules
 * and exit statuses as ukvm; no KVM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>

#include "abi/spt_abi.h"
#include "modules.h"
#include "sandbox.h"
#include "spt.h"
#include "stats.h"
#include "tender.h"

static struct ukvm the_vm = { .guest_is_process = true };

static const struct feature_name spt_features[] = {
    { "pwait2", SPT_FEATURE_YIELD_PWAIT2 },
    { "multiblock", SPT_FEATURE_BLOCK_MULTI },
    { "offload", SPT_FEATURE_NET_VNET },
};

/* --stats; ukvm's KVM options, named as such rather than as unknown. */
static int spt_option(const char *arg, struct errbuf *err)
{
    static const char *const kvm_only[] = {
        "--count-instructions", "--no-deprivilege", "--kvm-info",
    };

    if (stats_option(arg))
        return 1;
    for (size_t i = 0; i < sizeof kvm_only / sizeof kvm_only[0]; i++)
        if (strcmp(arg, kvm_only[i]) == 0)
            return err_set(err, "--kvm-info, --count-instructions and "
                           "--no-deprivilege are ukvm's (KVM) options");
    return 0;
}

static const struct tender spt = {
    .name = "ukvm-spt", .abi = "spt", .abi_version = SPT_ABI_VERSION,
    .features = SPT_FEATURES_UKVM,
    .feature_names = spt_features,
    .nfeature_names = sizeof spt_features / sizeof spt_features[0],
    .usage =
        "  --stats[=json]   at exit, print each network device's frames and bytes\n"
        "                   (as the kernel counts them on its tap) and the run\n"
        "                   time to stderr; json: as one line of JSON\n",
    .option = spt_option,
    .exit_report = stats_print,
};

/*
 * Boot info, ukvm-spt's offer, the manifest, then the command line;
 * read-only later.
 */
static uint64_t write_boot_info(struct ukvm *vm, uint64_t kernel_end,
                                const char *cmdline)
{
    const uint64_t offer = SPT_BOOT_INFO_BASE + sizeof(struct spt_boot_info);
    struct boot_layout l = boot_data_write((uint8_t *)SPT_BOOT_INFO_BASE,
                                           SPT_BOOT_INFO_BASE,
                                           sizeof(struct spt_boot_info) +
                                           sizeof(struct spt_offer), vm->mft, cmdline);
    struct spt_boot_info bi = {
        .mem_size = vm->mem_size, .kernel_end = kernel_end, .cmdline = l.cmdline,
        .mft = l.mft, .epollfd = vm->poll_fd, .timerfd = vm->timer_fd,
    };
    struct spt_offer of = {
        .magic = SPT_OFFER_MAGIC, .host_features = vm->host_features,
    };

    memcpy((void *)SPT_BOOT_INFO_BASE, &bi, sizeof bi);
    memcpy((void *)offer, &of, sizeof of);
    return SPT_BOOT_INFO_BASE;
}

/* The timer Solo5's solo5_yield arms, in the device poll set. */
static int timer_create_in_poll_set(struct ukvm *vm, struct errbuf *err)
{
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = SPT_EPOLL_TIMER };
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);

    if (fd < 0)
        return err_set(err, "timerfd_create: %m");
    if (epoll_ctl(vm->poll_fd, EPOLL_CTL_ADD, fd, &ev) < 0)
        return err_set(err, "epoll_ctl: %m");
    return fd;
}

static int setup(struct ukvm *vm, const struct ukvm_opts *o,
                 struct mft_buf *mft_buf, uint64_t *boot_info, struct errbuf *err)
{
    static struct elf_file f;       /* kept: fault reports name symbols */
    struct elf_image img;
    struct errbuf why;
    uint64_t kernel_end;

    if (elf_file_map(&f, o->kernel, &why) < 0)
        return err_set(err, "%s: %s", o->kernel, why.msg);
    vm->kernel = &f;
    if (elf_check(&f, o->mem_size, SPT_ABI_TARGET, SPT_ABI_VERSION, &img, mft_buf,
                  &why) < 0)
        return err_set(err, "%s: %s", o->kernel, why.msg);
    if (spt_mem_map(o->mem_size, err) < 0)
        return -1;
    elf_copy_segments(&f, 0);
    vm->mem_size = o->mem_size;
    vm->entry = img.entry;
    vm->kernel_end = img.kernel_end;
    vm->nseg = img.nseg;
    memcpy(vm->seg, img.seg, sizeof img.seg);
    vm->mft = img.mft;
    vm->poll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (vm->poll_fd < 0)
        return err_set(err, "epoll_create1: %m");
    vm->timer_fd = timer_create_in_poll_set(vm, err);
    if (vm->timer_fd < 0 || modules_setup(vm, err) < 0)
        return -1;
    kernel_end = (img.kernel_end + 0xfff) & ~0xfffULL;
    *boot_info = write_boot_info(vm, kernel_end, o->cmdline);
    if (spt_mem_protect(&img, &why) < 0)
        return err_set(err, "%s: %s", o->kernel, why.msg);
    return 0;
}

/*
 * The guest shares our address space: wipe what it could read there and
 * we no longer need. The environment (secrets live there) and the auxv's
 * random bytes and file name; the command line (file and tap names) and
 * the monitor's own memory stay readable (README, "Sandbox").
 */
static void scrub_process_data(void)
{
    extern char **environ;
    char *execfn = (char *)getauxval(AT_EXECFN);
    void *random_bytes = (void *)getauxval(AT_RANDOM);

    for (char **e = environ; e && *e; e++)
        memset(*e, 0, strlen(*e));
    environ = NULL;
    if (random_bytes)
        memset(random_bytes, 0, 16);
    if (execfn)
        memset(execfn, 0, strlen(execfn));
}

int main(int argc, char *argv[])
{
    static struct ukvm_opts opts;
    static struct mft_buf mft_buf;
    struct errbuf err;
    uint64_t boot_info;
    int status;

    stats.start_ns = stats_now_ns();
    status = tender_start(&spt, argc, argv, &opts, &the_vm);
    if (status >= 0)
        return status;
    if (setup(&the_vm, &opts, &mft_buf, &boot_info, &err) < 0)
        tender_fail(&the_vm, &err);
    spt_catch_guest_faults(&the_vm);
    fflush(stdout);
    scrub_process_data();
    if (sandbox_install(&the_vm, SCMP_ACT_TRAP, spt_allow_guest, &err) < 0)
        tender_fail(&the_vm, &err);
    modules_start(&the_vm);
    spt_enter_guest(the_vm.entry, the_vm.mem_size - 8, boot_info);
}
