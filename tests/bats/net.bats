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
    exits=$(stats_exits)
    echo "# net: paced: $exits exits for 1000 pings" >&3
    # One POLL that brings the request in the receive ring, one NET_WRITE
    # for the reply; plus start-up, ARP and one-second timeouts.
    [ "$exits" -le 2050 ]
}

@test "net: a 10 s flood ping loses nothing, at most 2 exits a ping" {
    netns_start net --net:service0=tap0 $(stats_opt)
    ping_ns -q -f -w 10 10.0.0.2
    # The deadline may strike with one request on the wire: not a loss.
    [ "$rx" -ge $((tx - 1)) ]
    [ "$rx" -ge 1000 ]
    kill "$UKVM_PID"
    netns_wait
    [ "$status" -eq 143 ]
    if [ "$TARGET" = spt ]; then
        echo "# net: flood on spt: $rx of $tx answered in 10 s" >&3
        return 0
    fi
    exits=$(stats_exits)
    echo "# net: flood: $rx of $tx answered in 10 s, $exits exits" \
        "($((exits * 100 / rx)) per 100 pings)" >&3
    # POLL and NET_WRITE, or fewer when POLL brings several requests.
    [ "$exits" -le $((rx * 2 + 100)) ]
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
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "mtu: 1500" ]
    [ "${lines[-1]}" = "SUCCESS" ]
}

@test "net_mtu: a receive ring whose tail runs ahead of its head stops the guest" {
    only_on hvt "receive rings are an hvt feature"
    UKVM=$UKVM_SAN netns_guest net_mtu --net:service0=tap0 -- corrupt-ring
    show
    [ "$status" -eq 1 ]
    [[ "$output" == *corrupted* && "$output" != *SURVIVED* ]]
    [[ "$stderr" == "$U: guest error: NET_RXRING: ring tail 1000 is ahead of head 0"* ]]
}

@test "net: --net:NAME=@FD uses an inherited tap descriptor" {
    netns_start_cmd python3 "$BATS_TEST_DIRNAME/tapfd.py" tap0 \
        "$UKVM" --net:service0=@FD "$T/test_net.$TARGET" limit=3
    ping_ns -c 3 -i 0.2 -W 2 10.0.0.2
    [ "$rx" -eq 3 ]
    netns_wait
    show
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "SUCCESS: answered 3 pings" ]
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
    [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
    # ukvm must not have created it either.
    run netns_exec ip link show nosuchtap9
    [ "$status" -ne 0 ]
}

@test "net: an inherited descriptor that is not a tap is refused, naming it" {
    netns_guest net --net:service0=@0
    show
    [ "$status" -eq 1 ]
    [ "$stderr" = "$U: --net:service0=@0: not an attached tap descriptor" ]
}

@test "net: --net-mac refuses multicast and all-zero addresses" {
    for mac in 01:00:5e:00:00:01 00:00:00:00:00:00 02:00:00:00:00 zz:00:00:00:00:01; do
        netns_guest net --net:service0=tap0 --net-mac:service0=$mac
        show
        [ "$status" -eq 1 ]
        [[ "$stderr" == "$U: --net-mac:service0=$mac: not a unicast MAC address"* ]]
    done
}
