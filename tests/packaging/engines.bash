# SPDX-License-Identifier: ISC
# What the engine tests (oci_*.bats, docker.bats) share: a network
# namespace made for the test, with the engine's daemons in it and their
# data, sockets and state under one temporary directory ($E); a CNI
# bridge in that namespace (containernetworking-plugins, config in $E);
# the images (scripts/oci-image); and a teardown that stops the daemons,
# unmounts and removes all of it, also after a failure.
#
# Network rule: every request goes from inside $NS (nsenter --net, not
# ip netns exec, which mounts a fresh /sys without the cgroups runc
# needs) to an address in $NS; nothing is routed out, no NAT.

CONTAINERD=/usr/bin/containerd
CTR=/usr/bin/ctr
CNI_BIN=/usr/lib/cni
# The CNI bridge in $NS: its subnet, and the gateway the bridge holds.
CNI_SUBNET=10.88.77.0/24
CNI_GATEWAY=10.88.77.1
DIRECT_IP=10.88.77.250

# in_ns SECONDS CMD...: CMD in the test's namespace, bounded.
in_ns() {
    local t=$1
    shift
    timeout "$t" nsenter --net="/run/netns/$NS" "$@"
}

# no_engine REASON: the engine cannot start here; each test skips,
# naming REASON (a skip in setup_file would not say why).
no_engine() {
    echo "$ENGINE cannot start here: $*" >"$BATS_FILE_TMPDIR/no-engine"
}

# At the start of each test: skips where the engine could not start.
require_engine() {
    [ ! -f "$BATS_FILE_TMPDIR/no-engine" ] || skip "$(cat "$BATS_FILE_TMPDIR/no-engine")"
}

require_kvm_here() {
    [ -z "${UKVM_NO_KVM:-}" ] || skip "UKVM_NO_KVM is set"
    [ -e /dev/kvm ] || skip "no /dev/kvm on this machine"
}

# targets: hvt (where KVM is and UKVM_NO_KVM is not set), then spt.
targets() {
    [ -e /dev/kvm ] && [ -z "${UKVM_NO_KVM:-}" ] && echo hvt
    echo spt
}

# A comment line in the TAP stream.
note() {
    echo "# $ENGINE: $*" >&3
}

# engine_init NAME [DIRNAME]: ROOT, BUILD, $E (/tmp/ukvm-DIRNAME.XXXXXX),
# $NS (ukvm-DIRNAME-PID, lo up); DIRNAME is oci-NAME unless given.
# Returns 1 (having called no_engine) where there is no root or no
# namespace.
engine_init() {
    ENGINE=$1
    local dirname=${2:-oci-$1}
    ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BUILD=${BUILD:-build}
    case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
    export ROOT BUILD ENGINE
    if [ "$(id -u)" -ne 0 ]; then
        no_engine "its engine needs root"
        return 1
    fi
    # Short: the daemons' socket paths must fit in 108 bytes.
    E=$(mktemp -d "/tmp/ukvm-$dirname.XXXXXX")
    NS=ukvm-$dirname-$$
    export E NS
    # Directories the daemons make in /run whatever their options say:
    # removed after, when they were not there before and are empty.
    RUN_DIRS=
    local d
    for d in /run/docker /run/containerd /run/containers /run/libpod /run/netns /run/ukvm-oci; do
        [ -e "$d" ] || RUN_DIRS="$RUN_DIRS $d"
    done
    export RUN_DIRS
    local why
    if ! why=$(ip netns add "$NS" 2>&1); then
        no_engine "no network namespace for its engine: ip netns add: $why"
        return 1
    fi
    ip -n "$NS" link set lo up
}

