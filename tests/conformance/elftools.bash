# SPDX-License-Identifier: ISC
# C. The elftools both ways: Solo5's solo5-elftool reads the notes of the
# project's unikernels; the project's ukvm-elftool prints, byte for byte,
# what solo5-elftool prints for the kit's guests; a manifest made by
# ukvm-elftool gen-manifest reads back the same with solo5-elftool.

elftools() {
    c_solo5_on_ours
    c_ours_on_theirs
    c_buggyelf
    c_gen_manifest
}

# c_manifest_of UNIKERNEL: the manifest.json it was built from.
c_manifest_of() {
    local n
    n=$(basename "$1")
    n=${n%.*}
    case $1 in
    */tests/test_*) echo "$ROOT/tests/guest/${n#test_}/manifest.json" ;;
    */apps/*) echo "$ROOT/apps/$n/manifest.json" ;;
    esac
}

# c_check_notes PREFIX TARGET MANIFEST: PREFIX.abi and PREFIX.mft (what
# solo5-elftool printed) name TARGET, version 2, and MANIFEST's devices
# in its order; prints what differs.
c_check_notes() {
    python3 - "$1.abi" "$1.mft" "$2" "$3" <<'PY'
import json, sys
abi_file, mft_file, target, manifest = sys.argv[1:]
try:
    abi = json.load(open(abi_file))
    if (abi.get("type"), abi.get("target"), abi.get("version")) != ("solo5.abi", target, 2):
        print(f"query-abi: {json.dumps(abi)}, expected target {target}, version 2")
except ValueError as e:
    print(f"query-abi: not JSON ({e})")
want = [(d["name"], d["type"]) for d in json.load(open(manifest))["devices"]]
try:
    mft = json.load(open(mft_file))
    got = [(d["name"], d["type"]) for d in mft.get("devices", [])]
    if mft.get("type") != "solo5.manifest" or mft.get("version") != 1:
        print(f"query-manifest: type {mft.get('type')}, version {mft.get('version')}")
    if got != want:
        print(f"query-manifest: devices {got}")
        print(f"manifest.json:  devices {want}")
except ValueError as e:
    print(f"query-manifest: not JSON ({e})")
PY
}

# Every project unikernel: solo5-elftool finds its ABI and its manifest.
c_solo5_on_ours() {
    local f target manifest prefix name problems sa sm
    for f in "$BUILD"/tests/test_*.hvt "$BUILD"/tests/test_*.spt \
             "$BUILD"/apps/*.hvt "$BUILD"/apps/*.spt; do
        [ -f "$f" ] || continue
        target=${f##*.}
        name="solo5-elftool on ours: ${f#"$BUILD"/}"
        prefix=$W/c-$(basename "$f")
        manifest=$(c_manifest_of "$f")
        if [ ! -f "$manifest" ]; then
            fail "$name" "no manifest.json to compare with ($manifest)"
            continue
        fi
        sa=0 sm=0
        "$SOLO5/bin/solo5-elftool" query-abi "$f" >"$prefix.abi" 2>"$prefix.err" || sa=$?
        "$SOLO5/bin/solo5-elftool" query-manifest "$f" >"$prefix.mft" 2>>"$prefix.err" || sm=$?
        problems=$(c_check_notes "$prefix" "$target" "$manifest")
        [ "$sa" = 0 ] || problems="query-abi: status $sa"$'\n'"$problems"
        [ "$sm" = 0 ] || problems="query-manifest: status $sm"$'\n'"$problems"
        if [ -z "$problems" ]; then
            pass "$name"
        else
            fail "$name" "$problems" "stderr: $(head -n 2 "$prefix.err")"
        fi
    done
}

# c_same_output PREFIX COMMAND FILE: runs both tools; prints how
# ukvm-elftool's stdout or status differs from solo5-elftool's.
c_same_output() {
    local prefix=$1 cmd=$2 f=$3 st=0 su=0
    "$SOLO5/bin/solo5-elftool" "$cmd" "$f" >"$prefix.solo5" 2>/dev/null || st=$?
    "$BUILD/ukvm-elftool" "$cmd" "$f" >"$prefix.ukvm" 2>"$prefix.ukvm.err" || su=$?
    [ "$st" = "$su" ] ||
        echo "$cmd: status $su, solo5-elftool's $st; stderr: $(head -n 1 "$prefix.ukvm.err")"
    cmp -s "$prefix.solo5" "$prefix.ukvm" ||
        echo "$cmd: stdout differs: $(diff "$prefix.solo5" "$prefix.ukvm" | grep '^[<>]' | head -n 4)"
}

# Every kit guest: ukvm-elftool query-abi and query-manifest print what
# solo5-elftool prints, with the same status.
c_ours_on_theirs() {
    local f prefix problems
    for f in "$SOLO5"/guests/*.hvt "$SOLO5"/guests/*.spt; do
        [ -f "$f" ] || continue
        prefix=$W/c-kit-$(basename "$f")
        problems=$(c_same_output "$prefix.abi" query-abi "$f"
                   c_same_output "$prefix.mft" query-manifest "$f")
        if [ -z "$problems" ]; then
            pass "ukvm-elftool on theirs: $(basename "$f"): query-abi and query-manifest as solo5-elftool prints them"
        else
            fail "ukvm-elftool on theirs: $(basename "$f"): query-abi and query-manifest as solo5-elftool prints them" \
                "$problems"
        fi
    done
}

# buggyelf.hvt's manifest note is malformed: both tools read its ABI
# and refuse its manifest, with status 1 and nothing on stdout.
c_buggyelf() {
    local f=$SOLO5/guests/buggyelf.hvt tool prefix sa sm problems
    [ -f "$f" ] || return 0
    for tool in "$SOLO5/bin/solo5-elftool" "$BUILD/ukvm-elftool"; do
        prefix=$W/c-buggy-$(basename "$tool")
        sa=0 sm=0
        "$tool" query-abi "$f" >"$prefix.abi" 2>"$prefix.err" || sa=$?
        "$tool" query-manifest "$f" >"$prefix.mft" 2>>"$prefix.err" || sm=$?
        problems=
        [ "$sa" = 0 ] && grep -q '"target": "hvt"' "$prefix.abi" ||
            problems+="query-abi: status $sa, stdout: $(head -c 200 "$prefix.abi")"$'\n'
        [ "$sm" = 1 ] || problems+="query-manifest: status $sm, expected 1"$'\n'
        [ ! -s "$prefix.mft" ] || problems+="query-manifest printed: $(head -n 2 "$prefix.mft")"$'\n'
        if [ -z "$problems" ]; then
            pass "$(basename "$tool") on theirs: buggyelf.hvt: query-abi works, query-manifest fails with status 1"
        else
            fail "$(basename "$tool") on theirs: buggyelf.hvt: query-abi works, query-manifest fails with status 1" \
                "$problems" "stderr: $(head -n 2 "$prefix.err")"
        fi
    done
}

# tests/conformance/readback.json (names of 1 to 67 characters, both
# types, mixed) through ukvm-elftool gen-manifest (tools/ukvm-build runs
# it) into a unikernel, read back by solo5-elftool.
c_gen_manifest() {
    local target out name problems
    for target in hvt spt; do
        out=$W/readback.$target
        name="solo5-elftool reads back a manifest from ukvm-elftool gen-manifest: readback.json in a .$target unikernel"
        if ! UKVM_BUILD_DIR=$BUILD UKVM_ELFTOOL=$BUILD/ukvm-elftool "$ROOT/tools/ukvm-build" \
                -t "$target" -o "$out" -m "$ROOT/tests/conformance/readback.json" \
                -std=gnu11 -Wall -Wextra -Werror -mgeneral-regs-only \
                -I"$ROOT/tests/guest/common" "$ROOT/tests/guest/hello/hello.c" \
                >"$out.build" 2>&1; then
            fail "$name" "tools/ukvm-build failed:" "$(head -n 4 "$out.build")"
            continue
        fi
        "$SOLO5/bin/solo5-elftool" query-abi "$out" >"$out.abi" 2>"$out.err"
        "$SOLO5/bin/solo5-elftool" query-manifest "$out" >"$out.mft" 2>>"$out.err"
        problems=$(c_check_notes "$out" "$target" "$ROOT/tests/conformance/readback.json")
        if [ -z "$problems" ]; then
            pass "$name"
        else
            fail "$name" "$problems" "stderr: $(head -n 2 "$out.err")"
        fi
    done
}
