/* SPDX-License-Identifier: ISC */
/* errno.h: a plain global errno and the Linux error numbers. */
#ifndef _LIBC_ERRNO_H
#define _LIBC_ERRNO_H

extern int errno;

#define EPERM           1
#define ENOENT          2
#define EINTR           4
#define EIO             5
#define EBADF           9
#define EAGAIN          11
#define EWOULDBLOCK     EAGAIN
#define ENOMEM          12
#define EACCES          13
#define EFAULT          14
#define EBUSY           16
#define EEXIST          17
#define EINVAL          22
#define ENOSPC          28
#define EPIPE           32
#define EDOM            33
#define ERANGE          34
#define ENAMETOOLONG    36
#define ENOSYS          38
#define EPROTO          71
#define EOVERFLOW       75
#define EMSGSIZE        90
#define ENOTSOCK        88
#define EOPNOTSUPP      95
#define ENOTSUP         EOPNOTSUPP
#define EAFNOSUPPORT    97
#define EADDRINUSE      98
#define ENETDOWN        100
#define ENETUNREACH     101
#define ECONNABORTED    103
#define ECONNRESET      104
#define ENOBUFS         105
#define EISCONN         106
#define ENOTCONN        107
#define ETIMEDOUT       110
#define ECONNREFUSED    111
#define EHOSTUNREACH    113
#define EALREADY        114
#define EINPROGRESS     115

#endif
