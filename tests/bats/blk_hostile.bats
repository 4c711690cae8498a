# SPDX-License-Identifier: ISC
# Block devices on hostile hosts: files that are not images, an image
# another guest holds, a host that refuses writes (file size limit, full
# disk). Every write the guest saw complete must be in the file; every
# one the host refused must have been an error to the guest.
load helpers

setup() {
    require_kvm
    IMG=$BATS_TEST_TMPDIR/storage.img
}

# one_line: stderr is exactly one line.
one_line() {
    [ -n "$stderr" ] && [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
}

# blkdurable writes sector i full of byte (i % 251) + 1 and prints
# "done i" when the write has completed (as in blk.bats). durable_check
# IMG OUT [SECTOR]: every sector OUT reports done is in IMG, and they are
# 0, 1, 2, ... without a gap; prints how many.
durable_check() {
    python3 - "$1" "$2" "${3:-512}" <<'PY'
import re, sys
img = open(sys.argv[1], "rb").read()
bs = int(sys.argv[3])
done = [int(x) for x in re.findall(r"^done (\d+)$", open(sys.argv[2]).read(), re.M)]
assert done, "no write completed"
assert done == list(range(len(done))), "done lines are not 0, 1, 2, ..."
for i in done:
    s = img[i * bs:(i + 1) * bs]
    assert s == bytes([i % 251 + 1]) * bs, f"sector {i} was reported done but is not in the file"
print(len(done))
PY
}

@test "blk_hostile: a FIFO as the block file is refused at once, unopened" {
    ukvm_only "ukvm looks at the file's type before opening it"
    F=$BATS_TEST_TMPDIR/fifo
    mkfifo "$F"
    # A reader waiting on the FIFO: opening it for writing would wake it.
    cat "$F" >/dev/null &
    reader=$!
    run --separate-stderr timeout 10 "$UKVM" --block:storage="$F" "$T/test_blk.$TARGET"
    show
    [ "$status" -eq 1 ]     # 124: hung
    [ -z "$output" ]
    [ "$stderr" = "$U: $F: a FIFO, not a regular file" ]
    sleep 0.2
    kill -0 "$reader"       # still waiting: ukvm never opened the FIFO
    kill "$reader"
    wait "$reader" || true
}

@test "blk_hostile: a directory or a device as the block file is refused" {
    ukvm_only "ukvm's wording of the refusal"
    for f in "$BATS_TEST_TMPDIR:a directory" "/dev/null:a character device"; do
        run --separate-stderr timeout 10 "$UKVM" --block:storage="${f%%:*}" \
            "$T/test_blk.$TARGET"
        show
        [ "$status" -eq 1 ]
        [ -z "$output" ]
        [ "$stderr" = "$U: ${f%%:*}: ${f#*:}, not a regular file" ]
    done
}

@test "blk_hostile: a block file another guest holds is refused; that guest runs on" {
    ukvm_only "ukvm locks its block files"
    OUT=$BATS_TEST_TMPDIR/first.out
    truncate -s 4M "$IMG"      # blkdurable wait: a sector every 5 ms, ~40 s
    "$UKVM" --block:storage="$IMG" "$T/test_blkdurable.$TARGET" wait >"$OUT" 2>&1 &
    first=$!
    for _ in $(seq 200); do grep -q '^done 5$' "$OUT" && break; sleep 0.05; done
    grep -q '^done 5$' "$OUT"

    guest blk --block:storage="$IMG"
    show
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    one_line
    # The holder's pid where /proc/locks gives it (not on every file system).
    if grep -Eq "FLOCK +ADVISORY +WRITE +$first " /proc/locks; then
        [ "$stderr" = "$U: $IMG: in use by another process (pid $first)" ]
    else
        [ "$stderr" = "$U: $IMG: in use by another process" ]
    fi
    # The other target's monitor is refused too, and so is flock(1): an
    # ordinary flock, which host tools can take and test.
    other=$BUILD/ukvm-spt other_t=spt
    [ "$TARGET" = spt ] && other=$BUILD/ukvm other_t=hvt
    if [ "$other_t" = spt ] || { [ -e /dev/kvm ] && [ -z "${UKVM_NO_KVM:-}" ]; }; then
        run --separate-stderr timeout 10 "$other" --block:storage="$IMG" \
            "$T/test_blk.$other_t"
        show
        [ "$status" -eq 1 ]
        [[ "$stderr" == *": $IMG: in use by another process"* ]]
    fi
    run flock -n "$IMG" true
    [ "$status" -ne 0 ]

    # The first guest is unaffected: it goes on writing, and all it wrote
    # is in the file.
    before=$(grep -c '^done ' "$OUT")
    sleep 0.3
    kill -0 "$first"
    [ "$(grep -c '^done ' "$OUT")" -gt "$before" ]
    kill -TERM "$first"
    rc=0; wait "$first" || rc=$?
    cat "$OUT"
    [ "$rc" -eq 143 ]
    durable_check "$IMG" "$OUT"

    # The lock lasted the guest's lifetime, no more.
    guest blk --block:storage="$IMG"
    show
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "SUCCESS" ]
}

