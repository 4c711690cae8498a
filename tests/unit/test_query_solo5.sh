#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# query-abi, query-manifest and gen-manifest as solo5-elftool 0.12.1 has
# them: the exact bytes it prints (written out below, as it prints them),
# the same exit status, and nothing on stdout when a file is refused.
# With SOLO5_ELFTOOL=path/to/solo5-elftool (and SOLO5_GUESTS=a directory
# of Solo5-built unikernels) every image is also compared with the real tool;
# both default to the Solo5 kit beside the project (../shared/solo5-0.12.1)
# where it exists.
. "$(dirname "$0")/elftool_lib.bash"

KIT=$(dirname "$0")/../../../shared/solo5-0.12.1
if [ -z "${SOLO5_ELFTOOL+set}" ] && [ -x "$KIT/bin/solo5-elftool" ]; then
    SOLO5_ELFTOOL=$(realpath "$KIT/bin/solo5-elftool")
    SOLO5_GUESTS=${SOLO5_GUESTS:-$(realpath "$KIT/guests")}
fi

IMG=$TMP/img
mkdir "$IMG"
TOOL=$(realpath "$ELFTOOL")   # for runs from another directory

# prints NAME CMD FILE WANT: status 0, stdout exactly WANT, stderr empty.
prints() {
    local name=$1 cmd=$2 file=$3 want=$4 status
    "$ELFTOOL" "$cmd" "$file" >"$TMP/out" 2>"$TMP/err"
    status=$?
    if [ $status -eq 0 ] && [ ! -s "$TMP/err" ] && cmp -s "$want" "$TMP/out"; then
        ok "$name"
    else
        not_ok "$name" "status $status, stderr: $(cat "$TMP/err")" \
            "$(diff -u "$want" "$TMP/out")"
    fi
}

# refuses NAME CMD FILE: status 1, no stdout, one line "ukvm-elftool: FILE: ...".
refuses() {
    local name=$1 cmd=$2 file=$3 status
    "$ELFTOOL" "$cmd" "$file" >"$TMP/out" 2>"$TMP/err"
    status=$?
    if [ $status -eq 1 ] && [ ! -s "$TMP/out" ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] &&
        grep -qF "ukvm-elftool: $file: " "$TMP/err"; then
        ok "$name"
    else
        not_ok "$name" "status $status, stdout $(wc -c <"$TMP/out") bytes" \
            "stderr: $(cat "$TMP/err")"
    fi
}

# want NAME: the expected output, from stdin, as $TMP/NAME.want.
want() { cat >"$TMP/$1.want"; }

# --- Images linked from gen-manifest's C and an ABI note ---------------

gen() {   # gen JSON C
    "$ELFTOOL" gen-manifest "$1" "$2" || { echo "not ok - gen-manifest $1"; exit 1; }
}
gen "$DATA/good_no_devices.json" "$TMP/mft0.c"
gen "$DATA/good_two_devices.json" "$TMP/mft2.c"
printf '{ "type": "solo5.manifest", "version": 1, "devices": [
  { "name": "a", "type": "BLOCK_BASIC" },
  { "name": "%s", "type": "NET_BASIC" } ] }\n' \
    "$(printf 'N%.0s' {1..67})" >"$TMP/names.json"
gen "$TMP/names.json" "$TMP/names.c"
manifest_with 63 >"$TMP/m63.json"
gen "$TMP/m63.json" "$TMP/mft63.c"
# Solo5's buggyelf.hvt: a sound ABI note, a manifest note claiming 1 byte.
sed 's/\.n_descsz = 116,/.n_descsz = 1,/' "$TMP/mft0.c" >"$TMP/buggy.c"
printf 'void _start(void) { for (;;) ; }\n' >"$TMP/start.c"

