# SPDX-License-Identifier: ISC
# kv_ro: the key/value store read from a ustar archive on a block device.
# The archive is $BUILD/apps/kv_ro.tar, made by make from
# apps/kv_ro_crunch/data; corrupt and truncated copies of it must give a
# one-line reason and exit 1, never a trap. The guest's stdout and stderr
# both go to the console, ukvm's stdout.
load helpers

DATA=$ROOT/apps/kv_ro_crunch/data

setup() {
    require_kvm
    APP=$BUILD/apps/kv_ro.$TARGET
    TAR=$BUILD/apps/kv_ro.tar
    if [ ! -f "$APP" ] || [ ! -f "$TAR" ]; then
        echo "$APP or $TAR missing: run make apps" >&2
        return 1
    fi
    IMG=$BATS_TEST_TMPDIR/storage.img
    cp "$TAR" "$IMG"
}

# kv_ro [ukvm options] [-- app arguments], on $IMG unless told otherwise.
kv_ro() {
    local opts=() args=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
    [ "${1:-}" = "--" ] && shift
    args=("$@")
    [[ " ${opts[*]-} " == *" --block:storage="* ]] || opts+=("--block:storage=$IMG")
    run --separate-stderr timeout 60 "$UKVM" "${opts[@]}" "$APP" "${args[@]}"
}

expect_listing() {
    [ "${lines[0]}" = "keys: 3" ]
    [ "${lines[1]}" = "css/site.css 31" ]
    [ "${lines[2]}" = "index.html 155" ]
    [ "${lines[3]}" = "secret 28" ]
}

# The clean failure: the one-line reason alone on the console (the
# guest's stdout and stderr both go there), exit 1, ukvm silent.
expect_error() {
    show
    [ "$status" -eq 1 ]
    [ "$output" = "$1" ]
    [ -z "$stderr" ]
}

# flip_checksum_digit FILE OFFSET: the header at OFFSET gets a different
# (still octal) digit in its checksum field.
flip_checksum_digit() {
    python3 - "$1" "$2" <<'PY'
import sys
path, off = sys.argv[1], int(sys.argv[2])
with open(path, "r+b") as f:
    f.seek(off + 148)
    field = bytearray(f.read(8))
    i = next(i for i in range(7, -1, -1) if 0x30 <= field[i] <= 0x37)
    field[i] ^= 1
    f.seek(off + 148)
    f.write(field)
PY
}

# header_offset FILE NAME: where NAME's header is in the archive.
header_offset() {
    python3 - "$1" "$2" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
off = 0
while data[off] != 0:
    if data[off:off + 100].rstrip(b"\0").decode() == sys.argv[2]:
        print(off)
        break
    off += 512 + (int(data[off + 124:off + 136].rstrip(b"\0 ") or b"0", 8) + 511) // 512 * 512
PY
}

@test "kv_ro: lists the archive's keys and prints the secret" {
    kv_ro
    show
    [ "$status" -eq 0 ]
    expect_listing
    [ "${lines[4]}" = "secret = the eagle lands at midnight" ]
    [ "${#lines[@]}" -eq 5 ]
    [ -z "$stderr" ]
}

@test "kv_ro: the archive made by make holds exactly the data directory" {
    diff <(tar -tf "$TAR" | grep -v '/$' | sort) \
         <(cd "$DATA" && find . -type f | sort)
}

@test "kv_ro: a key given on the command line is printed whole" {
    kv_ro -- /index.html
    show
    [ "$status" -eq 0 ]
    expect_listing
    diff <(printf '%s\n' "$output" | tail -n +5) \
         <(printf '/index.html = '; cat "$DATA/index.html")
}

@test "kv_ro: 4096- and 32768-byte sectors read the same" {
    for sector in 4096 32768; do
        truncate -s "%$sector" "$IMG"
        kv_ro --block-sector-size:storage=$sector
        show
        [ "$status" -eq 0 ]
        expect_listing
        [ "${lines[4]}" = "secret = the eagle lands at midnight" ]
    done
}

@test "kv_ro: a value of many blocks reads back byte for byte" {
    mkdir -p "$BATS_TEST_TMPDIR/big"
    python3 -c 'import sys
for i in range(400):
    sys.stdout.write("%04d " % i + "abcdefghijklmnopqrstuvwxyz" * 9 + "\n")' \
        >"$BATS_TEST_TMPDIR/big/big.txt"
    tar --format=ustar -cf "$IMG" -C "$BATS_TEST_TMPDIR/big" big.txt
    kv_ro -- big.txt
    show
    [ "$status" -eq 0 ]
    [ "${lines[1]}" = "big.txt $(stat -c %s "$BATS_TEST_TMPDIR/big/big.txt")" ]
    diff <(printf '%s\n' "$output" | tail -n +3) \
         <(printf 'big.txt = '; cat "$BATS_TEST_TMPDIR/big/big.txt")
}

@test "kv_ro: an unknown key is a one-line error and exit 1" {
    kv_ro -- nosuch
    show
    [ "$status" -eq 1 ]
    expect_listing
    [ "${lines[4]}" = "kv_ro: nosuch: no such key" ]
    [ "${#lines[@]}" -eq 5 ]
}

@test "kv_ro: a flipped checksum digit is a bad checksum, exit 1" {
    flip_checksum_digit "$IMG" 0
    kv_ro
    expect_error "kv_ro: storage: bad header checksum at offset 0"
}

@test "kv_ro: a bad checksum in a later header names that header's offset" {
    off=$(header_offset "$IMG" ./secret)
    [ "${off:-0}" -gt 0 ]
    flip_checksum_digit "$IMG" "$off"
    kv_ro
    expect_error "kv_ro: storage: bad header checksum at offset $off"
}

@test "kv_ro: an archive cut inside a file is a clear error, exit 1" {
    head -c 1536 "$TAR" >"$IMG"
    kv_ro
    expect_error 'kv_ro: storage: "css/site.css" at offset 1024: size 31 runs past the end of the device (1536 bytes)'
}

@test "kv_ro: an archive cut before its end record is a clear error, exit 1" {
    head -c 2048 "$TAR" >"$IMG"
    kv_ro
    expect_error "kv_ro: storage: the archive ends at offset 2048 without an end-of-archive record (truncated?)"
}

@test "kv_ro: a device that is not a tar archive is a clear error, exit 1" {
    head -c 8192 /dev/urandom >"$IMG"
    kv_ro
    expect_error "kv_ro: storage: no ustar header at offset 0 (not a tar archive?)"
}

@test "kv_ro: a device of zeroes is an empty store" {
    rm -f "$IMG"
    truncate -s 64K "$IMG"
    kv_ro
    show
    [ "$status" -eq 1 ]
    [ "${lines[0]}" = "keys: 0" ]
    [ "${lines[1]}" = "kv_ro: secret: no such key" ]
    [ "${#lines[@]}" -eq 2 ]
}
