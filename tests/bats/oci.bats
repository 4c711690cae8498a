# SPDX-License-Identifier: ISC
# ukvm-oci driven as containerd's shim drives an OCI runtime: a bundle
# with the test unikernel in rootfs/, create under a subreaper that
# collects the container's exit status (oci_shim.py), then start, state,
# kill and delete; the log's JSON errors; features; the console socket.
load helpers

OCI=$BUILD/ukvm-oci

setup() {
    [ "$TARGET" = spt ] || require_kvm
    [ -x "$OCI" ] || skip "no $OCI (make all builds it)"
    R=$BATS_TEST_TMPDIR/root
    B=$BATS_TEST_TMPDIR/bundle
    S=$BATS_TEST_TMPDIR/shim
    mkdir -p "$B/rootfs" "$S"
    SHIM_PID=
}

# Whatever a test leaves: its containers deleted (by ID, under its own
# --root) and its shim ended (by pid).
teardown() {
    local id
    for id in $(ls "$R" 2>/dev/null); do
        "$OCI" --root "$R" delete --force "$id" || true
    done
    if [ -n "$SHIM_PID" ]; then
        kill "$SHIM_PID" 2>/dev/null || true
        wait "$SHIM_PID" 2>/dev/null || true
    fi
}

# bundle GUEST [config.json fields as jq assignments]: rootfs/GUEST from
# the test unikernel, a config.json like runc spec's with args [/GUEST,
# one, two].
bundle() {
    local guest=$1
    shift
    cp "$T/test_$guest.$TARGET" "$B/rootfs/$guest"
    jq -n --arg g "/$guest" '{
        ociVersion: "1.0.2-dev",
        root: {path: "rootfs"},
        process: {terminal: false, user: {uid: 0, gid: 0}, args: [$g, "one", "two"],
                  env: ["PATH=/usr/bin:/bin", "TERM=xterm"], cwd: "/",
                  noNewPrivileges: true},
        hostname: "oci",
        mounts: [{destination: "/proc", type: "proc", source: "proc"}],
        linux: {namespaces: [{type: "pid"}, {type: "network"}, {type: "mount"}]}
    }'"${1:+ | $1}" >"$B/config.json"
}

# create ID [create options]: ukvm-oci create under the shim, in the
# background; waits (10 s at most) until create has ended, and succeeds
# if it exited 0. The container's output goes to $S/out and $S/err.
create() {
    local id=$1
    shift
    timeout 70 python3 "$BATS_TEST_DIRNAME/oci_shim.py" "$S/status" ${CONSOLE:+--console "$S/console.sock" "$S/console"} -- \
        "$OCI" --root "$R" --log "$S/log.json" --log-format json \
        create --bundle "$B" --pid-file "$S/pid" ${CONSOLE:+--console-socket "$S/console.sock"} "$@" "$id" \
        >"$S/out" 2>"$S/err" </dev/null 3>&- &
    SHIM_PID=$!
    for _ in $(seq 100); do
        grep -q '^create ' "$S/status" 2>/dev/null && break
        sleep 0.1
    done
    cat "$S/err"
    grep -qx 'create 0' "$S/status"
}

# The container's exit, as the shim saw it, within 10 s: "exit N" or "signal N".
exit_status() {
    for _ in $(seq 100); do
        grep -q '^exit ' "$S/status" && break
        sleep 0.1
    done
    sed -n 's/^exit //p' "$S/status"
}

# gone PID: the process has ended and been collected, within 5 s.
gone() {
    for _ in $(seq 50); do
        [ -e "/proc/$1" ] || return 0
        sleep 0.1
    done
    return 1
}

status_of() {
    "$OCI" --root "$R" state "$1" | jq -r .status
}

@test "oci: create leaves the unikernel waiting; start runs it; its output and status reach the shim" {
    bundle hello
    create c1
    [ "$(cat "$S/pid")" -gt 1 ]
    run "$OCI" --root "$R" state c1
    echo "$output"
    [ "$(jq -r .status <<<"$output")" = created ]
    [ "$(jq -r .pid <<<"$output")" = "$(cat "$S/pid")" ]
    [ "$(jq -r .id <<<"$output")" = c1 ]
    [ "$(jq -r .bundle <<<"$output")" = "$B" ]
    [ "$(jq -r .ociVersion <<<"$output")" = 1.2.0 ]
    kill -0 "$(cat "$S/pid")"
    sleep 0.3
    [ ! -s "$S/out" ]          # nothing runs before start
    "$OCI" --root "$R" start c1
    [ "$(exit_status)" = 0 ]
    cat "$S/out"
    grep -qx 'Hello, World' "$S/out"
    grep -qx 'cmdline: one two' "$S/out"
    [ "$(status_of c1)" = stopped ]
    [ "$("$OCI" --root "$R" state c1 | jq -r .pid)" = 0 ]
    "$OCI" --root "$R" delete c1
    [ ! -e "$R/c1" ]
    gone "$(cat "$S/pid")"
}