# containerd_start: Debian's containerd in $NS, everything under $E.
containerd_start() {
    cat >"$E/containerd.toml" <<EOF
version = 2
root = "$E/containerd/root"
state = "$E/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$E/containerd.sock"
[ttrpc]
  address = "$E/containerd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
EOF
    # fd 3 closed: bats waits for it, and the daemons must not hold it.
    nsenter --net="/run/netns/$NS" "$CONTAINERD" --config "$E/containerd.toml" \
        >"$E/containerd.log" 2>&1 3>&- &
    echo $! >"$E/containerd.pid"
    for _ in $(seq 300); do
        [ -S "$E/containerd.sock" ] && return 0
        sleep 0.1
    done
    no_engine "containerd: $(grep -E 'level=(error|fatal)' "$E/containerd.log" | tail -1)"
    return 1
}

# dockerd_start: Debian's dockerd in $NS on our containerd, its data,
# exec root and socket under $E, its config $E/daemon.json (which the
# caller writes), a bridge docker0 in $NS with DOCKER_BIP (no bridge
# where DOCKER_BIP is none) and no iptables rules, so no NAT.
dockerd_start() {
    local net=(--bip "$DOCKER_BIP")
    [ "$DOCKER_BIP" != none ] || net=(--bridge=none)
    nsenter --net="/run/netns/$NS" /usr/sbin/dockerd --config-file "$E/daemon.json" \
        --containerd "$E/containerd.sock" --data-root "$E/data" \
        --exec-root "$E/exec" --pidfile "$E/dockerd.pid" -H "unix://$E/docker.sock" \
        "${net[@]}" --iptables=false --ip6tables=false --ip-masq=false \
        >"$E/dockerd.log" 2>&1 3>&- &
    echo $! >"$E/dockerd.bgpid"
    for _ in $(seq 120); do
        in_ns 10 /usr/bin/docker -H "unix://$E/docker.sock" version >/dev/null 2>&1 && return 0
        kill -0 "$(cat "$E/dockerd.bgpid")" 2>/dev/null || break
        sleep 0.5
    done
    local why
    why=$(grep -E 'level=(error|fatal)|failed to start' "$E/dockerd.log" | tail -1)
    if [ -z "$why" ] && ! kill -0 "$(cat "$E/dockerd.bgpid")" 2>/dev/null; then
        why="exited: $(tail -3 "$E/dockerd.log" | tr -s "\n" " ")"
    fi
    no_engine "dockerd: ${why:-no answer within 60 s}"
    return 1
}

# stop_pid FILE: ends the process FILE names (TERM, then KILL after 30 s).
stop_pid() {
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 0
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 300); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

