# SPDX-License-Identifier: ISC
# ukvm-oci under Debian's Podman (4.3), named with podman's global
# --runtime as docs/containers.md says, on both targets: images made by
# scripts/oci-image and loaded with podman load (no registry); podman
# logs, exit status, stop and kill; static_web on a CNI bridge network
# (containernetworking-plugins, config in the test's directory) in the
# test's namespace, stop and start again; the start-to-first-response
# time next to ukvm run directly and nginx under runc. Podman has no
# daemon: every podman command, and so conmon, runs in the namespace
# made for the test, its storage, run root, config and events under the
# test's directory (engines.bash), removed in teardown_file.
bats_require_minimum_version 1.5.0
load engines

PODMAN=/usr/bin/podman

# p SECONDS ARGS...: podman in $NS on our storage and config, ukvm-oci
# as its runtime. Its state is in ukvm-oci's default root, /run/ukvm-oci:
# podman 4.3 drops --runtime-flag from the cleanup it has conmon run
# when a container exits, so that cleanup's delete would look elsewhere.
p() {
    local t=$1
    shift
    CONTAINERS_CONF=$E/containers.conf CONTAINERS_STORAGE_CONF=$E/storage.conf \
        in_ns "$t" "$PODMAN" --tmpdir "$E/podtmp" --runtime "$BUILD/ukvm-oci" "$@"
}

# runc_p SECONDS ARGS...: the same podman with its default runtime, runc.
runc_p() {
    local t=$1
    shift
    CONTAINERS_CONF=$E/containers.conf CONTAINERS_STORAGE_CONF=$E/storage.conf \
        in_ns "$t" "$PODMAN" --tmpdir "$E/podtmp" --runtime /usr/sbin/runc "$@"
}

setup_file() {
    engine_init podman || return 0
    local f
    for f in "$PODMAN" /usr/bin/conmon "$CNI_BIN/bridge" "$CNI_BIN/host-local" /usr/bin/umoci /usr/bin/skopeo; do
        [ -x "$f" ] || { echo "$f is missing: scripts/install-deps installs it" >&2; return 1; }
    done
    cni_conf
    # Podman's own settings, none of the machine's: cgroupfs (no systemd
    # here), events to a file, CNI with our network; and ulimits no
    # higher than conmon's own (podman 4.3 asks root's containers for
    # nofile and nproc of 1048576 and more, which a root without
    # CAP_SYS_RESOURCE cannot set, and ukvm-oci, as runc, refuses).
    local nofile nproc
    nofile=$(ulimit -Hn)
    nproc=$(ulimit -Hu)
    [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ] && nproc=32768
    cat >"$E/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$E/podman-events.log"
[network]
network_backend = "cni"
network_config_dir = "$E/cni"
cni_plugin_dirs = ["$CNI_BIN"]
CONF
    cat >"$E/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$E/storage"
runroot = "$E/runroot"
CONF
    local why
    if ! why=$(p 60 info 2>&1 >/dev/null); then
        no_engine "podman info: $(tail -1 <<<"$why")"
        return 0
    fi
    images
    local n
    for n in hello sleep ssp static_web; do
        p 120 load -i "$E/img/$n-both.tar" >/dev/null
    done
    site
    mounts_base
}

teardown_file() {
    [ -z "${E:-}" ] || [ ! -f "$E/containers.conf" ] || p 60 rm -fa >/dev/null 2>&1 || true
    [ -z "${E:-}" ] || [ ! -f "$E/containers.conf" ] || p 60 image rm -fa >/dev/null 2>&1 || true
    engine_teardown
}

setup() {
    OCI_ROOT=/run/ukvm-oci
}

teardown() {
    [ -f "${E:-/nonexistent}/containers.conf" ] || return 0
    p 60 rm -fa >/dev/null 2>&1 || true
}

# annot TARGET: podman's option that picks the target.
annot() {
    echo "--annotation=org.ukvm.target=$1"
}

@test "podman: hello on both targets: podman logs has its output, exit status 0, rm leaves nothing" {
    require_engine
    local t
    for t in $(targets); do
        run p 60 run --name "hello-$t" "$(annot "$t")" localhost/ukvm/hello:both
        echo "$output"
        [ "$status" -eq 0 ]
        [[ "$output" == *"Hello, World"* ]]
        run p 10 logs "hello-$t"
        echo "$output"
        [[ "$output" == *"Hello, World"* ]]
        [[ "$output" == *"SUCCESS"* ]]
        [ "$(p 10 inspect -f '{{.State.ExitCode}}' "hello-$t")" = 0 ]
        [[ "$(p 10 inspect -f '{{.OCIRuntime}}' "hello-$t")" == *ukvm-oci ]]
        p 30 rm "hello-$t" >/dev/null
    done
    leftovers
}

