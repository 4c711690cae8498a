# SPDX-License-Identifier: ISC
# ukvm-oci under Debian's Docker engine (docker.io, dockerd 20.10), set
# up as docs/containers.md says (daemon.json "runtimes"), on both
# targets: images made by scripts/oci-image and loaded with docker load
# (no registry); docker logs, exit status, stop and kill; static_web on
# Docker's bridge in the test's namespace, stop and start again; the
# start-to-first-response time next to ukvm run directly and nginx under
# runc. containerd and dockerd run in a namespace and a directory made
# for the test (engines.bash), removed in teardown_file.
bats_require_minimum_version 1.5.0
load engines

DOCKER_BIP=10.88.78.1/24
BRIDGE=docker0
DIRECT_IP=10.88.78.250

d() {
    local t=$1
    shift
    in_ns "$t" /usr/bin/docker "$@"
}

setup_file() {
    engine_init docker || return 0
    local f
    for f in "$CONTAINERD" /usr/sbin/dockerd /usr/bin/docker /usr/bin/umoci /usr/bin/skopeo; do
        [ -x "$f" ] || { echo "$f is missing: scripts/install-deps installs it" >&2; return 1; }
    done
    export DOCKER_HOST=unix://$E/docker.sock DOCKER_CONFIG=$E/client
    # The runtime as docs/containers.md names it; its own key path, no
    # /etc/docker/daemon.json.
    cat >"$E/daemon.json" <<JSON
{
    "deprecated-key-path": "$E/key.json",
    "runtimes": {
        "ukvm": { "path": "$BUILD/ukvm-oci" }
    }
}
JSON
    containerd_start || return 0
    dockerd_start || return 0
    images
    local n
    for n in hello sleep ssp static_web; do
        d 120 load -i "$E/img/$n-both.docker.tar" >/dev/null
    done
    site
    mounts_base
}

teardown_file() {
    if [ -S "${E:-/nonexistent}/docker.sock" ]; then
        local ids
        ids=$(d 30 ps -aq 2>/dev/null) || true
        [ -z "$ids" ] || d 60 rm -f $ids >/dev/null 2>&1 || true
    fi
    engine_teardown dockerd.pid
}

setup() {
    # The runtime's --root as dockerd 20.10 gives it to the shim, for
    # every runtime (a containerd namespace, moby, in it).
    OCI_ROOT=$E/exec/runtime-runc
}

teardown() {
    [ -S "${E:-/nonexistent}/docker.sock" ] || return 0
    local ids
    ids=$(d 30 ps -aq 2>/dev/null) || true
    [ -z "$ids" ] || d 60 rm -f $ids >/dev/null 2>&1 || true
}

# entry TARGET: the "both" image's unikernel for TARGET (docker run has
# no --annotation: the entrypoint names it, its ABI note the target).
entry() {
    echo "--entrypoint=/unikernel/$1.$2"
}

@test "docker: hello on both targets: docker logs has its output, exit status 0, rm leaves nothing" {
    require_engine
    local t
    for t in $(targets); do
        run d 60 run --name "hello-$t" --runtime ukvm "$(entry hello "$t")" localhost/ukvm/hello:both
        echo "$output"
        [ "$status" -eq 0 ]
        run d 10 logs "hello-$t"
        echo "$output"
        [[ "$output" == *"Hello, World"* ]]
        [[ "$output" == *"SUCCESS"* ]]
        [ "$(d 10 inspect -f '{{.State.ExitCode}} {{.HostConfig.Runtime}}' "hello-$t")" = "0 ukvm" ]
        d 30 rm "hello-$t" >/dev/null
    done
    leftovers
}

@test "docker: a guest's non-zero exit (ssp's abort, 255) is docker run's and the container's" {
    require_engine
    local t
    for t in $(targets); do
        run d 60 run --rm --runtime ukvm "$(entry ssp "$t")" localhost/ukvm/ssp:both
        echo "$output"
        [ "$status" -eq 255 ]
        [[ "$output" == *"stack smashing detected"* ]]
    done
    leftovers
}

@test "docker: stop ends a running guest with 143 (SIGTERM), kill with 137; rm leaves nothing" {
    require_engine
    local t
    for t in $(targets); do
        stop_and_kill d "$t" --runtime ukvm "$(entry sleep "$t")"
    done
    leftovers
}

# web_run TARGET NAME: static_web detached, its site bind-mounted as its
# block device.
web_run() {
    d 60 run -d --name "$2" --runtime ukvm "$(entry static_web "$1")" \
        -v "$E/site.tar:/storage.img:ro" localhost/ukvm/static_web:both >/dev/null
}

ip_of() {
    d 10 inspect -f '{{.NetworkSettings.IPAddress}}' "$1"
}

@test "docker: static_web on both targets answers curl on its bridge address from the namespace; stop and start again" {
    require_engine
    local t ip
    for t in $(targets); do
        web_run "$t" "web-$t"
        ip=$(ip_of "web-$t")
        [[ "$ip" == 10.88.78.* ]]
        run http_first "$ip" 30
        [ "$status" -eq 0 ] || d 10 logs "web-$t"
        [[ "$output" == *"<title>static_web on ukvm"* ]]
        # The runtime's state, where leftovers looks for it.
        [ -f "$OCI_ROOT/moby/$(d 10 inspect -f '{{.Id}}' "web-$t")/state.json" ]
        # The target's monitor, with the container's address.
        local mon=ukvm
        [ "$t" = hvt ] || mon=ukvm-spt
        pgrep -af -- "$BUILD/$mon .*--ipv4=$ip/24" >/dev/null
        d 30 stop "web-$t" >/dev/null
        [ "$(d 10 inspect -f '{{.State.ExitCode}}' "web-$t")" = 143 ]
        d 30 start "web-$t" >/dev/null
        ip=$(ip_of "web-$t")
        run http_first "$ip" 30
        [ "$status" -eq 0 ]
        [[ "$output" == *"<title>static_web on ukvm"* ]]
        d 30 rm -f "web-$t" >/dev/null
    done
    leftovers
}

bench_ukvm_start() {
    web_run "$BENCH_T" "b$1"
}

bench_stop() {
    d 30 rm -f "$1" >/dev/null
}

bench_ukvm_stop() {
    bench_stop "b$1"
}

bench_nginx_start() {
    d 60 run -d --name "n$1" ukvm-nginx /usr/sbin/nginx >/dev/null
}

bench_nginx_stop() {
    bench_stop "n$1"
}

@test "docker: start to first HTTP response: static_web under ukvm-oci, run directly, and nginx under runc" {
    require_engine
    BENCH_T=$(targets | head -1)
    bench "static_web on $BENCH_T, ukvm directly (tap on docker0)" direct_start direct_stop "$DIRECT_IP"
    # Docker gives the first address of its bridge to the one container.
    bench "static_web on $BENCH_T, docker + ukvm-oci" bench_ukvm_start bench_ukvm_stop 10.88.78.2
    nginx_rootfs "$E/nginx"
    tar -C "$E/nginx" -c . | d 60 import - ukvm-nginx >/dev/null
    bench "nginx, docker + runc" bench_nginx_start bench_nginx_stop 10.88.78.2
    leftovers
}
