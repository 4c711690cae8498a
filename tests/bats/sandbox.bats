# ukvm runs the guest under a seccomp filter.
load helpers

@test "sandbox: the seccomp filter is in force while a guest runs" {
    require_kvm
    "$UKVM" "$T/test_sleep.$TARGET" >"$BATS_TEST_TMPDIR/out" 2>&1 &
    pid=$!
    for _ in $(seq 50); do grep -q sleeping "$BATS_TEST_TMPDIR/out" && break; sleep 0.1; done
    mode=$(awk '/^Seccomp:/ { print $2 }' "/proc/$pid/status")
    filters=$(awk '/^Seccomp_filters:/ { print $2 }' "/proc/$pid/status")
    kill -TERM "$pid"
    wait "$pid" || true
    [ "$mode" = 2 ]
    [ "$filters" -ge 1 ]
}

@test "sandbox: a forbidden system call from an spt guest ends it, named, by SIGSYS" {
    only_on spt "hvt guests make no system calls"
    guest syscall
    show
    [ "$status" -eq 159 ]
    [[ "$output" == *"calling getpid"* && "$output" != *SURVIVED* ]]
    ukvm_only "ukvm-spt's report of the system call"
    [[ "$stderr" == "ukvm-spt: guest error: forbidden system call 39 (rip 0x"*")" ]]
}

@test "sandbox: a malformed spt unikernel is refused" {
    only_on spt "the hvt loader has its own corpus (tests/unit/test_bad_elfs.sh)"
    head -c 100 "$T/test_hello.spt" >"$BATS_TEST_TMPDIR/short.spt"
    run --separate-stderr "$UKVM" "$BATS_TEST_TMPDIR/short.spt"
    [ "$status" -eq 1 ]
    ukvm_only "ukvm-spt's wording of the refusal"
    [[ "$stderr" == "ukvm-spt: $BATS_TEST_TMPDIR/short.spt: "*"outside the file" ]]
    run --separate-stderr "$UKVM" "$T/test_hello.hvt"
    [ "$status" -eq 1 ]
    [ "$stderr" = "ukvm-spt: $T/test_hello.hvt: unikernel is built for target hvt (1), not spt (2)" ]
}
