# SPDX-License-Identifier: ISC
# ukvm-oci's networking (oci/net.c), through its driver oci-net-attach:
# a "pod" namespace set up as CNI does (a veth eth0 with 10.66.0.5/24 and a
# default route via 10.66.0.1), its peer in a second namespace acting as
# the host's bridge side. The tap is attached inside the pod, static_web
# runs on it with the pod's MAC and address, and every request comes from
# the host-side namespace. Both namespaces are this test's own and are
# deleted in teardown, whatever happened.
load helpers
load netns

ATTACH=$BUILD/tests/oci-net-attach
APP=$BUILD/apps/static_web.$TARGET
POD_IP=10.66.0.5

setup() {
    netns_require
    command -v tc >/dev/null || skip "needs tc (iproute2)"
    command -v curl >/dev/null || skip "needs curl"
    command -v nsenter >/dev/null || skip "needs nsenter (util-linux)"
    [ -x "$ATTACH" ] || { echo "$ATTACH is missing: make all"; return 1; }
    [ -f "$APP" ] || { echo "$APP is missing: make apps"; return 1; }
    POD=ukvm-ocipod-$$-$BATS_TEST_NUMBER
    HOSTNS=ukvm-ocihost-$$-$BATS_TEST_NUMBER
    GUEST_PID=
    ip netns add "$POD"
    ip netns add "$HOSTNS"
    ip -n "$POD" link set lo up
    ip -n "$HOSTNS" link set lo up
    ip -n "$HOSTNS" link add name veth-pod type veth peer name eth0 netns "$POD"
    for ns in "$POD" "$HOSTNS"; do
        ip netns exec "$ns" sh -c 'echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6' \
            2>/dev/null || true
    done
    ip -n "$HOSTNS" addr add 10.66.0.1/24 dev veth-pod
    ip -n "$HOSTNS" link set veth-pod up
    # static_web's manifest declares a block device: an archive of the site.
    IMG=$BATS_TEST_TMPDIR/site.tar
    (cd "$ROOT/apps/static_web/site" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
        tar --format=ustar --no-recursion --owner=0 --group=0 -cf - -T -) >"$IMG"
}

teardown() {
    local left=0
    if [ -n "${GUEST_PID:-}" ]; then
        kill "$GUEST_PID" 2>/dev/null || true
        wait "$GUEST_PID" 2>/dev/null || true
    fi
    ip netns del "$POD" 2>/dev/null || true
    ip netns del "$HOSTNS" 2>/dev/null || true
    for ns in "$POD" "$HOSTNS"; do
        if ip netns list | awk '{ print $1 }' | grep -qxF "$ns"; then
            echo "namespace $ns is left" >&2
            left=1
        fi
    done
    return "$left"
}

# The pod end as CNI leaves it: address, up, default route.
pod_cni() {
    ip -n "$POD" addr add "$POD_IP/24" dev eth0
    ip -n "$POD" link set eth0 up
    ip -n "$POD" route add default via 10.66.0.1
}

# In the pod's network namespace only, as ukvm-oci runs there (setns):
# /sys stays the host's, unlike under ip netns exec, so nothing may rely
# on it. pod_sys reads the pod's own /sys, for the checks.
pod() { nsenter --net="/var/run/netns/$POD" "$@"; }
pod_sys() { ip netns exec "$POD" cat "/sys/class/net/$1"; }
from_host() { ip netns exec "$HOSTNS" "$@"; }

# attach TAP: runs the driver in the pod; its key=value lines become
# variables (A_ifname, A_mac, A_addr, A_gw, A_mtu).
attach() {
    run --separate-stderr pod timeout 30 "$ATTACH" attach "$1"
    show
    [ "$status" -eq 0 ]
    eval "$(sed -n 's/^\([a-z]*\)=\([0-9A-Za-z:./_-]*\)$/A_\1=\2/p' <<<"$output")"
}

# start COMMAND...: in the pod, in the background (120 s at most), until
# static_web prints "ready".
start() {
    OUT=$BATS_TEST_TMPDIR/guest.out
    ERR=$BATS_TEST_TMPDIR/guest.err
    # Not through the function pod: $! would be a subshell, which a kill
    # ends without its child. nsenter execs timeout, which passes a
    # SIGTERM on to the monitor.
    nsenter --net="/var/run/netns/$POD" timeout 120 "$@" >"$OUT" 2>"$ERR" 3>&- &
    GUEST_PID=$!
    for _ in $(seq 100); do
        grep -qx ready "$OUT" 2>/dev/null && return 0
        kill -0 "$GUEST_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "static_web did not get ready:"
    cat "$OUT" "$ERR"
    return 1
}

