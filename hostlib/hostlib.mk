# Host code shared by ukvm and the tools: the ELF reader, manifest checks.
HOSTLIB_SRCS := hostlib/elf_file.c hostlib/mft_check.c hostlib/regular_file.c
# --dumpcore's core file and the directory it goes to.
HOSTLIB_SRCS += hostlib/core_file.c hostlib/core_dir.c
