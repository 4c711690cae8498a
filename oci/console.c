/* SPDX-License-Identifier: ISC */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "console.h"

static int send_fd(const char *socket_path, int fd, const char *name, struct errbuf *err)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } c;
    struct iovec iov = { .iov_base = (void *)name, .iov_len = strlen(name) };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
                          .msg_control = c.buf, .msg_controllen = sizeof c.buf };
    struct cmsghdr *cm;
    int s, r;

    if (strlen(socket_path) >= sizeof sa.sun_path)
        return err_set(err, "--console-socket %.64s: path too long", socket_path);
    strcpy(sa.sun_path, socket_path);
    s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof sa) < 0) {
        err_set(err, "--console-socket %.128s: %m", socket_path);
        if (s >= 0)
            close(s);
        return -1;
    }
    memset(c.buf, 0, sizeof c.buf);
    cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &fd, sizeof fd);
    r = sendmsg(s, &msg, MSG_NOSIGNAL) < 0 ? err_set(err, "--console-socket %.128s: %m",
                                                     socket_path) : 0;
    close(s);
    return r;
}

int console_make(const char *socket_path, unsigned width, unsigned height,
                 struct errbuf *err)
{
    char name[64];
    int master, slave;

    master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
        ptsname_r(master, name, sizeof name) != 0) {
        err_set(err, "process.terminal: cannot make a pty: %m");
        if (master >= 0)
            close(master);
        return -1;
    }
    slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) {
        err_set(err, "process.terminal: %s: %m", name);
        close(master);
        return -1;
    }
    if (width && height) {
        struct winsize ws = { .ws_row = (unsigned short)height,
                              .ws_col = (unsigned short)width };

        ioctl(slave, TIOCSWINSZ, &ws);
    }
    if (send_fd(socket_path, master, name, err) < 0) {
        close(master);
        close(slave);
        return -1;
    }
    close(master);
    return slave;
}
