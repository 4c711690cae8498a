/* SPDX-License-Identifier: ISC */
/*
 * ELF core files of a guest, for `gdb UNIKERNEL CORE`: one thread's
 * registers and the guest memory the caller chooses, as an x86_64 ET_CORE
 * file. Everything here is async-signal-safe (ukvm-spt dumps from its
 * SIGSEGV/SIGSYS handler): no allocation, no stdio, no locale; the only
 * system calls are write(2) on the given descriptor and mincore(2).
 * Stack use is bounded: about 2.5 KiB for a dump (tests check < 8 KiB).
 */
#ifndef UKVM_CORE_FILE_H
#define UKVM_CORE_FILE_H

#include <stdint.h>
#include <sys/user.h>

#include "errbuf.h"

/*
 * Guest memory at guest address ADDR, LEN bytes, read from DATA; or, with
 * DATA NULL, LEN bytes of zeros that take no room in the file (p_filesz 0):
 * gdb then reads untouched memory as zeros, not "Cannot access memory".
 */
struct core_region {
    uint64_t addr;
    const void *data;     /* NULL: all zero */
    uint64_t len;
    uint32_t flags;     /* PF_R | PF_W | PF_X, for the PT_LOAD */
};

/* The most regions one file holds: e_phnum is 16 bits, one is the notes. */
#define CORE_MAX_REGIONS 65533u

/*
 * Writes an ELF64 ET_CORE file to FD, from its current position on, with
 * write(2) only (a pipe will do): a PT_NOTE with NT_PRSTATUS (REGS as
 * pr_reg, SIG as pr_cursig and si_signo, pid 1: the guest is one thread
 * of its own), NT_PRPSINFO (NAME as pr_psargs, its last path component as
 * pr_fname) and NT_FPREGSET when FPREGS is not NULL, then one PT_LOAD per
 * region with its bytes. Regions must be non-empty, in ascending address
 * order and must not overlap; only their bytes are read. Each region's
 * file offset is congruent to its address modulo 4096, as ELF asks.
 * Short writes and EINTR are retried. Returns 0, or -1 with ERR set to one
 * line (nothing in it needs stdio).
 */
int core_file_write(int fd, const struct user_regs_struct *regs,
                    const struct user_fpregs_struct *fpregs, int sig,
                    const char *name, const struct core_region *r,
                    unsigned nregions, struct errbuf *err);

/*
 * Splits [DATA, DATA+LEN), guest address ADDR, into the regions of its
 * resident pages (mincore(2)), adjacent pages merged, each with FLAGS.
 * An anonymous MAP_PRIVATE|MAP_NORESERVE mapping has only the pages that
 * were written or read resident, so this is the memory the guest touched.
 * Pages that are not mapped are left out; pages swapped out are too (a
 * caller with swap should mlock guest memory). Partial pages at either
 * end are clipped to the range, so nothing outside it is ever read.
 * Stores at most MAX regions in OUT and returns how many the range makes:
 * a result above MAX means OUT was too small and the rest is missing.
 */
unsigned core_resident_regions(uint64_t addr, const void *data, uint64_t len,
                               uint32_t flags, struct core_region *out,
                               unsigned max);

/*
 * Copies the N regions of IN to OUT with zero regions (DATA NULL, FLAGS)
 * added for what they leave out of [ADDR, ADDR+LEN): with IN from
 * core_resident_regions, the pages the guest never touched. IN must be in
 * address order. Stores at most MAX in OUT and returns how many there are
 * (above MAX: OUT too small).
 */
unsigned core_zero_gaps(uint64_t addr, uint64_t len, uint32_t flags,
                        const struct core_region *in, unsigned nin,
                        struct core_region *out, unsigned max);

/*
 * err_set for signal handlers: "A: B: errno's text" (A, B or ERRNUM left
 * out when NULL or 0), from constant strings, without stdio or locale.
 * Returns -1.
 */
int core_err(struct errbuf *err, const char *a, const char *b, int errnum);

#endif
