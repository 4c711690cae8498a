# SPDX-License-Identifier: ISC
# Wiring the command line to the manifest: every declared device attached
# once, with the right option, and nothing attached that is not declared.
load helpers
load netns

setup() {
    require_kvm
    IMG=$BATS_TEST_TMPDIR/storage.img
    truncate -s 64K "$IMG"
}

teardown() {
    netns_teardown
}

# One line on stderr, nothing on stdout, exit status 1.
expect_startup_error() {
    show
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    ukvm_only "ukvm's wording of start-up errors"
    [ "$stderr" = "$1" ]
}

@test "manifest: a declared block device not attached is an error naming it" {
    guest blk
    expect_startup_error "$U: device 'storage' is declared in the manifest but not attached (use --block:storage=FILE)"
}

@test "manifest: a declared network device not attached is an error naming it" {
    guest net
    expect_startup_error "$U: device 'service0' is declared in the manifest but not attached (use --net:service0=TAP)"
}

@test "manifest: a device attached but not declared is an error" {
    guest blk --block:storage="$IMG" --block:other="$IMG"
    expect_startup_error "$U: --block:other: no device 'other' in the manifest"
}

@test "manifest: a device attached to a unikernel without devices is an error" {
    guest hello --block:storage="$IMG"
    expect_startup_error "$U: --block:storage: no device 'storage' in the manifest"
}

@test "manifest: a device attached twice is an error" {
    ukvm_only "refusing a device attached twice"
    cp "$IMG" "$BATS_TEST_TMPDIR/second.img"
    guest blk --block:storage="$IMG" --block:storage="$BATS_TEST_TMPDIR/second.img"
    expect_startup_error "$U: --block:storage: device 'storage' attached twice"
}

@test "manifest: a block option on a network device is an error" {
    guest net --block:service0="$IMG"
    expect_startup_error "$U: --block:service0: device 'service0' is NET_BASIC in the manifest"
}

@test "manifest: a network option on a block device is an error" {
    netns_setup
    netns_add_tap tap0 10.0.0.1/24
    netns_guest blk --net:storage=tap0
    expect_startup_error "$U: --net:storage: device 'storage' is BLOCK_BASIC in the manifest"
}

@test "manifest: 63 block devices, the most there can be, get handles 1 to 63" {
    opts=()
    # 2 MiB each (sparse): on spt, the largest seccomp filter there is,
    # with every multi-block rule for every device.
    for i in $(seq 0 62); do
        truncate -s 2M "$BATS_TEST_TMPDIR/blk$i.img"
        opts+=(--block:blk$i="$BATS_TEST_TMPDIR/blk$i.img")
    done
    guest mft_maxdevices "${opts[@]}"
    show
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "SUCCESS" ]
    # Each handle reached its own file.
    for i in $(seq 0 62); do
        [ "$(head -c 8 "$BATS_TEST_TMPDIR/blk$i.img" | tr -d '\0')" = "blk$i" ]
    done
}
