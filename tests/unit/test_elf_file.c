/* SPDX-License-Identifier: ISC */
/*
 * elf_file_map (hostlib/elf_file.c) on hostile files: what it hands the
 * loaders is a private copy read once, so rewriting the file afterwards
 * changes nothing; what is not a regular file (a FIFO, a directory, a
 * device) is refused at once, without hanging; empty and oversized files
 * are refused, naming why.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "elf_builder.h"

static char dir[] = "/tmp/test_elf_file.XXXXXX";
static char path[sizeof dir + 32];

static const char *file(const char *name)
{
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static int write_file(const char *p, const void *buf, size_t len)
{
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int ok;

    if (fd < 0)
        return 0;
    ok = write(fd, buf, len) == (ssize_t)len;
    return close(fd) == 0 && ok;
}

/* Maps P and returns elf_file_map's result; ERR holds its message. */
static int map(const char *p, struct errbuf *err)
{
    struct elf_file f;
    int rc;

    err->msg[0] = '\0';
    rc = elf_file_map(&f, p, err);
    if (rc == 0)
        elf_file_unmap(&f);
    return rc;
}

static void test_rewrite_after_map(void)
{
    struct eb_image img;
    struct elf_file f;
    struct errbuf err = { "" };
    uint8_t *orig, *junk;
    const char *p = file("rewritten.hvt");
    int fd, mapped;

    eb_build(&img, 1);
    orig = malloc(img.size);
    junk = malloc(img.size);
    if (!orig || !junk)
        abort();
    memcpy(orig, img.bytes, img.size);
    memset(junk, 0xcc, img.size);
    CHECK(write_file(p, orig, img.size), "a valid image is written");
    mapped = elf_file_map(&f, p, &err) == 0;
    CHECK(mapped, "elf_file_map takes the valid image (%s)", err.msg);
    if (!mapped)
        goto out;
    /* In place, same inode: what a process rewriting the file would do. */
    fd = open(p, O_WRONLY | O_CLOEXEC);
    CHECK(fd >= 0 && pwrite(fd, junk, img.size, 0) == (ssize_t)img.size &&
          fsync(fd) == 0, "the file is overwritten in place");
    if (fd >= 0)
        close(fd);
    CHECK(f.size == img.size, "the size is the file's (%zu)", f.size);
    CHECK(memcmp(f.data, orig, img.size) == 0,
          "after the file is rewritten, f->data still holds the bytes read");
    CHECK((const uint8_t *)f.ehdr == f.data && f.phnum == img.eh->e_phnum &&
          f.phdr[EB_PH_TEXT].p_type == PT_LOAD,
          "the headers checked still read as they did");
    elf_file_unmap(&f);
    CHECK(f.mapping == NULL, "elf_file_unmap frees the copy");
out:
    unlink(p);
    free(orig);
    free(junk);
    eb_free(&img);
}

/* A hang opening the FIFO is a failure to report, not just a timeout. */
static void on_alarm(int sig)
{
    static const char msg[] = "not ok - a FIFO is refused at once (hung)\n";

    (void)sig;
    if (write(STDOUT_FILENO, msg, sizeof msg - 1) < 0)
        _exit(2);
    _exit(1);
}

static void test_not_regular(void)
{
    struct errbuf err;
    const char *p;

    p = file("fifo");
    CHECK(mkfifo(p, 0600) == 0, "a FIFO is made");
    signal(SIGALRM, on_alarm);
    alarm(10);
    CHECK(map(p, &err) < 0 && strcmp(err.msg, "a FIFO, not a regular file") == 0,
          "a FIFO is refused at once (%s)", err.msg);
    alarm(0);
    unlink(p);
    CHECK(map(dir, &err) < 0 && strcmp(err.msg, "a directory, not a regular file") == 0,
          "a directory is refused (%s)", err.msg);
    CHECK(map("/dev/null", &err) < 0 &&
          strcmp(err.msg, "a character device, not a regular file") == 0,
          "/dev/null is refused (%s)", err.msg);
    CHECK(map(file("missing"), &err) < 0 &&
          strcmp(err.msg, strerror(ENOENT)) == 0,
          "a missing file names the error (%s)", err.msg);
}

static void test_sizes(void)
{
    struct errbuf err;
    const char *p;
    int fd;

    p = file("empty");
    CHECK(write_file(p, "", 0), "an empty file is written");
    CHECK(map(p, &err) < 0 && strcmp(err.msg, "empty file") == 0,
          "an empty file is refused (%s)", err.msg);
    unlink(p);

    /* Sparse: 1 GiB and a byte, without the disk space. */
    p = file("huge");
    fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    CHECK(fd >= 0 && ftruncate(fd, (1LL << 30) + 1) == 0,
          "a sparse file of 1 GiB + 1 byte is made");
    if (fd >= 0)
        close(fd);
    CHECK(map(p, &err) < 0 && strstr(err.msg, "file too large") == err.msg,
          "a file over 1 GiB is refused (%s)", err.msg);
    unlink(p);

    p = file("short");
    CHECK(write_file(p, "\177ELF", 4), "a 4-byte file is written");
    CHECK(map(p, &err) < 0 && strstr(err.msg, "too short") != NULL,
          "a file too short for a header is refused (%s)", err.msg);
    unlink(p);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_rewrite_after_map();
    test_not_regular();
    test_sizes();
    rmdir(dir);
    return check_done();
}
