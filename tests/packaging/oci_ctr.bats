# SPDX-License-Identifier: ISC
# ukvm-oci under Debian's containerd, driven with ctr as docs/containers.md
# says (--runtime io.containerd.runc.v2 --runc-binary ukvm-oci), on both
# targets: images made by scripts/oci-image and loaded with ctr image
# import (no registry); output, exit status, kill; static_web on a CNI
# bridge (containernetworking-plugins) in the test's namespace; 50
# create/start/delete cycles; start-to-first-response times next to
# ukvm run directly and nginx under runc. containerd, its containers'
# namespaces, bridge and state live in a namespace and a directory made
# for the test (engines.bash), removed in teardown_file.
bats_require_minimum_version 1.5.0
load engines

# c SECONDS ARGS...: ctr on our containerd, in $NS.
c() {
    local t=$1
    shift
    in_ns "$t" "$CTR" --address "$E/containerd.sock" -n ukvm "$@"
}

# crun_ukvm SECONDS ARGS...: ctr run with ukvm-oci, state under $E/oci-root.
crun_ukvm() {
    local t=$1
    shift
    c "$t" run --runtime io.containerd.runc.v2 --runc-binary "$BUILD/ukvm-oci" \
        --runc-root "$E/oci-root" "$@"
}

# annot TARGET: ctr's option that picks the target.
annot() {
    echo "--annotation=org.ukvm.target=$1"
}

setup_file() {
    engine_init ctr || return 0
    local f
    for f in "$CONTAINERD" "$CTR" "$CNI_BIN/bridge" "$CNI_BIN/host-local" /usr/bin/umoci /usr/bin/skopeo; do
        [ -x "$f" ] || { echo "$f is missing: scripts/install-deps installs it" >&2; return 1; }
    done
    containerd_start || return 0
    images
    local n
    for n in hello sleep ssp static_web; do
        c 120 image import "$E/img/$n-both.tar" >/dev/null
    done
    cni_conf
    site
    mounts_base
}

teardown_file() {
    engine_teardown
}

teardown() {
    [ -S "${E:-/nonexistent}/containerd.sock" ] || return 0
    local id
    for id in $(c 20 container ls -q 2>/dev/null); do
        c 20 task kill -s KILL "$id" >/dev/null 2>&1 || true
        c 20 task delete -f "$id" >/dev/null 2>&1 || true
        c 20 container rm "$id" >/dev/null 2>&1 || true
    done
    for id in $(ip netns list | awk -v p="$NS-" 'index($1, p) == 1 { print $1 }'); do
        cni DEL "$id" "$id" >/dev/null 2>&1 || true
        ip netns del "$id" 2>/dev/null || true
    done
}

# hello TARGET: the image's guest prints to ctr's stdout and exits 0.
hello() {
    require_engine
    run crun_ukvm 60 --rm "$(annot "$1")" localhost/ukvm/hello:both "hello-$1"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Hello, World"* ]]
    [[ "$output" == *"SUCCESS"* ]]
    run c 10 container ls -q
    [ -z "$output" ]
    leftovers
}

@test "ctr: hello on hvt says hello on ctr's stdout, exits 0, leaves nothing" {
    require_kvm_here
    hello hvt
}

@test "ctr: hello on spt says hello on ctr's stdout, exits 0, leaves nothing" {
    hello spt
}

@test "ctr: a guest's non-zero exit (ssp's abort, 255) is the container's, on both targets" {
    require_engine
    local t
    for t in $(targets); do
        run crun_ukvm 60 --rm "$(annot "$t")" localhost/ukvm/ssp:both "ssp-$t"
        echo "$output"
        [ "$status" -eq 255 ]
        [[ "$output" == *"stack smashing detected"* ]]
    done
    leftovers
}

@test "ctr: task kill (SIGTERM) ends a running guest with 143, SIGKILL with 137; delete leaves nothing" {
    require_engine
    local t pid st
    for t in $(targets); do
        crun_ukvm 60 --rm "$(annot "$t")" localhost/ukvm/sleep:both "sleep-$t" \
            >"$BATS_TEST_TMPDIR/out" 2>&1 &
        pid=$!
        for _ in $(seq 100); do grep -q sleeping "$BATS_TEST_TMPDIR/out" && break; sleep 0.1; done
        grep -q sleeping "$BATS_TEST_TMPDIR/out"
        run c 10 task ls
        echo "$output"
        [[ "$output" == *"sleep-$t "*RUNNING* ]]
        runs_monitor "$t"
        c 10 task kill "sleep-$t"
        st=0
        wait "$pid" || st=$?
        cat "$BATS_TEST_TMPDIR/out"
        [ "$st" -eq 143 ]
    done
    crun_ukvm 60 -d "$(annot "$(targets | head -1)")" localhost/ukvm/sleep:both sleep-k >/dev/null
    for _ in $(seq 50); do c 10 task ls | grep -q 'sleep-k .*RUNNING' && break; sleep 0.1; done
    c 10 task kill -s SIGKILL sleep-k
    run c 20 task delete sleep-k
    echo "$output"
    [[ "$output" == *"exit code 137"* ]]
    c 10 container rm sleep-k
    leftovers
}

# web_ns NAME: a container network namespace $NS-NAME on the CNI bridge;
# prints its address.
web_ns() {
    ip netns add "$NS-$1"
    cni ADD "$NS-$1" "$NS-$1"
}

