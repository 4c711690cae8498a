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
