#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Debian's gdb debugs a fake x86_64 machine (tests/unit/gdb_fake_target.c)
# through the remote stub, hostlib/gdb_remote.c: registers, memory,
# breakpoints, a step, a hardware watchpoint, Ctrl-C, kill, detach and the
# machine's exit, each checked in what gdb and the machine print.
set -u
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
FAKE=$BUILD/unit/gdb_fake_target
. tests/unit/tap.bash
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT


if ! command -v gdb >/dev/null 2>&1; then
    ok "gdb remote: a real gdb debugs the fake machine # skip gdb not installed"
    finish
    exit
fi
[ -x "$FAKE" ] || { echo "not ok - $FAKE is built (run make unit-tests)"; exit 1; }

# A loopback port no socket uses now.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        grep -qi "$(printf ':%04X ' "$port")" /proc/net/tcp /proc/net/tcp6 2>/dev/null ||
            { echo "$port"; return; }
    done
}

# wait_gone PID SECONDS: waits for PID to end; kills it when time is up.
# Its status, 124 for killed.
wait_gone() {
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        kill -0 "$1" 2>/dev/null || { wait "$1"; return; }
        sleep 0.1
    done
    kill -KILL "$1" 2>/dev/null
    wait "$1"
    return 124
}

# start NAME GDB-COMMANDS...: the fake machine on a free port and gdb
# running the commands against it, both in the background; their output
# in $TMP/NAME.target and $TMP/NAME.gdb. gdb retries the connection
# until the machine listens.
start() {
    local name=$1 port args=() c
    shift
    port=$(free_port)
    "$FAKE" "$port" >"$TMP/$name.target" 2>&1 &
    target_pid=$!
    for c in 'set architecture i386:x86-64' "target remote 127.0.0.1:$port" "$@"; do
        args+=(-ex "$c")
    done
    gdb -batch -nx "${args[@]}" </dev/null >"$TMP/$name.gdb" 2>&1 &
    gdb_pid=$!
    pids+=("$target_pid" "$gdb_pid")
}

# finish_session NAME: waits for both; 0 if both ended with status 0.
finish_session() {
    local gdb_status target_status
    wait_gone "$gdb_pid" 60
    gdb_status=$?
    wait_gone "$target_pid" 10
    target_status=$?
    [ "$gdb_status" -eq 0 ] && [ "$target_status" -eq 0 ] && return 0
    echo "gdb status $gdb_status, fake target status $target_status" >>"$TMP/$1.gdb"
    return 1
}

# expect NAME TEST FILE PATTERN...: ok if FILE has a line matching each
# extended regular expression, in order.
expect() {
    local name=$1 file=$2 from=0 at pat
    shift 2
    for pat in "$@"; do
        at=$(tail -n +"$((from + 1))" "$file" | grep -nE -m1 -- "$pat" | cut -d: -f1)
        if [ -z "$at" ]; then
            not_ok "$name" "no line matching: $pat" "in $(basename "$file"):" "$(cat "$file")"
            return
        fi
        from=$((from + at))
    done
    ok "$name"
}

# No line of FILE matches PATTERN.
refute() {
    if grep -qE -- "$3" "$2"; then
        not_ok "$1" "$(grep -E -- "$3" "$2")"
    else
        ok "$1"
    fi
}

start basic 'info registers rip' 'x/4xb 0x100000' 'set {char}0x100000 = 0x42' \
    'x/1xb 0x100000' 'break *0x100010' 'continue' 'info registers rip' 'stepi' \
    'info registers rip' 'set $rcx = 0x1234' 'info registers rcx eflags cs fs_base' \
    'watch *(char *)0x100800' 'continue' 'info registers rip' 'set $rax = 7' 'delete' \
    'continue'
if finish_session basic; then
    ok "gdb remote: gdb and the machine end with status 0"
else
    not_ok "gdb remote: gdb and the machine end with status 0" "$(cat "$TMP/basic.gdb")"
fi
refute "gdb remote: gdb takes the target description and the 'g' reply" "$TMP/basic.gdb" \
    'rejected|Truncated|[Rr]emote .g. packet|Remote failure|Ignoring packet error'
expect "gdb remote: gdb reads rip where the machine starts" "$TMP/basic.gdb" \
    '^rip +0x100004 +0x100004'
expect "gdb remote: x/4xb reads guest memory" "$TMP/basic.gdb" \
    '^0x100000:	0x55	0x6b	0x56	0x4d$'
expect "gdb remote: set {char} writes guest memory" "$TMP/basic.gdb" '^0x100000:	0x42$'
expect "gdb remote: continue stops at the software breakpoint" "$TMP/basic.gdb" \
    '^Breakpoint 1 at 0x100010' '^Breakpoint 1, 0x0000000000100010 in' '^rip +0x100010 '
expect "gdb remote: stepi moves one instruction on" "$TMP/basic.gdb" \
    '^0x0000000000100011 in' '^rip +0x100011 '
expect "gdb remote: registers set and read, eflags as flags, segments, fs_base" \
    "$TMP/basic.gdb" '^rcx +0x1234 +4660' '^eflags +0x2 +\[ \]' '^cs +0x10 +16' \
    '^fs_base +0x0 +0'
expect "gdb remote: a hardware watchpoint stops after the store, old and new value" \
    "$TMP/basic.gdb" '^Hardware watchpoint 2: \*\(char \*\)0x100800' \
    '^Hardware watchpoint 2: \*\(char \*\)0x100800' "^Old value = 0 '.000'" \
    "^New value = 5 '.005'" '^rip +0x100028 '
expect "gdb remote: the machine's end reaches gdb as its exit code (W)" "$TMP/basic.gdb" \
    '^\[Inferior 1 \(Remote target\) exited with code 07\]'
expect "gdb remote: the machine ran, stepped and halted as gdb asked" "$TMP/basic.target" \
    '^fake target: run from 0x100004$' '^fake target: step from 0x100010$' \
    '^fake target: run from 0x100011$' '^fake target: exited 7$'

# Ctrl-C: gdb sends 0x03 when it gets SIGINT while the machine runs.
start interrupt 'set $rip = 0x100030' 'continue' 'info registers rip' 'kill'
for ((i = 0; i < 100; i++)); do
    grep -q 'run from 0x100030' "$TMP/interrupt.target" && break
    sleep 0.1
done
sleep 0.3
kill -INT "$gdb_pid"
if finish_session interrupt; then
    ok "gdb remote: interrupt: gdb and the machine end with status 0"
else
    not_ok "gdb remote: interrupt: gdb and the machine end with status 0" \
        "$(cat "$TMP/interrupt.gdb")"
fi
expect "gdb remote: Ctrl-C stops the spinning machine with SIGINT" "$TMP/interrupt.gdb" \
    '^Program received signal SIGINT, Interrupt\.' '^rip +0x100030 '
expect "gdb remote: kill ends the machine" "$TMP/interrupt.gdb" \
    '^\[Inferior 1 \(Remote target\) killed\]'
expect "gdb remote: the machine saw the kill where it spun" "$TMP/interrupt.target" \
    '^fake target: killed at rip 0x100030$'

start detach 'break *0x100010' 'continue' 'set $rax = 9' 'detach'
if finish_session detach; then
    ok "gdb remote: detach: gdb and the machine end with status 0"
else
    not_ok "gdb remote: detach: gdb and the machine end with status 0" "$(cat "$TMP/detach.gdb")"
fi
expect "gdb remote: detach leaves the machine running, without the breakpoint" \
    "$TMP/detach.target" '^fake target: detached, running on$' '^fake target: exited 9$'

finish
