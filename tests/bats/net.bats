# SPDX-License-Identifier: ISC
# Network devices: the net test unikernels answer ARP and ping on a tap
# inside the test's own network namespace (netns.bash); every ping is sent
# from inside that namespace.
load helpers
load netns

setup() {
    netns_setup
    netns_add_tap tap0 10.0.0.1/24
}

teardown() {
    # A second namespace of the test's own (the @FD namespace test).
    if [ -n "${NS2:-}" ]; then
        ip -n "$NS2" link del tap0 2>/dev/null || true
        ip netns del "$NS2" 2>/dev/null || true
    fi
    netns_teardown
}

# ping_ns ARGS...: ping from inside the namespace; sets tx and rx.
ping_ns() {
    run --separate-stderr netns_exec timeout 60 ping "$@"
    echo "ping $*: $output $stderr"
    tx=$(printf '%s\n' "$output" | sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p')
    rx=$(printf '%s\n' "$output" | sed -n 's/.* \([0-9]*\) received.*/\1/p')
    [ -n "$tx" ] && [ -n "$rx" ]
}

# The stats line "ukvm: stats: exits N, ..." gives N.
stats_exits() {
    printf '%s\n' "$stderr" | sed -n 's/^ukvm: stats: exits \([0-9]*\).*/\1/p'
}

# Whether this run's ukvm offers receive rings (UKVM_WITHHOLD_FEATURES).
rings_offered() {
    [ "$TARGET" = hvt ] && [ "$TENDER" = ukvm ] || return 1
    case ",${UKVM_WITHHOLD_FEATURES:-}," in *,rxring,*|*,all,*) return 1 ;; esac
}

@test "net: answers ARP and ping with no static ARP entry" {
    netns_start net --net:service0=tap0
    mac=$(netns_guest_mac service0)
    [ -n "$mac" ]
    # No neighbour entry yet: ping must resolve the guest with ARP.
    run netns_exec ip neigh show 10.0.0.2
    [ -z "$output" ]
    ping_ns -c 5 -i 0.2 -W 2 10.0.0.2
    [ "$tx" -eq 5 ] && [ "$rx" -eq 5 ]
    run netns_exec ip neigh show 10.0.0.2
    echo "neigh: $output"
    [[ "$output" == *"lladdr $mac"* ]]
}

@test "net: pings of 1 and of 1472 bytes (a full 1500-byte packet) are answered" {
    netns_start net --net:service0=tap0
    ping_ns -c 2 -i 0.2 -W 2 -s 1 10.0.0.2
    [ "$rx" -eq 2 ]
    ping_ns -c 2 -i 0.2 -W 2 -s 1472 -M do 10.0.0.2
    [ "$rx" -eq 2 ]
}

@test "net: on a tap of MTU 9000 the guest gets mtu 9000 and answers 9000-byte pings whole" {
    netns_exec ip link set tap0 mtu 9000
    netns_start net --net:service0=tap0
    grep -q '^service0: mac [0-9a-f:]* mtu 9000 ip 10.0.0.2$' "$UKVM_OUT"
    netns_ping_jumbo_whole
}

@test "net: the largest MTU a receive-ring slot holds (2030; 2020 with headers) and one more: pings answered" {
    local ring_mtu=2030
    offloads_on && ring_mtu=2020    # the slot holds the 10-byte header too
    for mtu in $ring_mtu $((ring_mtu + 1)); do
        netns_exec ip link set tap0 mtu $mtu
        netns_start net --net:service0=tap0 $(stats_opt) -- limit=30
        grep -q "^service0: mac [0-9a-f:]* mtu $mtu ip 10.0.0.2$" "$UKVM_OUT"
        ping_ns -c 30 -i 0.1 -W 2 -s $((mtu - 28)) -M do 10.0.0.2
        [ "$rx" -eq 30 ]
        netns_wait
        show
        [ "$status" -eq 0 ]
        [ "${lines[-1]}" = "SUCCESS: answered 30 pings" ]
        [ "$TARGET" = hvt ] && [ "$TENDER" = ukvm ] || continue
        exits=$(stats_exits)
        echo "# net: mtu $mtu: $exits exits for 30 pings" >&3
        if [ $mtu -le $ring_mtu ] && rings_offered; then
            # Through the ring: POLL and NET_WRITE a ping, plus start-up,
            # ARP and one-second timeouts.
            [ "$exits" -le $((2 * 30 + 45)) ]
        else
            # No ring: a NET_READ for the request and one more for AGAIN.
            [ "$exits" -ge $((3 * 30 + 15)) ]
        fi
    done
}

