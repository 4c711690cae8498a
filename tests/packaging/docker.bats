# SPDX-License-Identifier: ISC
# The Docker development environment (the Dockerfile, README "Docker"),
# built and run for real on Debian's Docker engine (docker.io), on both
# targets. No registry is needed: the Dockerfile's base image is made
# here, by debootstrap from the Debian archive apt uses (cached in
# $BUILD/docker/), and imported under the base's name.
#
# The engine is the test's own: containerd and dockerd run in a network
# namespace made for the test, with their data, sockets and state under
# one temporary directory, no bridge and no iptables rules; the client
# talks to them from inside that namespace. Containers get no network
# but their own loopback and the taps they make; every request goes from
# inside a container to a unikernel in it. teardown_file stops the
# engine and removes the containers, mounts, directory and namespace,
# also when a test failed (engines.bash, shared with the oci_* tests).
bats_require_minimum_version 1.5.0
load engines

DOCKER=/usr/bin/docker          # Debian's client, not one in /usr/local
DOCKERD=/usr/sbin/dockerd
IMAGE=ukvm
# Containers get no network but their own loopback: no bridge.
DOCKER_BIP=none

# dk SECONDS ARGS...: the docker client, in the test's namespace, bounded.
dk() {
    local t=$1
    shift
    in_ns "$t" "$DOCKER" "$@"
}

engine_start() {
    # Its own config file: none of the machine's /etc/docker/daemon.json,
    # and its key where the rest of it is, not in /etc/docker.
    echo "{ \"deprecated-key-path\": \"$E/key.json\" }" >"$E/daemon.json"
    containerd_start && dockerd_start
}

