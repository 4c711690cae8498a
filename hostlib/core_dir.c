/* SPDX-License-Identifier: ISC */
/*
 * The core file's directory and its unnamed file: everything that can
 * fail for a reason the user can fix fails here at start-up, so that
 * dumping is write(2) on a descriptor and one linkat(2).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "core_dir.h"
#include "core_file.h"

#define PREFIX_MAX 128
#define NAME_TRIES 8
/* PREFIX "." pid "." 16 hex digits ".core" */
#define NAME_LEN_MAX (PREFIX_MAX + 1 + 10 + 1 + 16 + 5)
#define FD_PATH_MAX sizeof "/proc/self/fd/2147483647"

/* Every right Landlock's first ABI has to create something in a directory. */
#define LANDLOCK_MAKE_ANY (LANDLOCK_ACCESS_FS_MAKE_CHAR | \
    LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG | \
    LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | \
    LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM)

/* splitmix64's finaliser: each try's nonce looks unrelated to the last. */
static uint64_t mix(uint64_t x)
{
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* Appends S (at most MAX bytes of it) at P; returns the new end. */
static char *put_str(char *p, const char *s, size_t max)
{
    while (*s && max--)
        *p++ = *s++;
    return p;
}

static char *put_dec(char *p, uint64_t v)
{
    char tmp[20];
    int n = 0;

    do
        tmp[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *put_hex16(char *p, uint64_t v)
{
    for (int shift = 60; shift >= 0; shift -= 4)
        *p++ = "0123456789abcdef"[(v >> shift) & 15];
    return p;
}

/* "/proc/self/fd/FD" into OUT (FD_PATH_MAX bytes). */
static void fd_path(char *out, int fd)
{
    char *p = put_str(out, "/proc/self/fd/", FD_PATH_MAX);

    p = put_dec(p, (uint64_t)fd);
    *p = '\0';
}

/* A path's last component, so that a name never reaches another directory. */
static const char *last_component(const char *path)
{
    const char *base = path;

    for (const char *s = path ? path : ""; *s; s++)
        if (*s == '/')
            base = s + 1;
    return base && *base ? base : "guest";
}

/* NAME (NAME_LEN_MAX + 1 bytes) for try I: PREFIX.PID.NONCE.SUFFIX */
static size_t make_name(char *name, const struct core_dir *d,
                        const char *prefix, const char *suffix, unsigned i)
{
    char *p = name;

    p = put_str(p, prefix, PREFIX_MAX);
    *p++ = '.';
    p = put_dec(p, (uint64_t)d->pid);
    *p++ = '.';
    p = put_hex16(p, mix(d->nonce + i));
    p = put_str(p, suffix, 5);
    *p = '\0';
    return (size_t)(p - name);
}

static int open_error(const char *dir, int e, struct errbuf *err)
{
    if (e == ENOENT)
        return err_set(err, "%s: no such directory", dir);
    if (e == ENOTDIR)
        return err_set(err, "%s: not a directory", dir);
    return err_set(err, "%s: %s", dir, strerror(e));
}

static int tmpfile_error(const char *dir, int e, struct errbuf *err)
{
    if (e == EACCES || e == EPERM)
        return err_set(err, "%s: not writable (%s)", dir, strerror(e));
    if (e == EROFS)
        return err_set(err, "%s: on a read-only file system", dir);
    if (e == EOPNOTSUPP || e == EISDIR)
        return err_set(err, "%s: its file system cannot create unnamed "
                       "files (O_TMPFILE)", dir);
    return err_set(err, "%s: cannot create a file there: %s", dir, strerror(e));
}

static int new_tmpfile(const struct core_dir *d)
{
    return openat(d->dir_fd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
}

static uint64_t new_nonce(void)
{
    struct timespec t = { 0, 0 };
    uint64_t v;

    if (getrandom(&v, sizeof v, GRND_NONBLOCK) == (ssize_t)sizeof v)
        return v;
    /* No entropy yet: the clock still separates two starts. */
    clock_gettime(CLOCK_REALTIME, &t);
    return mix((uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec);
}

/*
 * Names a second unnamed file the way the dump will (through /proc) and
 * removes the name again: the real one must stay unnamed, and a file once
 * named and unlinked cannot be named again.
 */
static int probe_linkat(const struct core_dir *d, struct errbuf *err)
{
    char name[NAME_LEN_MAX + 1], path[FD_PATH_MAX];
    int fd = new_tmpfile(d), r = -1, e = 0;

    if (fd < 0)
        return tmpfile_error(d->dir, errno, err);
    fd_path(path, fd);
    for (unsigned i = 0; i < NAME_TRIES && r < 0; i++) {
        make_name(name, d, ".ukvm-probe", ".tmp", i);  /* not a *.core */
        r = linkat(AT_FDCWD, path, d->dir_fd, name, AT_SYMLINK_FOLLOW);
        e = r < 0 ? errno : 0;
        if (r < 0 && e != EEXIST)
            break;
    }
    close(fd);
    if (r < 0)
        return err_set(err, "%s: cannot name a file there: %s", d->dir,
                       strerror(e));
    if (unlinkat(d->dir_fd, name, 0) < 0)
        return err_set(err, "%s/%s: cannot remove this test file: %s",
                       d->dir, name, strerror(errno));
    return 0;
}

/*
 * D's link_path: the unnamed file's /proc/self/fd path, in a page of its
 * own made read-only, so that the seccomp rule can pin linkat's path to
 * its address (see core_dir.h). Checks that /proc resolves it to the file.
 */
static int pin_link_path(struct core_dir *d, struct errbuf *err)
{
    struct stat want, got;
    char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                      -1, 0);

    if (page == MAP_FAILED)
        return err_set(err, "%s: mmap: %s", d->dir, strerror(errno));
    fd_path(page, d->tmp_fd);
    d->link_path = page;
    if (mprotect(page, 4096, PROT_READ) < 0)
        return err_set(err, "%s: mprotect: %s", d->dir, strerror(errno));
    if (fstat(d->tmp_fd, &want) < 0)
        return err_set(err, "%s: fstat: %s", d->dir, strerror(errno));
    if (stat(d->link_path, &got) < 0)
        return err_set(err, "%s: the core file is named through /proc, which "
                       "is not mounted here (%s: %s)", d->dir, d->link_path,
                       strerror(errno));
    if (got.st_dev != want.st_dev || got.st_ino != want.st_ino)
        return err_set(err, "%s: the core file is named through /proc, and "
                       "%s is not it here (another PID namespace's /proc?)",
                       d->dir, d->link_path);
    return 0;
}

int core_dir_open(struct core_dir *d, const char *dir, struct errbuf *err)
{
    d->dir_fd = d->tmp_fd = -1;
    d->link_path = NULL;
    if (strlen(dir) + 1 + NAME_LEN_MAX >= sizeof d->dir)
        return err_set(err, "%.64s...: directory name too long", dir);
    strcpy(d->dir, dir);
    d->pid = getpid();
    d->nonce = new_nonce();
    d->dir_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (d->dir_fd < 0)
        return open_error(dir, errno, err);
    d->tmp_fd = new_tmpfile(d);
    if (d->tmp_fd < 0)
        tmpfile_error(dir, errno, err);
    if (d->tmp_fd < 0 || pin_link_path(d, err) < 0 || probe_linkat(d, err) < 0) {
        core_dir_close(d);
        return -1;
    }
    return 0;
}

int core_dir_confine(const struct core_dir *d, struct errbuf *err)
{
    struct landlock_ruleset_attr attr = { .handled_access_fs = LANDLOCK_MAKE_ANY };
    struct landlock_path_beneath_attr beneath = {
        .allowed_access = LANDLOCK_ACCESS_FS_MAKE_REG, .parent_fd = d->dir_fd };
    const char *step = "landlock_add_rule";
    int fd, r;

    fd = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
    if (fd < 0)
        return err_set(err, "%s: cannot confine core file names: Landlock: %s",
                       d->dir, strerror(errno));
    r = (int)syscall(SYS_landlock_add_rule, fd, LANDLOCK_RULE_PATH_BENEATH,
                     &beneath, 0);
    if (r == 0) {
        step = "no_new_privs";
        r = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    }
    if (r == 0) {
        step = "landlock_restrict_self";
        r = (int)syscall(SYS_landlock_restrict_self, fd, 0);
    }
    if (r < 0)
        err_set(err, "%s: cannot confine core file names: %s: %s", d->dir,
                step, strerror(errno));
    close(fd);
    /* Once more under the ruleset, which the dump's linkat will meet. */
    return r < 0 || probe_linkat(d, err) < 0 ? -1 : 0;
}

/* DIR "/" NAME into OUT, which the caller made large enough. */
static void make_path(char *out, const struct core_dir *d, const char *name,
                      size_t dirlen)
{
    char *p = put_str(out, d->dir, dirlen);

    if (dirlen == 0 || d->dir[dirlen - 1] != '/')
        *p++ = '/';
    p = put_str(p, name, NAME_LEN_MAX);
    *p = '\0';
}

int core_dir_commit(struct core_dir *d, const char *prefix, char *path_out,
                    size_t n, struct errbuf *err)
{
    char name[NAME_LEN_MAX + 1];
    size_t dirlen = strlen(d->dir), len;

    prefix = last_component(prefix);
    len = make_name(name, d, prefix, ".core", 0);   /* every try is as long */
    if (!path_out || dirlen + 1 + len >= n)
        return core_err(err, d->dir, "no room for the core file's path", 0);
    for (unsigned i = 0; i < NAME_TRIES; i++) {
        make_name(name, d, prefix, ".core", i);
        if (linkat(AT_FDCWD, d->link_path, d->dir_fd, name, AT_SYMLINK_FOLLOW) == 0) {
            make_path(path_out, d, name, dirlen);
            return 0;
        }
        if (errno != EEXIST)
            return core_err(err, d->dir, "naming the core file (linkat)", errno);
    }
    return core_err(err, d->dir, "every name tried for the core file exists",
                    EEXIST);
}

void core_dir_close(struct core_dir *d)
{
    if (d->tmp_fd >= 0)
        close(d->tmp_fd);
    if (d->dir_fd >= 0)
        close(d->dir_fd);
    if (d->link_path)
        munmap((void *)d->link_path, 4096);
    d->tmp_fd = d->dir_fd = -1;
    d->link_path = NULL;
}