@test "net: frames past the MTU given at start-up arrive cut short; the guest goes on" {
    UKVM=$UKVM_SAN netns_start net --net:service0=tap0 -- limit=2
    grep -q '^service0: mac [0-9a-f:]* mtu 1500 ip 10.0.0.2$' "$UKVM_OUT"
    # Raised after start-up: the guest still reads at most 1514 bytes a
    # frame, so the 9014-byte requests come in cut and go unanswered.
    netns_exec ip link set tap0 mtu 9000
    ping_ns -c 2 -i 0.2 -W 1 -s 8972 -M do 10.0.0.2
    ukvm_only "frames cut to the MTU given at start-up"
    [ "$rx" -eq 0 ]
    ping_ns -c 2 -i 0.2 -W 2 -s 1472 -M do 10.0.0.2
    [ "$rx" -eq 2 ]
    netns_wait
    show
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "SUCCESS: answered 2 pings" ]
    [ -z "$stderr" ]
}

@test "net: limit=5 exits 0 after answering 5 pings" {
    netns_start net --net:service0=tap0 -- limit=5
    ping_ns -c 5 -i 0.2 -W 2 10.0.0.2
    [ "$rx" -eq 5 ]
    netns_wait
    show
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "SUCCESS: answered 5 pings" ]
    [ -z "$stderr" ]
}

@test "net: 1000 pings 2 ms apart, none lost, at most 2 exits each" {
    netns_start net --net:service0=tap0 $(stats_opt) -- limit=1000
    ping_ns -q -c 1000 -i 0.002 -W 1 10.0.0.2
    [ "$tx" -eq 1000 ] && [ "$rx" -eq 1000 ]
    netns_wait
    show
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "SUCCESS: answered 1000 pings" ]
    [ "$TARGET" = hvt ] || return 0
    ukvm_only "--stats exit counts"
    exits=$(stats_exits)
    echo "# net: paced: $exits exits for 1000 pings" >&3
    # One POLL that brings the request in the receive ring, one NET_WRITE
    # for the reply; plus start-up, ARP and one-second timeouts. Without
    # rings (withheld), two NET_READs more: the request, then AGAIN.
    if rings_offered; then
        [ "$exits" -le 2050 ]
    else
        [ "$exits" -le 4100 ]
    fi
}

@test "net: --stats=json counts the device's frames and bytes both ways" {
    ukvm_only "--stats, ukvm's own option"
    netns_start net --net:service0=tap0 --stats=json -- limit=20
    ping_ns -q -c 20 -i 0.01 -W 1 -s 100 10.0.0.2
    [ "$rx" -eq 20 ]
    netns_wait
    show
    [ "$status" -eq 0 ]
    json=$(printf '%s\n' "$stderr" | tail -n 1)
    echo "$json"
    # 20 echo requests in and 20 replies out (142 bytes each), plus ARP.
    run jq -e '.devices.service0 | (.rx_frames >= 20) and (.tx_frames >= 20)
        and (.rx_bytes >= 20 * 142) and (.tx_bytes >= 20 * 142)
        and (.rx_frames <= 30) and (.tx_frames <= 30)' <<<"$json"
    [ "$output" = true ]
}

@test "net: ukvm-spt --stats prints the tap's frames and bytes, a line for the device" {
    only_on spt "hvt's device line: the test above"
    ukvm_only "--stats, ukvm-spt's own option"
    netns_start net --net:service0=tap0 --stats -- limit=10
    ping_ns -q -c 10 -i 0.01 -W 1 -s 100 10.0.0.2
    [ "$rx" -eq 10 ]
    netns_wait
    show
    [ "$status" -eq 0 ]
    local line
    line=$(printf '%s\n' "$stderr" | grep '^ukvm-spt: stats: device service0: ')
    [[ "$line" =~ ^ukvm-spt:\ stats:\ device\ service0:\ tx_frames\ ([0-9]+)\ tx_bytes\ ([0-9]+)\ rx_frames\ ([0-9]+)\ rx_bytes\ ([0-9]+)$ ]]
    local txf=${BASH_REMATCH[1]} txb=${BASH_REMATCH[2]} rxf=${BASH_REMATCH[3]} rxb=${BASH_REMATCH[4]}
    # 10 requests in and 10 replies out, 142 bytes each, plus ARP.
    [ "$txf" -ge 10 ] && [ "$txf" -le 15 ] && [ "$rxf" -ge 10 ] && [ "$rxf" -le 15 ]
    [ "$txb" -ge $((10 * 142)) ] && [ "$rxb" -ge $((10 * 142)) ]
    [ "$txb" -le $((15 * 142)) ] && [ "$rxb" -le $((15 * 142)) ]
    [[ "${stderr##*$'\n'}" == "ukvm-spt: stats: time total "*" ms" ]]
}

