# SPDX-License-Identifier: ISC
# --help and --version on every tool and script: each answers at once,
# does nothing else, and every one gives the same version (VERSION).
load helpers

SCRIPTS="scripts/fetch-lwip scripts/install-deps scripts/net-setup scripts/oci-image scripts/run-app
    tools/ukvm-build tools/ukvm-cc bench/attacks bench/blk bench/boot bench/http bench/net bench/tcp"

@test "tools: every script's --help prints its usage and does nothing else" {
    local s
    for s in $SCRIPTS; do
        # Were the option not taken, these would build, fetch, install or
        # benchmark: seconds at least, and output on stderr.
        run --separate-stderr timeout 5 "$ROOT/$s" --help
        echo "$s --help: status $status, $(wc -l <<<"$output") lines, stderr '$stderr'"
        [ "$status" -eq 0 ] && [ -z "$stderr" ] && [ "${#lines[@]}" -ge 3 ]
    done
}

@test "tools: every script's --version is NAME (ukvm) and VERSION" {
    local s name
    for s in $SCRIPTS; do
        name=${s#scripts/}
        name=${name#tools/}
        run --separate-stderr timeout 5 "$ROOT/$s" --version
        echo "$s --version: $output"
        [ "$status" -eq 0 ] && [ "$output" = "$name (ukvm) $(cat "$ROOT/VERSION")" ]
    done
}

@test "tools: ukvm-crunch and ukvm-elftool take --help and --version; a bad call still fails" {
    local t
    for t in ukvm-crunch ukvm-elftool; do
        run --separate-stderr "$BUILD/$t" --help
        [ "$status" -eq 0 ] && [[ "$output" == "usage: $t "* ]] && [ -z "$stderr" ]
        run --separate-stderr "$BUILD/$t" --version
        [ "$status" -eq 0 ] && [ "$output" = "$t (ukvm) $(cat "$ROOT/VERSION")" ]
    done
    run --separate-stderr "$BUILD/ukvm-crunch"
    [ "$status" -eq 1 ] && [[ "$stderr" == "usage: ukvm-crunch DIR OUT.c"* ]]
}

@test "tools: the monitors' --version gives the same version" {
    run "$BUILD/ukvm" --version
    [[ "$output" == "ukvm $(cat "$ROOT/VERSION") (hvt ABI version "* ]]
    run "$BUILD/ukvm-spt" --version
    [[ "$output" == "ukvm-spt $(cat "$ROOT/VERSION") (spt ABI version "* ]]
}
