# SPDX-License-Identifier: ISC
# console (apps/console): hello and world in turn, a second apart.
load helpers

APP=$BUILD/apps/console.$TARGET

setup() {
    require_kvm
    [ -f "$APP" ] || { echo "$APP is missing: make apps"; return 1; }
}

@test "console: hello and world in turn, four times each, in about 4 s, exit 0" {
    local start end
    start=$(date +%s%N)
    run --separate-stderr timeout 60 "$UKVM" "$APP"
    end=$(date +%s%N)
    show
    [ "$status" -eq 0 ]
    [ "$output" = "$(printf 'hello\nworld\nhello\nworld\nhello\nworld\nhello\nworld')" ]
    [ -z "$stderr" ]
    local ms=$(( (end - start) / 1000000 ))
    echo "took $ms ms"
    [ "$ms" -ge 3950 ] && [ "$ms" -lt 6000 ]
}

@test "console: each world comes a second after its hello" {
    # Each line stamped as it arrives (ukvm writes every console write at once).
    timeout 60 "$UKVM" "$APP" | while IFS= read -r line; do
        echo "$(date +%s%N) $line"
    done >"$BATS_TEST_TMPDIR/stamped"
    cat "$BATS_TEST_TMPDIR/stamped"
    run awk '
        $2 == "hello" { h = $1 }
        $2 == "world" { gap = ($1 - h) / 1e6; n++
                        if (gap < 900 || gap > 1500) { print "gap " gap " ms"; bad = 1 } }
        END { exit bad || n != 4 }' "$BATS_TEST_TMPDIR/stamped"
    echo "$output"
    [ "$status" -eq 0 ]
}

@test "run-app: runs console; an unknown app is refused with the list" {
    ukvm_only "scripts/run-app runs ukvm itself"
    run --separate-stderr timeout 120 "$ROOT/scripts/run-app" console
    show
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = hello ] && [ "${lines[7]}" = world ]
    run --separate-stderr "$ROOT/scripts/run-app" no_such_app
    [ "$status" -eq 1 ]
    [[ "$stderr" == "run-app: unknown app 'no_such_app' (apps: "*console* ]]
    run "$ROOT/scripts/run-app" --help
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == "usage: run-app NAME"* ]]
}

@test "run-app: block gets an image under build/run, kept for --verify-only" {
    ukvm_only "scripts/run-app runs ukvm itself"
    rm -f "$BUILD/run/block.img"
    run --separate-stderr timeout 120 "$ROOT/scripts/run-app" block
    show
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "block: verified 2048 sectors, 1048576 bytes" ]
    [[ "$stderr" == *"storage: $BUILD/run/block.img, 1 MiB of zeroes"* ]] ||
        [[ "$stderr" == *"storage: build/run/block.img, 1 MiB of zeroes"* ]]
    # The second run reads what the first wrote.
    run --separate-stderr timeout 120 "$ROOT/scripts/run-app" block -- --verify-only
    show
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"block.img, kept from the last run (delete it for a fresh one)"* ]]
    [ "${lines[-1]}" = "block: verified 2048 sectors, 1048576 bytes" ]
    # A zeroed image is not what block wrote: --verify-only must say so.
    truncate -s 0 "$BUILD/run/block.img"
    truncate -s 1M "$BUILD/run/block.img"
    run --separate-stderr timeout 120 "$ROOT/scripts/run-app" block -- --verify-only
    show
    [ "$status" -eq 1 ]
}
