#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# query: reads the ABI and manifest notes of linked unikernel-shaped ELF
# files and prints them as JSON; a missing or malformed note is one line.
. "$(dirname "$0")/elftool_lib.bash"

# refuses NAME WANT ARGS...: status 1, no stdout, one line matching the
# pattern WANT (quote what must match literally).
refuses() {
    local name=$1 want=$2 status
    shift 2
    "$ELFTOOL" query "$@" >"$TMP/stdout" 2>"$TMP/stderr"
    status=$?
    # shellcheck disable=SC2053
    if [ $status -eq 1 ] && [ ! -s "$TMP/stdout" ] && [[ "$(cat "$TMP/stderr")" == $want ]]; then
        ok "$name"
    else
        not_ok "$name" "status $status" "got:  $(cat "$TMP/stderr")" "want: $want"
    fi
}

abi_c 1 2 16 >"$TMP/abi.c"
abi_c 99 7 16 >"$TMP/abi_unknown.c"
abi_c 1 2 8 >"$TMP/abi_short.c"
sed 's/uint32_t d\[4\]/uint32_t d[2]/; s/{ 1, 2, 0, 0 }/{ 1, 2 }/' "$TMP/abi_short.c" >"$TMP/abi_short2.c"
printf 'void _start(void) { for (;;) ; }\n' >"$TMP/start.c"
"$ELFTOOL" gen-manifest "$DATA/good_two_devices.json" "$TMP/mft.c" || exit 1
# Malformed manifests, made by editing the generated C.
sed 's/\.version = 1,/.version = 2,/' "$TMP/mft.c" >"$TMP/mft_v2.c"
sed 's/\.entries = 3,/.entries = 4,/' "$TMP/mft.c" >"$TMP/mft_entries.c"
sed 's/\.n_descsz = 324,/.n_descsz = 323,/' "$TMP/mft.c" >"$TMP/mft_descsz.c"
sed 's/\.n_descsz = 324,/.n_descsz = 400,/' "$TMP/mft.c" >"$TMP/mft_overrun.c"
sed 's/\.name = "storage", \.type = 1/.name = "storage", .type = 1, .attached = 1/' \
    "$TMP/mft.c" >"$TMP/mft_attached.c"

link "$TMP/k.elf" "$TMP/abi.c" "$TMP/mft.c" || exit 1
link "$TMP/none.elf" "$TMP/start.c" || exit 1
link "$TMP/unknown.elf" "$TMP/abi_unknown.c" "$TMP/mft.c" || exit 1
link "$TMP/abi_short.elf" "$TMP/abi_short2.c" "$TMP/mft.c" || exit 1
link "$TMP/nomft.elf" "$TMP/abi.c" || exit 1
for bad in v2 entries descsz overrun attached; do
    link "$TMP/mft_$bad.elf" "$TMP/abi.c" "$TMP/mft_$bad.c" || exit 1
done

cat >"$TMP/full.want" <<'WANT'
{
  "abi": {
    "target": "hvt",
    "target_number": 1,
    "version": 2
  },
  "manifest": {
    "type": "solo5.manifest",
    "version": 1,
    "devices": [
      { "name": "service", "type": "NET_BASIC" },
      { "name": "storage", "type": "BLOCK_BASIC" }
    ]
  }
}
WANT
cat >"$TMP/abi.want" <<'WANT'
{
  "target": "hvt",
  "target_number": 1,
  "version": 2
}
WANT
"$ELFTOOL" query "$TMP/k.elf" >"$TMP/full.got" 2>&1
check "query prints the ABI note and the manifest" diff -u "$TMP/full.want" "$TMP/full.got"
"$ELFTOOL" query --abi "$TMP/k.elf" >"$TMP/abi.got" 2>&1
check "query --abi prints only the ABI note" diff -u "$TMP/abi.want" "$TMP/abi.got"
"$ELFTOOL" query --manifest "$TMP/k.elf" >"$TMP/mft.got" 2>&1
check "query --manifest gives back manifest.json" \
    diff -u "$DATA/good_two_devices.json" "$TMP/mft.got"