@test "oci: the monitor is the container's process: its command line has --mem from the memory limit and the app's arguments" {
    bundle sleep '.linux.resources = {memory: {limit: 67108864}}'
    create c2
    "$OCI" --root "$R" start c2
    for _ in $(seq 50); do grep -q sleeping "$S/out" && break; sleep 0.1; done
    grep -q sleeping "$S/out"
    [ "$(status_of c2)" = running ]
    local cmd
    cmd=$(tr '\0' ' ' <"/proc/$(cat "$S/pid")/cmdline")
    echo "$cmd"
    [[ "$cmd" == "$BUILD/$U --mem=64 -- /proc/self/fd/"[0-9]*" one two " ]]
    [ "$("$OCI" --root "$R" ps --format json c2)" = "[$(cat "$S/pid")]" ]
    "$OCI" --root "$R" kill c2 TERM
    [ "$(exit_status)" = 143 ]
    [ "$(status_of c2)" = stopped ]
    run "$OCI" --root "$R" kill c2 TERM
    [ "$status" -eq 1 ]
    [[ "$output" == *"container not running: c2"* ]]
    "$OCI" --root "$R" kill --all c2 KILL       # nothing left: no error (runc)
    "$OCI" --root "$R" delete c2
    [ ! -e "$R/c2" ]
}

@test "oci: kill by number and by SIG name; delete refuses a running container, delete --force ends it" {
    bundle sleep
    create c3
    "$OCI" --root "$R" start c3
    for _ in $(seq 50); do grep -q sleeping "$S/out" && break; sleep 0.1; done
    run "$OCI" --root "$R" kill c3 NOSUCHSIG
    [ "$status" -eq 1 ]
    [[ "$output" == "ukvm-oci: kill: NOSUCHSIG is not a signal" ]]
    run "$OCI" --root "$R" delete c3
    [ "$status" -eq 1 ]
    [[ "$output" == *"container c3 is running: stop it first, or delete --force"* ]]
    [ "$(status_of c3)" = running ]
    "$OCI" --root "$R" kill c3 2          # SIGINT: the guest ends, 130
    [ "$(exit_status)" = 130 ]
    : >"$S/status"
    rm -f "$S/pid"
    "$OCI" --root "$R" delete c3

    bundle sleep
    create c4
    "$OCI" --root "$R" start c4
    for _ in $(seq 50); do grep -q sleeping "$S/out" && break; sleep 0.1; done
    "$OCI" --root "$R" delete --force c4
    [ ! -e "$R/c4" ]
    gone "$(cat "$S/pid")"
    [ "$(exit_status)" = 'signal 9' ]
}

@test "oci: a created container that is never started is deleted, leaving no process" {
    bundle hello
    create c5
    local pid
    pid=$(cat "$S/pid")
    kill -0 "$pid"
    "$OCI" --root "$R" delete c5
    [ ! -e "$R/c5" ]
    gone "$pid"
    [ ! -s "$S/out" ]
}

@test "oci: errors are one line on stderr and a JSON line in --log; nothing is left behind" {
    bundle hello '.process.selinuxLabel = "system_u:system_r:container_t:s0"'
    run ! create bad1
    [ "$(cat "$S/err")" = "ukvm-oci: config.json: process.selinuxLabel: SELinux labels are not supported" ]
    jq -e '.level == "error" and .msg == "config.json: process.selinuxLabel: SELinux labels are not supported" and (.time | test("^20[0-9-]+T"))' \
        "$S/log.json"
    [ ! -e "$R/bad1" ]
    [ ! -e "$S/pid" ]

    run "$OCI" --root "$R" --log "$S/log2.json" --log-format json state nosuch
    [ "$status" -eq 1 ]
    [ "$output" = "ukvm-oci: container nosuch does not exist" ]
    [ "$(jq -r .msg "$S/log2.json")" = "container nosuch does not exist" ]
    run "$OCI" --root "$R" start ../x
    [ "$status" -eq 1 ]
    [[ "$output" == "ukvm-oci: container id ../x: 1 to 200 of"* ]]
    run "$OCI" --root "$R" delete nosuch
    [ "$status" -eq 1 ]
    "$OCI" --root "$R" delete --force nosuch
    run "$OCI" --root "$R" exec c1 sh
    [ "$status" -eq 1 ]
    [ "$output" = "ukvm-oci: exec: not supported: a unikernel is one process, run by create and start" ]
    run "$OCI" --root "$R" --log-format yaml state c1
    [ "$status" -eq 1 ]
    [ "$output" = "ukvm-oci: --log-format yaml: text or json" ]
}

