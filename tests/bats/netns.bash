# SPDX-License-Identifier: ISC
# Network tests: each test gets its own network namespace with its own
# taps, runs ukvm inside it and sends traffic only from inside it, so
# nothing ever leaves the namespace. netns_teardown (called from the
# test file's teardown()) stops ukvm, deletes the namespace and checks
# that nothing the test created is left, even when the test failed.
#
#   setup()    { netns_setup; netns_add_tap tap0 10.0.0.1/24; }
#   teardown() { netns_teardown; }

# Skips unless we may create namespaces and taps and have the tools.
netns_require() {
    require_kvm
    [ "$(id -u)" -eq 0 ] || skip "network tests need root (namespaces and taps)"
    command -v ip >/dev/null || skip "network tests need ip (iproute2)"
    command -v ping >/dev/null || skip "network tests need ping (iputils-ping)"
    [ -c /dev/net/tun ] || skip "network tests need /dev/net/tun"
}

# Creates this test's namespace $NS with the loopback up.
netns_setup() {
    netns_require
    NS=ukvm-test-$$-$BATS_TEST_NUMBER
    NS_TAPS=()
    UKVM_PID=
    ip netns add "$NS"
    ip -n "$NS" link set lo up
}

# netns_add_tap NAME ADDR/PREFIX: a tap in $NS with the host side's address.
netns_add_tap() {
    local tap=$1 addr=$2

    # Remember whether the host has a link of that name, to check after.
    if ip link show "$tap" >/dev/null 2>&1; then
        NS_TAPS+=("$tap:host-has-one")
    else
        NS_TAPS+=("$tap:")
    fi
    ip -n "$NS" tuntap add "$tap" mode tap
    # No IPv6 chatter (router solicitations, DAD) on the test link.
    ip netns exec "$NS" sh -c "echo 1 >/proc/sys/net/ipv6/conf/$tap/disable_ipv6" \
        2>/dev/null || true
    ip -n "$NS" addr add "$addr" dev "$tap"
    ip -n "$NS" link set "$tap" up
}

# Runs a command inside the namespace.
netns_exec() {
    ip netns exec "$NS" "$@"
}

# netns_guest NAME [ukvm options] [-- guest args]: runs a test unikernel in
# $NS to its end, like guest() in helpers.bash.
netns_guest() {
    local name=$1
    shift
    local opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
    [ "${1:-}" = "--" ] && shift
    run --separate-stderr ip netns exec "$NS" timeout 60 \
        "$UKVM" "${opts[@]}" "$T/test_$name.$TARGET" "$@"
}

# netns_start NAME [ukvm options] [-- guest args]: starts a test unikernel
# in $NS in the background (at most 120 s) and waits until it prints
# "ready". Its output goes to $UKVM_OUT and $UKVM_ERR.
netns_start() {
    local name=$1
    shift
    local opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
    [ "${1:-}" = "--" ] && shift
    netns_start_cmd "$UKVM" "${opts[@]}" "$T/test_$name.$TARGET" "$@"
}

# netns_start_cmd COMMAND...: as netns_start, for any command in $NS.
netns_start_cmd() {
    UKVM_OUT=$BATS_TEST_TMPDIR/ukvm.out
    UKVM_ERR=$BATS_TEST_TMPDIR/ukvm.err
    # fd 3 closed: bats waits for it, and the guest must not hold it.
    ip netns exec "$NS" timeout 120 "$@" >"$UKVM_OUT" 2>"$UKVM_ERR" 3>&- &
    UKVM_PID=$!
    for _ in $(seq 100); do
        grep -q '^ready$' "$UKVM_OUT" 2>/dev/null && return 0
        if ! kill -0 "$UKVM_PID" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    echo "the guest did not get ready:"
    cat "$UKVM_OUT" "$UKVM_ERR"
    return 1
}

# netns_wait: waits (at most 30 s) for the background guest to end; sets
# status, output and stderr as run does.
netns_wait() {
    local pid=$UKVM_PID
    for _ in $(seq 300); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    status=0
    wait "$pid" || status=$?
    UKVM_PID=
    output=$(cat "$UKVM_OUT")
    stderr=$(cat "$UKVM_ERR")
    mapfile -t lines <<<"$output"
}

# The guest's MAC address, as it printed it ("service0: mac ..."), or none.
netns_guest_mac() {
    sed -n "s/^$1: mac \([0-9a-f:]*\) .*/\1/p" "$UKVM_OUT"
}

