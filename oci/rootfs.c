/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rootfs.h"

static int open_in(int dir_fd, const char *path, int flags, unsigned long long resolve)
{
    struct open_how how = { .flags = (unsigned long long)flags | O_CLOEXEC,
                            .resolve = resolve };

    return (int)syscall(SYS_openat2, dir_fd, path, &how, sizeof how);
}

int rootfs_open(int bundle_fd, const char *root, struct errbuf *err)
{
    int fd = *root == '/' ? open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)
                          : open_in(bundle_fd, root, O_PATH | O_DIRECTORY,
                                    RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS);

    if (fd < 0)
        return err_set(err, "root.path: %.128s: %s", root,
                       errno == EXDEV ? "leaves the bundle" : strerror(errno));
    return fd;
}

int rootfs_open_file(int root_fd, const char *path, int flags, struct errbuf *err)
{
    struct stat st, again;
    char self[64];
    int pfd, fd, e;

    /* O_PATH first: a FIFO or a device planted in the rootfs is looked
     * at, never opened. */
    pfd = open_in(root_fd, path, O_PATH, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
    if (pfd < 0) {
        e = errno;
        err_set(err, "%.128s: %s in the rootfs", path,
                e == ENOENT ? "no such file" : strerror(e));
        errno = e;
        return -1;
    }
    if (fstat(pfd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(pfd);
        errno = EINVAL;
        return err_set(err, "%.128s: not a regular file in the rootfs", path);
    }
    snprintf(self, sizeof self, "/proc/self/fd/%d", pfd);
    fd = open(self, flags | O_CLOEXEC | O_NOCTTY);
    e = errno;
    close(pfd);
    if (fd < 0) {
        errno = e;
        return err_set(err, "%.128s: %s", path, strerror(e));
    }
    if (fstat(fd, &again) < 0 || again.st_ino != st.st_ino || again.st_dev != st.st_dev) {
        close(fd);
        errno = EINVAL;
        return err_set(err, "%.128s: replaced while being opened", path);
    }
    return fd;
}
