# SPDX-License-Identifier: ISC
# B. Ours on theirs: the project's own tests (tests/bats) with Solo5's
# tenders in place of ukvm and ukvm-spt (UKVM_TENDER=solo5, see
# tests/bats/helpers.bash): the same test unikernels and apps, the same
# expectations; what only ukvm does is skipped by the tests themselves
# (ukvm_only), naming it. Their TAP lines become the harness's lines.

# bats files that run no unikernel on a tender, and why.
B_LEFT_OUT='
net_setup              tests scripts/net-setup, not a tender
app_kv_ro_crunch_tool  tests the host tool ukvm-crunch, not a tender
oci                    tests the runtime ukvm-oci, which starts ukvm and ukvm-spt
oci_net                tests the tap and redirects of ukvm-oci, with ukvm tap options
'

# Project test guests that no bats test runs: options and arguments, and
# what they must do (bench/blk runs blkbench; 4 MiB keep it short on PVM).
B_EXTRA='
blkbench  success  --block:storage=IMG -- size=4
'

ours_on_theirs() {
    local target
    for target in hvt spt; do
        b_target "$target"
    done
}

# b_target TARGET: the bats tests, then the guests they do not run.
b_target() {
    local target=$1 tender=$SOLO5/bin/solo5-$1 prefix="ours on solo5-$1"
    local files=() f n reason log
    if [ ! -x "$tender" ]; then
        fail "$prefix" "no tender $tender"
        return
    fi
    for f in "$ROOT"/tests/bats/*.bats; do
        n=$(basename "$f" .bats)
        reason=$(awk -v n="$n" '$1 == n { $1 = ""; sub(/^ +/, ""); print }' <<<"$B_LEFT_OUT")
        if [ -n "$reason" ]; then
            skip_case "$prefix: $n.bats" "$reason"
        else
            files+=("$f")
        fi
    done
    log=$OUT/bats-solo5-$target.tap
    tap_cases "$prefix" "$log" < <(
        UKVM_TARGET=$target UKVM_TENDER=solo5 UKVM=$tender BUILD=$BUILD \
            timeout --foreground -k 10 1200 bats --tap "${files[@]}" 2>&1 </dev/null {STDOUT_FD}>&- |
            tee "$log"
        echo "#bats-status ${PIPESTATUS[0]}")
    b_uncovered "$target" "$tender" "${files[@]}"
}

# tap_cases PREFIX LOG: bats TAP on stdin to harness lines. A failed
# test is shown with the assertion that failed and what it printed.
tap_cases() {
    local prefix=$1 log=$2 line name reason pending='' seen=0 details=()
    local failed_before=$FAILED
    # flush: reports the failed test held in pending, with its details.
    flush() {
        [ -n "$pending" ] || return 0
        fail "$prefix: $pending" "${details[@]:0:8}" "(the whole TAP: $log)"
        pending='' details=()
    }
    while IFS= read -r line; do
        case $line in
        "ok "*|"not ok "*)
            flush
            seen=1
            name=$(sed -E 's/^(not )?ok [0-9]+ //' <<<"$line") ;;
        esac
        case $line in
        "ok "*" # skip"*)
            reason=${name#* # skip}
            skip_case "$prefix: ${name%% # skip*}" "${reason# }" ;;
        "ok "*) pass "$prefix: $name" ;;
        "not ok "*) pending=$name ;;
        "#bats-status "*)
            flush
            line=${line#\#bats-status }
            if [ "$line" != 0 ] && [ "$FAILED" = "$failed_before" ]; then
                fail "$prefix: bats" "bats ended with status $line and no failed test" \
                    "(the whole TAP: $log)"
            fi ;;
        "# ("*|"#  in test file"*|"#  from function"*|1..*) ;;
        *) [ -z "$pending" ] || details+=("${line#\# }") ;;
        esac
    done
    flush
    [ "$seen" = 1 ] || fail "$prefix: bats" "no test ran" "(the whole TAP: $log)"
}

# b_uncovered TARGET TENDER BATS_FILES...: every project test guest that
# the bats files do not run: as B_EXTRA says, or else it must end as it
# does on ukvm.
b_uncovered() {
    local target=$1 tender=$2
    shift 2
    local f n row kind opts ours
    [ "$target" = hvt ] && ours=$BUILD/ukvm || ours=$BUILD/ukvm-spt
    for f in "$BUILD"/tests/test_*."$target"; do
        [ -f "$f" ] || continue
        n=$(basename "$f" ".$target")
        n=${n#test_}
        # Run by a bats test: "guest NAME", "netns_start NAME", ".../test_NAME.$TARGET".
        grep -qE "(guest|netns_guest|netns_start) $n( |\$)|test_$n\.(hvt|spt|\\\$TARGET)" "$@" && continue
        if [ "$target" = hvt ] && [ ! -e /dev/kvm ]; then
            skip_case "ours on solo5-$target: $(basename "$f")" "no /dev/kvm on this machine"
            continue
        fi
        row=$(awk -v n="$n" '$1 == n' <<<"$B_EXTRA")
        if [ -n "$row" ]; then
            read -r _ kind opts <<<"$row"
            b_extra "ours on solo5-$target: $(basename "$f") (no bats test runs it): $(describe "$kind")" \
                "$f" "$tender" "$kind" $opts
        else
            same_exit "ours on solo5-$target: $(basename "$f") (no bats test runs it)" \
                "$f" "$tender" "$ours" "$(basename "$ours")"
        fi
    done
}

# b_extra NAME FILE TENDER KIND OPTIONS... [-- ARGS...]: IMG in OPTIONS is
# a fresh 4 MiB image.
b_extra() {
    local name=$1 f=$2 tender=$3 kind=$4 prefix img args=() a
    shift 4
    prefix=$W/b-$(basename "$f")
    img=$prefix.img
    rm -f "$img" && truncate -s 4M "$img"
    for a in "$@"; do
        if [ "$a" = -- ]; then
            args+=(-- "$f")
        else
            args+=("${a//IMG/$img}")
        fi
    done
    [[ " $* " == *" -- "* ]] || args+=("$f")
    run_capture "$prefix" 120 "$tender" "${args[@]}"
    PROBLEMS=()
    expect "$kind" "$prefix"
    verdict "$name" "$prefix"
}
