# SPDX-License-Identifier: ISC
# --gdb[=PORT]: the guest waits at start for gdb, which debugs it with the
# usual commands (docs/debugging.md): breakpoints, stepping, reading and
# setting globals, Ctrl-C on a running guest; the guest's end ends the
# session. The same tests on both targets.
load helpers

setup() {
    require_kvm
    ukvm_only "--gdb is ukvm's option"
    command -v gdb >/dev/null || skip "gdb is not installed"
    OUT=$BATS_TEST_TMPDIR/stdout
    ERR=$BATS_TEST_TMPDIR/stderr
    GDBOUT=$BATS_TEST_TMPDIR/gdb
    KERNEL=$T/test_debug.$TARGET
    UPID= GDBPID=
    GDB_FIRST=()
}

# Whatever a test left running, by pid: gdb, ukvm and (spt) the gdbserver
# tracing ukvm, found before ukvm goes.
teardown() {
    local server=
    [ -n "$UPID" ] && server=$(tracer_of "$UPID")
    for p in $GDBPID $UPID $server; do
        kill -KILL "$p" 2>/dev/null || true
    done
    # Reaped quietly: no "Killed" line from bash.
    for p in $GDBPID $UPID; do
        wait "$p" 2>/dev/null || true
    done
    return 0
}

# The pid tracing process $1, if any.
tracer_of() {
    local t
    t=$(awk '/^TracerPid:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 0
    [ "${t:-0}" != 0 ] && echo "$t"
    return 0
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for FILE TEXT: until FILE holds TEXT, for up to 10 s.
wait_for() {
    for _ in $(seq 100); do
        grep -qF -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "no '$2' in $1 after 10 s:"
    cat "$1"
    return 1
}

# gone PID: true once PID has exited (a zombie has), within 10 s.
gone() {
    for _ in $(seq 100); do
        [ -e "/proc/$1" ] || return 0
        [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = Z ] && return 0
        sleep 0.1
    done
    echo "process $1 still runs after 10 s"
    return 1
}

# ukvm_waits [GUEST ARGS...]: $KERNEL with --gdb on a free PORT, in the
# background (UPID), once it waits for gdb.
ukvm_waits() {
    PORT=$(free_port)
    "$UKVM" --gdb="$PORT" "$KERNEL" "$@" >"$OUT" 2>"$ERR" &
    UPID=$!
    wait_for "$ERR" "$U: waiting for gdb on 127.0.0.1:$PORT"
}

# ukvm_status: ukvm's exit status, once it ended (within 10 s).
ukvm_status() {
    gone "$UPID" || return 1
    ustatus=0
    wait "$UPID" 2>/dev/null || ustatus=$?
}

# gdb_args COMMANDS...: gdb on $KERNEL as docs/debugging.md has users run
# it, in batch mode, one -ex per command (GDB_FIRST: before target remote).
gdb_args() {
    gdb_cmd=(gdb -q -batch -nx "${GDB_FIRST[@]}" -ex "target remote :$PORT")
    for c in "$@"; do gdb_cmd+=(-ex "$c"); done
    gdb_cmd+=("$KERNEL")
}

@test "gdb: --help lists --gdb[=PORT]" {
    run "$UKVM" --help
    [ "$status" -eq 0 ]
    [[ "$output" == *"--gdb[=PORT]"* ]]
}

@test "gdb: break, next, print and set a global, continue to the guest's exit" {
    ukvm_waits
    gdb_args 'break solo5_app_main' continue next 'print answer' \
        'set var answer = 99' continue
    run timeout -k 5 60 "${gdb_cmd[@]}"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Breakpoint 1, solo5_app_main"*"debug.c:"* ]]
    [[ "$output" == *'$1 = 41'* ]]
    [[ "$output" == *"[Inferior 1 "*" exited normally]"* ]]
    ukvm_status
    echo "ukvm: $ustatus, stdout: $(cat "$OUT"), stderr: $(cat "$ERR")"
    [ "$ustatus" -eq 0 ]
    # The guest's console alone on stdout; nothing of gdbserver's anywhere.
    [ "$(cat "$OUT")" = "$(printf 'debug: started\nanswer: 99')" ]
    [ -z "$(grep -v "^$U: " "$ERR")" ]
}

@test "gdb: a hardware breakpoint stops the guest, stepi moves one instruction" {
    ukvm_waits
    gdb_args 'hbreak read_answer' continue 'info registers rip' stepi \
        'info registers rip' delete continue
    run timeout -k 5 60 "${gdb_cmd[@]}"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Hardware assisted breakpoint 1 at"*"Breakpoint 1, read_answer"* ]]
    [[ "$output" == *"<read_answer>"* ]]
    [[ "$output" == *"<read_answer+"* ]]
    [[ "$output" == *"[Inferior 1 "*" exited normally]"* ]]
    ukvm_status
    [ "$ustatus" -eq 0 ]
    [ "$(tail -n 1 "$OUT")" = "answer: 41" ]
}

@test "gdb: the guest's exit status ends the session" {
    ukvm_waits
    gdb_args 'break solo5_app_main' continue 'return 7' continue
    run timeout -k 5 60 "${gdb_cmd[@]}"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"[Inferior 1 "*" exited with code 07]"* ]]
    ukvm_status
    [ "$ustatus" -eq 7 ]
}