@test "net: ukvm-spt --stats under a /sys of another namespace counts nothing and says so" {
    only_on spt "the tap's kernel counters are spt's"
    ukvm_only "--stats, ukvm-spt's own option"
    # ukvm-spt in the test's namespace with the /sys of NS2, which has a
    # tap0 of its own (likely with the same index): ip netns exec mounts
    # NS2's /sys, nsenter then changes the network namespace alone.
    NS2=$NS-2
    ip netns add "$NS2"
    ip -n "$NS2" tuntap add tap0 mode tap
    UKVM_OUT=$BATS_TEST_TMPDIR/ukvm.out UKVM_ERR=$BATS_TEST_TMPDIR/ukvm.err
    ip netns exec "$NS2" nsenter --net="/run/netns/$NS" timeout 60 "$UKVM" --stats \
        --net:service0=tap0 "$T/test_net.spt" limit=1 >"$UKVM_OUT" 2>"$UKVM_ERR" 3>&- &
    UKVM_PID=$!
    for _ in $(seq 100); do grep -q '^ready$' "$UKVM_OUT" && break; sleep 0.1; done
    ping_ns -c 1 -W 2 10.0.0.2
    netns_wait
    show
    [ "$status" -eq 0 ] && [ "$rx" -eq 1 ]
    [ "${stderr%%$'\n'*}" = "ukvm-spt: --stats: service0: tap tap0 is not in this network namespace's /sys: its frames are not counted" ]
    [[ "$stderr" != *"stats: device"* && "${stderr##*$'\n'}" == "ukvm-spt: stats: time total "*" ms" ]]
}

@test "net: a 10 s flood ping loses nothing, at most 2 exits a ping" {
    netns_start net --net:service0=tap0 $(stats_opt)
    ping_ns -q -f -w 10 10.0.0.2
    # The deadline may strike with one request on the wire: not a loss.
    [ "$rx" -ge $((tx - 1)) ]
    [ "$rx" -ge 1000 ]
    kill "$UKVM_PID"
    netns_wait
    ukvm_only "status 143 on SIGTERM, --stats exit counts"
    [ "$status" -eq 143 ]
    if [ "$TARGET" = spt ]; then
        echo "# net: flood on spt: $rx of $tx answered in 10 s" >&3
        return 0
    fi
    exits=$(stats_exits)
    echo "# net: flood: $rx of $tx answered in 10 s, $exits exits" \
        "($((exits * 100 / rx)) per 100 pings)" >&3
    # POLL and NET_WRITE, or fewer when POLL brings several requests;
    # without rings a NET_READ more, and a POLL only when one says AGAIN.
    if rings_offered; then
        [ "$exits" -le $((rx * 2 + 100)) ]
    else
        [ "$exits" -le $((rx * 3 + 100)) ]
    fi
}

@test "net_2if: both interfaces answer, each on its own address" {
    netns_add_tap tap1 10.1.0.1/24
    netns_start net_2if --net:service0=tap0 --net:service1=tap1 -- limit=6
    ping_ns -c 3 -i 0.2 -W 2 10.0.0.2
    [ "$rx" -eq 3 ]
    ping_ns -c 3 -i 0.2 -W 2 10.1.0.2
    [ "$rx" -eq 3 ]
    netns_wait
    show
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "SUCCESS: answered 6 pings" ]
}

@test "net_2if: a ping to one interface's address on the other goes unanswered" {
    # 10.1.0.2 is service1's; asked on tap0, the guest must stay silent.
    netns_add_tap tap1 10.1.0.1/24
    netns_start net_2if --net:service0=tap0 --net:service1=tap1
    netns_exec ip route replace 10.1.0.2/32 dev tap0
    ping_ns -c 2 -i 0.2 -W 1 10.1.0.2
    [ "$rx" -eq 0 ]
}

@test "net_mtu: a frame of mtu + 14 bytes goes out, mtu + 15 is EINVAL" {
    netns_guest net_mtu --net:service0=tap0
    show
    monitor_checks_ran
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "mtu: 1500" ]
    [ "${lines[-1]}" = "SUCCESS" ]
    # ukvm_net's calls: checked where the device has offloads, EINVAL elsewhere.
    if offloads_on; then
        [[ "$output" == *"offloads: virtio-net headers"* ]]
    else
        [[ "$output" == *"offloads: none"* ]]
    fi
}