abi_c 1 2 16 >"$TMP/hvt.c"
abi_c 2 2 16 >"$TMP/spt.c"
abi_c 5 4294967295 16 >"$TMP/genode.c"
abi_c 99 7 16 >"$TMP/t99.c"
abi_c 0 1 16 >"$TMP/t0.c"
for t in 3 4 6; do abi_c $t 1 16 >"$TMP/t$t.c"; done
link "$IMG/hvt0.elf" "$TMP/hvt.c" "$TMP/mft0.c" &&
link "$IMG/spt2.elf" "$TMP/spt.c" "$TMP/mft2.c" &&
link "$IMG/names.elf" "$TMP/hvt.c" "$TMP/names.c" &&
link "$IMG/m63.elf" "$TMP/hvt.c" "$TMP/mft63.c" &&
link "$IMG/genode.elf" "$TMP/genode.c" "$TMP/mft0.c" &&
link "$IMG/t99.elf" "$TMP/t99.c" "$TMP/mft0.c" &&
link "$IMG/t0.elf" "$TMP/t0.c" "$TMP/mft0.c" &&
link "$IMG/t3.elf" "$TMP/t3.c" "$TMP/mft0.c" &&
link "$IMG/t4.elf" "$TMP/t4.c" "$TMP/mft0.c" &&
link "$IMG/t6.elf" "$TMP/t6.c" "$TMP/mft0.c" &&
link "$IMG/buggy.elf" "$TMP/hvt.c" "$TMP/buggy.c" &&
link "$IMG/nomft.elf" "$TMP/hvt.c" &&
link "$IMG/nonotes.elf" "$TMP/start.c" || exit 1

want abi_hvt2 <<'WANT'
{
  "type": "solo5.abi",
  "target": "hvt",
  "version": 2
}
WANT
want abi_spt2 <<'WANT'
{
  "type": "solo5.abi",
  "target": "spt",
  "version": 2
}
WANT
want mft0 <<'WANT'
{
  "type": "solo5.manifest",
  "version": 1,
  "devices": [
  ]
}
WANT
want names <<'WANT'
{
  "type": "solo5.manifest",
  "version": 1,
  "devices": [
    { "name": "a", "type": "BLOCK_BASIC" },
    { "name": "NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN", "type": "NET_BASIC" }
  ]
}
WANT
want genode <<'WANT'
{
  "type": "solo5.abi",
  "target": "genode",
  "version": 4294967295
}
WANT
want t99 <<'WANT'
{
  "type": "solo5.abi",
  "target": "unknown",
  "version": 7
}
WANT
# 63 devices in the layout of manifest_with, which is Solo5's.
manifest_with 63 >"$TMP/m63.want"

prints "query-abi: hvt, version 2" query-abi "$IMG/hvt0.elf" "$TMP/abi_hvt2.want"
prints "query-abi: spt, version 2" query-abi "$IMG/spt2.elf" "$TMP/abi_spt2.want"
prints "query-abi: genode, the largest version" query-abi "$IMG/genode.elf" "$TMP/genode.want"
prints "query-abi: a target without a name is unknown" query-abi "$IMG/t99.elf" "$TMP/t99.want"
for t in 0:unknown 3:virtio 4:muen 6:xen; do
    printf '{\n  "type": "solo5.abi",\n  "target": "%s",\n  "version": 1\n}\n' \
        "${t#*:}" >"$TMP/t.want"
    prints "query-abi: target ${t%:*} is ${t#*:}" query-abi "$IMG/t${t%:*}.elf" "$TMP/t.want"
done
prints "query-manifest: no devices, an empty list over two lines" \
    query-manifest "$IMG/hvt0.elf" "$TMP/mft0.want"
prints "query-manifest: two devices print as the manifest.json they came from" \
    query-manifest "$IMG/spt2.elf" "$DATA/good_two_devices.json"
prints "query-manifest: names of 1 and 67 characters" \
    query-manifest "$IMG/names.elf" "$TMP/names.want"
prints "query-manifest: 63 devices, the most there can be" \
    query-manifest "$IMG/m63.elf" "$TMP/m63.want"
