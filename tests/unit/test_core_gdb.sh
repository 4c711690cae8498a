#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# core files: gdb reads the cores that hostlib/core_file.c and core_dir.c
# write. core_from_elf loads a built unikernel as a tender would, lays a
# call chain on its stack (return addresses taken from the code, frame
# sizes from its CFI) and dumps it; gdb must show the faulting function,
# the backtrace through application and guest kernel, the registers and
# globals with the values in the core.
# Usage: [BUILD=build] tests/unit/test_core_gdb.sh
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
CORE_FROM_ELF=$BUILD/unit/core_from_elf
GLOBALS=$BUILD/tests/test_globals.hvt
EXCEPTION=$BUILD/tests/test_exception.hvt
. tests/unit/tap.bash

# expect NAME FILE PATTERN: ok if FILE has a line matching the ERE.
expect() {
    if grep -Eq -- "$3" "$2"; then ok "$1"; else not_ok "$1" "want: $3" "got:" "$(cat "$2")"; fi
}

for f in "$CORE_FROM_ELF" "$GLOBALS" "$EXCEPTION"; do
    [ -e "$f" ] || { not_ok "$f is built (make unit-tests guest-tests)"; finish; exit; }
done
for tool in gdb nm objdump readelf; do
    command -v $tool >/dev/null || { not_ok "$tool is installed"; finish; exit; }
done