# The base image: Debian 12 with what building and running need
# (scripts/install-deps --list build), so that the image builds without
# network. The rootfs tarball is kept in $BUILD/docker/, named after its
# package list.
base_image() {
    local base pkgs key tarball mirror t0
    base=$(sed -n 's/^FROM[[:space:]]*//p' "$ROOT/Dockerfile" | head -1)
    [ -n "$base" ] || { echo "no FROM in $ROOT/Dockerfile" >&2; return 1; }
    pkgs=$("$ROOT/scripts/install-deps" --list build | LC_ALL=C sort | paste -sd, -)
    key=$(echo "bookworm minbase $pkgs" | sha256sum | cut -c1-12)
    tarball=$BUILD/docker/debian-12-$key.tar.gz
    if [ ! -f "$tarball" ]; then
        # The archive apt uses for bookworm's binaries; debootstrap's
        # default where apt names none.
        mirror=$(apt-get indextargets --format '$(REPO_URI)' 'Identifier: Packages' \
                 'Release: bookworm' 'Component: main' 2>/dev/null | head -1)
        t0=$SECONDS
        timeout 900 debootstrap --variant=minbase --include="$pkgs" bookworm \
            "$E/rootfs" ${mirror:+"$mirror"} >"$E/debootstrap.log" 2>&1 ||
            { tail -20 "$E/debootstrap.log" >&2; echo "debootstrap failed" >&2; return 1; }
        rm -rf "$E"/rootfs/var/cache/apt/archives/*.deb "$E"/rootfs/var/lib/apt/lists/*
        mkdir -p "$BUILD/docker"
        rm -f "$BUILD"/docker/debian-12-*.tar.gz
        tar -C "$E/rootfs" -c . | gzip -1 >"$tarball.tmp"
        mv "$tarball.tmp" "$tarball"
        rm -rf "$E/rootfs"
        note "debootstrap bookworm (minbase, $pkgs): $((SECONDS - t0)) s, kept in $tarball"
    else
        note "base image from $tarball (delete it for a fresh debootstrap)"
    fi
    t0=$SECONDS
    dk 300 import - "$base" <"$tarball" >/dev/null
    note "docker import as $base: $((SECONDS - t0)) s"
}

# The image, built from a throw-away context: the committed tree (with
# the working tree's changes to it), the checkout's lwIP, and two build
# outputs of a checkout that .dockerignore must keep out.
image_build() {
    local ctx=$E/context rev t0
    mkdir -p "$ctx/build/third_party"
    git -C "$ROOT" rev-parse --git-dir >/dev/null || { echo "$ROOT is not a git checkout" >&2; return 1; }
    # A commit of the working tree's changes, made without touching any
    # ref or file (empty where there are none).
    rev=$(git -C "$ROOT" -c user.name=docker.bats -c user.email=docker.bats@localhost stash create)
    git -C "$ROOT" archive "${rev:-HEAD}" | tar -x -C "$ctx"
    cp -a "$BUILD/third_party/lwip-2.1.3" "$ctx/build/third_party/"
    echo stale >"$ctx/build/ukvm"
    echo stale >"$ctx/build/stale-output"
    t0=$SECONDS
    # No network for the build: install-deps and fetch-lwip find
    # everything there already.
    DOCKER_BUILDKIT=0 dk 1500 build --network none --build-arg UKVM_DEPS=build \
        -t "$IMAGE" "$ctx" >"$E/build.log" 2>&1 ||
        { tail -40 "$E/build.log" >&2; echo "docker build failed" >&2; return 1; }
    note "docker build (make all apps guest-tests): $((SECONDS - t0)) s"
}

setup_file() {
    engine_init docker docker || return 0
    local f
    for f in "$DOCKER" "$DOCKERD" "$CONTAINERD" /usr/sbin/debootstrap; do
        [ -x "$f" ] || { echo "$f is missing: scripts/install-deps installs docker.io and debootstrap" >&2; return 1; }
    done
    [ -d "$BUILD/third_party/lwip-2.1.3" ] ||
        { echo "no lwIP in $BUILD/third_party (make apps fetches it)" >&2; return 1; }
    export DOCKER_HOST=unix://$E/docker.sock DOCKER_CONFIG=$E/client
    engine_start || return 0
    base_image
    image_build
}

teardown_file() {
    [ -n "${E:-}" ] || return 0
    local ids
    if [ -S "$E/docker.sock" ]; then
        ids=$(dk 30 ps -aq 2>/dev/null) || true
        [ -z "$ids" ] || dk 60 rm -f $ids >/dev/null 2>&1 || true
    fi
    engine_teardown dockerd.pid
}

# static_web TARGET: in a container, the app on a tap the container makes
# in its own network namespace (NET_ADMIN and /dev/net/tun, as the README
# says), and a GET / from inside the container, with bash's /dev/tcp.
static_web() {
    require_engine
    local dev=() tender=build/ukvm
    [ "$1" = hvt ] && dev=(--device /dev/kvm)
    [ "$1" = spt ] && tender=build/ukvm-spt
    run dk 180 run --rm --network none --cap-add NET_ADMIN --device /dev/net/tun \
        "${dev[@]}" -e UKVM_TARGET="$1" "$IMAGE" bash -c '
        set -e
        scripts/net-setup up --host >/dev/null
        timeout 60 make run APP=static_web ARGS=--net:service0=tap100 >/tmp/app.out 2>/tmp/app.err &
        for i in $(seq 300); do grep -qx ready /tmp/app.out && break; sleep 0.1; done
        cat /tmp/app.out /tmp/app.err
        grep -qx ready /tmp/app.out
        exec 3<>/dev/tcp/10.0.0.2/80
        printf "GET / HTTP/1.0\r\nHost: 10.0.0.2\r\n\r\n" >&3
        timeout 10 cat <&3'
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"run-app: $tender "*"--net:service0=tap100 build/apps/static_web.$1"* ]]
    [[ "$output" == *$'HTTP/1.1 200 OK\r'* ]]
    [[ "$output" == *"<title>static_web on ukvm"* ]]
}

@test "docker: the image has the tree built, the context's lwIP, none of the checkout's build outputs" {
    require_engine
    run dk 60 run --rm --network none "$IMAGE" sh -c '
        for f in build/ukvm build/ukvm-spt build/apps/static_web.hvt build/apps/static_web.spt; do
            echo "$f: $(od -An -c -N4 "$f" | tr -d " ")"
        done
        [ -e build/stale-output ] && echo "stale-output: there" || echo "stale-output: absent"
        cd build/third_party/lwip-2.1.3 &&
        echo "lwip: $(find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum)"'
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(grep -c ': 177ELF$' <<<"$output")" -eq 4 ]
    [[ "$output" == *"stale-output: absent"* ]]
    # The checkout's lwIP, file for file (its stamp too).
    local lwip
    lwip=$(cd "$BUILD/third_party/lwip-2.1.3" &&
           find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum)
    [[ "$output" == *"lwip: $lwip"* ]]
    # fetch-lwip found the tree: it said nothing (and had no network).
    [ "$(grep -c "fetch-lwip:" "$E/build.log")" -eq 0 ]
}

@test "docker: the image's default command (make run) says hello on hvt with --device /dev/kvm" {
    require_engine
    [ -z "${UKVM_NO_KVM:-}" ] || skip "UKVM_NO_KVM is set"
    [ -e /dev/kvm ] || skip "no /dev/kvm on this machine"
    run dk 120 run --rm --network none --device /dev/kvm "$IMAGE"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"build/ukvm build/tests/test_hello.hvt Hello from ukvm"* ]]
    [[ "$output" == *"Hello, World"* ]]
    [[ "$output" == *"cmdline: Hello from ukvm"* ]]
    [[ "$output" == *"SUCCESS"* ]]
}

@test "docker: make run says hello on spt with nothing but Docker's default seccomp profile" {
    require_engine
    run dk 120 run --rm --network none -e UKVM_TARGET=spt "$IMAGE" sh -c \
        'grep "^Seccomp:" /proc/self/status; exec make run'
    echo "$output"
    [ "$status" -eq 0 ]
    # 2: a seccomp filter (Docker's profile) was in force.
    [[ "$output" == *"Seccomp:"$'\t'"2"* ]]
    [[ "$output" == *"build/ukvm-spt build/tests/test_hello.spt Hello from ukvm"* ]]
    [[ "$output" == *"Hello, World"* ]]
    [[ "$output" == *"cmdline: Hello from ukvm"* ]]
    [[ "$output" == *"SUCCESS"* ]]
}

@test "docker: static_web on hvt answers GET / inside the container (NET_ADMIN, /dev/net/tun)" {
    [ -z "${UKVM_NO_KVM:-}" ] || skip "UKVM_NO_KVM is set"
    [ -e /dev/kvm ] || skip "no /dev/kvm on this machine"
    static_web hvt
}

@test "docker: static_web on spt answers GET / inside the container (NET_ADMIN, /dev/net/tun)" {
    static_web spt
}

@test "docker: ukvm-spt --dumpcore writes the core with no added capability (README)" {
    require_engine
    run dk 120 run --rm --network none "$IMAGE" sh -c '
        mkdir /tmp/cores
        build/ukvm-spt --dumpcore=/tmp/cores build/tests/test_exception.spt
        echo "status $?"
        ls /tmp/cores'
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"ukvm-spt: core dumped to /tmp/cores/test_exception.spt."* ]]
    [[ "$output" == *"status 132"* ]]     # SIGILL, as without Docker
    [[ "$output" =~ $'\n'test_exception\.spt\.[0-9a-f.]*core ]]
}
