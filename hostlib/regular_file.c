/* SPDX-License-Identifier: ISC */
/* Opening a file only once it is known to be a regular one. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "regular_file.h"

static const char *file_kind(mode_t mode)
{
    return S_ISDIR(mode) ? "a directory" : S_ISFIFO(mode) ? "a FIFO" :
           S_ISCHR(mode) ? "a character device" : S_ISBLK(mode) ? "a block device" :
           S_ISSOCK(mode) ? "a socket" : "an unknown kind of file";
}

int open_regular_file(const char *path, int flags, struct stat *st,
                      struct errbuf *err)
{
    struct stat first;
    int fd = open(path, O_PATH | O_CLOEXEC), r, fl;

    /* O_PATH looks at the file without opening it. */
    if (fd < 0)
        return err_set(err, "%m");
    r = fstat(fd, &first) < 0 ? errno : 0;
    close(fd);
    if (r)
        return err_set(err, "%s", strerror(r));
    if (!S_ISREG(first.st_mode))
        return err_set(err, "%s, not a regular file", file_kind(first.st_mode));
    /* Should the path be swapped meanwhile, this open neither blocks nor
     * takes a terminal, and the check after it refuses the new file. */
    fd = open(path, flags | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return err_set(err, "%m");
    if (fstat(fd, st) < 0 || st->st_dev != first.st_dev ||
        st->st_ino != first.st_ino || !S_ISREG(st->st_mode)) {
        close(fd);
        return err_set(err, "replaced while being opened");
    }
    fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
        err_set(err, "%m");
        close(fd);
        return -1;
    }
    return fd;
}