prints "buggyelf shape: query-abi reads the sound ABI note" \
    query-abi "$IMG/buggy.elf" "$TMP/abi_hvt2.want"
refuses "buggyelf shape: query-manifest refuses the 1-byte manifest note" \
    query-manifest "$IMG/buggy.elf"
prints "query-abi needs no manifest" query-abi "$IMG/nomft.elf" "$TMP/abi_hvt2.want"
refuses "query-manifest without a manifest note" query-manifest "$IMG/nomft.elf"
refuses "query-abi without an ABI note" query-abi "$IMG/nonotes.elf"
refuses "query-abi of a relocatable object" query-abi "$TMP/hvt.c.o"
refuses "query-abi of a file that is not ELF" query-abi "$DATA/good_two_devices.json"
refuses "query-manifest of a missing file" query-manifest "$TMP/missing.elf"
refuses "query-manifest of a directory" query-manifest "$TMP"
: >"$TMP/empty"
refuses "query-abi of an empty file" query-abi "$TMP/empty"
"$ELFTOOL" query-manifest "$IMG/spt2.elf" >"$TMP/back.json" &&
    "$ELFTOOL" gen-manifest "$TMP/back.json" "$TMP/back.c"
check "query-manifest output fed to gen-manifest writes the same C" \
    cmp "$TMP/mft2.c" "$TMP/back.c"
check "a write error on stdout is one line, status 1" bash -c \
    "! '$ELFTOOL' query-abi '$IMG/hvt0.elf' >/dev/full 2>'$TMP/e' &&
     grep -qx 'ukvm-elftool: stdout: write error' '$TMP/e'"

# --- Shapes of note segments and manifests, cut by make_bad_elfs.py ----

# Writes each shape as an image in $IMG.
shapes() {
    python3 -B - "$IMG" <<'PY'
import os, struct, sys
sys.path.insert(0, "tests/data/elf")
from make_bad_elfs import build, entry, note, ph, PT_NOTE, PT_NULL

out = sys.argv[1]
def write(name, b):
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes(b))

def names(ns, types=()):
    b, L = build(names=ns)
    for i, t in enumerate(types):
        entry(b, L, i + 1, 68, "<I", t)
    return b, L

def moved_abi(b, L, i):   # the ABI note's segment becomes phdr I
    ph(b, i, "type", PT_NOTE); ph(b, i, "offset", L["abi"]); ph(b, i, "filesz", 36)
    ph(b, 2, "type", PT_NULL)

b, L = build(extra_loads=1); moved_abi(b, L, 4)
ph(b, 2, "type", PT_NOTE); ph(b, 2, "filesz", 8); write("small_before", b)
b, L = build(extra_loads=1); ph(b, 4, "type", PT_NOTE); ph(b, 4, "offset", L["abi"])
ph(b, 4, "filesz", 8); write("small_after", b)
b, L = build(extra_loads=1); moved_abi(b, L, 4)
ph(b, 2, "type", PT_NOTE); ph(b, 2, "offset", len(b) + 64); ph(b, 2, "filesz", 36)
write("outside_before", b)
b, L = build(extra_loads=1)
other = struct.pack("<III", 8, 4, 1) + b"OpenBSD\0" + b"\0" * 4
abi = note(0x31494241, struct.pack("<IIII", 1, 2, 0, 0))
ph(b, 4, "type", PT_NOTE); ph(b, 4, "offset", len(b)); ph(b, 4, "filesz", len(other + abi))
ph(b, 2, "type", PT_NULL); b += other + abi; write("abi_second_note", b)
b, L = build(extra_loads=1)
spt = note(0x31494241, struct.pack("<IIII", 2, 2, 0, 0))
ph(b, 4, "type", PT_NOTE); ph(b, 4, "offset", len(b)); ph(b, 4, "filesz", len(spt))
b += spt; write("abi_twice", b)
b, L = build(); struct.pack_into("<I", b, L["abi"] + 4, 8); write("abi_8_bytes", b)
b, L = build(); struct.pack_into("<I", b, L["abi"] + 4, 0); write("abi_0_bytes", b)
b, L = build(); struct.pack_into("<I", b, L["abi"] + 4, 33); ph(b, 2, "filesz", 53)
write("abi_33_bytes", b)
b, L = build(); struct.pack_into("<I", b, L["abi"] + 4, 17); write("abi_overruns", b)
b, L = build(); struct.pack_into("<I", b, 20, 0); write("e_version_0", b)
b, L = build(); struct.pack_into("<H", b, 52, 60); write("e_ehsize_60", b)
write("reserved_type", names(["a", "b"], [1, 1 << 30])[0])
write("unknown_type", names(["a", "b"], [2, 3])[0])
write("odd_names", names(["a-b", "a-b"])[0])
b, L = names(["a"]); entry(b, L, 1, 96, "<B", 1); write("attached", b)
b, L = names(["a"]); entry(b, L, 1, 0, "<68s", b"x" * 68); write("unterminated", b)
b, L = names(["a"]); struct.pack_into("<I", b, L["mft"] + 24, 2); write("mft_version_2", b)
b, L = names(["a"]); struct.pack_into("<I", b, L["mft"] + 28, 3); write("mft_3_entries", b)
b, L = names(["a"]); entry(b, L, 0, 68, "<I", 1); write("entry0_block", b)
PY
}