# web_start TARGET NAME [NETNS]: static_web in $NS-NETNS (default
# NAME) (ctr --with-ns), detached.
web_start() {
    mkdir -p "$E/logs"
    crun_ukvm 60 -d "$(annot "$1")" --log-uri "file://$E/logs/$2" --with-ns "network:/run/netns/$NS-${3:-$2}" \
        --mount "type=bind,src=$E/site.tar,dst=/storage.img,options=rbind:ro" \
        localhost/ukvm/static_web:both "$2" >/dev/null ||
        { cat "$E/logs/$2"; return 1; }
}

# web_stop NAME: SIGTERM, then the task deleted (its exit status printed).
web_stop() {
    c 10 task kill "$1"
    for _ in $(seq 100); do c 10 task ls | grep -q "^$1 .*STOPPED" && break; sleep 0.1; done
    c 20 task delete "$1"
}

web() {
    require_engine
    local ip
    ip=$(web_ns web)
    [[ "$ip" == 10.88.77.* ]]
    web_start "$1" web
    run http_first "$ip" 30
    [ "$status" -eq 0 ]
    [[ "$output" == *"<title>static_web on ukvm"* ]]
    # The tap the runtime made, beside eth0 in the container's namespace.
    ip -n "$NS-web" -o link show | grep -qE ': ukvm[0-9a-f]{8}'
    # The runtime's state, where leftovers looks for it.
    [ -f "$E/oci-root/ukvm/web/state.json" ]
    # The monitor of the target asked for, with the pod's address.
    local mon=ukvm
    [ "$1" = hvt ] || mon=ukvm-spt
    pgrep -af -- "$BUILD/$mon .*--ipv4=$ip/24" >/dev/null
    run web_stop web
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *143* ]]
    [ -z "$(ip -n "$NS-web" -o link show | grep -E ': ukvm[0-9a-f]{8}')" ]
    # Started again: a new task of the same container, same address.
    c 30 task start -d web >/dev/null
    run http_first "$ip" 30
    [ "$status" -eq 0 ]
    [[ "$output" == *"<title>static_web on ukvm"* ]]
    web_stop web >/dev/null
    c 10 container rm web
    leftovers
}

@test "ctr: static_web on hvt answers curl on its CNI address from the namespace; stop and start again" {
    require_kvm_here
    web hvt
}

@test "ctr: static_web on spt answers curl on its CNI address from the namespace; stop and start again" {
    web spt
}

@test "ctr: 50 create/start/delete cycles of static_web on a CNI namespace leave nothing behind" {
    require_engine
    local ip i t0=$SECONDS t
    t=$(targets | head -1)
    ip=$(web_ns cyc)
    for i in $(seq 50); do
        # Every 10th waits for the site: each cycle's guest really runs.
        web_start "$t" "cyc$i" cyc
        if [ $((i % 10)) -eq 0 ]; then
            http_first "$ip" 30 | grep -q '<title>static_web on ukvm'
        fi
        c 10 task kill -s SIGKILL "cyc$i"
        for _ in $(seq 100); do c 10 task ls | grep -q "^cyc$i .*STOPPED" && break; sleep 0.05; done
        c 20 task delete "cyc$i" >/dev/null
        c 10 container rm "cyc$i"
        [ $((SECONDS - t0)) -lt 240 ] || { echo "50 cycles: over 240 s at $i"; false; }
    done
    note "50 cycles of static_web ($t): $((SECONDS - t0)) s"
    run c 10 container ls -q
    [ -z "$output" ]
    leftovers
    # The namespace has eth0 and lo only, as CNI left it.
    [ "$(ip -n "$NS-cyc" -o link show | wc -l)" -eq 2 ]
    [ -z "$(tc -n "$NS-cyc" qdisc show dev eth0 | grep ingress)" ]
    [ "$(pgrep -f -- "$E/containerd.sock" | wc -l)" -eq 0 ]
}

bench_ukvm_start() {
    web_start "$BENCH_T" "b$1" bench
}

bench_ukvm_stop() {
    web_stop "b$1" >/dev/null 2>&1
    c 10 container rm "b$1"
}

bench_nginx_start() {
    c 60 run -d --runc-root "$E/runc-root" --rootfs --with-ns "network:/run/netns/$NS-bench" \
        "$E/nginx" "n$1" /usr/sbin/nginx >/dev/null
}

bench_nginx_stop() {
    c 10 task kill -s SIGKILL "n$1"
    for _ in $(seq 100); do c 10 task ls | grep -q "^n$1 .*STOPPED" && break; sleep 0.05; done
    c 20 task delete "n$1" >/dev/null 2>&1
    c 10 container rm "n$1"
}

@test "ctr: start to first HTTP response: static_web under ukvm-oci, run directly, and nginx under runc" {
    require_engine
    BENCH_T=$(targets | head -1)
    local ip
    ip=$(web_ns bench)
    bench "static_web on $BENCH_T, ukvm directly (tap on the bridge)" direct_start direct_stop "$DIRECT_IP"
    bench "static_web on $BENCH_T, ctr + ukvm-oci (CNI veth, tap, tc)" bench_ukvm_start bench_ukvm_stop "$ip"
    nginx_rootfs "$E/nginx"
    bench "nginx, ctr + runc (CNI veth)" bench_nginx_start bench_nginx_stop "$ip"
    leftovers
}
