#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# gen-manifest end to end: the C it writes compiles as the guest compiler
# builds it, its section holds a note that mft_from_note accepts with the
# same devices in order, and a bad manifest gives one line and no output.
. "$(dirname "$0")/elftool_lib.bash"

# Generates, compiles and dumps JSON (WANT: the manifest it must hold).
note_holds() {
    local name=$1 json=$2 want=$3 devices=$4
    local c=$TMP/$name.c o=$TMP/$name.o bin=$TMP/$name.bin size
    if ! "$ELFTOOL" gen-manifest "$json" "$c" 2>"$TMP/err"; then
        not_ok "$name: gen-manifest accepts it" "$(cat "$TMP/err")"
        return
    fi
    if ! cc_freestanding "$c" "$o" 2>"$TMP/err"; then
        not_ok "$name: the C compiles with -ffreestanding -nostdinc" "$(cat "$TMP/err")"
        return
    fi
    ok "$name: the C compiles with -ffreestanding -nostdinc"
    objcopy -O binary --only-section=.note.solo5.manifest "$o" "$bin"
    size=$(stat -c %s "$bin")
    if [ "$size" -eq $((20 + 4 + 8 + (devices + 1) * 104)) ]; then
        ok "$name: the note is 20 + 4 + 8 + $((devices + 1)) x 104 bytes"
    else
        not_ok "$name: the note is 20 + 4 + 8 + $((devices + 1)) x 104 bytes" "got $size"
    fi
    if "$MFT_NOTE_DUMP" "$bin" >"$TMP/$name.dump" 2>"$TMP/err"; then
        ok "$name: the section passes mft_from_note"
    else
        not_ok "$name: the section passes mft_from_note" "$(cat "$TMP/err")"
        return
    fi
    check "$name: the note holds the same devices, in order" \
        diff -u "$want" "$TMP/$name.dump"
}

for n in 0 1 63; do
    manifest_with $n >"$TMP/m$n.json"
    note_holds "$n-device manifest" "$TMP/m$n.json" "$TMP/m$n.json" $n
done
note_holds "good_two_devices.json" "$DATA/good_two_devices.json" \
    "$DATA/good_two_devices.json" 2
note_holds "good_no_devices.json" "$DATA/good_no_devices.json" \
    "$DATA/good_no_devices.json" 0
cat >"$TMP/escapes.want" <<'WANT'
{
  "type": "solo5.manifest",
  "version": 1,
  "devices": [
    { "name": "disk0", "type": "BLOCK_BASIC" },
    { "name": "Net1", "type": "NET_BASIC" }
  ]
}
WANT
note_holds "good_escapes_any_order.json" "$DATA/good_escapes_any_order.json" \
    "$TMP/escapes.want" 2

if command -v clang >/dev/null; then
    check "the C also compiles with clang -ffreestanding -nostdinc" \
        clang -std=c11 -Wall -Wextra -Werror -ffreestanding -nostdinc \
        -isystem "$(clang -print-resource-dir)/include" -c "$TMP/1-device manifest.c" \
        -o "$TMP/clang.o"
else
    echo "ok - the C also compiles with clang # skip no clang"
fi

# Every bad manifest: status 1, one line naming the file, nothing written.
for json in "$DATA"/bad_*.json; do
    name=$(basename "$json")
    out=$TMP/out-$name
    mkdir "$out"
    "$ELFTOOL" gen-manifest "$json" "$out/manifest.c" >"$TMP/stdout" 2>"$TMP/stderr"
    status=$?
    lines=$(wc -l <"$TMP/stderr")
    if [ $status -eq 1 ] && [ "$lines" -eq 1 ] && [ ! -s "$TMP/stdout" ] &&
        grep -q "^ukvm-elftool: $json[:]" "$TMP/stderr" &&
        [ -z "$(ls -A "$out")" ]; then
        ok "$name: refused on one line naming the file, no output left"
    else
        not_ok "$name: refused on one line naming the file, no output left" \
            "status $status, $lines lines: $(cat "$TMP/stderr")" "left: $(ls -A "$out")"
    fi
done

# The exact words for the example in the brief and the 64-device limit.
expect_error() {
    local name=$1 json=$2 want=$3 got
    got=$("$ELFTOOL" gen-manifest "$json" "$TMP/unused.c" 2>&1)
    if [ "$got" = "$want" ]; then
        ok "$name"
    else
        not_ok "$name" "got:  $got" "want: $want"
    fi
}
expect_error "a bad name is named with its field" "$DATA/bad_name_dash.json" \
    "ukvm-elftool: $DATA/bad_name_dash.json: devices[1].name: device name 'my-disk' has a character other than A-Z, a-z, 0-9"
expect_error "64 devices are refused" "$DATA/bad_64_devices.json" \
    "ukvm-elftool: $DATA/bad_64_devices.json: devices: 64 devices, more than 63"
expect_error "a syntax error gives line and column" "$DATA/bad_trailing_comma.json" \
    "ukvm-elftool: $DATA/bad_trailing_comma.json:6:3: unexpected ']', expected a value"
expect_error "a missing file is named" "$TMP/none.json" \
    "ukvm-elftool: $TMP/none.json: No such file or directory"

# A failed run leaves an earlier OUT.c alone; a good one replaces it whole.
echo "old" >"$TMP/keep.c"
"$ELFTOOL" gen-manifest "$DATA/bad_version.json" "$TMP/keep.c" 2>/dev/null
check "a failed run does not touch an existing OUT.c" grep -qx old "$TMP/keep.c"
(umask 022 && "$ELFTOOL" gen-manifest "$DATA/good_two_devices.json" "$TMP/keep.c")
check "a good run replaces OUT.c, mode 644 under umask 022" \
    test "$(stat -c %a "$TMP/keep.c")" = 644 -a "$(ls "$TMP" | grep -c 'keep\.c\.')" = 0
check "an unwritable directory is one error line, status 1" bash -c \
    "! '$ELFTOOL' gen-manifest '$DATA/good_two_devices.json' /nonexistent/m.c 2>'$TMP/e' &&
     [ \$(wc -l <'$TMP/e') -eq 1 ] && grep -q '^ukvm-elftool: /nonexistent/m.c: ' '$TMP/e'"

# Usage: one line; status 0 only for --help.
check "--help prints one usage line, status 0" bash -c \
    "'$ELFTOOL' --help >'$TMP/u' && [ \$(wc -l <'$TMP/u') -eq 1 ] && grep -q '^usage: ' '$TMP/u'"
for args in "" "gen-manifest" "gen-manifest a.json" "gen-manifest a b c" "frobnicate"; do
    check "'ukvm-elftool $args' is misuse: one usage line, status 1" bash -c \
        "'$ELFTOOL' $args 2>'$TMP/u'; [ \$? -eq 1 ] && [ \$(wc -l <'$TMP/u') -eq 1 ] &&
         grep -q '^usage: ' '$TMP/u'"
done

finish