"$ELFTOOL" gen-manifest "$TMP/mft.got" "$TMP/again.c"
check "gen-manifest of that output writes the same C" cmp "$TMP/mft.c" "$TMP/again.c"
"$ELFTOOL" query --manifest "$TMP/nomft.elf" >/dev/null 2>&1
"$ELFTOOL" query --abi "$TMP/nomft.elf" >"$TMP/abi.got" 2>&1
check "query --abi needs no manifest note" diff -u "$TMP/abi.want" "$TMP/abi.got"
check "an unknown target is printed as unknown, with its number" bash -c \
    "'$ELFTOOL' query --abi '$TMP/unknown.elf' | tr -d ' \n' |
     grep -qx '{\"target\":\"unknown\",\"target_number\":99,\"version\":7}'"

refuses "a file without notes names the missing ABI note" \
    "ukvm-elftool: $TMP/none.elf: no ABI note (.note.solo5.abi)" "$TMP/none.elf"
refuses "--manifest on a file without notes names the missing manifest" \
    "ukvm-elftool: $TMP/none.elf: no manifest note (.note.solo5.manifest)" \
    --manifest "$TMP/none.elf"
refuses "a full query of a file without a manifest fails" \
    "ukvm-elftool: $TMP/nomft.elf: no manifest note (.note.solo5.manifest)" "$TMP/nomft.elf"
refuses "an ABI note of 8 bytes is malformed" \
    "ukvm-elftool: $TMP/abi_short.elf: ABI note has 8 bytes, not 16" --abi "$TMP/abi_short.elf"
refuses "a manifest of version 2 is refused" \
    "ukvm-elftool: $TMP/mft_v2.elf: manifest version is 2, not 1" --manifest "$TMP/mft_v2.elf"
refuses "a manifest whose entry count disagrees with its size is refused" \
    "ukvm-elftool: $TMP/mft_entries.elf: manifest says 4 entries but its note holds 3" \
    --manifest "$TMP/mft_entries.elf"
refuses "a manifest note of the wrong size is refused" \
    "ukvm-elftool: $TMP/mft_descsz.elf: manifest note has a malformed size (323 bytes)" \
    --manifest "$TMP/mft_descsz.elf"
refuses "a note that overruns its segment is refused" \
    "ukvm-elftool: $TMP/mft_overrun.elf: note in segment "[0-9]" overruns its segment" \
    --manifest "$TMP/mft_overrun.elf"
refuses "a device marked attached in the file is refused" \
    "ukvm-elftool: $TMP/mft_attached.elf: manifest entry 2: marked attached in the file" \
    --manifest "$TMP/mft_attached.elf"
refuses "a file that is not ELF is named" \
    "ukvm-elftool: $DATA/good_two_devices.json: not an ELF file (bad magic)" \
    "$DATA/good_two_devices.json"
refuses "a relocatable object is not a unikernel" \
    "ukvm-elftool: $TMP/abi.c.o: ELF type is 1, not a static executable (ET_EXEC)" \
    "$TMP/abi.c.o"
refuses "a missing file is named" \
    "ukvm-elftool: $TMP/missing.elf: No such file or directory" "$TMP/missing.elf"
check "a write error on stdout is reported, status 1" bash -c \
    "! '$ELFTOOL' query '$TMP/k.elf' >/dev/full 2>'$TMP/e' && grep -qx 'ukvm-elftool: stdout: write error' '$TMP/e'"

for args in "" "--abi" "--abi --manifest $TMP/k.elf" "--frob $TMP/k.elf" \
    "$TMP/k.elf $TMP/k.elf"; do
    check "'query $args' is misuse: one usage line, status 1" bash -c \
        "'$ELFTOOL' query $args >/dev/null 2>'$TMP/u'; [ \$? -eq 1 ] &&
         [ \$(wc -l <'$TMP/u') -eq 1 ] && grep -q '^usage: ' '$TMP/u'"
done

finish