if ! command -v python3 >/dev/null; then
    echo "ok - note and manifest shapes # skip no python3"
elif ! shapes >"$TMP/shapes" 2>&1; then
    not_ok "make_bad_elfs.py builds the shapes" "$(cat "$TMP/shapes")"
else
    want reserved <<'WANT'
{
  "type": "solo5.manifest",
  "version": 1,
  "devices": [
    { "name": "a", "type": "BLOCK_BASIC" },
  ]
}
WANT
    want unknown <<'WANT'
{
  "type": "solo5.manifest",
  "version": 1,
  "devices": [
    { "name": "a", "type": "NET_BASIC" },
    { "name": "b", "type": "<undefined type>" }
  ]
}
WANT
    want odd <<'WANT'
{
  "type": "solo5.manifest",
  "version": 1,
  "devices": [
    { "name": "a-b", "type": "NET_BASIC" },
    { "name": "a-b", "type": "NET_BASIC" }
  ]
}
WANT
    for c in query-abi query-manifest; do
        refuses "$c: a note segment under 12 bytes before the note is fatal" \
            $c "$IMG/small_before"
        refuses "$c: a note segment outside the file before the note is fatal" \
            $c "$IMG/outside_before"
        refuses "$c: an ELF version field of 0" $c "$IMG/e_version_0"
        refuses "$c: an ELF header size of 60" $c "$IMG/e_ehsize_60"
    done
    prints "query-abi: a note segment under 12 bytes after the note does not count" \
        query-abi "$IMG/small_after" "$TMP/abi_hvt2.want"
    refuses "query-abi: only the first note of a segment is looked at" \
        query-abi "$IMG/abi_second_note"
    prints "query-abi: of two ABI notes, the first counts" \
        query-abi "$IMG/abi_twice" "$TMP/abi_hvt2.want"
    prints "query-abi: an 8-byte ABI note is enough for target and version" \
        query-abi "$IMG/abi_8_bytes" "$TMP/abi_hvt2.want"
    refuses "query-abi: an ABI note of 0 bytes" query-abi "$IMG/abi_0_bytes"
    refuses "query-abi: an ABI note of 33 bytes" query-abi "$IMG/abi_33_bytes"
    refuses "query-abi: an ABI note that overruns its segment" query-abi "$IMG/abi_overruns"
    prints "query-manifest: a device of a reserved type is left out, its comma not" \
        query-manifest "$IMG/reserved_type" "$TMP/reserved.want"
    prints "query-manifest: an unknown device type is printed as undefined" \
        query-manifest "$IMG/unknown_type" "$TMP/unknown.want"
    prints "query-manifest: names are printed as stored, duplicates too" \
        query-manifest "$IMG/odd_names" "$TMP/odd.want"
    for bad in attached unterminated mft_version_2 mft_3_entries entry0_block; do
        refuses "query-manifest refuses $bad" query-manifest "$IMG/$bad"
        prints "query-abi of $bad needs no valid manifest" query-abi "$IMG/$bad" \
            "$TMP/abi_hvt2.want"
    done