@test "oci: the monitors are found beside ukvm-oci, or in --monitor-dir or UKVM_OCI_MONITOR_DIR" {
    local m=ukvm-spt
    [ "$TARGET" = hvt ] && m=ukvm
    bundle hello
    run "$OCI" --root "$R" --monitor-dir /nowhere create --bundle "$B" m1
    [ "$status" -eq 1 ]
    [ "$output" = "ukvm-oci: /nowhere/$m: No such file or directory (the $TARGET monitor)" ]
    run env UKVM_OCI_MONITOR_DIR=/nowhere/else "$OCI" --root "$R" create --bundle "$B" m1
    [ "$output" = "ukvm-oci: /nowhere/else/$m: No such file or directory (the $TARGET monitor)" ]
    [ ! -e "$R/m1" ]
    create m1 --no-pivot --no-new-keyring    # beside it, in $BUILD
    "$OCI" --root "$R" start m1
    [ "$(exit_status)" = 0 ]
    grep -qx 'Hello, World' "$S/out"
}

@test "oci: the unikernel's target decides; a contrary org.ukvm.target is refused; a missing file is named" {
    local other=hvt
    [ "$TARGET" = hvt ] && other=spt
    bundle hello ".annotations = {\"org.ukvm.target\": \"$other\"}"
    run ! create t1
    grep -qx "ukvm-oci: annotations.org.ukvm.target: $other, but /hello is built for $TARGET" "$S/err"
    [ ! -e "$R/t1" ]

    : >"$S/status"
    bundle hello '.process.args = ["/nothere"]'
    run ! create t2
    grep -qx "ukvm-oci: /nothere: no such file in the rootfs (nor with .hvt or .spt)" "$S/err"

    # /unikernel, absent, is found as /unikernel.TARGET.
    : >"$S/status"
    bundle hello '.process.args = ["/unikernel", "x"]'
    mv "$B/rootfs/hello" "$B/rootfs/unikernel.$TARGET"
    create t3
    "$OCI" --root "$R" start t3
    [ "$(exit_status)" = 0 ]
    grep -qx 'cmdline: x' "$S/out"
}

@test "oci: an absolute symlink to a host file is resolved inside the rootfs" {
    bundle hello
    rm "$B/rootfs/hello"
    ln -s "$T/test_hello.$TARGET" "$B/rootfs/hello"
    run ! create s1
    grep -qx "ukvm-oci: /hello: no such file in the rootfs (nor with .hvt or .spt)" "$S/err"

    # A directory where the unikernel should be is named as such.
    : >"$S/status"
    rm "$B/rootfs/hello"
    mkdir "$B/rootfs/hello"
    run ! create s2
    grep -qx "ukvm-oci: /hello: not a regular file in the rootfs" "$S/err"
}