@test "gdb: Ctrl-C stops a spinning guest in spin_forever, kill ends it" {
    ukvm_waits spin
    gdb_args continue 'info registers rip' bt kill
    "${gdb_cmd[@]}" >"$GDBOUT" 2>&1 &
    GDBPID=$!
    wait_for "$OUT" "answer: 41"
    server=$(tracer_of "$UPID")
    sleep 1
    kill -INT "$GDBPID"     # what Ctrl-C in gdb's terminal sends
    gone "$GDBPID" || { cat "$GDBOUT"; false; }
    cat "$GDBOUT"
    [[ "$(cat "$GDBOUT")" == *"received signal SIGINT"* ]]
    [[ "$(cat "$GDBOUT")" == *"rip "*"<spin_forever+"* ]]
    [[ "$(cat "$GDBOUT")" == *"#0 "*"spin_forever ()"*"#1 "*"solo5_app_main"* ]]
    [[ "$(cat "$GDBOUT")" == *"[Inferior 1 "*" killed]"* ]]
    ukvm_status
    [ "$ustatus" -ne 0 ]
    [ -z "$server" ] || gone "$server"
}

@test "gdb: a guest fault stops in gdb before ukvm-spt reports it" {
    only_on spt "the guest is ukvm-spt itself, and its signals gdb's"
    KERNEL=$T/test_exception.$TARGET
    ukvm_waits
    gdb_args continue bt "shell cat $ERR" continue continue
    run timeout -k 5 60 "${gdb_cmd[@]}"
    echo "$output"
    [[ "$output" == *"received signal SIGILL"*"#0  solo5_app_main"*"exception.c:"* ]]
    # What ukvm-spt had said by gdb's first stop: no report of the fault.
    said=${output#*"#0  solo5_app_main"}
    said=${said%%"received signal SIGILL"*}
    [[ "$said" == *"$U: waiting for gdb"* ]]
    [[ "$said" != *"guest error"* ]]
    [[ "$output" == *"terminated with signal SIGILL"* ]]
    ukvm_status
    [ "$ustatus" -eq 132 ]
    grep -q "^$U: guest error: SIGILL" "$ERR"
}

@test "gdb: a unikernel with a build ID keeps its symbols with exec-file-mismatch off" {
    # On spt, gdbserver names ukvm-spt as the executable; with build IDs
    # to compare, gdb would otherwise load ukvm-spt's symbols instead.
    printf '\4\0\0\0\24\0\0\0\3\0\0\0GNU\0%s' 0123456789abcdefghij >"$BATS_TEST_TMPDIR/note"
    KERNEL=$BATS_TEST_TMPDIR/debug_build_id.$TARGET
    objcopy --add-section .note.gnu.build-id="$BATS_TEST_TMPDIR/note" \
        --set-section-flags .note.gnu.build-id=readonly "$T/test_debug.$TARGET" "$KERNEL"
    readelf -n "$KERNEL" 2>/dev/null | grep -q "Build ID: 3031"
    ukvm_waits
    GDB_FIRST=(-ex 'set exec-file-mismatch off')
    gdb_args 'break solo5_app_main' continue 'print answer' continue
    run timeout -k 5 60 "${gdb_cmd[@]}"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Breakpoint 1, solo5_app_main"* ]]
    [[ "$output" == *'$1 = 41'* ]]
    [[ "$output" == *"[Inferior 1 "*" exited normally]"* ]]
    ukvm_status
    [ "$ustatus" -eq 0 ]
}

@test "gdb: a bad --gdb port is refused in one line" {
    for v in "" 0 65536 99999999999999999999 abc 12x -1; do
        run --separate-stderr timeout 10 "$UKVM" "--gdb=$v" "$T/test_debug.$TARGET"
        show
        [ "$status" -eq 1 ]
        [[ "$stderr" == "$U: --gdb"* ]]
        [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
        [ -z "$output" ]
    done
}

@test "gdb: a port already in use is refused in one line" {
    ukvm_waits
    run --separate-stderr timeout 10 "$UKVM" --gdb="$PORT" "$T/test_debug.$TARGET"
    show
    [ "$status" -eq 1 ]
    [[ "$stderr" == "$U: "*"$PORT"*"in use"* ]]
    [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
    [ -z "$output" ]
}

@test "gdb: without gdbserver, --gdb names the package" {
    only_on spt "only ukvm-spt runs gdbserver"
    run --separate-stderr timeout 10 env PATH=/nonexistent "$UKVM" --gdb "$T/test_debug.$TARGET"
    show
    [ "$status" -eq 1 ]
    [ "$stderr" = "$U: --gdb: gdbserver not found in PATH (install Debian's gdbserver package)" ]
}
