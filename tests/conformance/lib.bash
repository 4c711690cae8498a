# SPDX-License-Identifier: ISC
# Shared by the conformance harness (tests/conformance/run): the case
# lines and their tally, running a tender to its end, and the checks of
# the kit's expectations (README of the Solo5 kit).

PASSED=0 FAILED=0 SKIPPED=0

# pass NAME
pass() {
    echo "ok - $1"
    PASSED=$((PASSED + 1))
}

# skip_case NAME REASON: a skip is a skip, never a pass.
skip_case() {
    echo "skip - $1: $2"
    SKIPPED=$((SKIPPED + 1))
}

# fail NAME [DETAIL...]: each detail may hold several lines; at most 10
# lines in all are shown, indented, cut at 200 characters.
fail() {
    local name=$1
    shift
    echo "not ok - $name"
    printf '%s\n' "$@" | sed -e '/^$/d' -e 's/^/    /' | cut -c1-200 | head -n 10
    FAILED=$((FAILED + 1))
}

# run_capture PREFIX SECONDS CMD...: runs CMD with nothing on stdin, its
# stdout in PREFIX.out, stderr in PREFIX.err, for at most SECONDS (then
# status 124); sets STATUS. --foreground: an interrupt (^C) reaches CMD
# too. The outer 2>/dev/null keeps bash's own "Segmentation fault" notice
# out of the harness's output.
run_capture() {
    local prefix=$1 secs=$2
    shift 2
    STATUS=0
    { timeout --foreground -k 5 "$secs" "$@" >"$prefix.out" 2>"$prefix.err" </dev/null; } 2>/dev/null || STATUS=$?
}

# expect KIND PREFIX: checks STATUS and PREFIX.out/.err against KIND, adds
# what is wrong to PROBLEMS:
#   success  exit 0 and a line SUCCESS
#   abort    exit 255 and ABORT in the output
#   sigsegv  killed by SIGSEGV (status 139)
#   refused  exit 1 before the guest ran: nothing on stdout, one line on stderr
expect() {
    local kind=$1 prefix=$2
    case $kind in
    success)
        [ "$STATUS" -eq 0 ] || PROBLEMS+=("expected exit 0, got status $STATUS")
        grep -qx 'SUCCESS' "$prefix.out" || PROBLEMS+=("no line SUCCESS on the console") ;;
    abort)
        [ "$STATUS" -eq 255 ] || PROBLEMS+=("expected exit 255 (abort), got status $STATUS")
        cat "$prefix.out" "$prefix.err" | grep -q 'ABORT' || PROBLEMS+=("no ABORT in the output") ;;
    sigsegv)
        [ "$STATUS" -eq 139 ] || PROBLEMS+=("expected death by SIGSEGV (139), got status $STATUS") ;;
    refused)
        [ "$STATUS" -eq 1 ] || PROBLEMS+=("expected a refusal (exit 1), got status $STATUS")
        [ ! -s "$prefix.out" ] || PROBLEMS+=("the guest ran: output on stdout")
        [ "$(grep -c . "$prefix.err")" -eq 1 ] ||
            PROBLEMS+=("expected a one-line message on stderr, got $(grep -c . "$prefix.err") lines") ;;
    *)
        PROBLEMS+=("harness bug: unknown expectation '$kind'") ;;
    esac
}

# describe KIND: how a case line names what was expected.
describe() {
    case $1 in
    success) echo "SUCCESS" ;;
    abort) echo "ABORT (255)" ;;
    sigsegv) echo "killed by SIGSEGV (139)" ;;
    refused) echo "refused (1)" ;;
    esac
}

