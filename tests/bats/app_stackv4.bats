# SPDX-License-Identifier: ISC
# stackv4 (apps/stackv4): lwIP on ukvm answering ping and echoing TCP on
# port 8080. Every test runs the app in its own network namespace
# (netns.bash) and sends traffic only from inside it; the clients are
# tests/bats/stackv4_client.py, bounded in time.
#
# STACKV4_BULK_BYTES sets the bulk echo's size: 1 MiB by default, a few
# seconds under an emulating KVM (PVM); the spt target runs 10 MiB.
load helpers
load netns

APP=$BUILD/apps/stackv4.$TARGET
CLIENT=$BATS_TEST_DIRNAME/stackv4_client.py
# 10 MB where the guest runs natively (spt); 1 MiB where KVM emulates
# every guest instruction (hvt here: about 2 s a MiB).
if [ "$TARGET" = spt ]; then
    BULK_BYTES=${STACKV4_BULK_BYTES:-10485760}
else
    BULK_BYTES=${STACKV4_BULK_BYTES:-1048576}
fi

setup() {
    [ -f "$APP" ] || skip "$APP is not built (make apps)"
    command -v python3 >/dev/null || skip "needs python3"
    netns_setup
    netns_add_tap tap0 10.0.0.1/24
}

teardown() {
    netns_teardown
}

# start_stackv4 [ukvm options] [-- app arguments]
start_stackv4() {
    local opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
    [ "${1:-}" = "--" ] && shift
    netns_start_cmd "$UKVM" --net:service0=tap0 "${opts[@]}" "$APP" "$@"
}

# client MODE COUNT [options]: runs the client in the namespace.
client() {
    run --separate-stderr netns_exec timeout 120 python3 "$CLIENT" "$@"
    echo "client $*: status $status: $output $stderr"
}

# wait_log COUNT REGEX: waits (at most 30 s) until the console has COUNT
# lines matching REGEX (the last FINs may still be on their way).
wait_log() {
    for _ in $(seq 300); do
        [ "$(grep -cE "$2" "$UKVM_OUT")" -ge "$1" ] && return 0
        sleep 0.1
    done
    echo "the console has $(grep -cE "$2" "$UKVM_OUT") lines like $2, not $1"
    return 1
}

# stop_stackv4: SIGTERM, then the status and output as netns_wait sets them.
stop_stackv4() {
    kill -TERM "$UKVM_PID"
    netns_wait
}

@test "stackv4: answers ping" {
    start_stackv4
    run netns_exec timeout 30 ping -c 3 -i 0.2 -W 2 10.0.0.2
    echo "$output"
    [[ "$output" == *"3 packets transmitted, 3 received"* ]]
}

@test "stackv4: on a tap of MTU 9000 answers 9000-byte pings whole, and TCP still echoes" {
    netns_exec ip link set tap0 mtu 9000
    start_stackv4
    netns_ping_jumbo_whole
    client bulk 100000
    [ "$status" -eq 0 ]
}

@test "stackv4: 100 concurrent connections each get their own message back" {
    start_stackv4
    client concurrent 100 --timeout 90
    [ "$status" -eq 0 ]
    [[ "$output" == "ok: 100 concurrent connections"* ]]
    wait_log 100 '^close '
    stop_stackv4
    [ "$(grep -c '^accept 10\.0\.0\.1:[0-9]*$' <<<"$output")" -eq 100 ]
    [ "$(grep -c '^close 10\.0\.0\.1:[0-9]* after [0-9]* bytes$' <<<"$output")" -eq 100 ]
}

@test "stackv4: a bulk echo comes back intact (sha256)" {
    start_stackv4 $(stats_opt)
    client bulk "$BULK_BYTES" --timeout 100
    [ "$status" -eq 0 ]
    echo "# stackv4: $output" >&3
    wait_log 1 '^close '
    stop_stackv4
    printf '%s\n' "$stderr" | grep '^ukvm: stats' | sed 's/^/# /' >&3
    [[ "$output" == *"close 10.0.0.1:"*" after $BULK_BYTES bytes"* ]]
}

