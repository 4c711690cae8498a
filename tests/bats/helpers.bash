# Shared set-up for the integration tests.
bats_require_minimum_version 1.5.0

ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
UKVM=${UKVM:-$BUILD/ukvm}
UKVM_SAN=${UKVM_SAN:-$BUILD/ukvm-san}
ELFTOOL=${ELFTOOL:-$BUILD/ukvm-elftool}
T=$BUILD/tests

# KVM tests skip, visibly, only where /dev/kvm is absent.
require_kvm() {
    [ -e /dev/kvm ] || skip "no /dev/kvm on this machine"
}

# Runs a test unikernel: guest NAME [ukvm options] [-- guest args]
guest() {
    local name=$1
    shift
    local opts=() args=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
    [ "${1:-}" = "--" ] && shift
    args=("$@")
    run --separate-stderr timeout 60 "$UKVM" "${opts[@]}" "$T/test_$name.hvt" "${args[@]}"
}

# Prints what a failed test saw, so failures explain themselves.
show() {
    echo "status: $status"
    echo "stdout: $output"
    echo "stderr: $stderr"
}
