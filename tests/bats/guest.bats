# SPDX-License-Identifier: ISC
# The guest test unikernels, run on ukvm and checked from outside.
load helpers

setup() {
    require_kvm
}

# A CPU exception: on hvt the guest kernel's trap report ($1), then abort
# (255); on spt ukvm-spt's report of the signal ($2), then death by that
# signal, as under solo5-spt (128 + its number: 132 SIGILL, 139 SIGSEGV).
expect_trap() {
    show
    [[ "$output" != *SURVIVED* ]]
    if [ "$TARGET" = hvt ]; then
        [ "$status" -eq 255 ]
        [[ "$output" == *"guest: trap: $1"* ]]
        [[ "$output" == *"guest:  rip 0x"* ]]
    else
        [ "$status" -eq $((128 + $(kill -l "$2"))) ]
        ukvm_only "ukvm-spt's report of the signal"
        [[ "$stderr" == "ukvm-spt: guest error: $2 at address "*" (rip 0x"*")" ]]
    fi
}

@test "hello: prints its command line and exits 0" {
    guest hello -- one two  three
    show
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "Hello, World" ]
    [ "${lines[1]}" = "cmdline: one two three" ]
    [ "${lines[2]}" = "SUCCESS" ]
    [ -z "$stderr" ]
}

@test "hello: runs with the smallest memory, 2 MiB" {
    guest hello --mem=2
    show
    [ "$status" -eq 0 ]
    [ "${lines[2]}" = "SUCCESS" ]
}

@test "hello: runs with 4 GiB of memory" {
    guest hello --mem=4096
    show
    [ "$status" -eq 0 ]
    [ "${lines[2]}" = "SUCCESS" ]
}

@test "globals: initialised and zeroed globals hold their values" {
    guest globals
    show
    [ "$status" -eq 0 ]
    [ "$output" = "SUCCESS" ]
}

@test "exception: ud2 gives a trap report and exit 255" {
    guest exception
    expect_trap "#UD invalid opcode (vector 6)" SIGILL
}

@test "exception: the monitor names the faulting function and source line" {
    guest exception
    show
    ukvm_only "ukvm's own report"
    if [ "$TARGET" = hvt ]; then
        [[ "$stderr" == *"ukvm: the guest aborted after CPU exception 6 at rip 0x"*" in solo5_app_main+0x"*" (tests/guest/exception/exception.c:"*")"* ]]
    else
        [[ "$stderr" == *" in solo5_app_main+0x"*" (tests/guest/exception/exception.c:"*"))" ]]
    fi
}

@test "zeropage: a NULL dereference is caught" {
    guest zeropage
    expect_trap "#PF page fault (vector 14)" SIGSEGV
    [[ "$output$stderr" == *"cr2 0x0000000000000000"* ||
       "$stderr" == *"at address 0x0000000000000000 "* ]]
}

@test "ssp: a smashed stack is detected" {
    guest ssp
    show
    [ "$status" -eq 255 ]
    [[ "$output" == *"stack smashing detected"* ]]
    [[ "$output" != *SURVIVED* ]]
}

@test "tls: thread-local variables follow the TLS base" {
    guest tls
    show
    [ "$status" -eq 0 ]
    [ "$output" = "SUCCESS" ]
}

@test "notls: a __thread access without a TLS base is caught" {
    guest notls
    expect_trap "#PF page fault (vector 14)" SIGSEGV
}

@test "time: clocks are monotonic, a 100 ms yield sleeps 100-150 ms, wall clock within 1 s" {
    guest time
    show
    [ "$status" -eq 0 ]
    [[ "$output" == *SUCCESS* ]]
    wall=$(printf '%s\n' "$output" | sed -n 's/^wall: //p')
    now=$(date +%s)
    [ -n "$wall" ]
    [ $((now - wall)) -le 1 ] && [ $((wall - now)) -le 1 ]
}

@test "quiet: a guest that writes nothing prints nothing" {
    guest quiet
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    [ -z "$stderr" ]
}

@test "wnox: writing to text faults" {
    guest wnox
    expect_trap "#PF page fault (vector 14)" SIGSEGV
}

@test "xnow: executing data faults" {
    guest xnow
    expect_trap "#PF page fault (vector 14)" SIGSEGV
}

@test "stackguard: a stack overflow hits the unmapped guard page" {
    guest stackguard
    expect_trap "#PF page fault (vector 14)" SIGSEGV
    [ "$TARGET" = spt ] || [[ "$output" == *"(not present, write)"* ]]
}

@test "cpuid: virtualization, SGX and performance monitoring are hidden" {
    only_on hvt "ukvm-spt does not filter CPUID (no VM)"
    ukvm_only "CPUID filtering"
    guest cpuid
    show
    [ "$status" -eq 0 ]
    [ "$output" = "SUCCESS" ]
}

@test "fpu: SSE and AVX arithmetic (on spt; on hvt in ring 3, or where KVM runs guests natively)" {
    if [ "$TARGET" = hvt ] && ! in_ring3; then
        native=$("$BUILD/ukvm" --kvm-info)
        [ "$native" = "native: yes" ] ||
            skip "KVM emulates ring-0 guest instructions here ($native); fpu runs in ring 3 and on spt"
    fi
    guest fpu
    show
    [ "$status" -eq 0 ]
    [[ "$output" == *SUCCESS* ]]
}
