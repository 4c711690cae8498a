# SPDX-License-Identifier: ISC
# Block devices: the blk test unikernel on image files; the files are
# checked from the host afterwards, byte for byte.
load helpers

setup() {
    require_kvm
    IMG=$BATS_TEST_TMPDIR/storage.img
}

# expect_image FILE: FILE holds exactly what the blk guest writes.
expect_image() {
    python3 "$BATS_TEST_DIRNAME/blk_pattern.py" "$(stat -c %s "$1")" \
        "$BATS_TEST_TMPDIR/expected.img"
    cmp "$BATS_TEST_TMPDIR/expected.img" "$1"
}

@test "blk: every sector written is in the image file afterwards" {
    truncate -s 128K "$IMG"
    guest blk --block:storage="$IMG"
    show
    monitor_checks_ran
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "block_size: 512" ]
    [ "${lines[1]}" = "capacity: 131072" ]
    [ "${lines[-1]}" = "SUCCESS" ]
    [ -z "$stderr" ]
    [ "$(stat -c %s "$IMG")" -eq 131072 ]
    expect_image "$IMG"
}

@test "blk: a second run reads back what the first one wrote" {
    truncate -s 64K "$IMG"
    guest blk --block:storage="$IMG"
    monitor_checks_ran
    [ "$status" -eq 0 ]
    guest blk --block:storage="$IMG" -- verify
    show
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "SUCCESS" ]
    expect_image "$IMG"
}

@test "blk: a 4096-byte sector size works" {
    dd if=/dev/zero of="$IMG" bs=4096 count=40 status=none
    guest blk --block:storage="$IMG" --block-sector-size:storage=4096
    show
    monitor_checks_ran
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "block_size: 4096" ]
    [ "${lines[1]}" = "capacity: 163840" ]
    [ "${lines[-1]}" = "SUCCESS" ]
    expect_image "$IMG"
}

@test "blk: a device of a single sector works" {
    truncate -s 512 "$IMG"
    guest blk --block:storage="$IMG"
    show
    monitor_checks_ran
    [ "$status" -eq 0 ]
    [ "${lines[1]}" = "capacity: 512" ]
    [ "${lines[-1]}" = "SUCCESS" ]
    expect_image "$IMG"
}

@test "blk: --block-sync writes the same data" {
    ukvm_only "--block-sync, ukvm's own option"
    truncate -s 32K "$IMG"
    guest blk --block:storage="$IMG" --block-sync
    show
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "SUCCESS" ]
    expect_image "$IMG"
}

@test "blk: an image not a whole number of sectors is a start-up error" {
    truncate -s 1000 "$IMG"
    guest blk --block:storage="$IMG"
    show
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    ukvm_only "ukvm's wording of the refusal"
    [ "$stderr" = "$U: $IMG: size 1000 is not a multiple of the 512-byte sector" ]

    truncate -s 6144 "$IMG"
    guest blk --block:storage="$IMG" --block-sector-size:storage=4096
    show
    [ "$status" -eq 1 ]
    [ "$stderr" = "$U: $IMG: size 6144 is not a multiple of the 4096-byte sector" ]
    # Refused before anything was written.
    cmp "$IMG" <(head -c 6144 /dev/zero)
}

@test "blk: --block-sector-size must be a power of two of at least 512" {
    truncate -s 64K "$IMG"
    for size in 1000 256 0 -512 4k abc ""; do
        guest blk --block:storage="$IMG" --block-sector-size:storage="$size"
        show
        [ "$status" -eq 1 ]
        [ -z "$output" ]
        ukvm_only "ukvm's one-line refusal naming the option"
        [[ "$stderr" == "$U: "*"--block-sector-size"* ]]
        [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
    done
}

@test "blk: a missing image file is a clean start-up error" {
    guest blk --block:storage="$BATS_TEST_TMPDIR/nosuch.img"
    show
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [[ "$stderr" == "$U: "*"nosuch.img"* ]]
    [ ! -e "$BATS_TEST_TMPDIR/nosuch.img" ]
}

# blkdurable writes sector i full of byte (i % 251) + 1 and prints
# "done i" when the write has completed; every such sector must be in the
# file after ukvm ends, however it ends.
durable_check() {
    local img=$1 out=$2
    python3 - "$img" "$out" <<'PY'
import re, sys
img = open(sys.argv[1], "rb").read()
done = [int(x) for x in re.findall(r"^done (\d+)$", open(sys.argv[2]).read(), re.M)]
assert done, "no write completed"
for i in done:
    s = img[i * 512:(i + 1) * 512]
    assert s == bytes([i % 251 + 1]) * 512, f"sector {i} was reported done but is not in the file"
print(f"{len(done)} completed writes all in the file")
PY
}

durable_end() {
    IMG=$BATS_TEST_TMPDIR/d.img
    truncate -s 1M "$IMG"
    guest blkdurable --block:storage="$IMG" -- "$1"
    printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/out"
    durable_check "$IMG" "$BATS_TEST_TMPDIR/out"
}

@test "blk: completed writes are in the file after a halt" {
    durable_end halt
    [ "$status" -eq 0 ]
}

@test "blk: completed writes are in the file after an abort" {
    durable_end abort
    [ "$status" -eq 255 ]
}

@test "blk: completed writes are in the file after a guest fault" {
    durable_end fault
    # ud2: the hvt guest kernel aborts; an spt guest dies by SIGILL.
    if [ "$TARGET" = hvt ]; then
        [ "$status" -eq 255 ]
    else
        [ "$status" -eq 132 ]
    fi
}

durable_signal() {
    require_kvm
    IMG=$BATS_TEST_TMPDIR/d.img
    OUT=$BATS_TEST_TMPDIR/out
    truncate -s 1M "$IMG"
    "$UKVM" --block:storage="$IMG" "$T/test_blkdurable.$TARGET" wait >"$OUT" 2>&1 &
    pid=$!
    for _ in $(seq 100); do grep -q '^done 20$' "$OUT" && break; sleep 0.05; done
    kill "-$1" "$pid"
    rc=0; wait "$pid" || rc=$?
    [ "$rc" -eq "$2" ]
    durable_check "$IMG" "$OUT"
}

@test "blk: completed writes are in the file after SIGTERM" {
    ukvm_only "status 143 on SIGTERM"
    durable_signal TERM 143
}

@test "blk: completed writes are in the file after SIGKILL" {
    durable_signal KILL 137
}