# large_echo [ukvm options]: echoes 64 MiB (16 MiB on hvt, 2 MiB on
# solo5-hvt, whose guests run in ring 0: about 0.3 MB/s under an emulating
# KVM) on one
# connection while tcpdump watches the tap; the client checks the bytes
# (SHA-256), and the tap (MTU 1500) must carry no IP fragment.
large_echo() {
    local size=67108864
    [ "$TARGET" = hvt ] && size=16777216
    [ "$TARGET" = hvt ] && [ "$TENDER" != ukvm ] && size=2097152
    start_stackv4 "$@"
    netns_capture_start tap0
    client bulk "$size" --timeout 100
    netns_capture_stop
    [ "$status" -eq 0 ] && [[ "$output" == "ok: $size bytes echoed"* ]]
    echo "# stackv4 $*: $output" >&3
    wait_log 1 '^close '
    stop_stackv4
    [[ "$output" == *"close 10.0.0.1:"*" after $size bytes"* ]]
    [ "$(netns_exec cat /sys/class/net/tap0/mtu)" -eq 1500 ]
    [ "$CAPTURE_IP" -gt 100 ] && [ "$CAPTURE_FRAGMENTS" -eq 0 ]
}

@test "stackv4: a large echo with offloads: intact, in large segments both ways, no fragment" {
    large_echo $(stats_opt)
    offloads_on || return 0
    # Segments larger than the MTU crossed the tap, cut by the host.
    [ "$CAPTURE_LARGEST" -gt 1500 ]
    if [ -n "$(stats_opt)" ]; then
        printf '%s\n' "$stderr" | grep '^ukvm: stats: device' | sed 's/^/# /' >&3
        [[ "$stderr" =~ tx_segments\ ([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -gt 0 ]
        [[ "$stderr" =~ rx_segments\ ([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -gt 0 ]
    fi
}

@test "stackv4: a large echo with --no-net-offload: intact, every frame within the MTU" {
    [ "$TENDER" = ukvm ] || skip "--no-net-offload is ukvm's"
    large_echo --no-net-offload $(stats_opt)
    [ "$CAPTURE_LARGEST" -le 1500 ]
    if [ -n "$(stats_opt)" ]; then
        [[ "$stderr" == *"tx_segments 0 "*"rx_segments 0"* ]]
    fi
}

@test "stackv4: after a guest with offloads, one without on the same tap gets whole frames" {
    [ "$TENDER" = ukvm ] || skip "--no-net-offload is ukvm's"
    start_stackv4
    client bulk 4194304 --timeout 60
    [ "$status" -eq 0 ]
    stop_stackv4
    # The tap's receive offloads outlive the descriptor: the next must
    # start without them.
    large_echo --no-net-offload
    [ "$CAPTURE_LARGEST" -le 1500 ]
}

@test "stackv4: logs each connection with the peer's address, port and byte count" {
    start_stackv4
    client bulk 5000
    [ "$status" -eq 0 ]
    wait_log 1 '^close '
    stop_stackv4
    show
    [ "${lines[0]}" = "$(printf 'service0: mac %s ipv4 10.0.0.2/24 gateway 10.0.0.1' \
        "$(netns_guest_mac service0)")" ]
    [[ "$output" =~ accept\ 10\.0\.0\.1:([0-9]+) ]]
    port=${BASH_REMATCH[1]}
    [[ "$output" == *"close 10.0.0.1:$port after 5000 bytes"* ]]
}

@test "stackv4: a peer that stops reading is stalled, then gets every byte" {
    start_stackv4
    client stalled 262144 --stall 2
    [ "$status" -eq 0 ]
    client concurrent 3
    [ "$status" -eq 0 ]
}

@test "stackv4: small writes from a peer that stops reading come back in order" {
    start_stackv4
    client tiny 1000 --stall 2
    [ "$status" -eq 0 ]
    client bulk 3000
    [ "$status" -eq 0 ]
}

@test "stackv4: a reset connection is logged and the server goes on" {
    start_stackv4
    client reset 100000
    [ "$status" -eq 0 ]
    client bulk 20000
    [ "$status" -eq 0 ]
    wait_log 1 '^close '
    stop_stackv4
    show
    [[ "$output" == *"reset 10.0.0.1:"*" (reset by the peer)"* ]]
    [[ "$output" == *" after 20000 bytes"* ]]
}

@test "stackv4: --ipv4, --ipv4-gateway and --port set address and port" {
    netns_exec ip addr add 10.7.0.1/16 dev tap0
    start_stackv4 -- --ipv4=10.7.1.2/16 --ipv4-gateway=10.7.0.1 --port=7
    [[ "$(cat "$UKVM_OUT")" == *"ipv4 10.7.1.2/16 gateway 10.7.0.1"* ]]
    run netns_exec timeout 30 ping -c 2 -i 0.2 -W 2 10.7.1.2
    [[ "$output" == *"2 received"* ]]
    client bulk 3000 --host 10.7.1.2 --port 7
    [ "$status" -eq 0 ]
}

@test "stackv4: --ipv4:service0= and --ipv4-gateway:service0= are --ipv4= and --ipv4-gateway=" {
    netns_exec ip addr add 10.7.0.1/16 dev tap0
    start_stackv4 -- --ipv4:service0=10.7.1.3/16 --ipv4-gateway:service0=10.7.0.1
    [ "$(head -n 1 "$UKVM_OUT")" = "$(printf 'service0: mac %s ipv4 10.7.1.3/16 gateway 10.7.0.1' \
        "$(netns_guest_mac service0)")" ]
    run netns_exec timeout 30 ping -c 2 -i 0.2 -W 2 10.7.1.3
    [[ "$output" == *"2 received"* ]]
}

@test "stackv4: a bad address is a clean start-up error naming it" {
    for arg in --ipv4=10.0.0.256/24 --ipv4=10.0.0.2 --ipv4=10.0.0.2/33 \
               --ipv4-gateway=10.0.0 --ipv4-gw=10.0.0.1 \
               --ipv4:service1=10.0.1.2/24 --ipv4-gateway:=10.0.0.1; do
        run --separate-stderr netns_exec timeout 30 "$UKVM" \
            --net:service0=tap0 "$APP" "$arg"
        show
        # The guest's stderr is the console: ukvm's stdout.
        [ "$status" -eq 2 ]
        [[ "$output" == "net: $arg: "* ]]
        [ "${#lines[@]}" -eq 1 ]
        [ -z "$stderr" ]
    done
}

@test "stackv4: SIGTERM stops it with status 143" {
    start_stackv4
    client bulk 1000
    [ "$status" -eq 0 ]
    stop_stackv4
    show
    ukvm_only "status 143 and its message on SIGTERM"
    [ "$status" -eq 143 ]
    [ "$stderr" = "$U: stopped by Terminated" ]
}

@test "run-app: stackv4 says how to ping it, and no curl line (it serves no HTTP)" {
    [ "$TENDER" = ukvm ] || skip "scripts/run-app runs ukvm itself"
    run_app_start stackv4
    run ip netns exec ukvm ping -c 1 -W 2 10.0.0.2
    run_app_stop
    [[ "$output" == *"1 received"* ]]
    grep -q 'ip netns exec ukvm ping 10.0.0.2' "$RUN_APP_ERR"
    ! grep -q curl "$RUN_APP_ERR"
}

# stackv4_dual (apps/stackv4_dual): the same server on two networks,
# service0 on tap0 (10.0.0.2/24) and service1 on tap1 (10.0.1.2/24),
# two taps of the test's namespace on different subnets.
DUAL=$BUILD/apps/stackv4_dual.$TARGET

# start_dual [ukvm options] [-- app arguments]: adds tap1, starts it.
start_dual() {
    [ -f "$DUAL" ] || skip "$DUAL is not built (make apps)"
    local opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
    [ "${1:-}" = "--" ] && shift
    netns_add_tap tap1 10.0.1.1/24
    netns_start_cmd "$UKVM" --net:service0=tap0 --net:service1=tap1 \
        "${opts[@]}" "$DUAL" "$@"
}

# from_guest TAP: the bytes the guest has sent on TAP (the host's rx).
from_guest() {
    netns_exec cat "/sys/class/net/$1/statistics/rx_bytes"
}

# echo_over TAP OTHER [client options]: a 20000-byte echo whose replies
# must come over TAP (20000 bytes at least from the guest), not OTHER.
echo_over() {
    local tap=$1 other=$2 t0 o0 t1 o1
    shift 2
    t0=$(from_guest "$tap") o0=$(from_guest "$other")
    client bulk 20000 "$@"
    [ "$status" -eq 0 ]
    t1=$(from_guest "$tap") o1=$(from_guest "$other")
    echo "from the guest: $((t1 - t0)) bytes on $tap, $((o1 - o0)) on $other"
    [ $((t1 - t0)) -ge 20000 ] && [ $((o1 - o0)) -lt 20000 ]
}

@test "stackv4_dual: each network answers ping and TCP on its own address, over its own tap" {
    start_dual -- --ipv4:service1=10.0.1.2/24
    run netns_exec timeout 30 ping -c 2 -i 0.2 -W 2 10.0.0.2
    [[ "$output" == *"2 received"* ]]
    run netns_exec timeout 30 ping -c 2 -i 0.2 -W 2 10.0.1.2
    [[ "$output" == *"2 received"* ]]
    echo_over tap0 tap1 --host 10.0.0.2
    echo_over tap1 tap0 --host 10.0.1.2
    wait_log 2 '^close '
    stop_stackv4
    show
    # One line per interface, each with its own MAC; the default gateway
    # on service0 only.
    [ "${lines[0]}" = "$(printf 'service0: mac %s ipv4 10.0.0.2/24 gateway 10.0.0.1' \
        "$(netns_guest_mac service0)")" ]
    [ "${lines[1]}" = "$(printf 'service1: mac %s ipv4 10.0.1.2/24' \
        "$(netns_guest_mac service1)")" ]
    [ "$(netns_guest_mac service0)" != "$(netns_guest_mac service1)" ]
    [[ "$output" == *"close 10.0.0.1:"*" after 20000 bytes"* ]]
    [[ "$output" == *"close 10.0.1.1:"*" after 20000 bytes"* ]]
}

# off_subnet: 10.9.0.1 on the namespace's loopback, reverse-path checks
# off (replies to it may come back over the other tap).
off_subnet() {
    netns_exec ip addr add 10.9.0.1/32 dev lo
    local c
    for c in all default tap0 tap1; do
        netns_exec sysctl -qw "net.ipv4.conf.$c.rp_filter=0"
    done
}

@test "stackv4_dual: replies to an off-subnet peer leave by the default gateway, service0's" {
    start_dual -- --ipv4:service1=10.0.1.2/24
    off_subnet
    # Asked over tap1 (to 10.0.1.2), answered over tap0 (via 10.0.0.1).
    echo_over tap0 tap1 --host 10.0.1.2 --source 10.9.0.1
    wait_log 1 '^close 10\.9\.0\.1:'
}

@test "stackv4_dual: --ipv4-gateway:service1 moves the default gateway to service1" {
    start_dual -- --ipv4:service1=10.0.1.2/24 --ipv4-gateway:service1=10.0.1.1
    off_subnet
    # Asked over tap0 (to 10.0.0.2), answered over tap1 (via 10.0.1.1).
    echo_over tap1 tap0 --host 10.0.0.2 --source 10.9.0.1
    wait_log 1 '^close 10\.9\.0\.1:'
    stop_stackv4
    show
    [[ "${lines[0]}" == "service0: mac "*" ipv4 10.0.0.2/24" ]]
    [[ "${lines[1]}" == "service1: mac "*" ipv4 10.0.1.2/24 gateway 10.0.1.1" ]]
}

@test "stackv4_dual: --ipv4-route sends what is for its network by its gateway, the rest by the default one" {
    start_dual -- --ipv4:service1=10.0.1.2/24 --ipv4-route=10.8.0.0/16,via=10.0.1.1
    off_subnet
    netns_exec ip addr add 10.8.0.1/32 dev lo
    # Both asked over tap0: 10.8.0.1 answered by the route over tap1,
    # 10.9.0.1 by the default gateway over tap0.
    echo_over tap1 tap0 --host 10.0.0.2 --source 10.8.0.1
    echo_over tap0 tap1 --host 10.0.0.2 --source 10.9.0.1
    # A ping to service1, which has no gateway of its own: answered by it.
    run netns_exec timeout 30 ping -c 2 -i 0.2 -W 2 -I 10.8.0.1 10.0.1.2
    [[ "$output" == *"2 received"* ]]
    wait_log 2 '^close '
    stop_stackv4
    show
    [ "${lines[2]}" = "route 10.8.0.0/16 via 10.0.1.1 on service1" ]
}

@test "stackv4_dual: a bad per-device option is a one-line start-up error naming it" {
    [ -f "$DUAL" ] || skip "$DUAL is not built (make apps)"
    netns_add_tap tap1 10.0.1.1/24
    local ok=--ipv4:service1=10.0.1.2/24 args arg
    # "ARGS|the message's start": options refused by name, then settings
    # that do not fit together, refused by device.
    while IFS='|' read -r args msg; do
        read -ra arg <<<"$args"
        run --separate-stderr netns_exec timeout 30 "$UKVM" \
            --net:service0=tap0 --net:service1=tap1 "$DUAL" "${arg[@]}"
        show
        [ "$status" -eq 2 ]
        [[ "$output" == "$msg"* ]]
        [ "${#lines[@]}" -eq 1 ]
        [ -z "$stderr" ]
    done <<EOF
--ipv4:service9=10.0.1.2/24|net: --ipv4:service9=10.0.1.2/24: no network device 'service9' in the manifest (service0, service1)
--ipv4-gateway:nosuch=10.0.1.1 $ok|net: --ipv4-gateway:nosuch=10.0.1.1: no network device 'nosuch'
--ipv4:service1=10.0.1.256/24|net: --ipv4:service1=10.0.1.256/24: not an IPv4 address/prefix
--ipv4:service1=10.0.1.2|net: --ipv4:service1=10.0.1.2: not an IPv4 address/prefix
$ok --ipv4-gateway:service1=10.0.1|net: --ipv4-gateway:service1=10.0.1: not an IPv4 address
--ipv4:service1|net: --ipv4:service1: no value
--ipv4:service1:10.0.1.2/24|net: --ipv4:service1:10.0.1.2/24: no value
--ipv4-mask:service1=255.255.255.0|net: --ipv4-mask:service1=255.255.255.0: unknown option
--port=7|net: service1: no address (--ipv4:service1=A.B.C.D/N)
--ipv4:service1=10.0.0.3/24|net: service1: its subnet overlaps service0's
--ipv4:service1=10.0.0.3/16|net: service1: its subnet overlaps service0's
$ok --ipv4-gateway=10.0.0.1 --ipv4-gateway:service1=10.0.1.1|net: service1: a second gateway (service0 has one)
$ok --ipv4-route=10.8.0.0/16|net: --ipv4-route=10.8.0.0/16: not NET/N,via=GW
$ok --ipv4-route=10.8.0.0/16,via=10.0.1.300|net: --ipv4-route=10.8.0.0/16,via=10.0.1.300: not NET/N,via=GW
$ok --ipv4-route=10.8.0.0/33,via=10.0.1.1|net: --ipv4-route=10.8.0.0/33,via=10.0.1.1: not NET/N,via=GW
$ok --ipv4-route=10.8.0.1/16,via=10.0.1.1|net: --ipv4-route=10.8.0.1/16,via=10.0.1.1: 10.8.0.1/16 is not a network
$ok --ipv4-route=10.8.0.0/16,via=10.5.0.1|net: --ipv4-route=10.8.0.0/16,via=10.5.0.1: the gateway is on no interface's subnet
EOF
}

@test "run-app: stackv4_dual gets tap100 and tap101, answering on 10.0.0.2 and 10.0.1.2" {
    [ "$TENDER" = ukvm ] || skip "scripts/run-app runs ukvm itself"
    [ -f "$DUAL" ] || skip "$DUAL is not built (make apps)"
    run_app_start stackv4_dual
    run ip netns exec ukvm ping -c 1 -W 2 10.0.0.2
    local ping0=$output
    run ip netns exec ukvm ping -c 1 -W 2 10.0.1.2
    run_app_stop
    [[ "$ping0" == *"1 received"* ]] && [[ "$output" == *"1 received"* ]]
    grep -q '^service1: mac .* ipv4 10.0.1.2/24$' "$RUN_APP_OUT"
    grep -q 'service1: tap101 in namespace ukvm (host side 10.0.1.1/24, guest 10.0.1.2)' \
        "$RUN_APP_ERR"
    run "$ROOT/scripts/run-app" --help
    [[ "$output" == *"gets tap10N with host side"* ]]
}
