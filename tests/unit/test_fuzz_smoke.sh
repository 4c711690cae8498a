#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Builds the libFuzzer targets (fuzz/fuzz.mk) and runs each that has a
# committed corpus, fuzz/corpus/<target>, for a few seconds on a scratch
# copy of it, so a target that no longer builds, or crashes on its seeds
# or soon after, fails the tests. Skips where clang cannot link libFuzzer.
# Usage: [BUILD=dir] [FUZZ_SECONDS=3] tests/unit/test_fuzz_smoke.sh
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
SECONDS_EACH=${FUZZ_SECONDS:-3}
failed=0 n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { n=$((n + 1)); echo "ok - $1"; }
not_ok() {
    n=$((n + 1)); failed=$((failed + 1))
    echo "not ok - $1"
    shift
    for line in "$@"; do echo "#   $line"; done
}

targets=$(cd fuzz/corpus && ls -d fuzz_*/ | tr -d /)

echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
    >"$tmp/probe.c"
if ! clang -fsanitize=fuzzer,address,undefined -o "$tmp/probe" "$tmp/probe.c" \
        >/dev/null 2>&1; then
    for t in $targets; do
        ok "fuzz smoke: $t # skip clang with libFuzzer is not installed"
    done
    echo "1..$n"
    exit 0
fi

if ! make -s BUILD="$BUILD" fuzz >"$tmp/make.log" 2>&1; then
    not_ok "fuzz smoke: make fuzz builds every target" "$(tail -n 20 "$tmp/make.log")"
    echo "1..$n"
    exit 1
fi
ok "fuzz smoke: make fuzz builds every target"

for name in $targets; do
    work=$tmp/corpus-$name
    # A copy: libFuzzer adds what it finds to the corpus it is given.
    cp -r "fuzz/corpus/$name" "$work"
    if (cd "$tmp" && timeout $((SECONDS_EACH + 60)) "$OLDPWD/$BUILD/fuzz/$name" \
            -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
            "corpus-$name") >"$tmp/$name.log" 2>&1; then
        ok "fuzz smoke: $name runs ${SECONDS_EACH}s on its corpus ($(ls "$work" | wc -l) inputs after)"
    else
        not_ok "fuzz smoke: $name runs ${SECONDS_EACH}s on its corpus" \
            "$(grep -E 'ERROR|SUMMARY|#[0-9]+ ' "$tmp/$name.log" | tail -n 5)"
    fi
done

echo "1..$n"
[ "$failed" -eq 0 ]