fi

# --- Unikernels built by tools/ukvm-build -------------------------------

if [ -f "$BUILD/guest/ukvm_hvt.o" ] && [ -f "$BUILD/guest/ukvm_spt.o" ]; then
    cat >"$TMP/app.c" <<'C'
#include "solo5.h"
int solo5_app_main(const struct solo5_start_info *si) { (void)si; return 0; }
C
    want app_mft <<'WANT'
{
  "type": "solo5.manifest",
  "version": 1,
  "devices": [
    { "name": "disk0", "type": "BLOCK_BASIC" },
    { "name": "net0", "type": "NET_BASIC" },
    { "name": "disk1", "type": "BLOCK_BASIC" }
  ]
}
WANT
    for t in hvt spt; do
        if ! UKVM_BUILD_DIR=$BUILD UKVM_ELFTOOL=$BUILD/ukvm-elftool tools/ukvm-build \
            -t $t -m "$TMP/app_mft.want" -o "$IMG/app.$t" "$TMP/app.c" >"$TMP/err" 2>&1; then
            not_ok "ukvm-build makes a $t unikernel" "$(cat "$TMP/err")"
            continue
        fi
        # The version is the guest kernel's; query --abi says which it is.
        v=$("$ELFTOOL" query --abi "$IMG/app.$t" | sed -n 's/^  "version": \([0-9]*\)$/\1/p')
        printf '{\n  "type": "solo5.abi",\n  "target": "%s",\n  "version": %s\n}\n' \
            $t "$v" >"$TMP/app_abi.want"
        prints "ukvm-build $t: query-abi" query-abi "$IMG/app.$t" "$TMP/app_abi.want"
        prints "ukvm-build $t: query-manifest" query-manifest "$IMG/app.$t" "$TMP/app_mft.want"
    done
else
    echo "ok - query-abi and query-manifest of ukvm-build unikernels # skip guest runtime not built"
fi

# --- The command line ---------------------------------------------------

check "the usage line names gen-manifest, query-abi and query-manifest" bash -c \
    "'$ELFTOOL' 2>&1 | grep 'gen-manifest' | grep 'query-abi' | grep -q 'query-manifest'"
check "'ukvm-elftool --version' names it and ukvm's version, status 0" bash -c \
    "[ \"\$('$ELFTOOL' --version)\" = \"ukvm-elftool (ukvm) \$(cat '$PWD/VERSION')\" ]"
for args in "" "bogus" "--bogus" "help" "query-abi" "query-abi a b" "query-manifest" \
    "query-manifest a b" "gen-manifest" "gen-manifest a" "gen-manifest a b c"; do
    check "'ukvm-elftool $args' is misuse: one usage line on stderr, status 1" bash -c \
        "'$ELFTOOL' $args >'$TMP/o' 2>'$TMP/u'; [ \$? -eq 1 ] && [ ! -s '$TMP/o' ] &&
         [ \$(wc -l <'$TMP/u') -eq 1 ] && grep -q '^usage: ' '$TMP/u'"
done
for cmd in query-abi query-manifest; do
    check "'$cmd --help' prints the usage line, status 0" bash -c \
        "'$ELFTOOL' $cmd --help | grep -q '^usage: '"
done
cp "$IMG/hvt0.elf" "$TMP/-x.elf"
check "query-abi takes an argument starting with '-' as a file name" bash -c \
    "cd '$TMP' && '$TOOL' query-abi -x.elf | cmp - abi_hvt2.want"

