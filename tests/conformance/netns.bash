# SPDX-License-Identifier: ISC
# The harness's network namespace (its plain-bash cases; the bats tests
# bring their own, tests/bats/netns.bash). Made on first use, with taps
# inside it only; every guest on a tap runs in it and every ping is sent
# from inside it, so nothing leaves it. ns_cleanup (the harness's EXIT
# trap) stops what still runs in it and deletes it, even after a failure
# or an interruption.

NS=             # set once the namespace exists
NS_PIDS=()      # background tenders started in it

# ns_usable: prints why network cases cannot run here, if they cannot.
ns_usable() {
    [ "$(id -u)" -eq 0 ] || { echo "needs root (network namespace and taps)"; return; }
    local t
    for t in ip ping; do
        command -v $t >/dev/null || { echo "needs $t"; return; }
    done
    [ -c /dev/net/tun ] || echo "needs /dev/net/tun"
}

# ns_up: creates the namespace (once), loopback up.
ns_up() {
    [ -z "$NS" ] || return 0
    NS=ukvm-conformance-$$
    ip netns add "$NS" || { NS=; return 1; }
    ip -n "$NS" link set lo up
}

# ns_tap NAME ADDR/PREFIX: a tap in the namespace, up, with the host
# side's address (once per name).
ns_tap() {
    ip -n "$NS" link show "$1" >/dev/null 2>&1 && return 0
    ip -n "$NS" tuntap add "$1" mode tap || return 1
    # No IPv6 chatter (router solicitations, DAD) on the test link.
    ip netns exec "$NS" sh -c "echo 1 >/proc/sys/net/ipv6/conf/$1/disable_ipv6" 2>/dev/null
    ip -n "$NS" addr add "$2" dev "$1" && ip -n "$NS" link set "$1" up
}

ns_exec() {
    ip netns exec "$NS" "$@"
}

# ns_start PREFIX SECONDS CMD...: CMD in the namespace in the background,
# at most SECONDS, output in PREFIX.out/.err; sets BG_PID.
ns_start() {
    local prefix=$1 secs=$2
    shift 2
    ip netns exec "$NS" timeout -k 5 "$secs" "$@" >"$prefix.out" 2>"$prefix.err" </dev/null &
    BG_PID=$!
    NS_PIDS+=("$BG_PID")
}

# ns_wait PID SECONDS: waits for PID to end, at most SECONDS; sets STATUS
# (or returns 1 if it is still running).
ns_wait() {
    local pid=$1 i
    for ((i = 0; i < $2 * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && return 1
    STATUS=0
    wait "$pid" || STATUS=$?
}

# ns_stop PID: SIGTERM, then waits; sets STATUS.
ns_stop() {
    kill -TERM "$1" 2>/dev/null
    STATUS=0
    wait "$1" 2>/dev/null || STATUS=$?
}

ns_cleanup() {
    local pid
    for pid in "${NS_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null
    done
    [ -n "$NS" ] || return 0
    # Whatever still runs in the namespace is ours: stop it, then delete it.
    for pid in $(ip netns pids "$NS" 2>/dev/null); do
        kill -KILL "$pid" 2>/dev/null
    done
    for pid in "${NS_PIDS[@]}"; do
        wait "$pid" 2>/dev/null
    done
    ip netns del "$NS" 2>/dev/null
    if ip netns list | awk '{ print $1 }' | grep -qxF "$NS"; then
        echo "# conformance: could not delete network namespace $NS" >&2
    fi
    NS=
}
