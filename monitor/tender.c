/* SPDX-License-Identifier: ISC */
/* The skeleton both tenders share (tender.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "modules.h"
#include "tender.h"

static const struct tender *tender;

static int tender_option(const char *arg, struct errbuf *err)
{
    int r = tender->option ? tender->option(arg, err) : 0;

    return r != 0 ? r : modules_option(arg, err);
}

static void usage(FILE *f)
{
    fprintf(f,
        "usage: %s [OPTIONS] [--] UNIKERNEL [GUEST ARGS...]\n"
        "  --mem=MIB        guest memory in MiB (default %d; 2 to 4096, rounded\n"
        "                   down to a multiple of 2)\n",
        tender->name, HVT_MEM_DEFAULT_MIB);
    modules_usage(f);
    fputs(tender->usage, f);
    fprintf(f,
        "  --help           this text\n"
        "  --version        %s's version and ABI\n", tender->name);
}

int tender_start(const struct tender *t, int argc, char *argv[],
                 struct ukvm_opts *o, struct ukvm *vm)
{
    struct errbuf err;
    uint32_t withheld;

    tender = t;
    if (opts_parse(argc, argv, o, tender_option, &err) < 0 ||
        features_withheld(getenv(WITHHOLD_ENV), t->feature_names,
                          t->nfeature_names, &withheld, &err) < 0) {
        fprintf(stderr, "%s: %s\n", t->name, err.msg);
        return 1;
    }
    if (o->help) {
        usage(stdout);
        return 0;
    }
    if (o->version) {
        printf("%s %s (%s ABI version %d)\n", t->name, UKVM_VERSION, t->abi,
               t->abi_version);
        return 0;
    }
    vm->host_features = t->features & ~withheld & ~modules_withheld();
    vm->kernel_path = o->kernel;
    return -1;
}

void tender_fail(struct ukvm *vm, const struct errbuf *err)
{
    fprintf(stderr, "%s: %s\n", tender->name, err->msg);
    ukvm_exit(vm, 1);
}

void ukvm_exit(struct ukvm *vm, int status)
{
    modules_teardown(vm);
    if (tender->exit_report)
        tender->exit_report();
    exit(status);
}

void ukvm_guest_end(struct ukvm *vm, const struct ukvm_halt *h)
{
    modules_halt(vm, h);
    ukvm_exit(vm, h->status);
}

void guest_error(struct ukvm *vm, const char *fmt, ...)
{
    const struct ukvm_halt h = { .how = UKVM_HALT_ERROR, .status = 1 };
    va_list ap;

    fflush(stdout);
    fprintf(stderr, "%s: guest error: ", tender->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (tender->error_report)
        tender->error_report(vm);
    else
        fputc('\n', stderr);
    ukvm_guest_end(vm, &h);
}

struct boot_layout boot_data_write(uint8_t *host, uint64_t gpa, uint64_t header,
                                   const struct mft *m, const char *cmdline)
{
    uint64_t mft_size = MFT_SIZE(m->entries);
    struct boot_layout l = { .mft = gpa + header };

    l.cmdline = (l.mft + mft_size + 7) & ~7ULL;
    memcpy(host + header, m, mft_size);
    memcpy(host + (l.cmdline - gpa), cmdline, strlen(cmdline) + 1);
    return l;
}
