# SPDX-License-Identifier: ISC
# Shared set-up for the ukvm-elftool shell tests: paths, a scratch
# directory removed on exit (even on failure), and TAP-style reporting.
# Named .bash so tests/run does not take it for a test.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
BUILD=${BUILD:-build}
ELFTOOL=${ELFTOOL:-$BUILD/ukvm-elftool-san}   # ASan and UBSan
MFT_NOTE_DUMP=${MFT_NOTE_DUMP:-$BUILD/unit/mft_note_dump}
DATA=tests/data/manifests
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
tests_failed=0

ok() { echo "ok - $1"; }
not_ok() {
    tests_failed=$((tests_failed + 1))
    echo "not ok - $1"
    shift
    [ $# -eq 0 ] || printf '%s\n' "$@" | head -n 20 | sed 's/^/#   /'
}
# check NAME COMMAND...: ok if the command succeeds; shows its output if not.
check() {
    local name=$1
    shift
    if "$@" >"$TMP/check.out" 2>&1; then
        ok "$name"
    else
        not_ok "$name" "$(cat "$TMP/check.out")"
    fi
}
finish() { [ "$tests_failed" -eq 0 ]; }

for f in "$ELFTOOL" "$MFT_NOTE_DUMP"; do
    [ -x "$f" ] || { echo "not ok - $f is built (run make unit-tests)"; exit 1; }
done

# The guest compiler's view: freestanding, only the compiler's own headers.
cc_freestanding() {
    gcc -std=c11 -Wall -Wextra -Werror -pedantic -ffreestanding -nostdinc \
        -isystem "$(gcc -print-file-name=include)" -c "$1" -o "$2"
}

# abi_c TARGET VERSION DESCSZ: an ABI note and an entry point, as C.
abi_c() {
    cat <<C
#include <stdint.h>
struct abi_note { uint32_t namesz, descsz, type; char name[8]; uint32_t d[4]; };
static const struct abi_note abi __attribute__((section(".note.solo5.abi"),
    aligned(4), used)) = { 6, $3, 0x31494241, "Solo5", { $1, $2, 0, 0 } };
void _start(void) { for (;;) ; }
C
}

# link OUT C-FILE...: a static ET_EXEC at 1 MiB, each note in a PT_NOTE.
link() {
    local out=$1 objs=() c
    shift
    for c in "$@"; do
        cc_freestanding "$c" "$c.o" || return 1
        objs+=("$c.o")
    done
    gcc -nostdlib -static -no-pie -Wl,-Ttext-segment=0x100000 \
        -Wl,--build-id=none -o "$out" "${objs[@]}"
}

# Writes a manifest.json with N devices dev0.. in the layout that
# ukvm-elftool prints, so outputs can be compared with diff.
manifest_with() {
    local n=$1 i sep
    printf '{\n  "type": "solo5.manifest",\n  "version": 1,\n'
    if [ "$n" -eq 0 ]; then
        printf '  "devices": []\n}\n'
        return
    fi
    printf '  "devices": [\n'
    for ((i = 0; i < n; i++)); do
        sep=,
        [ $i -eq $((n - 1)) ] && sep=
        if [ $((i % 2)) -eq 0 ]; then
            printf '    { "name": "dev%d", "type": "BLOCK_BASIC" }%s\n' $i "$sep"
        else
            printf '    { "name": "dev%d", "type": "NET_BASIC" }%s\n' $i "$sep"
        fi
    done
    printf '  ]\n}\n'
}
