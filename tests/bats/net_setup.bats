# SPDX-License-Identifier: ISC
# scripts/net-setup: a tap for unikernels, in a namespace of its own. The
# tests use uniquely named namespaces and check that down leaves nothing.
load helpers
load netns

NET_SETUP=$ROOT/scripts/net-setup

setup() {
    SETUP_NS=ukvm-test-setup-$$-$BATS_TEST_NUMBER
}

teardown() {
    if [ -n "${UKVM_PID:-}" ]; then
        kill "$UKVM_PID" 2>/dev/null || true
        wait "$UKVM_PID" 2>/dev/null || true
    fi
    ip netns del "$SETUP_NS" 2>/dev/null || true
}

ns_listed() {
    ip netns list | awk '{ print $1 }' | grep -qxF "$SETUP_NS"
}

@test "net-setup: --help describes up and down" {
    run "$NET_SETUP" --help
    [ "$status" -eq 0 ]
    [[ "$output" == *"net-setup up"* && "$output" == *"net-setup down"* ]]
}

@test "net-setup: a bad command or option is a one-line error" {
    run --separate-stderr "$NET_SETUP" sideways
    [ "$status" -eq 1 ]
    [[ "$stderr" == "net-setup: unknown command 'sideways'"* ]]
    run --separate-stderr "$NET_SETUP" up --addr 10.0.0.1
    [ "$status" -eq 1 ]
    [[ "$stderr" == "net-setup: --addr 10.0.0.1: "* ]]
    run --separate-stderr "$NET_SETUP" up --tap thisnameistoolongforlinux
    [ "$status" -eq 1 ]
    [[ "$stderr" == "net-setup: --tap "* ]]
}

@test "net-setup: up, up again, a guest answers, down, down again: nothing left" {
    netns_require
    run "$NET_SETUP" up --ns "$SETUP_NS" --tap tap100 --addr 10.0.0.1/24
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"ip netns exec $SETUP_NS build/ukvm --net:service0=tap100"* ]]
    ns_listed
    run ip -n "$SETUP_NS" -d addr show dev tap100
    [[ "$output" == *"tun type tap"* && "$output" == *"inet 10.0.0.1/24"* ]]

    run "$NET_SETUP" up --ns "$SETUP_NS" --tap tap100 --addr 10.0.0.1/24
    [ "$status" -eq 0 ]
    [ "$(ip -n "$SETUP_NS" -4 addr show dev tap100 | grep -c 'inet ')" -eq 1 ]

    # What up printed works: the net guest answers on the tap.
    NS=$SETUP_NS
    netns_start net --net:service0=tap100 -- limit=2
    run ip netns exec "$SETUP_NS" ping -c 2 -i 0.2 -W 2 10.0.0.2
    echo "$output"
    [ "$status" -eq 0 ]
    netns_wait
    [ "$status" -eq 0 ]

    run "$NET_SETUP" down --ns "$SETUP_NS" --tap tap100
    echo "$output"
    [ "$status" -eq 0 ]
    run ! ns_listed
    run "$NET_SETUP" down --ns "$SETUP_NS" --tap tap100
    [ "$status" -eq 0 ]
    [[ "$output" == *"no tap tap100"* ]]
    run ! ns_listed
}

@test "net-setup: down keeps a namespace that still holds other links" {
    netns_require
    "$NET_SETUP" up --ns "$SETUP_NS" --tap tap100
    ip -n "$SETUP_NS" tuntap add dev tapother mode tap
    run "$NET_SETUP" down --ns "$SETUP_NS" --tap tap100
    [ "$status" -eq 0 ]
    [[ "$output" == *"kept"* ]]
    ns_listed
    run ! ip -n "$SETUP_NS" link show dev tap100
    ip -n "$SETUP_NS" link del dev tapother
    run "$NET_SETUP" down --ns "$SETUP_NS" --tap tap100
    [ "$status" -eq 0 ]
    run ! ns_listed
}
