/* Whole-file reads and all-or-nothing writes, see file_io.h. */
#include <errno.h>
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

int file_write_atomic(const char *path, const char *data, size_t len,
                      struct errbuf *err)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + sizeof ".XXXXXX");
    mode_t mask;
    size_t done = 0;
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
        return -1;
    }
    /* mkstemp makes the file 0600; give it the mode a plain create would. */
    mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) < 0)
        goto fail;
    while (done < len) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            goto fail;
        done += (size_t)w;
    }
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
    err_set(err, "%s: %s", path, strerror(errno ? errno : EIO));
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return -1;
}