# gen-manifest SOURCE OUTPUT writes where fopen(OUTPUT, "w") would.
cp "$DATA/good_two_devices.json" "$TMP/-m.json"
check "gen-manifest takes arguments starting with '-' as file names" bash -c \
    "cd '$TMP' && '$TOOL' gen-manifest -m.json -o.c && cmp -- -o.c mft2.c"
echo old >"$TMP/target.c"
ln -s target.c "$TMP/link.c"
"$ELFTOOL" gen-manifest "$DATA/good_two_devices.json" "$TMP/link.c"
check "an output that is a symbolic link: its file is written, the link kept" \
    bash -c "[ -L '$TMP/link.c' ] && cmp '$TMP/target.c' '$TMP/mft2.c'"
check "an output that is a device is written in place (/dev/stdout)" bash -c \
    "'$ELFTOOL' gen-manifest '$DATA/good_two_devices.json' /dev/stdout | cmp - '$TMP/mft2.c'"
for out in "directory:$TMP" "missing directory:$TMP/nodir/m.c"; do
    check "an output that is a ${out%%:*} is one error line, status 1" bash -c \
        "'$ELFTOOL' gen-manifest '$DATA/good_two_devices.json' '${out#*:}' 2>'$TMP/e';
         [ \$? -eq 1 ] && [ \$(wc -l <'$TMP/e') -eq 1 ] &&
         grep -q '^ukvm-elftool: ${out#*:}: ' '$TMP/e'"
done
check "a missing SOURCE is one error line, status 1, no OUTPUT" bash -c \
    "'$ELFTOOL' gen-manifest '$TMP/none.json' '$TMP/none.c' 2>'$TMP/e';
     [ \$? -eq 1 ] && [ \$(wc -l <'$TMP/e') -eq 1 ] && [ ! -e '$TMP/none.c' ]"
# Root may write anything: check a read-only file as nobody, where we can.
as_user=()
if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null && id nobody >/dev/null 2>&1; then
    as_user=(runuser -u nobody --)
    chmod 755 "$TMP"
fi
if [ "$(id -u)" -ne 0 ] || [ ${#as_user[@]} -gt 0 ]; then
    echo old >"$TMP/ro.c"
    chmod 444 "$TMP/ro.c"
    "${as_user[@]}" "$TOOL" gen-manifest "$DATA/good_two_devices.json" "$TMP/ro.c" \
        >/dev/null 2>"$TMP/e"
    check "a read-only OUTPUT is one error line, status 1, left as it was" bash -c \
        "[ $? -eq 1 ] && [ \$(wc -l <'$TMP/e') -eq 1 ] && grep -qx old '$TMP/ro.c'"
else
    echo "ok - a read-only OUTPUT is refused # skip root, and no runuser to drop it"
fi

# --- Against the real solo5-elftool, when there is one -------------------

if [ -n "${SOLO5_ELFTOOL:-}" ]; then
    for f in "$IMG"/* ${SOLO5_GUESTS:+"$SOLO5_GUESTS"/*}; do
        for cmd in query-abi query-manifest; do
            "$SOLO5_ELFTOOL" $cmd "$f" >"$TMP/solo5.out" 2>/dev/null
            s=$?
            "$ELFTOOL" $cmd "$f" >"$TMP/ours.out" 2>/dev/null
            u=$?
            if [ $s -eq $u ] && cmp -s "$TMP/solo5.out" "$TMP/ours.out"; then
                ok "as solo5-elftool: $cmd ${f##*/}"
            else
                not_ok "as solo5-elftool: $cmd ${f##*/}" "status $s, ours $u" \
                    "$(diff "$TMP/solo5.out" "$TMP/ours.out")"
            fi
        done
    done
else
    echo "ok - byte-for-byte comparison with solo5-elftool # skip no solo5-elftool (SOLO5_ELFTOOL unset, no kit at $KIT)"
fi

finish
