# SPDX-License-Identifier: ISC
# block (apps/block): every sector written, read back and checked; the
# image file holds the pattern afterwards; a mismatch names its sector.
load helpers

APP=$BUILD/apps/block.$TARGET

setup() {
    require_kvm
    [ -f "$APP" ] || { echo "$APP is missing: make apps"; return 1; }
    IMG=$BATS_TEST_TMPDIR/storage.img
}

# block [ukvm options] [-- args]: runs the app on $IMG.
block() {
    local opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
    [ "${1:-}" = "--" ] && shift
    run --separate-stderr timeout 60 "$UKVM" --block:storage="$IMG" "${opts[@]}" "$APP" "$@"
}

# expect_pattern FILE: every 8-byte little-endian word of FILE is
# 0xb10c000000000000 | its offset.
expect_pattern() {
    python3 - "$1" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
want = b"".join(struct.pack("<Q", 0xb10c << 48 | o) for o in range(0, len(data), 8))
if data != want:
    bad = next(i for i in range(len(data)) if data[i] != want[i])
    sys.exit(f"{sys.argv[1]}: differs from the pattern at byte {bad}")
PY
}

@test "block: writes and verifies every sector, reports sectors and size" {
    truncate -s 1M "$IMG"
    block
    show
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "block: storage: 2048 sectors of 512 bytes, 1048576 bytes" ]
    [ "${lines[1]}" = "block: wrote 2048 sectors" ]
    [ "${lines[-1]}" = "block: verified 2048 sectors, 1048576 bytes" ]
    [ -z "$stderr" ]
    [ "$(stat -c %s "$IMG")" -eq 1048576 ]
    expect_pattern "$IMG"
}

@test "block: 4096-byte sectors" {
    truncate -s 256K "$IMG"
    block --block-sector-size:storage=4096
    show
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "block: storage: 64 sectors of 4096 bytes, 262144 bytes" ]
    [ "${lines[-1]}" = "block: verified 64 sectors, 262144 bytes" ]
    expect_pattern "$IMG"
}

@test "block: a sector changed between write and read is reported, exit 1" {
    truncate -s 256K "$IMG"
    block -- --corrupt=17
    show
    [ "$status" -eq 1 ]
    [ "${lines[2]}" = "block: zeroed sector 17" ]
    [[ "${lines[3]}" == "block: mismatch in sector 17 at byte 0: read 0x0000000000000000, expected 0xb10c000000002200" ]]
    [ "${lines[-1]}" = "block: FAILED: 1 of 512 sectors differ" ]
    # Only sector 17 is zero in the file.
    cmp -s <(dd if="$IMG" bs=512 skip=17 count=1 status=none) <(head -c 512 /dev/zero)
    dd if=/dev/zero of="$IMG" bs=512 seek=17 count=1 conv=notrunc status=none
    run python3 -c "
import struct, sys
d = open('$IMG', 'rb').read()
sys.exit(any(d[o:o+8] != struct.pack('<Q', 0xb10c << 48 | o)
             for o in range(0, len(d), 8) if not 17 * 512 <= o < 18 * 512))"
    [ "$status" -eq 0 ]
}

@test "block: --verify-only finds a sector the host corrupted" {
    truncate -s 256K "$IMG"
    block
    [ "$status" -eq 0 ]
    block -- --verify-only
    show
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "block: verified 512 sectors, 262144 bytes" ]
    # One byte changed in sector 300, one in sector 511 (the last).
    printf 'X' | dd of="$IMG" bs=1 seek=$((300 * 512 + 77)) conv=notrunc status=none
    printf 'Y' | dd of="$IMG" bs=1 seek=$((511 * 512 + 511)) conv=notrunc status=none
    block -- --verify-only
    show
    [ "$status" -eq 1 ]
    [[ "${lines[1]}" == "block: mismatch in sector 300 at byte 72: "* ]]
    [[ "${lines[2]}" == "block: mismatch in sector 511 at byte 504: "* ]]
    [ "${lines[-1]}" = "block: FAILED: 2 of 512 sectors differ" ]
}

@test "block: bad arguments exit 2" {
    truncate -s 64K "$IMG"
    block -- --corrupt=128
    show
    [ "$status" -eq 2 ]
    block -- --corrupt=x
    [ "$status" -eq 2 ]
    block -- --frobnicate
    [ "$status" -eq 2 ]
    [[ "$output" == *"usage: block"* ]]
}
