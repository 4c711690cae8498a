# SPDX-License-Identifier: ISC
# ukvm-crunch, the host tool behind kv_ro_crunch: DIR -> a C file with
# the sorted key table. Its output must depend only on names and bytes,
# compile as guest code, and anything it refuses must be a one-line error
# naming the file, with no output file left behind.
load helpers

CRUNCH=$BUILD/ukvm-crunch

setup() {
    [ -x "$CRUNCH" ] || { echo "$CRUNCH missing: run make" >&2; return 1; }
    D=$BATS_TEST_TMPDIR/d
    OUT=$BATS_TEST_TMPDIR/out.c
    mkdir -p "$D/css"
    printf 'hello\n' >"$D/index.html"
    printf 'p {}\n' >"$D/css/site.css"
}

crunch() {
    run --separate-stderr "$CRUNCH" "$@"
}

# refused DIR MESSAGE: exit 1, MESSAGE alone on stderr, no output file.
refused() {
    crunch "$1" "$OUT"
    show
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [ "$stderr" = "ukvm-crunch: $2" ]
    [ ! -e "$OUT" ]
    [ ! -e "$OUT.tmp" ]
}

# dump C_FILE: builds a host program around the table; prints "key size
# bytes-as-hex" per entry.
dump() {
    cat >"$BATS_TEST_TMPDIR/dump.c" <<'C'
#include <stdio.h>
#include "kv_crunch.h"
int main(void)
{
    for (size_t i = 0; i < kv_crunch_count; i++) {
        const struct kv_crunch_entry *e = &kv_crunch_entries[i];
        printf("%s %llu ", e->key, (unsigned long long)e->size);
        for (uint64_t j = 0; j < e->size; j++)
            printf("%02x", e->data[j]);
        printf("\n");
    }
    return 0;
}
C
    gcc -std=c11 -Wall -Wextra -Werror -I"$ROOT/libos/kv/include" \
        -o "$BATS_TEST_TMPDIR/dump" "$BATS_TEST_TMPDIR/dump.c" "$1"
    "$BATS_TEST_TMPDIR/dump"
}

@test "ukvm-crunch: the table holds every file, sorted, with its bytes" {
    : >"$D/empty"
    crunch "$D" "$OUT"
    show
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    [ -z "$output" ]
    run dump "$OUT"
    show
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "css/site.css 5 70207b7d0a" ]
    [ "${lines[1]}" = "empty 0 " ]
    [ "${lines[2]}" = "index.html 6 68656c6c6f0a" ]
    [ "${#lines[@]}" -eq 3 ]
}

