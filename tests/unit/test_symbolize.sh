#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# symbolize (hostlib/symbolize.c) names the same function and source line
# as addr2line, on every test unikernel and some applications, and on the
# console application built with ukvm-build's default, DWARF 2, 3 and 4,
# 64-bit DWARF 5, by clang, and without debug information (-g0). The
# addresses: every function's start, middle and last byte, every 61st
# byte inside it, and assembly labels.
#
# What is compared, address by address, with `addr2line -f -i`:
# - the line and the file's base name with addr2line's first (innermost)
#   location: both read the .debug_line row covering the address, which
#   for inlined code is the inlined line;
# - the function with addr2line's last (outermost) function, the one the
#   code was inlined into: symbolize names the .symtab function that
#   holds the address, whose name may carry gcc's clone suffix
#   (.constprop.0, .isra.0, .part.0, .cold), dropped before comparing.
# Alignment padding after a function belongs to no function for
# symbolize, while addr2line names the symbol before it: padding is
# checked on its own (no function named). A line of 0 (none known) is
# compared without its file: addr2line then names the file from the
# symbol table's STT_FILE entries, not from a line table.
# Usage: [BUILD=dir] tests/unit/test_symbolize.sh
set -u
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
CLI=${SYMBOLIZE_CLI:-$BUILD/unit/symbolize_cli}   # ASan and UBSan
. tests/unit/tap.bash


for f in "$CLI" "$BUILD/tests/test_hello.hvt" "$BUILD/ukvm-elftool"; do
    [ -x "$f" ] || { not_ok "$f is built (make unit-tests guest-tests)"; finish; exit 1; }
done

