# ukvm runs the guest under a seccomp filter.
load helpers

@test "sandbox: the seccomp filter is in force while a guest runs" {
    require_kvm
    "$UKVM" "$T/test_abuse.hvt" sleep >"$BATS_TEST_TMPDIR/out" 2>&1 &
    pid=$!
    for _ in $(seq 50); do grep -q sleeping "$BATS_TEST_TMPDIR/out" && break; sleep 0.1; done
    mode=$(awk '/^Seccomp:/ { print $2 }' "/proc/$pid/status")
    filters=$(awk '/^Seccomp_filters:/ { print $2 }' "/proc/$pid/status")
    kill -TERM "$pid"
    wait "$pid" || true
    [ "$mode" = 2 ]
    [ "$filters" -ge 1 ]
}
