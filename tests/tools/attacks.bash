# SPDX-License-Identifier: ISC
# Shared by tests/bats/app_static_web_attacks.bats and bench/attacks: the
# probe that measures service during an attack, and the attacks, each
# bounded in time (and the flood in count), run in a namespace given.

# attack_probe NS URL N: N requests, one a second, each curl -m 2 from
# inside NS; prints "SERVED N" (SERVED: answered 200 in time).
attack_probe() {
    local ns=$1 url=$2 n=$3 served=0 code start
    for _ in $(seq "$n"); do
        start=$(date +%s%N)
        code=$(ip netns exec "$ns" curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" ||
               true)
        [ "$code" = 200 ] && served=$((served + 1))
        # The next one a second after this one started.
        local left=$((1000000000 - ($(date +%s%N) - start)))
        [ "$left" -gt 0 ] && sleep "0.$(printf '%09d' "$left")"
    done
    echo "$served $n"
}

# attack_synflood NS DST SECONDS RATE: the spoofed SYN flood, in the
# background; its pid in ATTACK_PID, its report in ATTACK_OUT.
attack_synflood() {
    local ns=$1 dst=$2 secs=$3 rate=$4
    ip netns exec "$ns" timeout $((secs + 10)) "$ATTACK_TOOLS/synflood" "$dst" 80 "$rate" \
        "$secs" $((rate * secs)) >"$ATTACK_OUT" 2>&1 3>&- &
    ATTACK_PID=$!
}

# attack_slowloris NS DST SECONDS CONNS SRC NSRC: slowloris, in the
# background, one byte per connection a second.
attack_slowloris() {
    local ns=$1 dst=$2 secs=$3 conns=$4 src=$5 nsrc=$6
    ip netns exec "$ns" timeout $((secs + 10)) "$ATTACK_TOOLS/slowloris" "$dst" 80 "$conns" \
        "$secs" 1000 "$src" "$nsrc" >"$ATTACK_OUT" 2>&1 3>&- &
    ATTACK_PID=$!
}

# attack_wait: waits for the attack to end (it is bounded); its report is
# in $ATTACK_OUT. Not in a subshell: only this shell can wait for it.
attack_wait() {
    [ -n "${ATTACK_PID:-}" ] || return 0
    wait "$ATTACK_PID" || true
    ATTACK_PID=
}

# attack_stop: for cleanup: ends the attack if it still runs.
attack_stop() {
    [ -n "${ATTACK_PID:-}" ] || return 0
    kill "$ATTACK_PID" 2>/dev/null || true
    wait "$ATTACK_PID" 2>/dev/null || true
    ATTACK_PID=
}

# attack_add_sources NS DEV FIRST N: N client addresses 10.0.0.FIRST.. on
# DEV, for attackers apart from the probe's 10.0.0.1.
attack_add_sources() {
    local ns=$1 dev=$2 first=$3 n=$4
    for i in $(seq "$first" $((first + n - 1))); do
        ip -n "$ns" addr add "10.0.0.$i/24" dev "$dev"
    done
}
