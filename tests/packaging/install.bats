# SPDX-License-Identifier: ISC
# make install into a DESTDIR, then the installed tree on its own: a copy
# of the checkout (sources and the build's outputs) installs and is
# deleted, and everything after uses only what is under DESTDIR: ukvm-cc
# builds hello, examples/line_echo, objects and archives and a
# configure-style probe for both targets, ukvm and ukvm-spt run them.
load ../bats/helpers
load ../bats/netns

PREFIX_DIR=/opt/ukvm

setup_file() {
    export DEST=$BATS_FILE_TMPDIR/dest
    export I=$DEST$PREFIX_DIR
    export SOURCES=$BATS_FILE_TMPDIR/sources
    local copy=$BATS_FILE_TMPDIR/checkout
    mkdir -p "$copy/build" "$SOURCES"
    # The sources as they are now (committed or not), and the build's
    # outputs with their times, so make rebuilds only what is stale.
    tar -C "$ROOT" --exclude=./build --exclude=./.git -cf - . | tar -C "$SOURCES" -xf -
    cp -a "$SOURCES/." "$copy"
    local f
    for f in third_party guest libos ukvm ukvm-spt ukvm-oci ukvm-elftool ukvm-crunch; do
        [ ! -e "$BUILD/$f" ] || cp -a "$BUILD/$f" "$copy/build/"
    done
    make -s -j2 -C "$copy" install PREFIX=$PREFIX_DIR DESTDIR="$DEST" \
        >"$BATS_FILE_TMPDIR/install.log" 2>&1 || {
        echo "make install failed:" >&2
        tail -n 20 "$BATS_FILE_TMPDIR/install.log" >&2
        return 1
    }
    rm -rf "$copy"
}

setup() {
    [ -x "$I/bin/ukvm-cc" ]
    export PATH=$I/bin:$PATH
    export PKG_CONFIG_PATH=$I/lib/pkgconfig
    W=$BATS_TEST_TMPDIR
    cd "$W"
}

teardown() {
    netns_teardown
}

# has_kvm: whether hvt unikernels can run here.
has_kvm() {
    [ -e /dev/kvm ] && [ -z "${UKVM_NO_KVM:-}" ]
}

# runs TARGET IMAGE [ARGS...]: the image on the installed tender.
runs() {
    local t=$1
    shift
    case $t in
    hvt) run --separate-stderr timeout 60 "$I/bin/ukvm" "$@" ;;
    spt) run --separate-stderr timeout 60 "$I/bin/ukvm-spt" "$@" ;;
    esac
}

@test "install: the layout under DESTDIR and PREFIX, with nothing pointing into the checkout" {
    local f
    [ ! -e "$BATS_FILE_TMPDIR/checkout" ]
    for f in ukvm ukvm-spt ukvm-oci ukvm-elftool ukvm-crunch ukvm-cc; do
        [ -f "$I/bin/$f" ] && [ -x "$I/bin/$f" ]
    done
    for f in ukvm-build x86_64-ukvm-hvt-cc x86_64-ukvm-spt-cc; do
        [ "$(readlink "$I/bin/$f")" = ukvm-cc ]
    done
    for t in hvt spt; do
        for f in ukvm_$t.o $t.lds libc.a libnet.a libkv.a libhttp.a; do
            [ -s "$I/lib/ukvm/$t/$f" ]
        done
    done
    for f in solo5.h ukvm_net.h libc/stdio.h libc/sys/types.h net/net.h \
        net/lwipopts.h net/arch/cc.h lwip/lwip/tcp.h kv/kv.h http/http_server.h; do
        [ -f "$I/include/ukvm/$f" ]
    done
    for f in libc net kv http; do
        [ -f "$I/lib/pkgconfig/ukvm-$f.pc" ]
    done
    [ -f "$I/share/doc/ukvm/README.md" ] && [ -f "$I/share/doc/ukvm/docs/ABI.md" ]
    [ -f "$I/share/doc/ukvm/examples/line_echo/Makefile" ]
    for f in "$ROOT"/man/*.1; do
        [ -e "$f" ] || continue
        [ -f "$I/share/man/man1/${f##*/}" ]
    done
    # No text installed names the checkout or DESTDIR (debug information
    # in the binaries does: where they were compiled).
    run grep -rlIF -e "$ROOT" -e "$BATS_FILE_TMPDIR" "$I"
    echo "$output"
    [ "$status" -eq 1 ]
    # pkg-config: a library's flags and those it needs, in link order.
    run pkg-config --define-prefix --libs ukvm-http
    [ "$(echo $output)" = "-lhttp -lkv -lnet -lc" ]
    run pkg-config --define-prefix --cflags ukvm-net
    [[ "$output" == *"-isystem $I/include/ukvm/net -isystem $I/include/ukvm/lwip"* ]]
}