# Stops ukvm, deletes the namespace, and fails if anything is left.
netns_teardown() {
    [ -n "${NS:-}" ] || return 0
    if [ -n "${UKVM_PID:-}" ]; then
        kill "$UKVM_PID" 2>/dev/null || true
        wait "$UKVM_PID" 2>/dev/null || true
        UKVM_PID=
    fi
    if [ -n "${CAPTURE_PID:-}" ]; then
        kill "$CAPTURE_PID" 2>/dev/null || true
        wait "$CAPTURE_PID" 2>/dev/null || true
        CAPTURE_PID=
    fi
    local left=0 t
    for t in "${NS_TAPS[@]}"; do
        ip -n "$NS" link del "${t%%:*}" 2>/dev/null || true
    done
    ip netns del "$NS" 2>/dev/null || true
    if ip netns list | awk '{ print $1 }' | grep -qxF "$NS"; then
        echo "namespace $NS is left" >&2
        left=1
    fi
    for t in "${NS_TAPS[@]}"; do
        if [ -z "${t#*:}" ] && ip link show "${t%%:*}" >/dev/null 2>&1; then
            echo "tap ${t%%:*} is left on the host" >&2
            left=1
        fi
    done
    NS=
    return "$left"
}

# netns_ping_jumbo_whole: on tap0 of MTU 9000, three 9000-byte pings to
# the guest at 10.0.0.2 are answered, and the tap's counters show three
# whole 9014-byte frames each way: nothing fragmented, split or cut.
netns_ping_jumbo_whole() {
    local d=/sys/class/net/tap0/statistics out0 outb0 in0 inb0 out1 outb1 in1 inb1
    # ARP first, so that only the pings below cross the tap while counted.
    run netns_exec timeout 30 ping -c 1 -W 2 10.0.0.2
    [[ "$output" == *"1 received"* ]]
    read -r out0 outb0 in0 inb0 < <(echo $(netns_exec cat $d/rx_packets $d/rx_bytes \
                                           $d/tx_packets $d/tx_bytes))
    # 8972 bytes of data: 9000-byte IP packets, which -M do forbids the
    # host to fragment.
    run netns_exec timeout 30 ping -c 3 -i 0.2 -W 2 -s 8972 -M do 10.0.0.2
    echo "$output"
    [[ "$output" == *"3 packets transmitted, 3 received"* ]]
    [ "$(grep -c '^8980 bytes from 10.0.0.2' <<<"$output")" -eq 3 ]
    read -r out1 outb1 in1 inb1 < <(echo $(netns_exec cat $d/rx_packets $d/rx_bytes \
                                           $d/tx_packets $d/tx_bytes))
    echo "to the guest: $((in1 - in0)) frames, $((inb1 - inb0)) bytes;" \
        "from it: $((out1 - out0)) frames, $((outb1 - outb0)) bytes"
    [ $((in1 - in0)) -eq 3 ] && [ $((inb1 - inb0)) -eq $((3 * 9014)) ]
    [ $((out1 - out0)) -eq 3 ] && [ $((outb1 - outb0)) -eq $((3 * 9014)) ]
}

# netns_capture_start TAP: tcpdump (headers only) on TAP in $NS, into
# $CAPTURE, until netns_capture_stop.
netns_capture_start() {
    command -v tcpdump >/dev/null || skip "needs tcpdump"
    CAPTURE=$BATS_TEST_TMPDIR/$1.pcap
    # -Z root: Debian's tcpdump would write as user tcpdump, which may
    # not write in the test's directory; --immediate-mode: packets still
    # in its ring buffer when it is stopped would be lost.
    ip netns exec "$NS" timeout 300 tcpdump -Z root -i "$1" -n -s 128 -U --immediate-mode \
        -w "$CAPTURE" 2>"$CAPTURE.log" 3>&- &
    CAPTURE_PID=$!
    for _ in $(seq 100); do
        grep -q "listening on" "$CAPTURE.log" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "tcpdump did not start: $(cat "$CAPTURE.log")"
    return 1
}

# netns_capture_stop: ends the capture; sets CAPTURE_IP (IPv4 packets
# seen), CAPTURE_FRAGMENTS (those with More Fragments or an offset) and
# CAPTURE_LARGEST (the longest IP packet: a segment not yet cut on its
# way from the guest, or coalesced on its way to it).
netns_capture_stop() {
    kill -INT "$CAPTURE_PID" 2>/dev/null || true
    wait "$CAPTURE_PID" 2>/dev/null || true
    CAPTURE_PID=
    CAPTURE_IP=$(tcpdump -r "$CAPTURE" -n ip 2>/dev/null | wc -l)
    CAPTURE_FRAGMENTS=$(tcpdump -r "$CAPTURE" -n 'ip[6:2] & 0x3fff != 0' 2>/dev/null | wc -l)
    CAPTURE_LARGEST=$(tcpdump -r "$CAPTURE" -n -v ip 2>/dev/null |
        sed -n 's/.*, length \([0-9]*\))$/\1/p' | sort -n | tail -1)
    echo "capture on the tap: $CAPTURE_IP IPv4 packets, $CAPTURE_FRAGMENTS fragments," \
        "largest IP packet ${CAPTURE_LARGEST:-none} bytes; tcpdump: $(tr '\n' ' ' <"$CAPTURE.log")"
}
