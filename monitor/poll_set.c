/* SPDX-License-Identifier: ISC */
/* The set of host descriptors that the POLL hypercall waits on. */
#include <sys/epoll.h>

#include "ukvm.h"

int ukvm_poll_add(struct ukvm *vm, int fd, unsigned handle, struct errbuf *err)
{
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = handle };

    if (handle >= 64)
        return err_set(err, "device handle %u does not fit a ready set", handle);
    if (epoll_ctl(vm->poll_fd, EPOLL_CTL_ADD, fd, &ev) < 0)
        return err_set(err, "epoll_ctl: %m");
    return 0;
}