@test "install: hello built with x86_64-ukvm-TARGET-cc runs on the installed ukvm and ukvm-spt" {
    cat >hello.c <<'C'
#include "solo5.h"
int solo5_app_main(const struct solo5_start_info *si)
{
    solo5_console_write("hello from ", 11);
    size_t n = 0;
    while (si->cmdline[n])
        n++;
    solo5_console_write(si->cmdline, n);
    solo5_console_write("\n", 1);
    return 7;
}
C
    x86_64-ukvm-spt-cc -nolibc -o hello.spt hello.c
    x86_64-ukvm-hvt-cc -nolibc -o hello.hvt hello.c
    run ukvm-elftool query-abi hello.spt
    [[ "$output" == *'"target": "spt"'* ]]
    runs spt hello.spt installed spt
    echo "$output $stderr"
    [ "$status" -eq 7 ] && [ "$output" = "hello from installed spt" ]
    has_kvm || skip "no /dev/kvm: hello ran on spt only"
    runs hvt hello.hvt installed hvt
    echo "$output $stderr"
    [ "$status" -eq 7 ] && [ "$output" = "hello from installed hvt" ]
}

@test "install: examples/line_echo builds with its Makefile and answers over TCP on hvt and spt" {
    local t tender
    cp -r "$I/share/doc/ukvm/examples/line_echo" .
    for t in hvt spt; do
        make -s -C line_echo TARGET=$t PKG_CONFIG="pkg-config --define-prefix"
        [ -f line_echo/line_echo.$t ]
    done
    run ukvm-elftool query-manifest line_echo/line_echo.spt
    [[ "$output" == *'"name": "service0", "type": "NET_BASIC"'* ]]
    netns_setup
    netns_add_tap tap0 10.0.0.1/24
    for t in spt hvt; do
        if [ $t = hvt ] && ! has_kvm; then
            skip "no /dev/kvm: line_echo answered on spt only"
        fi
        tender=$I/bin/ukvm
        [ $t = hvt ] || tender=$I/bin/ukvm-spt
        netns_start_cmd "$tender" --net:service0=tap0 line_echo/line_echo.$t --port=7000
        run netns_exec timeout 20 bash -c 'exec 3<>/dev/tcp/10.0.0.2/7000 &&
            printf "hello\nunikernel world\n" >&3 && head -n 2 <&3'
        echo "$t: $output"
        [ "$status" -eq 0 ]
        [ "$output" = "echo: hello"$'\n'"echo: unikernel world" ]
        kill "$UKVM_PID"
        wait "$UKVM_PID" || true
        UKVM_PID=
    done
}

@test "install: ukvm-cc takes -I DIR, -isystem DIR, -D, -M flags, separate -c and links objects and an ar archive" {
    local t
    mkdir inc sys
    echo '#define GREETING "hi"' >inc/greeting.h
    echo 'int twice(int x);' >sys/twice.h
    cat >main.c <<'C'
#include <stdio.h>
#include <greeting.h>
#include <twice.h>
int main(int argc, char **argv)
{
    printf("%s %s %d %d\n", GREETING, NAME, twice(VALUE), argc > 1 ? twice(argc) : 0);
    (void)argv;
    return 0;
}
C
    echo 'int twice(int x) { return 2 * x; }' >twice.c
    for t in hvt spt; do
        ukvm-cc -t $t -c -O2 -I inc -isystem sys -D NAME='"ukvm"' -DVALUE=21 \
            -MD -MF main.$t.d -o main.$t.o main.c
        grep -q ' inc/greeting.h' main.$t.d && grep -q ' sys/twice.h' main.$t.d
        grep -q "$I/include/ukvm/libc/stdio.h" main.$t.d
        ukvm-cc -t $t -c twice.c -o twice.$t.o
        rm -f libtwice.$t.a
        ar rcs libtwice.$t.a twice.$t.o
        # The archive by name and by -L/-l (libtwice.a in a directory).
        ukvm-cc -t $t -o prog.$t main.$t.o libtwice.$t.a
        mkdir -p lib$t && cp libtwice.$t.a lib$t/libtwice.a
        x86_64-ukvm-$t-cc -o prog2.$t main.$t.o -Llib$t -ltwice
        objcopy -O binary -j .text prog.$t text1
        objcopy -O binary -j .text prog2.$t text2
        cmp text1 text2
    done
    runs spt prog.spt a b
    echo "$output $stderr"
    [ "$status" -eq 0 ] && [ "$output" = "hi ukvm 42 6" ]
    has_kvm || skip "no /dev/kvm: the program ran on spt only"
    runs hvt prog.hvt a b
    [ "$status" -eq 0 ] && [ "$output" = "hi ukvm 42 6" ]
}