# stop: SIGTERM to the monitor, which must end with 143 (stopped by it).
stop() {
    local rc=0
    kill "$GUEST_PID"
    wait "$GUEST_PID" || rc=$?
    GUEST_PID=
    cat "$OUT" "$ERR"
    [ "$rc" -eq 143 ]
    grep -q "stopped by Terminated" "$ERR"
}

# The site's front page and a ping, from the host side to the pod's IP.
site_answers() {
    run from_host timeout 30 ping -c 2 -W 2 "$POD_IP"
    echo "$output"
    [[ "$output" == *"2 received"* ]]
    run from_host curl -sS -m 10 -i "http://$POD_IP/"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == "HTTP/1.1 200 OK"* ]]
    # The site's index.html itself, byte for byte.
    run from_host curl -sS -m 10 "http://$POD_IP/"
    [ "$output" = "$(cat "$ROOT/apps/static_web/site/index.html")" ]
}

# What attach made, gone: no tap, no qdisc or filter on eth0.
nothing_left() {
    run pod ip -o link show
    echo "$output"
    [[ "$output" != *"$1"* ]]
    run pod tc qdisc show dev eth0
    echo "$output"
    [[ "$output" != *ingress* ]]
    run pod tc filter show dev eth0 ingress
    [ -z "$output" ]
}

@test "oci net: attach takes eth0's MAC, address, gateway and MTU, and joins a tap of that MTU both ways" {
    ip -n "$POD" link set eth0 mtu 1400
    pod_cni
    attach tap0
    [ "$A_ifname" = eth0 ]
    [ "$A_mac" = "$(pod_sys eth0/address)" ]
    [ "$A_addr" = "$POD_IP/24" ]
    [ "$A_gw" = 10.66.0.1 ]
    [ "$A_mtu" = 1400 ]
    [ "$(pod_sys tap0/mtu)" = 1400 ]
    pod_sys tap0/tun_flags
    run pod tc filter show dev eth0 ingress
    echo "$output"
    [[ "$output" == *"Egress Redirect to device tap0"* ]]
    run pod tc filter show dev tap0 ingress
    echo "$output"
    [[ "$output" == *"Egress Redirect to device eth0"* ]]
    # The address stays on eth0 (the engine's CNI teardown finds it there).
    run pod ip -4 -o addr show dev eth0
    [[ "$output" == *"inet $POD_IP/24"* ]]
}

@test "oci net: of several interfaces and addresses, the default route's interface and its primary address" {
    pod_cni
    ip -n "$POD" addr add 10.66.0.9/24 dev eth0    # a secondary address
    ip -n "$POD" link add name net1 type veth peer name net1-peer
    ip -n "$POD" addr add 10.67.0.5/24 dev net1
    ip -n "$POD" link set net1 up
    ip -n "$POD" link set net1-peer up
    attach tap0
    [ "$A_ifname" = eth0 ]
    [ "$A_addr" = "$POD_IP/24" ]
    [ "$A_gw" = 10.66.0.1 ]
    pod timeout 30 "$ATTACH" detach eth0 tap0
    # The default route by net1: net1, though eth0 has the lower index.
    ip -n "$POD" route del default
    ip -n "$POD" route add default via 10.67.0.1 dev net1
    attach tap0
    [ "$A_ifname" = net1 ]
    [ "$A_addr" = 10.67.0.5/24 ]
    [ "$A_gw" = 10.67.0.1 ]
    pod timeout 30 "$ATTACH" detach net1 tap0
    # No default route: the lowest index, and no gateway.
    ip -n "$POD" route del default
    attach tap0
    [ "$A_ifname" = eth0 ]
    [ "$A_addr" = "$POD_IP/24" ]
    [ -z "$A_gw" ]
    pod timeout 30 "$ATTACH" detach eth0 tap0
    nothing_left tap0
}

@test "oci net: while attached, the pod namespace's own stack no longer answers for the pod's IP" {
    pod_cni
    run from_host timeout 30 ping -c 1 -W 2 "$POD_IP"
    [[ "$output" == *"1 received"* ]]   # before: the namespace's kernel answers
    attach tap0
    from_host ip neigh flush dev veth-pod
    # No guest on the tap: nothing may answer, not even ARP.
    run from_host timeout 30 ping -c 2 -W 1 "$POD_IP"
    echo "$output"
    [[ "$output" == *" 0 received"* ]]
    # They went to the tap: the redirect's own count.
    run pod tc -s filter show dev eth0 ingress
    echo "$output"
    [ "$(sed -n 's/.*Sent [0-9]* bytes \([0-9]*\) pkt.*/\1/p' <<<"$output")" -gt 0 ]
}

