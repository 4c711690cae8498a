# SPDX-License-Identifier: ISC
# Host code shared by ukvm and the tools: the ELF reader, manifest checks.
HOSTLIB_SRCS := hostlib/elf_file.c hostlib/mft_check.c hostlib/regular_file.c
# The fault reports name function and line (allocation-free, for seccomp).
HOSTLIB_SRCS += hostlib/symbolize.c
# --dumpcore's core file and the directory it goes to.
HOSTLIB_SRCS += hostlib/core_file.c hostlib/core_dir.c
# --gdb: the GDB remote protocol.
HOSTLIB_SRCS += hostlib/gdb_remote.c