# sample FILE: writes $TMP/addrs (inside functions and labels) and
# $TMP/padding (the first byte after a function, before the next symbol).
sample() {
    local a s prev_a=-1 prev_s=0 k
    : >"$TMP/addrs"
    : >"$TMP/padding"
    nm -S --defined-only "$1" | awk '$NF != "" && ($(NF-1) == "T" || $(NF-1) == "t")' |
        awk 'NF == 4 { print $1, $2 } NF == 3 { print $1, "0" }' | sort -u |
    while read -r a s; do
        a=$((16#$a)) s=$((16#$s))
        if [ "$prev_a" -ge 0 ] && [ "$a" -gt "$prev_a" ]; then
            if [ "$prev_s" -eq 0 ]; then
                printf '0x%x\n' $(((prev_a + a) / 2)) >>"$TMP/addrs"
            elif [ $((prev_a + prev_s)) -lt "$a" ]; then
                printf '0x%x\n' $((prev_a + prev_s)) >>"$TMP/padding"
            fi
        fi
        printf '0x%x\n' "$a" >>"$TMP/addrs"
        for ((k = 61; k < s; k += 61)); do printf '0x%x\n' $((a + k)); done >>"$TMP/addrs"
        [ "$s" -le 2 ] || printf '0x%x\n0x%x\n' $((a + s / 2)) $((a + s - 1)) >>"$TMP/addrs"
        prev_a=$a prev_s=$s
    done
    sort -u -o "$TMP/addrs" "$TMP/addrs"
    # A sized function sharing its start with a label is no padding.
    sort -u "$TMP/padding" | comm -23 - "$TMP/addrs" >"$TMP/padding.only"
}

# ADDR, function, file base name, line: from addr2line -a -f -i.
addr2line_view() {
    addr2line -a -f -i -e "$1" <"$2" | awk '
    function flush() { if (addr != "") printf "%s\t%s\t%s\t%s\n", addr, outer, base, line }
    /^0x/ { flush(); addr = $0; k = 0; next }
    { k++ }
    k % 2 == 1 {
        outer = $0
        while (match(outer, /\.(constprop|isra|part|cold|lto_priv|[0-9]+)$/))
            outer = substr(outer, 1, RSTART - 1)
        next
    }
    k == 2 {
        loc = $0; sub(/ \(discriminator [0-9]+\)$/, "", loc)
        i = match(loc, /:[^:]*$/); file = substr(loc, 1, i - 1); line = substr(loc, i + 1)
        if (line == "?") line = 0
        base = file; sub(/.*\//, "", base)
        if (line == 0) base = "-"
    }
    END { flush() }'
}

# The same from symbolize_cli, clone suffixes dropped.
symbolize_view() {
    "$CLI" "$1" <"$2" | awk -F'\t' '{
        fn = $2; sub(/\+0x[0-9a-f]+$/, "", fn)
        while (match(fn, /\.(constprop|isra|part|cold|lto_priv|[0-9]+)$/))
            fn = substr(fn, 1, RSTART - 1)
        i = match($3, /:[^:]*$/); file = substr($3, 1, i - 1); line = substr($3, i + 1)
        base = file; sub(/.*\//, "", base)
        if (line == 0) base = "-"
        printf "%s\t%s\t%s\t%s\n", $1, fn, base, line }'
}

# The innermost file's base name by llvm-symbolizer, for the addresses
# in $TMP/slips (one a line, in order): ADDR <TAB> BASE.
llvm_files() {
    llvm-symbolizer --obj="$1" -a -f <"$TMP/slips" | awk '
        NR == FNR { addr[NR] = $0; next }
        /^0x/ { rec++; k = 0; next }
        NF == 0 { next }
        { k++ }
        k == 2 { loc = $0; sub(/:[0-9]+(:[0-9]+)?$/, "", loc); sub(/.*\//, "", loc)
                 printf "%s\t%s\n", addr[rec], loc }' "$TMP/slips" -
}

# compare NAME FILE [REFERENCE]: one line for the comparison, one for the
# padding. addr2line reads REFERENCE (default FILE), which must hold the
# same code: for what addr2line itself cannot read.
#
# binutils 2.40's addr2line names a DWARF 5 unit's own source file for
# code from a header it includes where the line program never sets the
# file (file 1 is then the header; llvm-symbolizer, gdb and readelf
# name the header). A difference in the file alone is therefore settled
# by llvm-symbolizer, and counted apart.
compare() {
    local name=$1 f=$2 ref=${3:-$2} total bad slips=0 inlined lines
    sample "$f"
    addr2line_view "$ref" "$TMP/addrs" >"$TMP/want"
    symbolize_view "$f" "$TMP/addrs" >"$TMP/got" 2>"$TMP/err"
    total=$(wc -l <"$TMP/addrs")
    paste "$TMP/want" "$TMP/got" | awk -F'\t' '
        $1 != $5 || $2 != $6 || $4 != $8 { print >"'"$TMP/mismatch"'"; next }
        $3 != $7 { print $1 >"'"$TMP/slips"'"; print $5 "\t" $7 >"'"$TMP/slips.got"'" }'
    touch "$TMP/mismatch" "$TMP/slips" "$TMP/slips.got"
    if [ -s "$TMP/slips" ]; then
        if command -v llvm-symbolizer >/dev/null; then
            llvm_files "$ref" >"$TMP/slips.llvm"
            diff "$TMP/slips.llvm" "$TMP/slips.got" | grep '^>' >>"$TMP/mismatch"
            slips=$(comm -12 "$TMP/slips.llvm" "$TMP/slips.got" | wc -l)
        else
            sed 's/^/file differs (no llvm-symbolizer to settle it): /' "$TMP/slips" >>"$TMP/mismatch"
        fi
    fi
    bad=$(wc -l <"$TMP/mismatch")
    lines=$(awk -F'\t' '$4 != 0' "$TMP/got" | wc -l)
    inlined=$(addr2line -a -f -i -e "$ref" <"$TMP/addrs" |
        awk '/^0x/ { if (k > 2) m++; k = 0; next } { k++ } END { if (k > 2) m++; print m + 0 }')
    if [ -s "$TMP/err" ] || [ "$(wc -l <"$TMP/got")" -ne "$total" ]; then
        not_ok "symbolize on $name: runs cleanly" "$(head -n 10 "$TMP/err")"
    elif [ "$bad" -eq 0 ] && [ "$total" -gt 0 ]; then
        ok "symbolize on $name: $total addresses, 0 mismatches with addr2line ($lines with a line, $inlined in inlined code, $slips files settled by llvm-symbolizer)"
    else
        not_ok "symbolize on $name: $total addresses, $bad mismatches with addr2line" \
            "addr, addr2line's function, file, line, then symbolize's:" \
            "$(head -n 16 "$TMP/mismatch")"
    fi
    rm -f "$TMP/mismatch" "$TMP/slips" "$TMP/slips.got" "$TMP/slips.llvm"
    if [ -s "$TMP/padding.only" ]; then
        "$CLI" "$f" <"$TMP/padding.only" | awk -F'\t' '$2 != "??"' >"$TMP/padbad"
        if [ -s "$TMP/padbad" ]; then
            not_ok "symbolize on $name: padding after a function belongs to none" \
                "$(head -n 5 "$TMP/padbad")"
        else
            ok "symbolize on $name: padding after a function belongs to none ($(wc -l <"$TMP/padding.only") addresses)"
        fi
    fi
}

for f in "$BUILD"/tests/*.hvt "$BUILD"/tests/*.spt "$BUILD"/apps/console.hvt \
    "$BUILD"/apps/static_web.spt; do
    [ -f "$f" ] || continue
    compare "${f#"$BUILD"/}" "$f"
done

# The console application again, compiled other ways; the guest kernel
# and libc keep gcc's DWARF 5, so the files mix versions and compilers.
build_console() {
    local name=$1
    shift
    UKVM_BUILD_DIR=$BUILD UKVM_ELFTOOL=$BUILD/ukvm-elftool tools/ukvm-build \
        -o "$TMP/$name.hvt" -m apps/console/manifest.json -std=c11 -Wall -Wextra \
        -Werror -mgeneral-regs-only -Ilibos/libc/include "$@" \
        "$BUILD/libos/libc.a" >"$TMP/build.log" 2>&1 ||
        { not_ok "console built with $*" "$(tail -n 5 "$TMP/build.log")"; return 1; }
}
same_text() {
    objcopy -O binary --only-section=.text "$1" "$TMP/text1" &&
        objcopy -O binary --only-section=.text "$2" "$TMP/text2" &&
        cmp -s "$TMP/text1" "$TMP/text2"
}
# dwarf5: ukvm-build's default (-g), given no -g option at all.
for v in dwarf5:-Wall dwarf4:-gdwarf-4 dwarf3:-gdwarf-3 dwarf2:-gdwarf-2 \
    dwarf64:-gdwarf64 g0:-g0; do
    build_console "console-${v%%:*}" "${v#*:}" apps/console/main.c || continue
    case $v in
    dwarf5*)
        compare console-dwarf5 "$TMP/console-dwarf5.hvt"
        a=$(nm "$TMP/console-dwarf5.hvt" | awk '$3 == "main" { print $1 }')
        if "$CLI" "$TMP/console-dwarf5.hvt" "$a" | grep -qP '\tapps/console/main\.c:[1-9]'; then
            ok "ukvm-build without -g options: the application's lines are there"
        else
            not_ok "ukvm-build without -g options: the application's lines are there" \
                "$("$CLI" "$TMP/console-dwarf5.hvt" "$a")"
        fi ;;
    # binutils 2.40's addr2line misreads gcc's 64-bit DWARF 5 line tables:
    # its lines come from the 32-bit build of the same code.
    dwarf64*)
        if same_text "$TMP/console-dwarf64.hvt" "$TMP/console-dwarf5.hvt"; then
            compare console-dwarf64 "$TMP/console-dwarf64.hvt" "$TMP/console-dwarf5.hvt"
        else
            not_ok "console-dwarf64 holds the same code as console-dwarf5"
        fi ;;
    *) compare "console-${v%%:*}" "$TMP/console-${v%%:*}.hvt" ;;
    esac
done
# clang's DWARF 5 (MD5 sums in the file table); ukvm-build links with gcc.
if command -v clang >/dev/null; then
    clang -std=c11 -g -O2 -ffreestanding -fno-pie -fno-pic -mno-red-zone \
        -mgeneral-regs-only -fstack-protector-strong -mstack-protector-guard=global \
        -nostdinc -isystem "$(clang -print-file-name=include)" -Iguest/include \
        -Ilibos/libc/include -c apps/console/main.c -o "$TMP/main-clang.o" &&
        build_console console-clang "$TMP/main-clang.o" &&
        compare console-clang "$TMP/console-clang.hvt"
else
    ok "symbolize on console-clang # skip clang is not installed"
fi

# Without .debug_line (-g0) the function is still named; with it, lines.
"$CLI" "$TMP/console-g0.hvt" "$(nm "$TMP/console-g0.hvt" | awk '$3 == "solo5_app_main" { print $1 }')" \
    >"$TMP/g0.out" 2>&1
if grep -qP '\tsolo5_app_main\+0x0\t\?\?:0\t in solo5_app_main\+0x0$' "$TMP/g0.out"; then
    ok "without debug information: the function, no line"
else
    not_ok "without debug information: the function, no line" "$(cat "$TMP/g0.out")"
fi
a=$(nm "$BUILD/tests/test_hello.spt" | awk '$3 == "solo5_app_main" { print $1 }')
"$CLI" "$BUILD/tests/test_hello.spt" "$a" >"$TMP/hello.out" 2>&1
if grep -qP '\t in solo5_app_main\+0x0 \(tests/guest/hello/hello\.c:[0-9]+\)$' "$TMP/hello.out"; then
    ok "the report reads ' in solo5_app_main+0x0 (tests/guest/hello/hello.c:LINE)'"
else
    not_ok "the report reads ' in solo5_app_main+0x0 (tests/guest/hello/hello.c:LINE)'" \
        "$(cat "$TMP/hello.out")"
fi

finish
