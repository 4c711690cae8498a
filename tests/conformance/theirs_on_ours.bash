# SPDX-License-Identifier: ISC
# A. Theirs on ours: every guest of the kit (SOLO5/guests) on build/ukvm
# (.hvt) and build/ukvm-spt (.spt), as the kit's README expects. hvt
# guests run with --mem=4096 and spt guests with --mem=2, as Solo5's own
# suite does; hello also at the other size. hvt guests run twice: in ring
# 3, their privileged instructions emulated (ukvm's default), and with
# --no-deprivilege in ring 0, as on solo5-hvt; every expectation is the
# same.

# guest, then what it must do on ukvm (hvt) and on ukvm-spt (spt), then
# its arguments ("-": none). success, abort, sigsegv, refused: see
# expect() in lib.bash; blk and net are cases of their own (a_blk, a_net);
# "-": no expectation, run as an unknown guest. On ukvm, xnow and wnox
# abort: ukvm maps text read-only and data no-execute, so the guest
# takes a page fault where Solo5 reports a translation fault or nothing.
A_TABLE='
test_hello      success  success  Hello_Solo5
test_quiet      success  success  --solo5:quiet
test_globals    success  success  -
test_exception  abort    sigsegv  -
test_zeropage   abort    sigsegv  -
test_notls      abort    sigsegv  -
test_tls        success  success  -
test_ssp        abort    abort    -
test_fpu        success  success  -
test_time       success  success  -
test_xnow       abort    sigsegv  -
test_wnox       abort    sigsegv  -
test_blk        blk      blk      -
test_net        net      net      -
buggyelf        refused  -        -
'

# test_net: echo requests it must answer before it exits ("limit"), and
# how many are sent where KVM emulates guest instructions (PVM: about
# 2000 a second on hvt, so 100000 would take close to a minute).
NET_LIMIT=100000
NET_EMULATED=5000

# a_tender TARGET [ring0]: sets TENDER, U (its name), MEM, OTHER_MEM and
# RING0 (non-empty for ukvm --no-deprivilege, which TENDER then is,
# through a wrapper: the cases pass TENDER as one word).
a_tender() {
    RING0=${2:-}
    if [ "$1" = hvt ] && [ -n "$RING0" ]; then
        TENDER=$W/ukvm-ring0 U="ukvm --no-deprivilege" MEM=4096 OTHER_MEM=2
        printf '#!/bin/sh\nexec "%s" --no-deprivilege "$@"\n' "$BUILD/ukvm" >"$TENDER"
        chmod +x "$TENDER"
    elif [ "$1" = hvt ]; then
        TENDER=$BUILD/ukvm U=ukvm MEM=4096 OTHER_MEM=2
    else
        TENDER=$BUILD/ukvm-spt U=ukvm-spt MEM=2 OTHER_MEM=4096
    fi
}

