# SPDX-License-Identifier: ISC
# D. Debugging theirs on ours: ukvm's --dumpcore and --gdb on the kit's
# own guests, read with Debian's gdb and the guest file alone, on each
# tender (hvt in ring 3, the default; hvt in ring 0; spt).

# d_core TARGET [ring0]: the kit's test_exception with --dumpcore ends as
# without it, and its core's backtrace starts in the faulting function.
# In ring 0 ukvm does not see the exception (the guest's own handler
# takes it): the core holds where the guest halted, in that handler.
d_core() {
    local f=$SOLO5/guests/test_exception.$1 dir prefix bt name
    local want='^#0 .*solo5_app_main' what="starts in solo5_app_main"
    a_tender "$1" "${2:-}"
    if [ -n "$RING0" ]; then
        want='^#[0-9].* cpu_trap_handler' what="shows the guest's trap handler"
    fi
    name="debugging on $U: --dumpcore of test_exception.$1: a core whose backtrace $what"
    dir=$W/d-core-$1${RING0:+-0}
    prefix=$dir/run
    rm -rf "$dir" && mkdir -p "$dir"
    run_capture "$prefix" 60 "$TENDER" --mem="$MEM" --dumpcore="$dir" -- "$f"
    PROBLEMS=()
    expect "$([ "$1" = hvt ] && echo abort || echo sigsegv)" "$prefix"
    set -- "$dir"/*.core
    if [ $# -ne 1 ] || [ ! -f "$1" ]; then
        PROBLEMS+=("expected one core file in $dir, found: $(ls "$dir" | grep -c core)")
    else
        grep -q "core dumped to $1" "$prefix.err" || PROBLEMS+=("the core's path is not printed")
        bt=$(timeout 60 gdb -q -batch -nx -ex bt "$f" "$1" 2>&1)
        grep -q "$want" <<<"$bt" || PROBLEMS+=("gdb's backtrace: no line like $want:" "$bt")
    fi
    verdict "$name" "$prefix"
}

# d_gdb TARGET [ring0]: gdb stops the kit's test_hello at solo5_app_main
# and lets it run to its end. In ring 0 on a KVM that emulates guests
# (PVM) its emulator cannot run an int3: a debug register (hbreak) then.
d_gdb() {
    local f=$SOLO5/guests/test_hello.$1 prefix port pid out name brk=break
    a_tender "$1" "${2:-}"
    [ -n "$RING0" ] && ! kvm_native && brk=hbreak
    name="debugging on $U: --gdb on test_hello.$1: $brk solo5_app_main, continue to its end"
    prefix=$W/d-gdb-$1${RING0:+-0}
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    timeout -k 5 60 "$TENDER" --mem="$MEM" --gdb="$port" -- "$f" Hello_Solo5 \
        >"$prefix.out" 2>"$prefix.err" </dev/null &
    pid=$!
    for _ in $(seq 100); do
        grep -q "waiting for gdb" "$prefix.err" && break
        sleep 0.1
    done
    out=$(timeout -k 5 60 gdb -q -batch -nx -ex "target remote :$port" \
          -ex "$brk solo5_app_main" -ex continue -ex bt -ex continue "$f" 2>&1)
    STATUS=0
    wait "$pid" || STATUS=$?
    PROBLEMS=()
    grep -q "Breakpoint 1, solo5_app_main" <<<"$out" ||
        PROBLEMS+=("gdb did not stop at solo5_app_main:" "$out")
    grep -q "exited normally" <<<"$out" || PROBLEMS+=("gdb did not see the guest exit:" "$out")
    expect success "$prefix"
    grep -q 'Hello_Solo5' "$prefix.out" || PROBLEMS+=("the guest did not print Hello_Solo5")
    verdict "$name" "$prefix"
}

debugging() {
    if ! command -v gdb >/dev/null; then
        fail "debugging" "gdb is not installed (scripts/install-deps installs it)"
        return
    fi
    for t in hvt "hvt ring0" spt; do
        if [ "${t%% *}" = hvt ] && [ ! -e /dev/kvm ]; then
            skip_case "debugging on ukvm ($t)" "no /dev/kvm on this machine"
            continue
        fi
        d_core $t
        d_gdb $t
    done
}