@test "podman: a guest's non-zero exit (ssp's abort, 255) is podman run's and the container's" {
    require_engine
    local t
    for t in $(targets); do
        run p 60 run --rm "$(annot "$t")" localhost/ukvm/ssp:both
        echo "$output"
        [ "$status" -eq 255 ]
        [[ "$output" == *"stack smashing detected"* ]]
    done
    leftovers
}

@test "podman: stop ends a running guest with 143 (SIGTERM), kill with 137; rm leaves nothing" {
    require_engine
    local t
    for t in $(targets); do
        stop_and_kill p "$t" "$(annot "$t")"
    done
    leftovers
}

# web_run TARGET NAME: static_web detached on the CNI network, its site
# bind-mounted as its block device.
web_run() {
    p 60 run -d --name "$2" "$(annot "$1")" --network ukvm-test \
        -v "$E/site.tar:/storage.img:ro" localhost/ukvm/static_web:both >/dev/null
}

ip_of() {
    p 10 inspect "$1" | jq -r '.[0].NetworkSettings.Networks["ukvm-test"].IPAddress'
}

@test "podman: static_web on both targets answers curl on its CNI address from the namespace; stop and start again" {
    require_engine
    local t ip mon
    for t in $(targets); do
        web_run "$t" "web-$t"
        ip=$(ip_of "web-$t")
        [[ "$ip" == 10.88.77.* ]]
        run http_first "$ip" 30
        [ "$status" -eq 0 ] || p 10 logs "web-$t"
        [[ "$output" == *"<title>static_web on ukvm"* ]]
        # The runtime's state, where leftovers looks for it.
        [ -f "$OCI_ROOT/$(p 10 inspect -f '{{.Id}}' "web-$t")/state.json" ]
        mon=ukvm
        [ "$t" = hvt ] || mon=ukvm-spt
        pgrep -af -- "$BUILD/$mon .*--ipv4=$ip/24" >/dev/null
        p 30 stop "web-$t" >/dev/null
        [ "$(p 10 inspect -f '{{.State.ExitCode}}' "web-$t")" = 143 ]
        p 30 start "web-$t" >/dev/null
        ip=$(ip_of "web-$t")
        run http_first "$ip" 30
        [ "$status" -eq 0 ]
        [[ "$output" == *"<title>static_web on ukvm"* ]]
        p 30 rm -f "web-$t" >/dev/null
    done
    leftovers
}

bench_ukvm_start() {
    web_run "$BENCH_T" "b$1"
}

bench_ukvm_stop() {
    p 30 rm -f "b$1" >/dev/null
}

bench_nginx_start() {
    runc_p 60 run -d --name "n$1" --network ukvm-test --ip "$BENCH_IP" ukvm-nginx /usr/sbin/nginx >/dev/null
}

bench_nginx_stop() {
    runc_p 30 rm -f "n$1" >/dev/null
}

@test "podman: start to first HTTP response: static_web under ukvm-oci, run directly, and nginx under runc" {
    require_engine
    BENCH_T=$(targets | head -1)
    bench "static_web on $BENCH_T, ukvm directly (tap on the bridge)" direct_start direct_stop "$DIRECT_IP"
    # host-local hands out addresses in turn: each run's is the next.
    BENCH_IP=10.88.77.200
    bench_ukvm_start_ip() {
        p 60 run -d --name "b$1" "$(annot "$BENCH_T")" --network ukvm-test --ip "$BENCH_IP" \
            -v "$E/site.tar:/storage.img:ro" localhost/ukvm/static_web:both >/dev/null
    }
    bench "static_web on $BENCH_T, podman + ukvm-oci" bench_ukvm_start_ip bench_ukvm_stop "$BENCH_IP"
    nginx_rootfs "$E/nginx"
    tar -C "$E/nginx" -c . | runc_p 60 import - ukvm-nginx >/dev/null
    bench "nginx, podman + runc" bench_nginx_start bench_nginx_stop "$BENCH_IP"
    leftovers
}