@test "oci net: static_web on the tap by name answers on the pod's IP; detach leaves nothing" {
    pod_cni
    attach tap0
    start "$UKVM" --net:service0=tap0 --net-mac:service0="$A_mac" \
        --block:storage="$IMG" "$APP" --ipv4="$A_addr" --ipv4-gateway="$A_gw"
    grep -qx "service0: mac $A_mac ipv4 $A_addr gateway $A_gw" "$OUT"
    site_answers
    stop
    pod timeout 30 "$ATTACH" detach eth0 tap0
    nothing_left tap0
    # Twice is no error.
    pod timeout 30 "$ATTACH" detach eth0 tap0
    # And the namespace's own stack answers again.
    run from_host timeout 30 ping -c 1 -W 2 "$POD_IP"
    [[ "$output" == *"1 received"* ]]
}

@test "oci net: static_web on the tap as a descriptor (--net:service0=@FD) answers on the pod's IP" {
    local vnet=--vnet
    pod_cni
    # Offloads withheld: the guest must not get virtio-net headers.
    [ -z "${UKVM_WITHHOLD_FEATURES:-}" ] || vnet=
    start "$ATTACH" exec tap7 $vnet -- "$UKVM" --net:service0=@{fd} \
        --net-mac:service0={mac} --block:storage="$IMG" "$APP" \
        --ipv4={addr} --ipv4-gateway={gw}
    grep -qx "service0: mac $(pod_sys eth0/address) ipv4 $POD_IP/24 gateway 10.66.0.1" "$OUT"
    site_answers
    # 80 KiB, many segments each way through the redirects, byte for byte.
    from_host curl -sS -m 20 -o "$BATS_TEST_TMPDIR/big.txt" "http://$POD_IP/big.txt"
    cmp "$BATS_TEST_TMPDIR/big.txt" "$ROOT/apps/static_web/site/big.txt"
    stop
    pod timeout 30 "$ATTACH" detach eth0 tap7
    nothing_left tap7
}

@test "oci net: with no default route the guest gets no gateway and still answers on its subnet" {
    ip -n "$POD" addr add "$POD_IP/24" dev eth0
    ip -n "$POD" link set eth0 up
    attach tap0
    [ -z "$A_gw" ]
    pod timeout 30 "$ATTACH" detach eth0 tap0
    # As ukvm-oci passes it: --ipv4-gateway=0.0.0.0, not the library OS's default.
    start "$ATTACH" exec tap0 -- "$UKVM" --net:service0=@{fd} --net-mac:service0={mac} \
        --block:storage="$IMG" "$APP" --ipv4={addr} --ipv4-gateway={gw}
    grep -qx "service0: mac $(pod_sys eth0/address) ipv4 $POD_IP/24" "$OUT"
    site_answers
    stop
    pod timeout 30 "$ATTACH" detach eth0 tap0
    nothing_left tap0
}

@test "oci net: no interface with an IPv4 address is no networking: exit 1, nothing made" {
    ip -n "$POD" link set eth0 up    # up, but no IPv4 address
    run --separate-stderr pod timeout 30 "$ATTACH" attach tap0
    show
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"no interface with an IPv4 address"* ]]
    nothing_left tap0
}

@test "oci net: a tap name already in use is refused and that interface is left alone" {
    pod_cni
    ip -n "$POD" tuntap add tap0 mode tap
    run --separate-stderr pod timeout 30 "$ATTACH" attach tap0
    show
    [ "$status" -eq 2 ]
    [ "${#lines[@]}" -eq 0 ]
    [ "$stderr" = "oci-net-attach: tap tap0: cannot create it: an interface has that name" ]
    pod_sys tap0/tun_flags
    run pod tc qdisc show dev eth0
    [[ "$output" != *ingress* ]]
}

@test "oci net: a foreign ingress qdisc on eth0 is an error, and is kept" {
    pod_cni
    pod tc qdisc add dev eth0 ingress
    run --separate-stderr pod timeout 30 "$ATTACH" attach tap0
    show
    [ "$status" -eq 2 ]
    [[ "$stderr" == "oci-net-attach: tc qdisc add dev eth0 ingress: "* ]]
    # Undone: no tap; the engine's qdisc is still there.
    run pod ip -o link show
    [[ "$output" != *tap0* ]]
    run pod tc qdisc show dev eth0
    [[ "$output" == *ingress* ]]
}

@test "oci net: a bad tap name is refused before anything is made" {
    pod_cni
    run --separate-stderr pod timeout 30 "$ATTACH" attach "tap/0"
    show
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"tap name 'tap/0': 1 to 15 letters"* ]]
    nothing_left tap
}