@test "oci: hooks get the state on stdin: prestart and createRuntime at create, poststart at start, poststop at delete" {
    local h=$BATS_TEST_TMPDIR/hook
    printf '#!/bin/sh\ncat >>"%s.$1"\necho >>"%s.$1"\n' "$h" "$h" >"$h"
    chmod +x "$h"
    bundle hello ".hooks = {prestart: [{path: \"$h\", args: [\"hook\", \"prestart\"]}],
                           createRuntime: [{path: \"$h\", args: [\"hook\", \"createRuntime\"]}],
                           poststart: [{path: \"$h\", args: [\"hook\", \"poststart\"]}],
                           poststop: [{path: \"$h\", args: [\"hook\", \"poststop\"]}]}"
    create k1
    [ "$(jq -r .status "$h.prestart")" = created ]
    [ "$(jq -r .pid "$h.prestart")" = "$(cat "$S/pid")" ]
    [ "$(jq -r .id "$h.createRuntime")" = k1 ]
    [ ! -e "$h.poststart" ]
    "$OCI" --root "$R" start k1
    [ "$(jq -r .id "$h.poststart")" = k1 ]
    [ "$(exit_status)" = 0 ]
    [ ! -e "$h.poststop" ]
    "$OCI" --root "$R" delete k1
    [ "$(jq -r .status "$h.poststop")" = stopped ]

    # A failing prestart hook fails create, naming it.
    : >"$S/status"
    bundle hello '.hooks = {prestart: [{path: "/bin/false"}]}'
    run ! create k2
    grep -qx "ukvm-oci: hooks.prestart\[0\]: /bin/false: exit status 1" "$S/err"
    [ ! -e "$R/k2" ]
}

@test "oci: features is the runtime-spec features document" {
    run "$OCI" features
    [ "$status" -eq 0 ]
    jq -e '.ociVersionMin == "1.0.0" and .ociVersionMax == "1.2.0" and
           (.hooks | index("prestart")) and (.linux.namespaces | index("network")) and
           (.linux.capabilities | length == 41 and index("CAP_KILL") == 5) and
           (.annotations | has("org.ukvm.target"))' <<<"$output"
    "$OCI" --version | grep -qx "ukvm-oci version $(cat "$ROOT/VERSION")"
    [ "$("$OCI" version)" = "$("$OCI" --version)" ]
}

@test "oci: process.terminal: the pty master goes over --console-socket and carries the output" {
    bundle hello '.process.terminal = true'
    CONSOLE=1 create p1
    "$OCI" --root "$R" start p1
    [ "$(exit_status)" = 0 ]
    for _ in $(seq 50); do grep -q SUCCESS "$S/console" 2>/dev/null && break; sleep 0.1; done
    cat "$S/console"
    grep -q 'Hello, World' "$S/console"
    [[ "$(cat "$S/console.name")" == /dev/pts/* ]]
    [ ! -s "$S/out" ]
    "$OCI" --root "$R" delete p1

    : >"$S/status"
    bundle hello '.process.terminal = true'
    run ! create p2
    grep -qx "ukvm-oci: process.terminal is true, and no --console-socket was given" "$S/err"
}

@test "oci: block device storage: /storage.img in the rootfs, the file org.ukvm.block.storage names, or a bind mount's source" {
    bundle blk '.process.args = ["/blk"]'
    truncate -s 128K "$B/rootfs/storage.img"
    create b1
    "$OCI" --root "$R" start b1
    [ "$(exit_status)" = 0 ]
    cat "$S/out"
    grep -qx 'capacity: 131072' "$S/out"
    grep -qx SUCCESS "$S/out"
    [ -n "$(tr -d '\0' <"$B/rootfs/storage.img")" ]      # the guest wrote to it
    "$OCI" --root "$R" delete b1

    : >"$S/status"
    mkdir "$B/rootfs/disks"
    truncate -s 64K "$B/rootfs/disks/d.img"
    bundle blk '.process.args = ["/blk"] | .annotations = {"org.ukvm.block.storage": "/disks/d.img"}'
    create b2
    "$OCI" --root "$R" start b2
    [ "$(exit_status)" = 0 ]
    grep -qx 'capacity: 65536' "$S/out"
    "$OCI" --root "$R" delete b2

    : >"$S/status"
    rm "$B/rootfs/storage.img"
    truncate -s 32K "$BATS_TEST_TMPDIR/host.img"
    bundle blk ".process.args = [\"/blk\"] | .mounts += [{destination: \"/storage.img\", type: \"bind\",
        source: \"$BATS_TEST_TMPDIR/host.img\", options: [\"rbind\", \"rw\"]}]"
    create b3
    "$OCI" --root "$R" start b3
    [ "$(exit_status)" = 0 ]
    grep -qx 'capacity: 32768' "$S/out"
    [ -n "$(tr -d '\0' <"$BATS_TEST_TMPDIR/host.img")" ]
    "$OCI" --root "$R" delete b3

    : >"$S/status"
    bundle blk '.process.args = ["/blk"]'
    run ! create b4
    grep -qx "ukvm-oci: block device storage: /storage.img: no such file in the rootfs (or name its file with annotation org.ukvm.block.NAME)" "$S/err"
    : >"$S/status"
    bundle hello '.annotations = {"org.ukvm.block.disk": "/d.img"}'
    run ! create b5
    grep -qx "ukvm-oci: annotations.org.ukvm.block.disk: the unikernel has no block device disk" "$S/err"
}

@test "oci: a network device with no interface for it in the container's namespace is refused, naming it" {
    bundle net '.process.args = ["/net"]'
    run ! create n1
    cat "$S/err"
    grep -qx "ukvm-oci: the unikernel has network device service0, and the container's network namespace no interface with an IPv4 address for it" "$S/err"
    [ ! -e "$R/n1" ]
}

@test "oci: process.user: the monitor runs as that user and group" {
    only_on spt "hvt needs /dev/kvm, which nobody may not open"
    bundle sleep '.process.user = {uid: 65534, gid: 65534, additionalGids: [65534]}'
    create u1
    "$OCI" --root "$R" start u1
    for _ in $(seq 50); do grep -q sleeping "$S/out" && break; sleep 0.1; done
    cat "$S/out" "$S/err"
    grep -q sleeping "$S/out"
    grep -qE '^Uid:\s+65534\s+65534\s+65534\s+65534$' "/proc/$(cat "$S/pid")/status"
    grep -qE '^Gid:\s+65534\s+65534\s+65534\s+65534$' "/proc/$(cat "$S/pid")/status"
    grep -qE '^Groups:\s+65534\s*$' "/proc/$(cat "$S/pid")/status"
    grep -qE '^NoNewPrivs:\s+1$' "/proc/$(cat "$S/pid")/status"
    "$OCI" --root "$R" kill u1 TERM
    [ "$(exit_status)" = 143 ]
}

@test "oci: process.capabilities.bounding bounds the monitor's capabilities" {
    bundle sleep '.process.capabilities = {bounding: ["CAP_KILL", "CAP_NET_BIND_SERVICE"],
        effective: ["CAP_KILL"], permitted: ["CAP_KILL"]}'
    create cap1
    "$OCI" --root "$R" start cap1
    for _ in $(seq 50); do grep -q sleeping "$S/out" && break; sleep 0.1; done
    grep -q sleeping "$S/out"
    grep '^Cap' "/proc/$(cat "$S/pid")/status"
    grep -qx $'CapBnd:\t0000000000000420' "/proc/$(cat "$S/pid")/status"
    grep -qx $'CapEff:\t0000000000000420' "/proc/$(cat "$S/pid")/status"
    "$OCI" --root "$R" kill cap1 TERM
    [ "$(exit_status)" = 143 ]
}

@test "oci: a Kubernetes sandbox (pause) container is runc's, from create to delete, under --root DIR/runc" {
    local runc=$BATS_TEST_TMPDIR/runc log=$BATS_TEST_TMPDIR/runc.log
    printf '#!/bin/sh\necho "$*" >>"%s"\n' "$log" >"$runc"
    chmod +x "$runc"
    bundle hello '.annotations = {"io.kubernetes.cri.container-type": "sandbox"}'
    UKVM_OCI_RUNC=$runc "$OCI" --root "$R" --log "$S/log.json" --log-format json \
        --monitor-dir /nowhere create --bundle "$B" --pid-file "$S/pid" pod1
    [ "$(tail -n 1 "$log")" = "--root $R/runc --log $S/log.json --log-format json create --bundle $B --pid-file $S/pid pod1" ]
    [ -e "$R/pod1.runc" ] && [ ! -e "$R/pod1" ]
    UKVM_OCI_RUNC=$runc "$OCI" --root "$R" state pod1
    [ "$(tail -n 1 "$log")" = "--root $R/runc state pod1" ]
    UKVM_OCI_RUNC=$runc "$OCI" --root "$R" kill --all pod1 KILL
    [ "$(tail -n 1 "$log")" = "--root $R/runc kill --all pod1 KILL" ]
    UKVM_OCI_RUNC=$runc "$OCI" --root "$R" delete --force pod1
    [ "$(tail -n 1 "$log")" = "--root $R/runc delete --force pod1" ]
    [ ! -e "$R/pod1.runc" ]
    [ "$(wc -l <"$log")" -eq 4 ]
    run "$OCI" --root "$R" state pod1
    [ "$output" = "ukvm-oci: container pod1 does not exist" ]

    # Without runc: create fails, naming it, and leaves no mark.
    run -127 env UKVM_OCI_RUNC=/nonexistent/runc "$OCI" --root "$R" create --bundle "$B" pod2
    [ "$status" -eq 127 ]
    [[ "$output" == "ukvm-oci: /nonexistent/runc: No such file or directory (ukvm-oci hands Kubernetes' sandbox containers to runc)" ]]
    [ ! -e "$R/pod2.runc" ]
}

@test "oci: 20 create/start/delete cycles leave no state directory and no process" {
    local i pid
    bundle hello
    for i in $(seq 20); do
        : >"$S/status"
        create "cyc$i"
        pid=$(cat "$S/pid")
        "$OCI" --root "$R" start "cyc$i"
        [ "$(exit_status)" = 0 ]
        "$OCI" --root "$R" delete "cyc$i"
        gone "$pid"
        wait "$SHIM_PID"
    done
    [ -z "$(ls -A "$R")" ]
    [ "$(grep -c '^Hello, World$' "$S/out")" -eq 1 ]   # the last run's (out is rewritten)
}