# verdict NAME PREFIX: pass, or fail showing PROBLEMS and what was seen.
verdict() {
    local name=$1 prefix=$2
    if [ ${#PROBLEMS[@]} -eq 0 ]; then
        pass "$name"
        return
    fi
    fail "$name" "${PROBLEMS[@]}" \
        "stdout (end): $(grep . "$prefix.out" 2>/dev/null | tail -n 3)" \
        "stderr: $(head -n 3 "$prefix.err" 2>/dev/null)"
}

# image_end FILE: the highest end of a PT_LOAD segment, in bytes (0 if
# FILE is not an ELF64 file the script can read).
image_end() {
    python3 - "$1" 2>/dev/null <<'PY' || echo 0
import struct, sys
d = open(sys.argv[1], "rb").read()
end = 0
if d[:5] == b"\x7fELF\x02":
    phoff, = struct.unpack_from("<Q", d, 32)
    phentsize, phnum = struct.unpack_from("<HH", d, 54)
    for i in range(phnum):
        p_type, _, _, p_vaddr, _, _, p_memsz = struct.unpack_from("<IIQQQQQ", d, phoff + i * phentsize)
        if p_type == 1 and p_memsz:
            end = max(end, p_vaddr + p_memsz)
print(end)
PY
}

# manifest_devices FILE: "NAME TYPE" per device, from the kit's elftool.
manifest_devices() {
    "$SOLO5/bin/solo5-elftool" query-manifest "$1" 2>/dev/null | python3 -c '
import json, sys
for d in json.load(sys.stdin)["devices"]:
    print(d["name"], d["type"])'
}

# kvm_native: true where KVM runs guests natively (not PVM).
kvm_native() {
    [ "$("$BUILD/ukvm" --kvm-info 2>/dev/null)" = "native: yes" ]
}

# same_exit NAME FILE TENDER REFERENCE REFERENCE_NAME [OPTIONS...]: for a
# guest the harness has no expectation of: it runs on TENDER and on
# REFERENCE, with OPTIONS and its manifest's devices attached (fresh
# 4 MiB files, taps in the namespace), for at most 20 s each, and must
# end the same way on both.
same_exit() {
    local name=$1 f=$2 tender=$3 ref=$4 ref_name=$5
    shift 5
    local base prefix opts=("$@") dev type i=0 status ref_status netns=()
    base=$(basename "$f")
    prefix=$W/x-$base
    while read -r dev type; do
        case $type in
        BLOCK_BASIC) opts+=(--block:"$dev"="$prefix.$dev.img") ;;
        NET_BASIC)
            local why
            why=$(ns_usable)
            if [ -n "$why" ]; then
                skip_case "$name" "it has a network device: $why"
                return
            fi
            if ! ns_up || ! ns_tap "cx$i" "10.$((100 + i)).0.1/24"; then
                fail "$name" "could not set up a tap for device $dev"
                return
            fi
            opts+=(--net:"$dev"="cx$i")
            netns=(ip netns exec "$NS")
            i=$((i + 1)) ;;
        esac
    done < <(manifest_devices "$f")

    fresh_images "${opts[@]}"
    run_capture "$prefix" 20 "${netns[@]}" "$tender" "${opts[@]}" -- "$f"
    status=$STATUS
    fresh_images "${opts[@]}"
    run_capture "$prefix.ref" 20 "${netns[@]}" "$ref" "${opts[@]}" -- "$f"
    ref_status=$STATUS
    if [ "$status" = 124 ] && [ "$ref_status" = 124 ]; then
        pass "$name: still running after 20 s, as on $ref_name"
    elif [ "$status" = "$ref_status" ]; then
        pass "$name: ended with status $status, as on $ref_name"
    else
        fail "$name: status $status, on $ref_name $ref_status (124: still running after 20 s)" \
            "stdout (end): $(grep . "$prefix.out" | tail -n 2)" \
            "stderr: $(head -n 2 "$prefix.err")" \
            "on $ref_name, stdout (end): $(grep . "$prefix.ref.out" | tail -n 2)" \
            "on $ref_name, stderr: $(head -n 2 "$prefix.ref.err")"
    fi
}

# fresh_images OPTIONS...: every --block:NAME=FILE among them gets a
# fresh FILE of 4 MiB of zeros.
fresh_images() {
    local o
    for o in "$@"; do
        case $o in
        --block:*=*) rm -f "${o#*=}" && truncate -s 4M "${o#*=}" ;;
        esac
    done
}
