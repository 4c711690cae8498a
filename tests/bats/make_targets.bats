# SPDX-License-Identifier: ISC
# The top-level make targets a user starts with: make help, the seed's
# make config_NAME followed by make run (on either target), and make run's
# hello. Each builds only what it runs.
load helpers

setup() {
    CONFIG=$BUILD/app.config
    SAVED=
    [ -f "$CONFIG" ] && SAVED=$(cat "$CONFIG")
    return 0
}

teardown() {
    if [ -n "$SAVED" ]; then echo "$SAVED" >"$CONFIG"; else rm -f "$CONFIG"; fi
    rm -rf "$ROOT/apps/zz_nolib" "$BUILD/apps/zz_nolib.hvt" "$BUILD/apps/zz_nolib.spt"
}

mk() {
    run --separate-stderr timeout 300 make -s -C "$ROOT" BUILD="$BUILD" "$@"
    echo "make $*: status $status"
    echo "$output"
    echo "$stderr"
}

@test "make help lists run, test and every config_NAME" {
    mk help
    [ "$status" -eq 0 ]
    [[ "$output" == *"make run "* && "$output" == *"make test "* ]]
    local a
    for a in block console kv_ro kv_ro_crunch stackv4 stackv4_dual static_web hello; do
        [[ "$output" == *"config_$a"* ]]
    done
}

@test "make config_console, then make run runs console; UKVM_TARGET=spt on ukvm-spt" {
    [ "$TENDER" = ukvm ] || skip "make run runs ukvm itself"
    mk config_console
    [ "$status" -eq 0 ] && [ "$(cat "$CONFIG")" = console ]
    [ "$output" = "make run: builds and runs console (UKVM_TARGET=spt make run: on ukvm-spt)" ]
    UKVM_TARGET=$TARGET mk run
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"$BUILD/ukvm"*"console.$TARGET"* ]]
    [ "${lines[-1]}" = world ]
    mk config_hello
    [ "$status" -eq 0 ] && [ ! -e "$CONFIG" ]
    UKVM_TARGET=$TARGET mk run
    [ "$status" -eq 0 ]
    [[ "$output" == *"cmdline: Hello from ukvm"* ]]
}

@test "make config_NAME of no application is refused, naming the applications" {
    mk config_nosuch
    [ "$status" -ne 0 ]
    [[ "$stderr" == "config_nosuch: no application nosuch (apps: block console kv_ro kv_ro_crunch stackv4 stackv4_dual static_web; or hello)"* ]]
    [ ! -e "$CONFIG" ] || [ "$(cat "$CONFIG")" = "$SAVED" ]
}

# make without -s, as a user types it.
mk_loud() {
    run --separate-stderr timeout 300 make --no-print-directory -C "$ROOT" "$@"
    echo "make $*: status $status"
    echo "$output"
    echo "$stderr"
}

@test "make: a default build prints one short line a step, never a command line" {
    ukvm_only "the build's output, not the tender's"
    local b=$BATS_TEST_TMPDIR/build
    mk_loud BUILD="$b" "$b/apps/console.$TARGET"
    [ "$status" -eq 0 ] && [ -z "$stderr" ]
    local l
    for l in "${lines[@]}"; do
        [[ "$l" =~ ^\ \ [A-Z][A-Za-z.]*\ +[^\ ]+$ ]] || { echo "not a short line: $l"; false; }
    done
    [[ "$output" == *"  CC.$TARGET   guest/common/start.c"* ]]
    [[ "$output" == *"  CC       libos/libc/src/printf.c"* ]]
    [[ "$output" == *"  AR       $b/libos/libc.a"* ]]
    [[ "$output" == *"  CCLD     $b/ukvm-elftool"* ]]
    [[ "$output" == *"  LD.$TARGET   $b/guest/ukvm_$TARGET.o"* ]]
    [[ "$output" == *"  CC.$TARGET   apps/console/main.c"* ]]
    [ "${lines[-1]}" = "  LD.$TARGET   $b/apps/console.$TARGET" ]
    [[ "$output" != *gcc* && "$output" != *ukvm-build* ]]
    [ -x "$b/apps/console.$TARGET" ]
}

