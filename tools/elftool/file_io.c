/* SPDX-License-Identifier: ISC */
/* Whole-file reads and all-or-nothing writes, see file_io.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_io.h"

char *file_read(const char *path, size_t max, size_t *len, struct errbuf *err)
{
    FILE *f = fopen(path, "rb");
    size_t n = 0;
    char *buf;

    if (!f) {
        err_set(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    /* One byte more than allowed tells "too large" from "exactly MAX". */
    buf = malloc(max + 2);
    if (!buf) {
        fclose(f);
        err_set(err, "%s: out of memory", path);
        return NULL;
    }
    while (n <= max) {
        size_t got = fread(buf + n, 1, max + 1 - n, f);
        if (got == 0)
            break;
        n += got;
    }
    if (ferror(f)) {
        err_set(err, "%s: %s", path, strerror(errno));
        goto bad;
    }
    if (n > max) {
        err_set(err, "%s: larger than %zu bytes", path, max);
        goto bad;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
bad:
    fclose(f);
    free(buf);
    return NULL;
}

static int write_all(int fd, const char *data, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        if (w == 0) {
            errno = EIO;
            return -1;
        }
        done += (size_t)w;
    }
    return 0;
}

/* What fopen(PATH, "w") does, for outputs that cannot be renamed over. */
static int write_in_place(const char *path, int flags, const char *data,
                          size_t len, struct errbuf *err)
{
    int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | flags, 0666);

    if (fd < 0 || write_all(fd, data, len) < 0 || close(fd) < 0) {
        err_set(err, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return 0;
}

/*
 * Writes a temporary file beside PATH and renames it over PATH. Returns
 * -2 (ERR set) if the temporary file cannot be created, -1 on other errors.
 */
static int replace(const char *path, const char *data, size_t len,
                   struct errbuf *err)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + sizeof ".XXXXXX");
    mode_t mask;
    int fd;

    if (!tmp)
        return err_set(err, "%s: out of memory", path);
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".XXXXXX", sizeof ".XXXXXX");
    fd = mkstemp(tmp);
    if (fd < 0) {
        err_set(err, "%s: cannot create a temporary file: %s", path,
                strerror(errno));
        free(tmp);
        return -2;
    }
    /* mkstemp makes the file 0600; give it the mode a plain create would. */
    mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) < 0 || write_all(fd, data, len) < 0)
        goto fail;
    if (close(fd) < 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) < 0)
        goto fail;
    free(tmp);
    return 0;
fail:
    err_set(err, "%s: %s", path, strerror(errno));
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return -1;
}

int file_write_output(const char *path, const char *data, size_t len,
                      struct errbuf *err)
{
    struct stat st;
    char *target = NULL;
    int rc;

    if (stat(path, &st) < 0) {
        if (errno != ENOENT)
            return err_set(err, "%s: %s", path, strerror(errno));
        /* A link to nothing: fopen would create its target. */
        if (lstat(path, &st) == 0)
            return write_in_place(path, O_CREAT, data, len, err);
        return replace(path, data, len, err) < 0 ? -1 : 0;
    }
    if (S_ISDIR(st.st_mode))
        return err_set(err, "%s: %s", path, strerror(EISDIR));
    /* /dev/stdout, a FIFO: renaming over them would replace the node. */
    if (!S_ISREG(st.st_mode))
        return write_in_place(path, 0, data, len, err);
    if (access(path, W_OK) < 0)
        return err_set(err, "%s: %s", path, strerror(errno));
    /* Through a symbolic link, replace the file it names, not the link. */
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
        !(target = realpath(path, NULL)))
        return err_set(err, "%s: %s", path, strerror(errno));
    rc = replace(target ? target : path, data, len, err);
    free(target);
    /* Solo5 can write a file whose directory it may not write: so can we. */
    if (rc == -2)
        rc = write_in_place(path, 0, data, len, err);
    return rc < 0 ? -1 : 0;
}
