/* SPDX-License-Identifier: ISC */
/*
 * The application interface of the ukvm guest kernel. Binary compatible
 * with the Solo5 0.12 application interface (docs/ABI.md section 6): an
 * application written against it links unchanged with either kernel.
 */
#ifndef SOLO5_H
#define SOLO5_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Result of a call that can fail. */
typedef enum {
    SOLO5_R_OK = 0,     /* done */
    SOLO5_R_AGAIN,      /* nothing to do now, try later */
    SOLO5_R_EINVAL,     /* bad argument */
    SOLO5_R_EUNSPEC     /* any other failure */
} solo5_result_t;

/* Exit statuses with a fixed meaning. */
#define SOLO5_EXIT_SUCCESS 0
#define SOLO5_EXIT_FAILURE 1
#define SOLO5_EXIT_ABORT   255

typedef uint64_t solo5_time_t;        /* nanoseconds */
typedef uint64_t solo5_handle_t;      /* a device's index in the manifest */
typedef uint64_t solo5_handle_set_t;  /* bit i set = handle i */
typedef uint64_t solo5_off_t;         /* byte offset on a block device */

/* What the kernel tells the application when it starts. */
struct solo5_start_info {
    const char *cmdline;    /* guest arguments, joined by single spaces */
    uintptr_t heap_start;   /* free memory the application may use ... */
    size_t heap_size;       /* ... and how much of it there is */
};

/*
 * The application's entry point, called once the kernel is ready. Its
 * return value becomes the exit status.
 */
int solo5_app_main(const struct solo5_start_info *info);

/* Stop with the given status, or with SOLO5_EXIT_ABORT. Never return. */
void solo5_exit(int status) __attribute__((noreturn));
void solo5_abort(void) __attribute__((noreturn));

/* Nanoseconds since an arbitrary start; never goes backwards. */
solo5_time_t solo5_clock_monotonic(void);

/* Nanoseconds since the Unix epoch, as the host sees it. */
solo5_time_t solo5_clock_wall(void);

/*
 * Sleep until solo5_clock_monotonic() reaches deadline or a network device
 * has input. If ready_set is not NULL it receives the readable handles.
 */
void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set);

/* Write size bytes to the console. */
void solo5_console_write(const char *buf, size_t size);

/* Network devices. */
struct solo5_net_info {
    uint8_t mac_address[6];
    size_t mtu;             /* not counting the 14-byte Ethernet header */
};

solo5_result_t solo5_net_acquire(const char *name, solo5_handle_t *handle,
        struct solo5_net_info *info);
/* Receive one frame into buf (size >= mtu + 14), or SOLO5_R_AGAIN. */
solo5_result_t solo5_net_read(solo5_handle_t handle, uint8_t *buf,
        size_t size, size_t *read_size);
/* Send one frame of at most mtu + 14 bytes. */
solo5_result_t solo5_net_write(solo5_handle_t handle, const uint8_t *buf,
        size_t size);

/* Block devices. */
struct solo5_block_info {
    solo5_off_t capacity;   /* bytes */
    solo5_off_t block_size; /* bytes; offsets and sizes are multiples */
};

solo5_result_t solo5_block_acquire(const char *name, solo5_handle_t *handle,
        struct solo5_block_info *info);
solo5_result_t solo5_block_write(solo5_handle_t handle, solo5_off_t offset,
        const uint8_t *buf, size_t size);
solo5_result_t solo5_block_read(solo5_handle_t handle, solo5_off_t offset,
        uint8_t *buf, size_t size);

/*
 * Thread-local storage. The application allocates solo5_tls_size() bytes
 * (aligned to 16) at tls, fills them with solo5_tls_init(tls), then makes
 * them current with solo5_set_tls_base(solo5_tls_tp_offset(tls)).
 */
size_t solo5_tls_size(void);
uintptr_t solo5_tls_tp_offset(uintptr_t tls);
solo5_result_t solo5_tls_init(uintptr_t tls);
solo5_result_t solo5_set_tls_base(uintptr_t base);

#endif