# engine_teardown [PIDFILES...]: stops the daemons (the files under $E
# naming their pids, then containerd), the shims of our containerd,
# unmounts what is under $E, removes $E, the namespaces we made and the
# /run directories the daemons made. Fails if anything is left.
engine_teardown() {
    [ -n "${E:-}" ] || return 0
    local p pid m
    for p in "$@" containerd.pid; do
        stop_pid "$E/$p"
    done
    # The runtime shims our containerd started (their command lines name
    # its socket, under our directory), should any outlive it.
    for pid in $(pgrep -f -- "$E/containerd.sock" 2>/dev/null); do
        kill -KILL "$pid" 2>/dev/null || true
    done
    # Monitors whose unikernel is under $E (ours), should any be left.
    for pid in $(pgrep -f -- "$E/" 2>/dev/null); do
        kill -KILL "$pid" 2>/dev/null || true
    done
    while read -r m; do
        umount -l "$m" 2>/dev/null || true
    done < <(awk -v d="$E/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
    # Container namespaces the test made (cni_netns), then the engine's.
    for m in $(ip netns list | awk -v p="$NS-" 'index($1, p) == 1 { print $1 }'); do
        ip netns del "$m" 2>/dev/null || true
    done
    rm -rf "$E"
    ip netns del "$NS" 2>/dev/null || true
    for m in $RUN_DIRS; do
        [ "$m" = /run/netns ] && continue
        rmdir "$m"/*/* "$m"/* "$m" 2>/dev/null || true
    done
    local left=0
    [ ! -e "$E" ] || { echo "$E is left" >&2; left=1; }
    if ip netns list | awk '{ print $1 }' | grep -qE "^$NS(-|\$)"; then
        echo "namespace $NS is left" >&2
        left=1
    fi
    return "$left"
}

# site: static_web's block device, an archive of its site, in $E/site.tar
# (bind-mounted at /storage.img, where ukvm-oci looks for the device).
site() {
    (cd "$ROOT/apps/static_web/site" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
        tar --format=ustar --no-recursion --owner=0 --group=0 -cf - -T -) >"$E/site.tar"
}

# images: the OCI images of the test guests and static_web, both targets
# in each (ukvm-oci picks hvt where /dev/kvm opens), in $E/img:
# localhost/ukvm/NAME:both for hello, sleep, ssp, static_web.
images() {
    local n t0=$SECONDS
    for n in hello sleep ssp; do
        timeout 120 "$ROOT/scripts/oci-image" --out "$E/img" \
            "$BUILD/tests/test_$n.hvt" "$BUILD/tests/test_$n.spt" >/dev/null || return 1
    done
    timeout 120 "$ROOT/scripts/oci-image" --out "$E/img" \
        "$BUILD/apps/static_web.hvt" "$BUILD/apps/static_web.spt" >/dev/null || return 1
    note "4 images (oci-image): $((SECONDS - t0)) s"
}

# cni_conf: a bridge network in $NS for the containers (bridge,
# host-local, loopback from containernetworking-plugins), config in $E/cni.
cni_conf() {
    mkdir -p "$E/cni" "$E/cni-state"
    cat >"$E/cni/10-ukvm.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "ukvm-test",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni-ukvm",
      "isGateway": true,
      "ipMasq": false,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$CNI_SUBNET", "gateway": "$CNI_GATEWAY" }]],
        "routes": [{ "dst": "0.0.0.0/0" }],
        "dataDir": "$E/cni-state"
      }
    }
  ]
}
EOF
}

# cni ADD|DEL NETNS ID: the bridge plugin run by hand on NETNS (a
# namespace under /run/netns), as ctr --cni would with /etc/cni/net.d,
# from inside $NS; ADD prints the address it gave.
cni() {
    local cmd=$1 netns=$2 id=$3 conf
    conf=$(jq -c '.plugins[0] + {cniVersion: .cniVersion, name: .name}' "$E/cni/10-ukvm.conflist")
    local out
    out=$(echo "$conf" | CNI_COMMAND=$cmd CNI_CONTAINERID=$id CNI_NETNS=/run/netns/$netns \
          CNI_IFNAME=eth0 CNI_PATH=$CNI_BIN in_ns 20 "$CNI_BIN/bridge") || { echo "$out" >&2; return 1; }
    [ "$cmd" != ADD ] || jq -r '.ips[0].address' <<<"$out" | cut -d/ -f1
}

# http_first IP SECONDS: polls http://IP/ from inside $NS until it
# answers (every 10 ms); prints the body. Fails after SECONDS.
http_first() {
    local ip=$1 n=$(($2 * 100))
    in_ns "$(($2 + 5))" bash -c '
        for i in $(seq '"$n"'); do
            curl -sf --max-time 1 "http://'"$ip"'/" && exit 0
            sleep 0.01
        done
        exit 1'
}

# ms: milliseconds since the epoch.
ms() {
    echo $(($(date +%s%N) / 1000000))
}

# stats LABEL MS...: "LABEL: median M ms, min N ms (K runs)" as a note.
stats() {
    local label=$1
    shift
    local sorted n
    sorted=($(printf '%s\n' "$@" | sort -n))
    n=${#sorted[@]}
    note "$label: median ${sorted[$((n / 2))]} ms, min ${sorted[0]} ms ($n runs)"
}

mounts_under_e() {
    awk -v d="$E/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | LC_ALL=C sort
}

# mounts_base: the engine's own mounts under $E, once it is up (no
# container's mounts are to outlast it).
mounts_base() {
    mounts_under_e >"$E/mounts.base"
    engine_netns >"$E/netns.base"
}

# The network namespaces engines name themselves (Podman's
# /run/netns/netns-UUID; ctr's and ours are $NS-NAME).
engine_netns() {
    ls /run/netns 2>/dev/null | grep '^netns-' | LC_ALL=C sort
}

# runs_monitor TARGET: a monitor of TARGET's (ukvm or ukvm-spt) runs,
# a child of our engine's shim or conmon (whose command line names $E).
runs_monitor() {
    local mon=ukvm pid
    [ "$1" = hvt ] || mon=ukvm-spt
    for pid in $(pgrep -f -- "^$BUILD/$mon "); do
        grep -qF -- "$E/" "/proc/$(awk '{ print $4 }' "/proc/$pid/stat" 2>/dev/null)/cmdline" 2>/dev/null &&
            return 0
    done
    echo "no $mon of ours runs"
    return 1
}

# stop_and_kill CLI TARGET RUN_ARGS...: with a docker-style client (d,
# p), the sleep guest on TARGET runs detached and logs; stop ends it with
# 143 (SIGTERM), start runs it again, kill ends it with 137, rm removes it.
stop_and_kill() {
    local cli=$1 t=$2 n=sleep-$2
    shift 2
    $cli 60 run -d --name "$n" "$@" localhost/ukvm/sleep:both >/dev/null
    for _ in $(seq 100); do $cli 10 logs "$n" | grep -q sleeping && break; sleep 0.1; done
    $cli 10 logs "$n" | grep -q sleeping
    [ "$($cli 10 inspect -f '{{.State.Status}}' "$n")" = running ]
    runs_monitor "$t"
    $cli 30 stop -t 10 "$n" >/dev/null
    [ "$($cli 10 inspect -f '{{.State.ExitCode}}' "$n")" = 143 ]
    $cli 30 start "$n" >/dev/null
    for _ in $(seq 100); do [ "$($cli 10 logs "$n" | grep -c sleeping)" -eq 2 ] && break; sleep 0.1; done
    $cli 30 kill "$n" >/dev/null
    $cli 30 wait "$n" >/dev/null
    [ "$($cli 10 inspect -f '{{.State.ExitCode}}' "$n")" = 137 ]
    $cli 30 rm "$n" >/dev/null
}

# leftovers: what no container should leave once all are deleted: a
# monitor of ours, a tap in $NS or a container's namespace, a mount
# under $E that was not there once the engine was up (mounts_base), a
# container's state directory under the runtime's root. Prints them;
# fails if there is any.
leftovers() {
    local left=0 out
    # Monitors (of any engine: other tests may run theirs) whose parent,
    # the shim or conmon, names $E: ours.
    local pid
    for pid in $(pgrep -f -- "^$BUILD/ukvm(-spt)? "); do
        grep -qF -- "$E/" "/proc/$(awk '{ print $4 }' "/proc/$pid/stat" 2>/dev/null)/cmdline" 2>/dev/null &&
            { echo "process: $(tr '\0' ' ' <"/proc/$pid/cmdline")"; left=1; }
    done
    local ns
    for ns in $(ip netns list | awk -v n="$NS" '$1 == n || index($1, n "-") == 1 { print $1 }'); do
        out=$(ip -n "$ns" -o link show | grep -oE ': ukvm[0-9a-f]{8}') &&
            { echo "taps in $ns: $out"; left=1; }
    done
    out=$(mounts_under_e | LC_ALL=C comm -13 "$E/mounts.base" -) &&
        [ -n "$out" ] && { echo "mounts: $out"; left=1; }
    out=$(engine_netns | LC_ALL=C comm -13 "$E/netns.base" -) &&
        [ -n "$out" ] && { echo "namespaces: $out"; left=1; }
    # Under the runtime's --root: a directory for each containerd
    # namespace, in it one for each container. A root of our own must be
    # empty; in a shared one (ukvm-oci's default, /run/ukvm-oci), no
    # container whose bundle is under $E may be left.
    local r=${OCI_ROOT:-$E/oci-root}
    case $r in
    "$E"/*) out=$(find "$r" -mindepth 2 -maxdepth 2 2>/dev/null) || true ;;
    *) out=$(find "$r" -mindepth 2 -maxdepth 3 -name state.json -exec grep -lF "$E/" {} + 2>/dev/null) || true ;;
    esac
    [ -z "$out" ] || { echo "state: $out"; left=1; }
    return "$left"
}

# nginx_rootfs DIR: a root filesystem of the host's nginx (nginx-light)
# and its libraries, serving static_web's index.html on port 80 in the
# foreground: the runc container to compare with. No image, no registry.
nginx_rootfs() {
    local d=$1 lib
    mkdir -p "$d"/{usr/sbin,etc/nginx,var/www,var/log/nginx,var/lib/nginx,tmp,run,proc,dev,sys}
    cp /usr/sbin/nginx "$d/usr/sbin/"
    for lib in $(ldd /usr/sbin/nginx | grep -o '/[^ ]*'); do
        cp --parents -L "$lib" "$d"
    done
    echo 'root:x:0:0:root:/:/usr/sbin/nginx' >"$d/etc/passwd"
    echo 'root:x:0:' >"$d/etc/group"
    cat >"$d/etc/nginx/nginx.conf" <<'CONF'
user root;
worker_processes 1;
daemon off;
error_log stderr;
pid /tmp/nginx.pid;
events { worker_connections 64; }
http { access_log off; server { listen 80; root /var/www; } }
CONF
    cp "$ROOT/apps/static_web/site/index.html" "$d/var/www/"
}

# direct_start: static_web on ukvm (hvt where KVM is, else spt) run
# directly, no engine: a tap in $NS on the CNI bridge, the guest at
# $DIRECT_IP (outside what host-local hands out first).
direct_start() {
    local mon=$BUILD/ukvm t=hvt
    [ -e /dev/kvm ] && [ -z "${UKVM_NO_KVM:-}" ] || { mon=$BUILD/ukvm-spt; t=spt; }
    local br=${BRIDGE:-cni-ukvm}
    # The CNI bridge is made by the first container on it: before any,
    # made here as the bridge plugin makes it (the gateway's address, up).
    if ! ip -n "$NS" link show "$br" >/dev/null 2>&1; then
        ip -n "$NS" link add "$br" type bridge
        ip -n "$NS" addr add "$CNI_GATEWAY/24" dev "$br"
        ip -n "$NS" link set "$br" up
    fi
    ip -n "$NS" tuntap add dev tapdirect mode tap
    ip -n "$NS" link set tapdirect master "$br" up
    nsenter --net="/run/netns/$NS" "$mon" --net:service0=tapdirect \
        --block:storage="$E/site.tar" -- "$BUILD/apps/static_web.$t" \
        --ipv4="$DIRECT_IP/24" >"$E/direct.out" 2>&1 3>&- &
    echo $! >"$E/direct.pid"
}

direct_stop() {
    stop_pid "$E/direct.pid"
    grep -q ready "$E/direct.out" || cat "$E/direct.out"
    ip -n "$NS" link del tapdirect 2>/dev/null || true
}

# bench LABEL START STOP IP: START (a command) RUNS times, the time from
# it to the first answer of GET http://IP/ from inside $NS, which must be
# static_web's index.html; STOP after each. Notes median and min.
bench() {
    local label=$1 start=$2 stop=$3 ip=$4 i t0 t1 body times=()
    for i in $(seq "${RUNS:-5}"); do
        t0=$(ms)
        $start "$i" || return 1
        body=$(http_first "$ip" 30) || { echo "$label: no answer on $ip" >&2; $stop "$i"; return 1; }
        t1=$(ms)
        $stop "$i"
        [[ "$body" == *"<title>static_web on ukvm"* ]] || { echo "$label: $body" >&2; return 1; }
        times+=($((t1 - t0)))
    done
    stats "$label" "${times[@]}"
}