@test "install: a configure-style probe finds the headers and functions there are, and a plain Makefile builds with CC=x86_64-ukvm-spt-cc" {
    cat >configure <<'SH'
#!/bin/sh
# What autoconf's checks do: compile and link tiny programs with $CC.
: "${CC:?}"
exec 5>config.log
echo "/* config.h: made by configure */" >config.h
try_link() { "$CC" $CFLAGS -o conftest conftest.c >&5 2>&1; }
printf 'checking whether the C compiler works... '
echo 'int main(void) { return 0; }' >conftest.c
if try_link && [ -f conftest ]; then echo yes; else echo no; exit 1; fi
printf 'checking how to run the C preprocessor... '
echo '#include <limits.h>' >conftest.c
"$CC" -E conftest.c >/dev/null 2>&5 && echo "$CC -E" || { echo no; exit 1; }
printf 'checking for an object file suffix... '
echo 'int x;' >conftest.c
"$CC" -c conftest.c >&5 2>&1 && [ -f conftest.o ] && echo o || { echo no; exit 1; }
for h in stdio.h string.h stdint.h unistd.h; do
    printf 'checking for %s... ' "$h"
    printf '#include <%s>\nint main(void) { return 0; }\n' "$h" >conftest.c
    if try_link; then echo yes; echo "#define HAVE_$(echo "$h" | tr a-z. A-Z_) 1" >>config.h
    else echo no; fi
done
for f in strtol snprintf qsort fork; do
    printf 'checking for %s... ' "$f"
    printf 'char %s(void);\nint main(void) { return %s() != 0; }\n' "$f" "$f" >conftest.c
    if try_link; then echo yes; echo "#define HAVE_$(echo "$f" | tr a-z A-Z) 1" >>config.h
    else echo no; fi
done
rm -f conftest conftest.c conftest.o
SH
    chmod +x configure
    run env CC=x86_64-ukvm-spt-cc ./configure
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"checking whether the C compiler works... yes"* ]]
    [[ "$output" == *"checking for stdio.h... yes"* ]]
    [[ "$output" == *"checking for unistd.h... no"* ]]
    [[ "$output" == *"checking for strtol... yes"* ]]
    [[ "$output" == *"checking for fork... no"* ]]
    cat >app.c <<'C'
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
#if defined(HAVE_STRTOL) && !defined(HAVE_FORK)
    printf("sum %ld\n", strtol(argv[1], NULL, 10) + strtol(argv[2], NULL, 10));
#endif
    return argc;
}
C
    printf 'app: app.o\n\t$(CC) $(LDFLAGS) -o $@ app.o\n' >Makefile
    make -s CC=x86_64-ukvm-spt-cc
    runs spt app 40 2
    echo "$output $stderr"
    [ "$status" -eq 3 ] && [ "$output" = "sum 42" ]
}

@test "install: ukvm-cc names a bad target, a missing manifest or library in one line" {
    echo 'int main(void) { return 0; }' >p.c
    run --separate-stderr ukvm-cc -t arm p.c
    [ "$status" -eq 1 ] && [ "$stderr" = "ukvm-cc: arm: not a target (hvt, spt)" ]
    run --separate-stderr x86_64-ukvm-hvt-cc -m nothere.json -o p p.c
    [ "$status" -eq 1 ] && [ "$stderr" = "x86_64-ukvm-hvt-cc: nothere.json: no such manifest file" ]
    run --separate-stderr ukvm-cc --lib=libc,sockets p.c
    [ "$status" -eq 1 ] && [ "$stderr" = "ukvm-cc: --lib=sockets: not a library (libc, net, kv, http)" ]
    run --separate-stderr ukvm-cc -t
    [ "$status" -eq 1 ] && [ "$stderr" = "ukvm-cc: -t needs a target (hvt, spt)" ]
    echo '{"type":"solo5.manifest","version":1,"devices":[{"name":"x","type":"TAPE"}]}' >bad.json
    run --separate-stderr ukvm-cc -m bad.json -o p p.c
    echo "$stderr"
    [ "$status" -eq 1 ] && [ "${#stderr_lines[@]}" -eq 1 ]
    [[ "$stderr" == *"bad.json: "*"TAPE"* ]]
    [ ! -e p ]
    run --separate-stderr ukvm-cc --version
    [ "$status" -eq 0 ] && [ "$output" = "ukvm-cc (ukvm) $(cat "$ROOT/VERSION")" ]
    run --separate-stderr x86_64-ukvm-spt-cc --help
    [ "$status" -eq 0 ] && [[ "$output" == "usage: x86_64-ukvm-spt-cc "* ]] && [ -z "$stderr" ]
}

@test "install: make uninstall (from sources without a build) leaves no file under DESTDIR" {
    make -s -C "$SOURCES" uninstall PREFIX=$PREFIX_DIR DESTDIR="$DEST"
    run find "$DEST" ! -type d
    echo "left: $output"
    [ -z "$output" ]
    [ ! -e "$I/lib/ukvm" ] && [ ! -e "$I/include/ukvm" ]
}
