/* SPDX-License-Identifier: ISC */
/*
 * The block module's hvt half: BLOCK_WRITE and BLOCK_READ, whole
 * sectors inside the device, straight to and from guest memory.
 */
#include <errno.h>
#include <unistd.h>

#include "block.h"

/* The device for HANDLE if [OFFSET, OFFSET+LEN) is whole sectors inside it. */
static struct block_dev *check_io(uint64_t handle, uint64_t offset, uint64_t len)
{
    struct block_dev *d = block_dev_for(handle);

    if (!d || len == 0 || offset % d->sector || len % d->sector ||
        offset > d->capacity || len > d->capacity - offset)
        return NULL;
    return d;
}

/* BLOCK_WRITE and BLOCK_READ share their layout, checks and loop. */
_Static_assert(sizeof(struct hvt_hc_block_write) == sizeof(struct hvt_hc_block_read),
               "block hypercall layouts");

static void block_io(struct ukvm *vm, struct hvt_hc_block_read *a, bool write)
{
    struct block_dev *d;
    uint8_t *data;
    uint64_t off, len;

    off = a->offset;
    len = a->len;
    d = check_io(a->handle, off, len);
    if (!d) {
        a->ret = HVT_EINVAL;
        return;
    }
    /* A write only reads guest memory; a read must be allowed to write it. */
    data = hypercall_buffer(vm, write ? "BLOCK_WRITE" : "BLOCK_READ", a->data,
                            len, !write);
    while (len > 0) {
        ssize_t n = write ? pwrite(d->fd, data, len, (off_t)off)
                          : pread(d->fd, data, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        /* An error (ENOSPC, EIO, EFBIG), or the file shrank under us; a
         * short write is retried, so its cause is reported too. */
        if (n <= 0) {
            a->ret = HVT_EUNSPEC;
            return;
        }
        data += n, off += (uint64_t)n, len -= (uint64_t)n;
    }
    a->ret = HVT_OK;
}

static void hc_block_write(struct ukvm *vm, void *arg)
{
    block_io(vm, arg, true);
}

static void hc_block_read(struct ukvm *vm, void *arg)
{
    block_io(vm, arg, false);
}

static const struct ukvm_hypercall block_hypercalls[] = {
    { HVT_HYPERCALL_BLOCK_WRITE, "BLOCK_WRITE", sizeof(struct hvt_hc_block_write),
      true, hc_block_write },
    { HVT_HYPERCALL_BLOCK_READ, "BLOCK_READ", sizeof(struct hvt_hc_block_read),
      true, hc_block_read },
    { 0 },
};

static const struct ukvm_module block_hypercalls_module = {
    .name = "block hypercalls",
    .hypercalls = block_hypercalls,
};
UKVM_MODULE(block_hypercalls_module);
