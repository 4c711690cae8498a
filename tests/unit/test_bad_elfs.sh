#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# ukvm refuses each broken unikernel in tests/data/elf/bad: exit status 1
# and exactly one line on stderr, "ukvm: ..." containing the piece of the
# reason listed in tests/data/elf/bad/EXPECTED. The good images they were
# cut from run and halt with status 7, so the refusals are about the faults.
# Usage: [UKVM=path/to/ukvm] tests/unit/test_bad_elfs.sh
set -u
cd "$(dirname "$0")/../.."
UKVM=${UKVM:-${BUILD:-build}/ukvm-san}
DIR=tests/data/elf/bad
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

if [ ! -x "$UKVM" ]; then
    not_ok "bad elfs: $UKVM is built" "run: make $UKVM"
    echo "1..$n"
    exit 1
fi

# Every file in the directory must have an expectation.
for f in "$DIR"/*.elf; do
    name=${f##*/}
    cut -f1 "$DIR/EXPECTED" | grep -qxF "$name" ||
        not_ok "bad elfs: $name is listed in EXPECTED"
done

while IFS=$'\t' read -r name want; do
    [ -n "$name" ] || continue
    what="bad elfs: $name is refused with '$want'"
    if [ ! -f "$DIR/$name" ]; then
        not_ok "$what" "no such file $DIR/$name"
        continue
    fi
    timeout 30 "$UKVM" "$DIR/$name" >"$tmp/out" 2>"$tmp/err"
    status=$?
    lines=$(wc -l <"$tmp/err")
    first=$(head -n1 "$tmp/err")
    if [ "$status" -eq 1 ] && [ "$lines" -eq 1 ] && [ ! -s "$tmp/out" ] &&
       [[ "$first" == "ukvm: "* ]] && [[ "$first" == *"$want"* ]]; then
        ok "$what"
    else
        not_ok "$what" "exit status $status, $lines line(s) on stderr:" \
            "$(head -c 2000 "$tmp/err")"
    fi
done <"$DIR/EXPECTED"

for good in tests/data/elf/good/*.elf; do
    what="bad elfs: the good image ${good##*/} runs and halts with status 7"
    if [ ! -e /dev/kvm ]; then
        ok "$what # skip no /dev/kvm"
        continue
    fi
    timeout 30 "$UKVM" "$good" >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ "$status" -eq 7 ] && [ ! -s "$tmp/err" ]; then
        ok "$what"
    else
        not_ok "$what" "exit status $status, stderr:" "$(head -c 2000 "$tmp/err")"
    fi
done

echo "1..$n"
[ "$failed" -eq 0 ]