@test "net_mtu: at MTU 2020, 2021, 2030, 2031, 9000 and 65521 too: mtu + 14 goes out, mtu + 15 is EINVAL" {
    local ring_mtu=2030
    offloads_on && ring_mtu=2020    # a slot holds the header too
    for mtu in 2020 2021 2030 2031 9000 65521; do
        netns_exec ip link set tap0 mtu $mtu
        netns_guest net_mtu --net:service0=tap0
        show
        monitor_checks_ran
        [ "$status" -eq 0 ]
        [ "${lines[0]}" = "mtu: $mtu" ]
        [ "${lines[-1]}" = "SUCCESS" ]
        # ukvm's answer to a good ring: none for frames over a slot.
        if [ "$TARGET" = hvt ] && [ "$TENDER" = ukvm ] && [ $mtu -gt $ring_mtu ] &&
           [[ "$output" != *"monitor checks: skipped"* ]]; then
            [[ "$output" == *"rxring: refused, frames larger than a slot"* ]]
        elif rings_offered; then
            [[ "$output" == *"rxring: taken"* ]]
        fi
    done
}

@test "net_mtu: a receive ring whose tail runs ahead of its head stops the guest" {
    only_on hvt "receive rings are an hvt feature"
    ukvm_only "receive rings (NET_RXRING)"
    rings_offered || skip "receive rings withheld (UKVM_WITHHOLD_FEATURES)"
    UKVM=$UKVM_SAN netns_guest net_mtu --net:service0=tap0 -- corrupt-ring
    show
    [ "$status" -eq 1 ]
    [[ "$output" == *corrupted* && "$output" != *SURVIVED* ]]
    [[ "$stderr" == "$U: guest error: NET_RXRING: ring tail 1000 is ahead of head 0"* ]]
}

@test "net: --net:NAME=@FD uses an inherited tap descriptor" {
    ukvm_only "--net:NAME=@FD (Solo5 0.12.1 refuses every descriptor: 'Could not attach interface: @N: Success')"
    netns_start_cmd python3 "$BATS_TEST_DIRNAME/tapfd.py" tap0 \
        "$UKVM" --net:service0=@FD "$T/test_net.$TARGET" limit=3
    ping_ns -c 3 -i 0.2 -W 2 10.0.0.2
    [ "$rx" -eq 3 ]
    netns_wait
    show
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "SUCCESS: answered 3 pings" ]
}

@test "net: --net:NAME=@FD reports the MTU of the tap behind the descriptor" {
    ukvm_only "--net:NAME=@FD (Solo5 0.12.1 refuses every descriptor: 'Could not attach interface: @N: Success')"
    netns_exec ip link set tap0 mtu 9000
    netns_start_cmd python3 "$BATS_TEST_DIRNAME/tapfd.py" tap0 \
        "$UKVM" --net:service0=@FD "$T/test_net.$TARGET" limit=2
    grep -q '^service0: mac [0-9a-f:]* mtu 9000 ip 10.0.0.2$' "$UKVM_OUT"
    ping_ns -c 2 -i 0.2 -W 2 -s 8972 -M do 10.0.0.2
    [ "$rx" -eq 2 ]
    netns_wait
    show
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "SUCCESS: answered 2 pings" ]
}

