/* SPDX-License-Identifier: ISC */
/* strerror: a short message for each errno.h number. */
#include <errno.h>
#include <string.h>

static const struct {
    int num;
    const char *msg;
} messages[] = {
    { 0, "no error" },
    { EPERM, "operation not permitted" },
    { ENOENT, "no such entry" },
    { EINTR, "interrupted" },
    { EIO, "input/output failure" },
    { EBADF, "bad descriptor" },
    { EAGAIN, "try again later" },
    { ENOMEM, "out of memory" },
    { EACCES, "access denied" },
    { EFAULT, "bad address" },
    { EBUSY, "busy" },
    { EEXIST, "already exists" },
    { EINVAL, "invalid argument" },
    { ENOSPC, "no space left" },
    { EPIPE, "peer has closed its end" },
    { EDOM, "argument outside the domain" },
    { ERANGE, "result out of range" },
    { ENAMETOOLONG, "name too long" },
    { ENOSYS, "not implemented" },
    { EPROTO, "protocol failure" },
    { EOVERFLOW, "value too large for its type" },
    { ENOTSOCK, "not a socket" },
    { EMSGSIZE, "message too long" },
    { EOPNOTSUPP, "operation not supported" },
    { EAFNOSUPPORT, "address family not supported" },
    { EADDRINUSE, "address in use" },
    { ENETDOWN, "network down" },
    { ENETUNREACH, "network unreachable" },
    { ECONNABORTED, "connection aborted" },
    { ECONNRESET, "connection reset by peer" },
    { ENOBUFS, "out of buffers" },
    { EISCONN, "already connected" },
    { ENOTCONN, "not connected" },
    { ETIMEDOUT, "timed out" },
    { ECONNREFUSED, "connection refused" },
    { EHOSTUNREACH, "host unreachable" },
    { EALREADY, "already in progress" },
    { EINPROGRESS, "in progress" },
};

char *strerror(int errnum)
{
    for (size_t i = 0; i < sizeof(messages) / sizeof(messages[0]); i++)
        if (messages[i].num == errnum)
            return (char *)messages[i].msg;
    return (char *)"unknown error";
}