@test "blk_hostile: one file as two block devices of one guest is refused" {
    ukvm_only "ukvm's wording of the refusal"
    opts=()
    for i in $(seq 0 61); do
        truncate -s 64K "$BATS_TEST_TMPDIR/blk$i.img"
        opts+=(--block:blk$i="$BATS_TEST_TMPDIR/blk$i.img")
    done
    # Another name (a hard link) for blk0's file.
    ln "$BATS_TEST_TMPDIR/blk0.img" "$BATS_TEST_TMPDIR/blk62.img"
    guest mft_maxdevices "${opts[@]}" --block:blk62="$BATS_TEST_TMPDIR/blk62.img"
    show
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [ "$stderr" = "$U: $BATS_TEST_TMPDIR/blk62.img: already attached as block device 'blk0'" ]
}

@test "blk_hostile: a write past the file size limit is an error to the guest" {
    ukvm_only "ukvm ignores SIGXFSZ, so the write fails with EFBIG"
    OUT=$BATS_TEST_TMPDIR/out
    truncate -s 1M "$IMG"
    # ulimit -f 64: writes below 64 KiB (128 sectors) succeed, the next fails.
    run --separate-stderr bash -c 'ulimit -c 0 -f 64; exec timeout 60 "$@"' sh \
        "$UKVM" --block:storage="$IMG" "$T/test_blkdurable.$TARGET" wait
    show
    printf '%s\n' "$output" >"$OUT"
    [ "$status" -eq 1 ]     # 153: killed by SIGXFSZ
    [ "${lines[-1]}" = "FAILURE: solo5_block_write" ]
    [ -z "$stderr" ]
    [ "$(durable_check "$IMG" "$OUT")" -eq 128 ]
}

@test "blk_hostile: on a full disk, writes seen done are in the file, the rest fail" {
    unshare -m true 2>/dev/null || skip "cannot make a mount namespace (unshare -m)"
    MNT=$BATS_TEST_TMPDIR/mnt
    OUT=$BATS_TEST_TMPDIR/out
    mkdir "$MNT"
    # A 4 MiB sparse image on a 1 MiB tmpfs, in a private mount namespace
    # (nothing leaks to the host); the image is copied out for the check.
    run --separate-stderr unshare -m sh -c '
        mount -t tmpfs -o size=1M tmpfs "$1" || exit 99
        truncate -s 4M "$1/full.img" || exit 99
        rc=0
        timeout 60 "$3" --block:storage="$1/full.img" \
            --block-sector-size:storage=4096 "$4" wait || rc=$?
        cp "$1/full.img" "$2/full.img" || exit 99
        exit $rc' sh "$MNT" "$BATS_TEST_TMPDIR" "$UKVM" "$T/test_blkdurable.$TARGET"
    show
    printf '%s\n' "$output" >"$OUT"
    [ "$status" -eq 1 ]
    n=$(durable_check "$BATS_TEST_TMPDIR/full.img" "$OUT" 4096)
    echo "$n writes completed before the disk was full"
    # At most 1 MiB fitted: the write that failed was refused by the host.
    [ "$n" -gt 0 ] && [ "$n" -le 256 ]
    # solo5-hvt ends itself on a failed write; ukvm tells the guest.
    ukvm_only "ukvm reports the failed write to the guest, silently"
    [ "${lines[-1]}" = "FAILURE: solo5_block_write" ]
    [ -z "$stderr" ]
}