@test "net: --net:NAME=@FD of a tap in another network namespace is refused, naming it" {
    ukvm_only "the tender's own --net:NAME=@FD and its start-up errors"
    # The tender runs in NS2, which has a tap0 of its own (MTU 1500): asked
    # by name there, the MTU would be that one's, not 9000.
    NS2=$NS-2
    ip netns add "$NS2"
    ip -n "$NS2" tuntap add tap0 mode tap
    netns_exec ip link set tap0 mtu 9000
    run --separate-stderr netns_exec timeout 30 python3 "$BATS_TEST_DIRNAME/tapfd.py" \
        tap0 ip netns exec "$NS2" "$UKVM" --net:service0=@FD "$T/test_net.$TARGET"
    show
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [[ "$stderr" == "$U: --net:service0=@"*": tap tap0 is in another network namespace: cannot ask its MTU" ]]
    [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
}

# tap_vnet: whether tap0 has virtio-net headers on now (its tun_flags).
tap_vnet() {
    [ $(( $(netns_exec cat /sys/class/net/tap0/tun_flags) & 0x4000 )) -ne 0 ]
}

# vnet_run [ukvm options] [-- UNIKERNEL]: test_net (or UNIKERNEL) on tap0,
# asked whether the tap has headers while it answers 2 pings.
vnet_run() {
    local opts=() kernel=$T/test_net.$TARGET
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
    [ "${1:-}" = "--" ] && kernel=$2
    netns_start_cmd "$UKVM" "${opts[@]}" --net:service0=tap0 "$kernel" limit=2
    vnet=no
    if tap_vnet; then vnet=yes; fi
    ping_ns -c 2 -i 0.2 -W 2 10.0.0.2
    [ "$rx" -eq 2 ]
    netns_wait
    [ "$status" -eq 0 ]
    echo "virtio-net headers: $vnet"
}

@test "net: our unikernels get taps with virtio-net headers, unless offloads are off" {
    ukvm_only "network offloads are ukvm's"
    vnet_run
    if offloads_on; then [ "$vnet" = yes ]; else [ "$vnet" = no ]; fi
    vnet_run --no-net-offload
    [ "$vnet" = no ]
    UKVM_WITHHOLD_FEATURES=offload vnet_run
    [ "$vnet" = no ]
}

@test "net: a unikernel without the vnet note (as Solo5 builds them) gets plain frames" {
    ukvm_only "network offloads are ukvm's"
    local plain=$BATS_TEST_TMPDIR/test_net.plain
    objcopy -R .note.ukvm.vnet "$T/test_net.$TARGET" "$plain"
    run readelf -n "$plain"
    [[ "$output" != *0x54454e56* ]]
    vnet_run -- "$plain"
    [ "$vnet" = no ]
}

@test "net: an inherited tap descriptor with virtio-net headers: ours take it, --no-net-offload refuses it" {
    ukvm_only "--net:NAME=@FD"
    offloads_on || skip "network offloads withheld (UKVM_WITHHOLD_FEATURES)"
    netns_start_cmd python3 "$BATS_TEST_DIRNAME/tapfd.py" --vnet tap0 \
        "$UKVM" --net:service0=@FD "$T/test_net.$TARGET" limit=2
    ping_ns -c 2 -i 0.2 -W 2 10.0.0.2
    [ "$rx" -eq 2 ]
    netns_wait
    [ "$status" -eq 0 ]
    run --separate-stderr netns_exec timeout 30 python3 "$BATS_TEST_DIRNAME/tapfd.py" \
        --vnet tap0 "$UKVM" --no-net-offload --net:service0=@FD "$T/test_net.$TARGET"
    show
    [ "$status" -eq 1 ]
    [[ "$stderr" == "$U: --net:service0=@"*": the tap descriptor has virtio-net headers (IFF_VNET_HDR), which this unikernel does not take with --no-net-offload" ]]
    [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
}

@test "net: --net-mac sets the guest's MAC address" {
    netns_start net --net:service0=tap0 --net-mac:service0=02:00:5e:10:20:30
    [ "$(netns_guest_mac service0)" = "02:00:5e:10:20:30" ]
    ping_ns -c 2 -i 0.2 -W 2 10.0.0.2
    [ "$rx" -eq 2 ]
    run netns_exec ip neigh show 10.0.0.2
    echo "neigh: $output"
    [[ "$output" == *"lladdr 02:00:5e:10:20:30"* ]]
}

@test "net: without --net-mac the MAC is random, locally administered, unicast" {
    netns_start net --net:service0=tap0
    mac1=$(netns_guest_mac service0)
    kill "$UKVM_PID"
    netns_wait
    netns_start net --net:service0=tap0
    mac2=$(netns_guest_mac service0)
    echo "macs: $mac1 $mac2"
    [ -n "$mac1" ] && [ "$mac1" != "$mac2" ]
    first=$((16#${mac1%%:*}))
    [ $((first & 3)) -eq 2 ]
}

@test "net: a tap that does not exist is a clean start-up error" {
    netns_guest net --net:service0=nosuchtap9
    show
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [[ "$stderr" == "$U: "*nosuchtap9* ]]
    ukvm_only "ukvm's one-line start-up errors"
    [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
    # ukvm must not have created it either.
    run netns_exec ip link show nosuchtap9
    [ "$status" -ne 0 ]
}

@test "net: an inherited descriptor that is not a tap is refused, naming it" {
    netns_guest net --net:service0=@0
    show
    [ "$status" -eq 1 ]
    ukvm_only "ukvm's wording of start-up errors"
    [ "$stderr" = "$U: --net:service0=@0: not an attached tap descriptor" ]
}

@test "net: --net-mac refuses multicast and all-zero addresses" {
    ukvm_only "refusing multicast and all-zero MAC addresses"
    for mac in 01:00:5e:00:00:01 00:00:00:00:00:00 02:00:00:00:00 zz:00:00:00:00:01; do
        netns_guest net --net:service0=tap0 --net-mac:service0=$mac
        show
        [ "$status" -eq 1 ]
        [[ "$stderr" == "$U: --net-mac:service0=$mac: not a unicast MAC address"* ]]
    done
}