@test "ukvm-crunch: unusual but printable names survive as keys" {
    for name in 'a "quoted" name' 'back\slash' 'what??!' 'caf'$'\xc3\xa9' \
                '-dash' '%s%n'; do
        printf x >"$D/$name"
    done
    crunch "$D" "$OUT"
    [ "$status" -eq 0 ]
    run dump "$OUT"
    show
    [ "$status" -eq 0 ]
    diff <(printf '%s\n' "${lines[@]}" | cut -d' ' -f1- | sed 's/ [0-9]* [0-9a-f]*$//') \
         <(cd "$D" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
}

@test "ukvm-crunch: the output depends only on names and contents" {
    E=$BATS_TEST_TMPDIR/elsewhere/other-name
    mkdir -p "$E/css"
    printf 'p {}\n' >"$E/css/site.css"
    touch -d 2001-01-01 "$E/css/site.css"
    printf 'hello\n' >"$E/index.html"
    chmod 600 "$E/index.html"
    crunch "$D" "$OUT"
    [ "$status" -eq 0 ]
    crunch "$E/" "$BATS_TEST_TMPDIR/out2.c"
    [ "$status" -eq 0 ]
    cmp "$OUT" "$BATS_TEST_TMPDIR/out2.c"
}

@test "ukvm-crunch: the output compiles as guest code into .rodata" {
    crunch "$D" "$OUT"
    [ "$status" -eq 0 ]
    gcc -std=c11 -O2 -ffreestanding -fno-pie -fno-pic -mgeneral-regs-only \
        -Wall -Wextra -Werror -I"$ROOT/libos/kv/include" -c "$OUT" \
        -o "$BATS_TEST_TMPDIR/out.o"
    run objdump -t "$BATS_TEST_TMPDIR/out.o"
    show
    grep -E '\.rodata.* kv_crunch_entries$' <<<"$output"
    run grep -E '\.(data|bss).*kv_crunch' <<<"$output"
    [ "$status" -eq 1 ]
}

@test "ukvm-crunch: an empty directory gives an empty table" {
    E=$BATS_TEST_TMPDIR/empty
    mkdir -p "$E/sub"
    crunch "$E" "$OUT"
    [ "$status" -eq 0 ]
    run dump "$OUT"
    show
    [ "$status" -eq 0 ]
    [ -z "$output" ]
}

@test "ukvm-crunch: a symbolic link to a file inside is followed" {
    ln -s ../index.html "$D/css/link.html"
    crunch "$D" "$OUT"
    [ "$status" -eq 0 ]
    run dump "$OUT"
    show
    [ "${lines[0]}" = "css/link.html 6 68656c6c6f0a" ]
}

@test "ukvm-crunch: a symbolic link leading outside is refused" {
    printf 'secret\n' >"$BATS_TEST_TMPDIR/outside"
    ln -s ../../outside "$D/css/escape"
    refused "$D" "$D/css/escape: symbolic link leads outside $D"
}

@test "ukvm-crunch: an absolute symbolic link to /etc/passwd is refused" {
    ln -s /etc/passwd "$D/passwd"
    refused "$D" "$D/passwd: symbolic link leads outside $D"
}

@test "ukvm-crunch: a broken symbolic link is refused" {
    ln -s nowhere "$D/broken"
    refused "$D" "$D/broken: broken symbolic link"
}

@test "ukvm-crunch: a symbolic link to a directory is refused" {
    ln -s css "$D/loop"
    refused "$D" "$D/loop: symbolic link to a directory (not supported)"
}

@test "ukvm-crunch: a name with a control character is refused" {
    printf x >"$D/css/new"$'\n'"line"
    refused "$D" "$D/css/new?line: name has a control character"
    rm "$D/css/new"$'\n'"line"
    printf x >"$D/tab"$'\t'
    refused "$D" "$D/tab?: name has a control character"
}

@test "ukvm-crunch: a fifo is refused" {
    mkfifo "$D/fifo"
    refused "$D" "$D/fifo: not a regular file, directory or symbolic link"
}

@test "ukvm-crunch: a missing or non-directory DIR is refused" {
    refused "$BATS_TEST_TMPDIR/nosuch" "$BATS_TEST_TMPDIR/nosuch: No such file or directory"
    refused "$D/index.html" "$D/index.html: not a directory"
}

@test "ukvm-crunch: a refused tree leaves an existing output untouched" {
    crunch "$D" "$OUT"
    [ "$status" -eq 0 ]
    cp "$OUT" "$BATS_TEST_TMPDIR/before.c"
    ln -s /etc/passwd "$D/passwd"
    crunch "$D" "$OUT"
    [ "$status" -eq 1 ]
    cmp "$OUT" "$BATS_TEST_TMPDIR/before.c"
    [ ! -e "$OUT.tmp" ]
}

@test "ukvm-crunch: wrong arguments print the usage, exit 1" {
    crunch "$D"
    show
    [ "$status" -eq 1 ]
    [[ "$stderr" == "usage: ukvm-crunch DIR OUT.c"* ]]
    crunch "$D" "$OUT" extra
    [ "$status" -eq 1 ]
}

@test "ukvm-crunch: an unwritable output is a one-line error" {
    crunch "$D" "$BATS_TEST_TMPDIR/nosuchdir/out.c"
    show
    [ "$status" -eq 1 ]
    [ "$stderr" = "ukvm-crunch: $BATS_TEST_TMPDIR/nosuchdir/out.c.tmp: No such file or directory" ]
}
