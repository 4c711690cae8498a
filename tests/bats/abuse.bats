# A hostile guest never crashes ukvm or reaches its memory: every misuse
# stops the guest with a one-line error naming it, then a register dump.
load helpers

abuse() {
    only_on hvt "hypercalls are hvt's; spt's guard is the seccomp filter (sandbox.bats)"
    require_kvm
    run --separate-stderr timeout 20 "$UKVM_SAN" "$T/test_abuse.hvt" "$1"
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

@test "abuse: monitor will not write into the guest's text" {
    ukvm_only "ukvm refuses to write guest memory the guest cannot write"
    abuse walltime-into-text "WALLTIME: bad argument address"
}

@test "abuse: unknown hypercall port names the port and the RIP" {
    abuse unknown-port "unexpected out of 4 bytes on port 0x50f"
}

@test "abuse: hlt stops the guest" {
    abuse hlt "guest executed hlt"
}

@test "abuse: triple fault stops the guest with a register dump" {
    abuse triple-fault "triple fault"
}

@test "abuse: an exception with no IDT stops the guest with a register dump" {
    abuse no-idt "triple fault"
}
