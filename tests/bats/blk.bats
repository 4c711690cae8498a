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
    [ "$status" -eq 0 ]
    [ "${lines[1]}" = "capacity: 512" ]
    [ "${lines[-1]}" = "SUCCESS" ]
    expect_image "$IMG"
}

@test "blk: --block-sync writes the same data" {
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
