# SPDX-License-Identifier: ISC
# A UNIKERNEL that is not a regular file: refused at once, in one line
# naming it, never opened for reading (a FIFO would block the open).
load helpers

teardown() {
    [ -z "${writer:-}" ] || kill "$writer" 2>/dev/null || true
}

# refused FILE KIND: the tender exits 1 within 10 s (124: it hung) naming
# FILE and what it is.
refused() {
    run --separate-stderr timeout 10 "$UKVM" "$1"
    show
    [ "$status" -ne 124 ]
    [ "$status" -eq 1 ]
    ukvm_only "ukvm's wording of file errors"
    [ "$stderr" = "$U: $1: $2, not a regular file" ]
}

@test "hostile files: a FIFO as UNIKERNEL is refused without hanging" {
    # Solo5's tender opens the FIFO for reading, and waits for a writer.
    ukvm_only "refusing a FIFO before opening it"
    mkfifo "$BATS_TEST_TMPDIR/fifo.$TARGET"
    refused "$BATS_TEST_TMPDIR/fifo.$TARGET" "a FIFO"
}

@test "hostile files: a directory as UNIKERNEL is refused" {
    mkdir "$BATS_TEST_TMPDIR/dir.$TARGET"
    refused "$BATS_TEST_TMPDIR/dir.$TARGET" "a directory"
}

@test "hostile files: /dev/null as UNIKERNEL is refused" {
    refused /dev/null "a character device"
}

@test "hostile files: a FIFO with a writer waiting is left alone" {
    # No side effect: a writer blocked opening the FIFO stays blocked.
    ukvm_only "refusing a FIFO before opening it"
    local fifo=$BATS_TEST_TMPDIR/fifo.$TARGET
    mkfifo "$fifo"
    timeout 20 sh -c 'echo x > "$1"' sh "$fifo" >/dev/null 2>&1 3>&- &
    writer=$!
    sleep 0.2
    refused "$fifo" "a FIFO"
    sleep 0.2
    kill -0 "$writer"   # still blocked in its open
}