theirs_on_ours() {
    local f base target
    for f in "$SOLO5"/guests/*; do
        [ -f "$f" ] || continue
        base=$(basename "$f")
        target=${base##*.}
        case $target in
        hvt) a_file "$f" hvt; a_file "$f" hvt ring0 ;;
        spt) a_file "$f" spt ;;
        *) skip_case "theirs: $base" "not a unikernel (neither .hvt nor .spt)" ;;
        esac
    done
}

# a_file FILE TARGET [ring0]: FILE's row of the table on one tender.
a_file() {
    local f=$1 target=$2 base guest row kind args hvt_kind spt_kind
    base=$(basename "$f")
    guest=${base%.*}
    a_tender "$target" "${3:-}"
    if [ "$target" = hvt ] && [ ! -e /dev/kvm ]; then
        skip_case "theirs on $U: $base" "no /dev/kvm on this machine"
        return
    fi
    row=$(awk -v g="$guest" '$1 == g' <<<"$A_TABLE")
    kind=- args=-
    if [ -n "$row" ]; then
        read -r _ hvt_kind spt_kind args <<<"$row"
        [ "$target" = hvt ] && kind=$hvt_kind || kind=$spt_kind
    fi
    [ "$args" = - ] && args=
    case $kind in
    blk) a_blk "$f" ;;
    net) a_net "$target" "$f" ;;
    -) same_exit "theirs on $U: $base (not in the kit's table)" "$f" \
           "$TENDER" "$SOLO5/bin/solo5-$target" "solo5-$target" --mem="$MEM" ;;
    *) a_guest "$target" "$f" "$kind" "$MEM" $args
       # hello also at the other memory size.
       [ "$guest" != test_hello ] || a_guest "$target" "$f" "$kind" "$OTHER_MEM" $args ;;
    esac
}

# a_guest TARGET FILE KIND MEM [ARGS...]: one run, checked against KIND.
a_guest() {
    local target=$1 f=$2 kind=$3 mem=$4
    shift 4
    local base name prefix end why=
    base=$(basename "$f")
    name="theirs on $U: $base"
    [ "$mem" = "$MEM" ] || name="$name --mem=$mem"
    prefix=$W/a-$base-$mem${RING0:+-0}
    if [ "$base" = test_fpu.hvt ] && [ -n "$RING0" ] && ! kvm_native; then
        skip_case "$name" "KVM emulates ring-0 guest instructions here ($("$BUILD/ukvm" --kvm-info 2>&1)): guest SSE cannot run in ring 0, on any tender (it runs in ring 3)"
        return
    fi
    # An image larger than the memory cannot run anywhere: a clean
    # refusal is what ukvm promises (docs/ABI.md).
    end=$(image_end "$f")
    if [ "$end" -gt $((mem * 1024 * 1024)) ]; then
        kind=refused
        why=", the image ends at $((end / 1024)) KiB, past $mem MiB"
    fi
    name="$name: $(describe "$kind")$why"
    run_capture "$prefix" 60 "$TENDER" --mem="$mem" -- "$f" "$@"
    PROBLEMS=()
    expect "$kind" "$prefix"
    case $base in
    test_hello.*)
        [ "$kind" = refused ] || grep -q 'Hello_Solo5' "$prefix.out" ||
            PROBLEMS+=("the guest did not print its argument Hello_Solo5") ;;
    test_quiet.*)
        ! grep -q 'Solo5:' "$prefix.out" "$prefix.err" ||
            PROBLEMS+=("a line contains 'Solo5:' despite --solo5:quiet") ;;
    esac
    verdict "$name" "$prefix"
}

# a_blk FILE: 4 MiB of zeros, with 512- and 4096-byte sectors; then the
# refusals: a size not a multiple of the sector, sector sizes 521 and 256.
a_blk() {
    local f=$1 name
    name="theirs on $U: $(basename "$f")"
    a_blk_run "$f" "$name: SUCCESS" success 4M
    a_blk_run "$f" "$name --block-sector-size:storage=4096: SUCCESS" success 4M 4096
    a_blk_run "$f" "$name: a 6 KiB file with 4096-byte sectors is refused (1)" refused 6K 4096
    a_blk_run "$f" "$name: --block-sector-size:storage=521 is refused (1)" refused 4M 521
    a_blk_run "$f" "$name: --block-sector-size:storage=256 is refused (1)" refused 4M 256
}

# a_blk_run FILE NAME KIND SIZE [SECTOR]: FILE on a fresh image of SIZE
# zeros (truncate's units), with SECTOR-byte sectors if given.
a_blk_run() {
    local f=$1 name=$2 kind=$3 sector=${5:-} prefix img opts=() size
    prefix=$W/a-$(basename "$f")${RING0:+-0}
    img=$prefix.img
    rm -f "$img" && truncate -s "$4" "$img"
    size=$(stat -c %s "$img")
    opts=(--mem="$MEM" --block:storage="$img")
    [ -z "$sector" ] || opts+=(--block-sector-size:storage="$sector")
    run_capture "$prefix" 60 "$TENDER" "${opts[@]}" -- "$f"
    PROBLEMS=()
    expect "$kind" "$prefix"
    # A refused image is left as it was: zeros.
    if [ "$kind" = refused ] && ! cmp -s "$img" <(head -c "$size" /dev/zero); then
        PROBLEMS+=("the refused image file was changed")
    fi
    verdict "$name" "$prefix"
}

# a_net TARGET FILE: in the harness's namespace, on tap cnet0 (10.0.0.1),
# the guest answers ARP and ping for 10.0.0.2 and, with "limit", exits
# with SUCCESS after NET_LIMIT echo requests (a few pings, then a flood
# bounded in time). Where KVM is not native, hvt gets NET_EMULATED only
# and is stopped after them.
a_net() {
    local target=$1 f=$2 base name prefix why count pid tx rx
    base=$(basename "$f")
    name="theirs on $U: $base"
    prefix=$W/a-$base${RING0:+-0}
    why=$(ns_usable)
    if [ -n "$why" ]; then
        skip_case "$name" "$why"
        return
    fi
    count=$NET_LIMIT
    if [ "$target" = hvt ] && [ -n "$RING0" ] && ! kvm_native; then
        count=$NET_EMULATED
        name="$name: answers ARP and $count pings, then is stopped ($count, not $NET_LIMIT: KVM is not native here)"
    else
        name="$name: answers ARP and $count pings, then SUCCESS"
    fi
    PROBLEMS=()
    if ! ns_up || ! ns_tap cnet0 10.0.0.1/24; then
        fail "$name" "could not set up the network namespace and its tap"
        return
    fi
    ip -n "$NS" neigh flush dev cnet0 2>/dev/null
    ns_start "$prefix" 180 "$TENDER" --mem="$MEM" --net:service0=cnet0 -- "$f" limit
    pid=$BG_PID
    a_net_wait_ready "$prefix" "$pid"

    # ARP first: no neighbour entry yet, so the first ping resolves it.
    a_ping "$prefix.ping1" -c 3 -i 0.2 -W 2 10.0.0.2
    [ "$rx" = 3 ] || PROBLEMS+=("3 pings: $tx sent, $rx answered")
    ns_exec ip neigh show 10.0.0.2 | grep -q lladdr ||
        PROBLEMS+=("no ARP answer: no neighbour entry for 10.0.0.2")
    # The flood: one request in flight at a time, at most 90 s.
    a_ping "$prefix.ping2" -q -f -c $((count - 3)) -w 90 10.0.0.2
    [ "$tx" = $((count - 3)) ] && [ "$rx" = "$tx" ] ||
        PROBLEMS+=("flood of $((count - 3)): $tx sent, $rx answered")

    if [ "$count" = "$NET_LIMIT" ]; then
        if ns_wait "$pid" 15; then
            expect success "$prefix"
        else
            PROBLEMS+=("still running 15 s after $count echo requests")
            ns_stop "$pid"
        fi
    elif ns_wait "$pid" 0; then
        PROBLEMS+=("ended (status $STATUS) before $NET_LIMIT echo requests")
    else
        ns_stop "$pid"
    fi
    verdict "$name" "$prefix"
}

# a_net_wait_ready PREFIX PID: until the guest says it serves (at most 10 s).
a_net_wait_ready() {
    local i
    for ((i = 0; i < 100; i++)); do
        grep -q 'Serving ping\|ready' "$1.out" 2>/dev/null && return
        kill -0 "$2" 2>/dev/null || return
        sleep 0.1
    done
}

# a_ping PREFIX ARGS...: ping from inside the namespace; sets tx and rx.
a_ping() {
    local prefix=$1
    shift
    ns_exec timeout --foreground 120 ping "$@" >"$prefix" 2>&1 </dev/null
    tx=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$prefix")
    rx=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$prefix")
    tx=${tx:-0} rx=${rx:-0}
}