# sym ELF NAME: the symbol's address.
sym() {
    local a
    a=$(nm "$1" | awk -v s="$2" '$3 == s { print $1; exit }')
    [ -n "$a" ] && printf '0x%x\n' $((16#$a))
}

# ret_after_call ELF CALLER CALLEE: the return address of CALLER's call,
# the call's address plus its length (it may be CALLER's last instruction).
ret_after_call() {
    local at len
    read -r at len < <(objdump -d --disassemble="$2" "$1" | awk -F'\t' -v callee="<$3>" '
        $1 ~ /^ *[0-9a-f]+:$/ && $3 ~ /^call / && $3 ~ (callee "$") {
            sub(/:/, "", $1); gsub(/ /, "", $1); print $1, split($2, b, " "); exit }')
    [ -n "${at:-}" ] && printf '0x%x\n' $((16#$at + len))
}

# insn ELF FUNC MNEMONIC: the address of FUNC's first MNEMONIC.
insn() {
    objdump -d --disassemble="$2" "$1" | awk -v m="$3" '
        $1 ~ /:$/ && $0 ~ "\t" m { sub(/:.*/, ""); gsub(/ /, ""); print "0x" $0; exit }'
}

# cfa_off ELF PC: N of the CFA rule "rsp+N" in force at PC (CFI of either
# section; an FDE without rows keeps the CIE's rsp+8).
cfa_off() {
    local pc=$(($2)) in=0 off="" f1 f2 f3 f4 f5 f6 range
    while read -r f1 f2 f3 f4 f5 f6 _; do
        if [ "$f4" = FDE ]; then
            range=${f6#pc=}
            in=$(( pc >= 16#${range%..*} && pc < 16#${range#*..} ))
            [ $in -eq 0 ] || off=8
        elif [ "$f4" = CIE ]; then
            in=0
        elif [ $in -eq 1 ] && [[ $f1 =~ ^[0-9a-f]{16}$ ]] && [ $((16#$f1)) -le $pc ]; then
            case $f2 in rsp+*) off=${f2#rsp+} ;; *) off="" ;; esac
        fi
    done < <(readelf --debug-dump=frames-interp "$1" 2>/dev/null)
    echo "$off"
}

# frame ELF PC: "PC:CFA" for a frame at PC (a return address: the call
# is at PC-1, which is what gdb looks up too).
frame() { echo "$2:$(cfa_off "$1" $(($2 - ${3:-1})))"; }

# The guest kernel's chain above solo5_app_main, the same in every hvt
# unikernel: kernel_main <- hvt_main <- _start.
kernel_frames() {
    local uk=$1
    frame "$uk" "$(ret_after_call "$uk" kernel_main solo5_app_main)"
    frame "$uk" "$(ret_after_call "$uk" hvt_main kernel_main)"
    ret_after_call "$uk" _start hvt_main
}

gdb_core() {   # gdb_core ELF CORE OUT COMMANDS...
    local uk=$1 core=$2 out=$3 args=()
    shift 3
    for c in "$@"; do args+=(-ex "$c"); done
    gdb -batch -nx "${args[@]}" "$uk" "$core" >"$out" 2>&1
}

# --- test_globals: fail() called from solo5_app_main, globals set --------
g_fail=$(sym "$GLOBALS" fail)
g_inited=$(sym "$GLOBALS" inited)
g_zeroed=$(sym "$GLOBALS" zeroed)
g_top=$(sym "$GLOBALS" _stack_top)
mapfile -t g_frames < <(frame "$GLOBALS" "$g_fail" 0
                        frame "$GLOBALS" "$(ret_after_call "$GLOBALS" solo5_app_main fail)"
                        kernel_frames "$GLOBALS")
if [ -z "$g_fail" ] || [ -z "$g_inited" ] || [ -z "$g_top" ] ||
        [ ${#g_frames[@]} -ne 5 ] || [[ " ${g_frames[*]} " == *": "* ]]; then
    not_ok "test_globals.hvt: symbols, calls and CFI found" "frames: ${g_frames[*]}"
    finish; exit
fi
mkdir "$TMP/cores"
if core=$("$CORE_FROM_ELF" -s "$g_top" -p "$g_inited=42" -p "$g_zeroed=43" -g 4 \
          "$GLOBALS" "$TMP/cores" "${g_frames[@]}" 2>"$TMP/cfe.err"); then
    ok "core_from_elf dumps test_globals.hvt"
else
    not_ok "core_from_elf dumps test_globals.hvt" "$(cat "$TMP/cfe.err")"
    finish; exit
fi

name=${core##*/}
if [ "${core%/*}" = "$TMP/cores" ] && [[ $name =~ ^test_globals\.hvt\.[0-9]+\.[0-9a-f]{16}\.core$ ]] &&
        [ "$(stat -c %a "$core")" = 600 ] && [ "$(ls "$TMP/cores" | wc -l)" -eq 1 ]; then
    ok "core: one file DIR/test_globals.hvt.PID.NONCE.core, mode 600"
else
    not_ok "core: one file DIR/test_globals.hvt.PID.NONCE.core, mode 600" "$core" "$(ls -la "$TMP/cores")"
fi
size=$(stat -c %s "$core")
if [ "$size" -lt $((256 * 1024)) ]; then
    ok "core: sparse, $size bytes for 3 MiB of guest memory"
else
    not_ok "core: sparse, $size bytes for 3 MiB of guest memory"
fi

gdb_core "$GLOBALS" "$core" "$TMP/g.out" bt 'info registers rip' 'print inited' \
    'print zeroed' 'print zero_array[4096]' 'print text' 'p/x $xmm0.v4_int32[0]' \
    'p/x $mxcsr' 'info threads' 'x/gx 0'
g="$TMP/g.out"
expect "gdb: the core says SIGILL" "$g" '^Program terminated with signal SIGILL'
expect "gdb: the core names the unikernel" "$g" "^Core was generated by \`$GLOBALS'"
i=0
for f in fail solo5_app_main kernel_main hvt_main _start; do
    expect "gdb: bt frame #$i is $f" "$g" "^#$i +(0x[0-9a-f]+ in )?$f \("
    i=$((i + 1))
done
expect "gdb: bt ends at _start" "$g" '^#4 .* _start \(\)'
if grep -q '^#5' "$g" || grep -q 'Backtrace stopped' "$g"; then
    not_ok "gdb: bt stops cleanly after _start" "$(grep -E '^#|Backtrace' "$g")"
else
    ok "gdb: bt stops cleanly after _start"
fi
expect "gdb: rip is fail's entry" "$g" "^rip +$g_fail +$g_fail <fail>"
expect "gdb: .data global from the core (inited = 42, the file has 0x1122334455667788)" "$g" '^\$1 = 42$'
expect "gdb: touched .bss global from the core (zeroed = 43)" "$g" '^\$2 = 43$'
expect "gdb: untouched .bss reads as zero (zero_array[4096])" "$g" "^\\\$3 = 0 '\\\\000'$"
expect "gdb: initialised string (text)" "$g" '^\$4 = "initialised"$'
expect "gdb: xmm0 from NT_FPREGSET" "$g" '^\$5 = 0x12345678$'
expect "gdb: mxcsr from NT_FPREGSET" "$g" '^\$6 = 0x1f80$'
expect "gdb: one thread, LWP 1" "$g" '^\* 1 +LWP 1 +fail '
expect "gdb: page 0 is not in the core" "$g" 'Cannot access memory at address 0x0$'
if grep -qi 'warning' "$g"; then
    not_ok "gdb: no warnings (the core matches the unikernel)" "$(grep -i warning "$g")"
else
    ok "gdb: no warnings (the core matches the unikernel)"
fi

# --- test_exception: ud2 in solo5_app_main --------------------------------
e_ud2=$(insn "$EXCEPTION" solo5_app_main ud2)
mapfile -t e_frames < <(frame "$EXCEPTION" "$e_ud2" 0; kernel_frames "$EXCEPTION")
if [ -n "$e_ud2" ] && [ ${#e_frames[@]} -eq 4 ] &&
        core=$("$CORE_FROM_ELF" -s "$(sym "$EXCEPTION" _stack_top)" -g 4 \
               "$EXCEPTION" "$TMP/cores" "${e_frames[@]}" 2>"$TMP/cfe.err"); then
    ok "core_from_elf dumps test_exception.hvt at its ud2"
    gdb_core "$EXCEPTION" "$core" "$TMP/e.out" bt 'x/i $pc'
    i=0
    for f in solo5_app_main kernel_main hvt_main _start; do
        expect "gdb, exception: bt frame #$i is $f" "$TMP/e.out" "^#$i +(0x[0-9a-f]+ in )?$f \("
        i=$((i + 1))
    done
    expect "gdb, exception: the instruction at rip is ud2" "$TMP/e.out" "^=> $e_ud2 <solo5_app_main\+[0-9]+>:"$'\t'"ud2"
    expect "gdb, exception: the faulting line is in exception.c" "$TMP/e.out" '^#0 .* at tests/guest/exception/exception\.c:[0-9]+$'
else
    not_ok "core_from_elf dumps test_exception.hvt at its ud2" "ud2 at '$e_ud2', frames: ${e_frames[*]}" \
        "$(cat "$TMP/cfe.err" 2>/dev/null)"
fi
if [ "$(ls "$TMP/cores" | wc -l)" -eq 2 ]; then
    ok "core: a second dump into DIR is a second file"
else
    not_ok "core: a second dump into DIR is a second file" "$(ls -la "$TMP/cores")"
fi

finish
