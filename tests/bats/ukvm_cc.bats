# SPDX-License-Identifier: ISC
# The compiler driver in the source tree (tools/ukvm-cc, and the same as
# tools/ukvm-build): gcc's arguments, the library OS, the target. The
# installed driver: tests/packaging/install.bats.
load helpers

setup() {
    cd "$BATS_TEST_TMPDIR"
    export UKVM_BUILD_DIR=$BUILD
    CCD=$ROOT/tools/ukvm-cc
}

@test "ukvm-cc: -I DIR and -isystem DIR as two words, -D, separate -c and link, libc by default" {
    require_kvm
    mkdir inc sys
    echo '#define WHO "world"' >inc/who.h
    echo '#define TIMES 3' >sys/times.h
    cat >main.c <<'C'
#include <stdio.h>
#include <who.h>
#include <times.h>
int main(void)
{
    for (int i = 0; i < TIMES; i++)
        printf("%s %s %d\n", GREETING, WHO, i);
    return 0;
}
C
    "$CCD" -t "$TARGET" -c -I inc -isystem sys -D GREETING='"hello"' main.c -o main.o
    "$CCD" -t "$TARGET" -o prog main.o
    run --separate-stderr timeout 30 "$UKVM" prog
    echo "$output $stderr"
    [ "$status" -eq 0 ]
    [ "$output" = "hello world 0"$'\n'"hello world 1"$'\n'"hello world 2" ]
}

@test "ukvm-build: names the unikernel after its first source and links libc only when asked" {
    require_kvm
    echo 'int main(void) { return 9; }' >probe.c
    run --separate-stderr "$ROOT/tools/ukvm-build" -t "$TARGET" probe.c
    [ "$status" -ne 0 ] && [[ "$stderr" == *"undefined reference to \`solo5_app_main'"* ]]
    "$ROOT/tools/ukvm-build" -t "$TARGET" --lib=libc probe.c
    run timeout 30 "$UKVM" "probe.$TARGET"
    [ "$status" -eq 9 ]
}

@test "ukvm-cc: --lib=http adds kv, net and libc, their headers and archives in link order" {
    "$CCD" -t "$TARGET" --lib=http -mgeneral-regs-only -m "$ROOT/apps/stackv4/manifest.json" \
        -o stackv4 "$ROOT/apps/stackv4/main.c"
    run "$ELFTOOL" query-manifest stackv4
    [[ "$output" == *'"name": "service0", "type": "NET_BASIC"'* ]]
    run "$ELFTOOL" query-abi stackv4
    [[ "$output" == *"\"target\": \"$TARGET\""* ]]
    nm stackv4 | grep -q ' T tcp_write$'
}

@test "ukvm-cc: an option missing its argument, a bad target or manifest is one line naming it" {
    echo 'int main(void) { return 0; }' >p.c
    run --separate-stderr "$CCD" p.c -o
    [ "$status" -eq 1 ] && [ "$stderr" = "ukvm-cc: -o needs a file name" ]
    run --separate-stderr "$CCD" -t sgx p.c
    [ "$status" -eq 1 ] && [ "$stderr" = "ukvm-cc: sgx: not a target (hvt, spt)" ]
    run --separate-stderr "$CCD" --manifest=none.json p.c
    [ "$status" -eq 1 ] && [ "$stderr" = "ukvm-cc: none.json: no such manifest file" ]
    run --separate-stderr env CC="$CCD" "$ROOT/tools/ukvm-build" p.c
    [ "$status" -eq 1 ] && [ "$stderr" = "ukvm-cc: run by the compiler it runs: set UKVM_CC to the host's gcc" ]
}
