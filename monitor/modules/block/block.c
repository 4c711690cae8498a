/* SPDX-License-Identifier: ISC */
/*
 * The block module: BLOCK_BASIC devices over files. --block:NAME=PATH,
 * --block-sector-size:NAME=BYTES (a power of two, 512 to 32768),
 * --block-sync (writes reach stable storage before they complete).
 * Writes go straight to the file with pwrite: once the guest sees one
 * complete it is in the host's page cache, so it survives however ukvm
 * ends; one the host refuses (ENOSPC, EIO, EFBIG) is an error to the
 * guest. Each file is opened only once it is known to be a regular file,
 * and held under an exclusive flock until ukvm exits, so two guests
 * never share an image.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "abi/spt_abi.h"
#include "block.h"
#include "regular_file.h"

#define SECTOR_DEFAULT 512
#define SECTOR_MAX 32768        /* block_size is 16 bits in the manifest */

static struct block_dev devs[MFT_MAX_DEVICES];
static unsigned ndevs;
static struct block_dev *by_handle[MFT_MAX_ENTRIES];
static bool sync_writes;

static struct device_settings sectors = { .kind = "block-sector-size" };

static int parse_sector(const char *arg, const char *s, unsigned *out,
                        struct errbuf *err)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);

    if (end == s || *end || v < 512 || v > SECTOR_MAX || (v & (v - 1)))
        return err_set(err, "%s: not a power of two from 512 to %d", arg,
                       SECTOR_MAX);
    *out = (unsigned)v;
    return 0;
}

static int block_option(const char *arg, struct errbuf *err)
{
    char name[MFT_NAME_SIZE];
    const char *val;
    int r;

    if (strcmp(arg, "--block-sync") == 0) {
        sync_writes = true;
        return 1;
    }
    r = module_device_option(arg, "block", name, &val, err);
    if (r > 0) {
        if (ndevs == MFT_MAX_DEVICES)
            return err_set(err, "%s: more than %d block devices", arg,
                           MFT_MAX_DEVICES);
        if (*val == '\0')
            return err_set(err, "%s: missing file name", arg);
        strcpy(devs[ndevs].name, name);
        devs[ndevs].path = val;
        devs[ndevs].fd = -1;
        ndevs++;
        return 1;
    }
    if (r < 0)
        return -1;
    r = device_setting_option(&sectors, arg, &val, err);
    if (r > 0 && parse_sector(arg, val, &(unsigned){ 0 }, err) < 0)
        return -1;
    return r;
}

static unsigned sector_for(const char *name)
{
    const char *s = device_setting(&sectors, name);
    unsigned v = SECTOR_DEFAULT;

    if (s)
        parse_sector(name, s, &v, NULL);      /* checked when given */
    return v;
}

static bool has_device(const char *name)
{
    for (unsigned i = 0; i < ndevs; i++)
        if (strcmp(devs[i].name, name) == 0)
            return true;
    return false;
}

/* The pid /proc/locks gives for a flock on ST's file, or 0 if it does not. */
static long lock_holder(const struct stat *st)
{
    FILE *f = fopen("/proc/locks", "re");
    char line[256];
    long pid = 0;

    if (!f)
        return 0;
    /* "1: FLOCK  ADVISORY  WRITE 1234 08:02:5678 0 EOF"; waiters have "->" */
    while (pid == 0 && fgets(line, sizeof line, f)) {
        unsigned maj, min;
        unsigned long ino;
        long p;

        if (sscanf(line, "%*d: FLOCK %*s %*s %ld %x:%x:%lu", &p, &maj, &min, &ino) == 4 &&
            maj == major(st->st_dev) && min == minor(st->st_dev) && ino == st->st_ino &&
            p > 0)
            pid = p;
    }
    fclose(f);
    return pid;
}

/*
 * An exclusive flock for as long as ukvm runs (the kernel drops it at
 * exit): it belongs to this open file description, so no other close in
 * the process loses it, and it needs no system call once the guest runs.
 */
static int lock_image(struct block_dev *d, const struct stat *st, struct errbuf *err)
{
    long pid;

    if (flock(d->fd, LOCK_EX | LOCK_NB) == 0)
        return 0;
    if (errno != EWOULDBLOCK)
        return err_set(err, "%s: cannot lock it: %m", d->path);
    pid = lock_holder(st);
    if (pid > 0)
        return err_set(err, "%s: in use by another process (pid %ld)", d->path, pid);
    return err_set(err, "%s: in use by another process", d->path);
}