@test "make: V=1 prints every command in full, make -s nothing" {
    ukvm_only "the build's output, not the tender's"
    local b=$BATS_TEST_TMPDIR/build
    mk_loud V=1 BUILD="$b" "$b/ukvm-elftool" "$b/guest/$TARGET.lds"
    [ "$status" -eq 0 ]
    [[ "$output" == *"gcc -std=c11 "*" -o $b/ukvm-elftool "* ]]
    [[ "$output" != *"  CCLD "* && "$output" != *"  GEN "* ]]
    mk_loud -s BUILD="$b" "$b/ukvm-crunch"
    [ "$status" -eq 0 ] && [ -z "$output" ] && [ -z "$stderr" ] && [ -x "$b/ukvm-crunch" ]
}

@test "make: V=1 shows the unikernel's build command and the driver's own commands" {
    ukvm_only "the build's output, not the tender's"
    local b=$BATS_TEST_TMPDIR/build
    mk_loud -s BUILD="$b" "$b/ukvm-elftool" "$b/guest/ukvm_$TARGET.o" "$b/guest/$TARGET.lds"
    [ "$status" -eq 0 ]
    mk_loud V=1 BUILD="$b" "$b/tests/test_hello.$TARGET"
    [ "$status" -eq 0 ]
    [[ "$output" == *"tools/ukvm-build -t $TARGET -o $b/tests/test_hello.$TARGET "* ]]
    # and the commands the driver runs: the manifest and the link
    [[ "$stderr" == *"ukvm-elftool gen-manifest "* ]]
    [[ "$stderr" == *"gcc "*" -T $b/guest/$TARGET.lds "*" -o $b/tests/test_hello.$TARGET "* ]]
    [[ "$output" != *"  CC.$TARGET "* ]]
}

@test "make run prints its command and hello's output, a handful of lines" {
    [ "$TENDER" = ukvm ] || skip "make run runs ukvm itself"
    require_kvm
    mk -s config_hello
    mk_loud BUILD="$BUILD" "$BUILD/$(basename "$UKVM")" "$BUILD/tests/test_hello.$TARGET"
    UKVM_TARGET=$TARGET mk_loud BUILD="$BUILD" run
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "$UKVM $BUILD/tests/test_hello.$TARGET Hello from ukvm" ]
    [[ "$output" == *"cmdline: Hello from ukvm"* ]]
    [ "${#lines[@]}" -le 8 ]
}

@test "make apps fails naming an app whose library is missing; its stale build never runs" {
    [ "$TENDER" = ukvm ] || skip "scripts/run-app runs ukvm itself"
    mkdir "$ROOT/apps/zz_nolib"
    cp "$ROOT/apps/console/main.c" "$ROOT/apps/console/manifest.json" "$ROOT/apps/zz_nolib/"
    printf 'APP_SRCS_zz_nolib := apps/zz_nolib/main.c\nAPP_LIBS_zz_nolib := nolib\n' \
        >"$ROOT/apps/zz_nolib/app.mk"
    local why="apps: zz_nolib cannot be built: apps/zz_nolib/app.mk needs libos/nolib, which has no makefile fragment"
    # A binary left by an earlier build, which hello's output would give away.
    cp "$T/test_hello.hvt" "$BUILD/apps/zz_nolib.hvt"
    cp "$T/test_hello.spt" "$BUILD/apps/zz_nolib.spt"
    mk apps
    [ "$status" -ne 0 ]
    [[ "$stderr" == *"$why"* ]]
    [ ! -e "$BUILD/apps/zz_nolib.hvt" ] && [ ! -e "$BUILD/apps/zz_nolib.spt" ]
    cp "$T/test_hello.$TARGET" "$BUILD/apps/zz_nolib.$TARGET"
    run --separate-stderr env UKVM_TARGET=$TARGET BUILD="$BUILD" timeout 120 "$ROOT/scripts/run-app" zz_nolib
    echo "run-app: status $status, stdout '$output', stderr '$stderr'"
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"$why"* && "${stderr##*$'\n'}" = "run-app: build failed" ]]
    [[ "$output" != *Hello* && "$stderr" != *Hello* ]]
    [ ! -e "$BUILD/apps/zz_nolib.$TARGET" ]
    UKVM_TARGET=$TARGET mk run APP=zz_nolib
    [ "$status" -ne 0 ] && [[ "$stderr" == *"$why"* ]] && [[ "$output" != *Hello* ]]
}
