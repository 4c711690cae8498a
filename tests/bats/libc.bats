# SPDX-License-Identifier: ISC
# The guest C library (libos/libc) inside a unikernel: tests/guest/libc.
load helpers

setup() {
    require_kvm
}

@test "libc: printf, malloc, qsort, strtol, strings and clocks work in a guest" {
    guest libc
    show
    [ "$status" -eq 0 ]
    [[ "$output" != *FAIL* ]]
    [ "${lines[-1]}" = "SUCCESS" ]
    [ -z "$stderr" ]
}

@test "libc: argv is \"unikernel\" and the command line split on spaces" {
    guest libc -- one two three
    show
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "argc=4" ]
    [ "${lines[1]}" = "argv[0]=unikernel" ]
    [ "${lines[2]}" = "argv[1]=one" ]
    [ "${lines[3]}" = "argv[2]=two" ]
    [ "${lines[4]}" = "argv[3]=three" ]
}

@test "libc: main's return value is the exit status" {
    guest libc -- --exit=7
    show
    [ "$status" -eq 7 ]
    guest libc -- --exit=0
    [ "$status" -eq 0 ]
}

@test "libc: a failed assert names file, line and expression, exit 255" {
    guest libc -- --assert
    show
    [ "$status" -eq 255 ]
    [[ "$output" == *"libc.c:"*": main: assertion failed: argc == 1"* ]]
}

@test "libc: malloc hands out nearly all memory and merges it back whole" {
    guest libc --mem=8 -- --heap
    show
    [ "$status" -eq 0 ]
    [[ "${lines[-1]}" == *": ok" ]]
    # 8 MiB less the image and its 512 KiB stack: over 6 MiB in blocks.
    kib=$(sed -n 's/^heap: \([0-9]*\) KiB in 64 KiB blocks$/\1/p' <<<"$output")
    [ "$kib" -gt 6144 ]
}
