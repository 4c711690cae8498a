# SPDX-License-Identifier: ISC
# TAP-style reporting for the tests/unit/*.sh scripts: ok, not_ok (with
# up to 30 lines of detail) and finish, which prints the plan and gives
# the status. Also a scratch directory $TMP, removed on exit. Named
# .bash so tests/run does not take it for a test.
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
n=0 failed=0

ok() { n=$((n + 1)); echo "ok - $1"; }
not_ok() {
    n=$((n + 1)); failed=$((failed + 1))
    echo "not ok - $1"
    shift
    [ $# -eq 0 ] || printf '%s\n' "$@" | head -n 30 | sed 's/^/#   /'
}
finish() { echo "1..$n"; [ "$failed" -eq 0 ]; }