static int block_setup_dev(struct ukvm *vm, struct block_dev *d, struct errbuf *err)
{
    int h = ukvm_attach_device(vm, d->name, MFT_DEV_BLOCK_BASIC, err);
    struct mft_entry *e;
    struct errbuf why;
    struct stat st;

    if (h < 0)
        return -1;
    d->sector = sector_for(d->name);
    d->fd = open_regular_file(d->path, O_RDWR | (sync_writes ? O_DSYNC : 0), &st,
                              &why);
    if (d->fd < 0)
        return err_set(err, "%s: %s", d->path, why.msg);
    /* Our own second flock would fail as if another process held it. */
    for (const struct block_dev *o = devs; o < d; o++)
        if (o->dev == st.st_dev && o->ino == st.st_ino)
            return err_set(err, "%s: already attached as block device '%s'",
                           d->path, o->name);
    d->dev = st.st_dev;
    d->ino = st.st_ino;
    if (lock_image(d, &st, err) < 0)
        return -1;
    if (st.st_size == 0)
        return err_set(err, "%s: size 0: a block device needs at least one "
                       "%u-byte sector", d->path, d->sector);
    if (st.st_size % d->sector != 0)
        return err_set(err, "%s: size %lld is not a multiple of the %u-byte sector",
                       d->path, (long long)st.st_size, d->sector);
    d->capacity = (uint64_t)st.st_size;
    e = &vm->mft->e[h];
    e->u.block_basic.capacity = d->capacity;
    e->u.block_basic.block_size = (uint16_t)d->sector;
    e->b.hostfd = d->fd;        /* what an spt guest reads and writes */
    by_handle[h] = d;
    return 0;
}

struct block_dev *block_dev_for(uint64_t handle)
{
    return handle < MFT_MAX_ENTRIES ? by_handle[handle] : NULL;
}

static int block_setup(struct ukvm *vm, struct errbuf *err)
{
    if (device_settings_check(&sectors, "block", has_device, err) < 0)
        return -1;
    for (unsigned i = 0; i < ndevs; i++)
        if (block_setup_dev(vm, &devs[i], err) < 0)
            return -1;
    /* A write past RLIMIT_FSIZE would kill ukvm by SIGXFSZ (on spt, in the
     * guest's own pwrite64); ignored, it fails with EFBIG, an error the
     * guest sees. */
    if (ndevs > 0)
        signal(SIGXFSZ, SIG_IGN);
    return 0;
}

/*
 * pread64 and pwrite64 on D's file of a length LEN allows, at an offset
 * of at most MAX_OFFSET: LEN and MAX_OFFSET together keep every transfer
 * inside the device.
 */
static int allow_io(scmp_filter_ctx ctx, const struct block_dev *d,
                    struct scmp_arg_cmp len, uint64_t max_offset)
{
    int r = 0;

    for (int i = 0; i < 2 && r == 0; i++)
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW,
                             i ? SCMP_SYS(pwrite64) : SCMP_SYS(pread64), 3,
                             SCMP_A0(SCMP_CMP_EQ, (uint64_t)d->fd), len,
                             SCMP_A3(SCMP_CMP_LE, max_offset));
    return r;
}

static int block_seccomp(struct ukvm *vm, scmp_filter_ctx ctx)
{
    static const uint64_t limits[] = SPT_BLOCK_IO_LIMITS;
    int r = 0;

    for (unsigned i = 0; i < ndevs && r == 0; i++) {
        const struct block_dev *d = &devs[i];

        if (!vm->guest_is_process) {
            /* ukvm checked the range itself (check_io) */
            r = sandbox_allow_fd(ctx, SCMP_SYS(pread64), d->fd);
            if (r == 0)
                r = sandbox_allow_fd(ctx, SCMP_SYS(pwrite64), d->fd);
            continue;
        }
        /*
         * spt: one block, as Solo5 allows; where offered, also any whole
         * number of blocks below each limit (a mask: one rule, whatever
         * the number) at offsets that far from the end.
         */
        r = allow_io(ctx, d, SCMP_A2(SCMP_CMP_EQ, d->sector), d->capacity - d->sector);
        if (!(vm->host_features & SPT_FEATURE_BLOCK_MULTI))
            continue;
        for (size_t k = 0; k < sizeof limits / sizeof limits[0] && r == 0; k++)
            if (d->capacity >= limits[k])
                r = allow_io(ctx, d, SCMP_A2(SCMP_CMP_MASKED_EQ,
                                             ~(limits[k] - 1) | (d->sector - 1), 0),
                             d->capacity - limits[k]);
    }
    return r;
}

static const struct ukvm_module block_module = {
    .name = "block",
    .device = { MFT_DEV_BLOCK_BASIC, "block", "FILE" },
    .usage =
        "  --block:NAME=PATH  attach manifest device NAME to file PATH\n"
        "  --block-sector-size:NAME=BYTES  its sector size (512, default, to\n"
        "                   32768, a power of two)\n"
        "  --block-sync     writes reach stable storage before they complete\n",
    .option = block_option,
    .setup = block_setup,
    .seccomp = block_seccomp,
};
UKVM_MODULE(block_module);
