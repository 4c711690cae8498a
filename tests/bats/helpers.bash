# SPDX-License-Identifier: ISC
# Shared set-up for the integration tests.
bats_require_minimum_version 1.5.0

ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
ELFTOOL=${ELFTOOL:-$BUILD/ukvm-elftool}
T=$BUILD/tests

# One test list, two targets: UKVM_TARGET=hvt (ukvm, KVM) or spt
# (ukvm-spt, a sandboxed process). TARGET names the unikernels' suffix,
# U the tender as its messages name it.
TARGET=${UKVM_TARGET:-hvt}
case $TARGET in
hvt)
    UKVM=${UKVM:-$BUILD/ukvm}
    UKVM_SAN=${UKVM_SAN:-$BUILD/ukvm-san}
    U=ukvm ;;
spt)
    UKVM=${UKVM:-$BUILD/ukvm-spt}
    UKVM_SAN=${UKVM_SAN:-$BUILD/ukvm-spt}   # static PIE: no sanitizer build
    U=ukvm-spt ;;
esac

# UKVM_TENDER=solo5 (with UKVM=.../solo5-hvt or solo5-spt): the same tests
# on Solo5's tender (tests/conformance/run); ukvm_only skips what is ukvm's.
TENDER=${UKVM_TENDER:-ukvm}
if [ "$TENDER" = solo5 ]; then
    U=solo5-$TARGET
    UKVM_SAN=$UKVM
fi

# ukvm_only REASON: skips, naming REASON, on another tender. Placed where a
# test's ukvm-only checks (ukvm's options, its wording) begin: the checks
# before it still run on Solo5's tender.
ukvm_only() {
    [ "$TENDER" = ukvm ] || skip "ukvm only: $1"
}

# After a guest that checks ukvm's monitor with raw hypercalls (blk,
# net_mtu) ran: on ukvm offering its features, those checks must have run;
# elsewhere the guest says it skipped them (raw_hypercall.h).
monitor_checks_ran() {
    [ "$TARGET" = hvt ] && [ "$TENDER" = ukvm ] && [ -z "${UKVM_WITHHOLD_FEATURES:-}" ] ||
        return 0
    [[ "$output" != *"monitor checks: skipped"* ]]
}

# Whether an hvt guest of ours runs in ring 3: on ukvm, unless withheld.
in_ring3() {
    [ "$TARGET" = hvt ] && [ "$TENDER" = ukvm ] &&
        [[ ",${UKVM_WITHHOLD_FEATURES:-}," != *,ring3,* ]] &&
        [[ ",${UKVM_WITHHOLD_FEATURES:-}," != *,all,* ]]
}

# run_app_start NAME: scripts/run-app NAME in the background (at most
# 120 s), its output in $RUN_APP_OUT and $RUN_APP_ERR, until it is ready.
# Skips where a namespace "ukvm" (run-app's) exists already.
run_app_start() {
    ip netns list | awk '{ print $1 }' | grep -qxF ukvm &&
        skip "a namespace 'ukvm' exists already (scripts/net-setup down removes it)"
    RUN_APP_OUT=$BATS_TEST_TMPDIR/run-app.out
    RUN_APP_ERR=$BATS_TEST_TMPDIR/run-app.err
    timeout 120 "$ROOT/scripts/run-app" "$1" >"$RUN_APP_OUT" 2>"$RUN_APP_ERR" 3>&- &
    RUN_APP_PID=$!
    for _ in $(seq 100); do grep -qx ready "$RUN_APP_OUT" && break; sleep 0.1; done
}

# run_app_stop: SIGTERM to it, its output shown; fails if the namespace
# "ukvm" is left behind.
run_app_stop() {
    kill -TERM "$RUN_APP_PID"
    wait "$RUN_APP_PID" || true
    cat "$RUN_APP_OUT" "$RUN_APP_ERR"
    ! ip netns list | awk '{ print $1 }' | grep -qxF ukvm
}

# Whether our guests get network offloads: on ukvm, unless withheld.
offloads_on() {
    [ "$TENDER" = ukvm ] &&
        [[ ",${UKVM_WITHHOLD_FEATURES:-}," != *,offload,* ]] &&
        [[ ",${UKVM_WITHHOLD_FEATURES:-}," != *,all,* ]]
}

# hvt tests skip, visibly, only where KVM is absent (or UKVM_NO_KVM=1).
require_kvm() {
    [ "$TARGET" = hvt ] || return 0
    [ -z "${UKVM_NO_KVM:-}" ] || skip "UKVM_NO_KVM is set"
    [ -e /dev/kvm ] || skip "no /dev/kvm on this machine"
}

# --stats where there are exits to count (hvt).
stats_opt() {
    [ "$TARGET" = hvt ] && [ "$TENDER" = ukvm ] && echo --stats
}

# For what only one target has (KVM's CPUID, hypercalls, seccomp traps).
only_on() {
    [ "$TARGET" = "$1" ] || skip "$1 only: $2"
}

# Runs a test unikernel: guest NAME [ukvm options] [-- guest args]
guest() {
    local name=$1
    shift
    local opts=() args=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
    [ "${1:-}" = "--" ] && shift
    args=("$@")
    run --separate-stderr timeout 60 "$UKVM" "${opts[@]}" "$T/test_$name.$TARGET" "${args[@]}"
}

# Prints what a failed test saw, so failures explain themselves.
show() {
    echo "status: $status"
    echo "stdout: $output"
    echo "stderr: $stderr"
}
