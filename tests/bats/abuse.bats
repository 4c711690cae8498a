# SPDX-License-Identifier: ISC
# A hostile guest never crashes ukvm or reaches its memory: every misuse
# stops the guest with a one-line error naming it, then a register dump.
load helpers

# abuse WHAT MESSAGE [WITHHELD]: ukvm stops the guest with MESSAGE. With
# WITHHELD=ring3 the guest runs in ring 0, as on Solo5's tender.
abuse() {
    only_on hvt "hypercalls are hvt's; spt's guard is the seccomp filter (sandbox.bats)"
    require_kvm
    run --separate-stderr timeout 20 env UKVM_WITHHOLD_FEATURES="${3:-${UKVM_WITHHOLD_FEATURES:-}}" \
        "$UKVM_SAN" "$T/test_abuse.hvt" "$1"
    show
    [ "$status" -eq 1 ]
    [[ "$output" != *SURVIVED* ]]
    ukvm_only "ukvm's own error messages"
    first=$(printf '%s\n' "$stderr" | head -n 1)
    [[ "$first" == "$U: guest error: "*"$2"* ]]
    [[ "$stderr" == *"$U: rip "* ]]
    [[ "$stderr" != *"AddressSanitizer"* && "$stderr" != *"runtime error"* ]]
}

@test "abuse: PUTS of a buffer outside guest memory is refused" {
    abuse puts-outside-memory "PUTS: buffer 0xffffffff00000000+16 is outside guest memory"
}

@test "abuse: PUTS whose length wraps around is refused" {
    abuse puts-length-wraps "PUTS: buffer 0x100000+"
}

@test "abuse: hypercall argument struct outside guest memory is refused" {
    abuse arg-outside-memory "PUTS: bad argument address 0xfffffff0"
}

@test "abuse: monitor will not write into the guest's page tables" {
    ukvm_only "ukvm refuses to write guest memory the guest cannot write"
    abuse walltime-into-page-tables "WALLTIME: bad argument address 0x2000"
}

@test "abuse: a misaligned hypercall argument is refused" {
    ukvm_only "ukvm reads argument structs in place, aligned"
    abuse misaligned-arg "hypercall argument 0x"
    [[ "$stderr" == *"is not 8-byte aligned"* ]]
}

@test "abuse: monitor will not write into the stack's guard page" {
    ukvm_only "ukvm refuses to write guest memory the guest cannot write"
    abuse walltime-into-stack-guard "WALLTIME: bad argument address"
}

@test "abuse: monitor will not read the page tables for the guest (PUTS)" {
    ukvm_only "ukvm reads only memory the guest itself may read"
    abuse puts-page-tables "PUTS: buffer 0x2000+8 is outside guest memory"
}

@test "abuse: in ring 3 the monitor will not read its own area for the guest (PUTS)" {
    ukvm_only "ukvm's monitor area in ring 3"
    UKVM_WITHHOLD_FEATURES= abuse puts-monitor-area "PUTS: buffer 0xfc000+8 is outside guest memory"
}

@test "abuse: monitor will not write into the guest's text" {
    ukvm_only "ukvm refuses to write guest memory the guest cannot write"
    abuse walltime-into-text "WALLTIME: bad argument address"
}

@test "abuse: unknown hypercall port names the port and the RIP (ring 0)" {
    abuse unknown-port "unexpected out of 4 bytes on port 0x50f" ring3
}

@test "abuse: hlt stops the guest (ring 0)" {
    abuse hlt "guest executed hlt" ring3
}

@test "abuse: triple fault stops the guest with a register dump (ring 0)" {
    abuse triple-fault "triple fault" ring3
}

@test "abuse: an exception with no IDT stops the guest with a register dump (ring 0)" {
    abuse no-idt "triple fault" ring3
}

@test "abuse: an out to the ring-3 trap entry's port from ring 0 is an unknown port" {
    abuse trap-port "unexpected out of 1 bytes on port 0xe0" ring3
}

# ring3_trap WHAT TRAP [DETAIL]: in ring 3 (ukvm's default for its own
# unikernels) the CPU refuses WHAT and the guest reports trap TRAP, as
# for any exception: exit status 255, nothing of WHAT done.
ring3_trap() {
    only_on hvt "ring 3 is hvt's"
    require_kvm
    ukvm_only "ring-3 entry is ukvm's; Solo5's tender runs every guest in ring 0"
    run --separate-stderr timeout 20 env UKVM_WITHHOLD_FEATURES= \
        "$UKVM_SAN" "$T/test_abuse.hvt" "$1"
    show
    [ "$status" -eq 255 ]
    [[ "$output" == *"guest: trap: $2"* ]]
    [[ "$output" == *"${3:-}"* ]]
    [[ "$output" == *"guest: aborting after a CPU exception"* ]]
    [[ "$output" != *SURVIVED* && "$output" != *patched* ]]
    [[ "$stderr" != *"AddressSanitizer"* && "$stderr" != *"runtime error"* ]]
}

# ring0_survives WHAT: the same guest in ring 0 gets away with it.
ring0_survives() {
    run --separate-stderr timeout 20 env UKVM_WITHHOLD_FEATURES=ring3 \
        "$UKVM_SAN" "$T/test_abuse.hvt" "$1"
    show
    [ "$status" -eq 3 ]
    [[ "$output" == *SURVIVED* ]]
}

@test "ring 3: clearing CR0.WP is a #GP; in ring 0 the guest patches its own text" {
    ring3_trap clear-cr0-wp "#GP general protection"
    ring0_survives clear-cr0-wp
    [[ "$output" == *"patched text"* ]]
}

@test "ring 3: loading CR3 is a #GP; in ring 0 the guest can" {
    ring3_trap reload-cr3 "#GP general protection"
    ring0_survives reload-cr3
}

@test "ring 3: replacing the IDT is a #GP; in ring 0 the guest can" {
    ring3_trap replace-idt "#GP general protection"
    ring0_survives replace-idt
}

@test "ring 3: wrmsr is a #GP; in ring 0 the guest can" {
    ring3_trap wrmsr "#GP general protection"
    ring0_survives wrmsr
}

@test "ring 3: the page tables are not mapped: writing them is a page fault" {
    ring3_trap write-page-table "#PF page fault" "cr2 0x0000000000002000 (not present, write)"
}

@test "ring 3: the monitor area (GDT, trap entry) is ring 0's: reading it is a page fault" {
    ring3_trap read-monitor-area "#PF page fault" "cr2 0x00000000000fc000 (protection, read)"
}

@test "ring 3: hlt, lidt, an unknown port and the trap entry's port are each a #GP" {
    for what in hlt no-idt unknown-port trap-port; do
        ring3_trap "$what" "#GP general protection"
    done
}
