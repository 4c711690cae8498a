# SPDX-License-Identifier: ISC
# ukvm's command line: options, usage errors, file errors.
load helpers

@test "cli: --help prints usage and exits 0" {
    ukvm_only "ukvm's own usage text"
    run "$UKVM" --help
    [ "$status" -eq 0 ]
    [[ "$output" == *"usage: $U "* ]]
    [[ "$output" == *"--mem=MIB"* ]]
}

@test "cli: --version names the target's ABI version" {
    ukvm_only "ukvm's own --version"
    run "$UKVM" --version
    [ "$status" -eq 0 ]
    if [ "$TARGET" = hvt ]; then
        [[ "$output" == *"hvt ABI version 2"* ]]
    else
        [[ "$output" == *"spt ABI version 2"* ]]
    fi
}

@test "cli: unknown option is a one-line usage error" {
    run --separate-stderr "$UKVM" --frobnicate "$T/test_hello.$TARGET"
    show
    [ "$status" -eq 1 ]
    ukvm_only "ukvm's wording of usage errors"
    [ "$stderr" = "$U: unknown option '--frobnicate' (see --help)" ]
}

@test "cli: bad --mem values are refused" {
    for v in "" 0 1 abc 12x 4097 99999999999999999999; do
        run --separate-stderr "$UKVM" "--mem=$v" "$T/test_hello.$TARGET"
        show
        [ "$status" -eq 1 ]
        ukvm_only "ukvm's wording of usage errors"
        [[ "$stderr" == "$U: --mem"* ]]
        [ "${#lines[@]}" -eq 0 ]
    done
}

@test "cli: missing unikernel is a usage error" {
    run --separate-stderr "$UKVM" --mem=8
    [ "$status" -eq 1 ]
    ukvm_only "ukvm's wording of usage errors"
    [ "$stderr" = "$U: missing UNIKERNEL (see --help)" ]
}

@test "cli: nonexistent unikernel names the file" {
    run --separate-stderr "$UKVM" /nonexistent/x.$TARGET
    [ "$status" -eq 1 ]
    ukvm_only "ukvm's wording of file errors"
    [ "$stderr" = "$U: /nonexistent/x.$TARGET: No such file or directory" ]
}

@test "cli: a Linux executable is refused, naming the check" {
    run --separate-stderr "$UKVM" /bin/true
    show
    [ "$status" -eq 1 ]
    [[ "$stderr" == "$U: /bin/true: "* ]]
    [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
}

@test "cli: guest command line of 8191 characters runs, 8192 is refused" {
    require_kvm
    long=$(head -c 8191 /dev/zero | tr '\0' a)
    guest hello -- "$long"
    show
    [ "$status" -eq 0 ]
    [[ "$output" == *"cmdline: $long"* ]]
    ukvm_only "refusing a command line of 8192 characters"
    guest hello -- "${long}a"
    [ "$status" -eq 1 ]
    [ "$stderr" = "$U: guest command line is longer than 8191 characters" ]
}

@test "cli: --kvm-info tells whether KVM runs guests natively" {
    only_on hvt "KVM's own option"
    ukvm_only "--kvm-info, ukvm's own option"
    require_kvm
    run "$UKVM" --kvm-info
    [ "$status" -eq 0 ]
    [[ "$output" == "native: yes" || "$output" == "native: no ("* ]]
}

@test "cli: --stats reports exits by kind and time in guest and monitor" {
    only_on hvt "spt has no exits to count"
    ukvm_only "--stats, ukvm's own option"
    require_kvm
    guest hello --stats
    show
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"$U: stats: exits "*", io "* ]]
    [[ "$stderr" == *"hypercalls"*"puts "*"halt 1"* ]]
    [[ "$stderr" == *"time total "*" ms, guest "*" ms, poll wait "*" ms, monitor "*" ms"* ]]
}

@test "cli: --stats=json is one line of JSON with exits, hypercalls and the time split" {
    only_on hvt "spt has no exits to count"
    ukvm_only "--stats, ukvm's own option"
    require_kvm
    guest time --stats=json
    show
    [ "$status" -eq 0 ]
    json=$(printf '%s\n' "$stderr" | tail -n 1)
    # Six checks in one jq program: each must hold.
    run jq -e '(.exits.total > 0) and (.exits.io == .exits.total - (.exits.intr // 0))
        and (.hypercalls.halt == 1) and (.hypercalls.poll >= 1)
        and (.time_ms.poll_wait >= 90)
        and ((.time_ms.guest + .time_ms.poll_wait + .time_ms.monitor - .time_ms.total) | fabs < 0.01)
        and (.devices == {})' <<<"$json"
    echo "$json"
    [ "$status" -eq 0 ]
    [ "$output" = true ]
}

@test "cli: --stats=bogus is refused in one line" {
    ukvm_only "ukvm's wording"
    guest hello --stats=bogus
    show
    [ "$status" -eq 1 ]
    [ "$stderr" = "$U: unknown option '--stats=bogus' (see --help)" ]
}

@test "cli: ukvm-spt --stats prints the run time at exit, text or JSON, the exit status kept" {
    only_on spt "hvt's --stats: the tests above"
    ukvm_only "--stats, ukvm-spt's own option"
    guest hello --stats
    show
    [ "$status" -eq 0 ] && [ "${lines[2]}" = SUCCESS ]
    [[ "$stderr" =~ ^ukvm-spt:\ stats:\ time\ total\ [0-9]+\.[0-9]{3}\ ms$ ]]
    guest time --stats=json
    show
    [ "$status" -eq 0 ]
    # time sleeps 100 ms at least.
    run jq -e '(.time_ms.total >= 100) and (.devices == {}) and (keys == ["devices", "time_ms"])' \
        <<<"$stderr"
    [ "$output" = true ]
}

@test "cli: ukvm-spt --stats reports however the guest ends: abort, fault, forbidden call, SIGTERM" {
    only_on spt "hvt's --stats: the tests above"
    ukvm_only "--stats, ukvm-spt's own option"
    guest ssp --stats
    show
    [ "$status" -eq 255 ] && [[ "${stderr##*$'\n'}" == "ukvm-spt: stats: time total "*" ms" ]]
    guest ssp --stats --dumpcore="$BATS_TEST_TMPDIR"
    show
    [ "$status" -eq 255 ] && [[ "$stderr" == *"core dumped to $BATS_TEST_TMPDIR/"* ]]
    [[ "${stderr##*$'\n'}" == "ukvm-spt: stats: time total "*" ms" ]]
    guest exception --stats
    show
    [ "$status" -eq 132 ] && [[ "$stderr" == "ukvm-spt: guest error: SIGILL "*$'\n'"ukvm-spt: stats: time total "*" ms" ]]
    guest syscall --stats=json
    show
    [ "$status" -eq 159 ] && [[ "$stderr" == "ukvm-spt: guest error: forbidden system call 39 "* ]]
    [[ "${stderr##*$'\n'}" == '{"time_ms":{"total":'*'},"devices":{}}' ]]
    "$UKVM" --stats "$T/test_sleep.spt" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
    local pid=$!
    sleep 0.5
    kill -TERM "$pid"
    local st=0
    wait "$pid" || st=$?
    cat "$BATS_TEST_TMPDIR/err"
    [ "$st" -eq 143 ]
    [ "$(tail -n 1 "$BATS_TEST_TMPDIR/err" | sed -E 's/[0-9]+\.[0-9]{3}/T/')" = "ukvm-spt: stats: time total T ms" ]
}

@test "cli: SIGTERM ends a sleeping guest cleanly" {
    ukvm_only "status 143 and its message on SIGTERM"
    require_kvm
    "$UKVM" "$T/test_sleep.$TARGET" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
    pid=$!
    for _ in $(seq 50); do grep -q sleeping "$BATS_TEST_TMPDIR/out" && break; sleep 0.1; done
    kill -TERM "$pid"
    rc=0; wait "$pid" || rc=$?
    cat "$BATS_TEST_TMPDIR/err"
    [ "$rc" -eq 143 ]
    grep -qx "$U: stopped by Terminated" "$BATS_TEST_TMPDIR/err"
}

@test "cli: SIGINT ends a sleeping guest cleanly" {
    ukvm_only "status 130 and its message on SIGINT"
    require_kvm
    "$UKVM" "$T/test_sleep.$TARGET" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
    pid=$!
    for _ in $(seq 50); do grep -q sleeping "$BATS_TEST_TMPDIR/out" && break; sleep 0.1; done
    kill -INT "$pid"
    rc=0; wait "$pid" || rc=$?
    [ "$rc" -eq 130 ]
    grep -qx "$U: stopped by Interrupt" "$BATS_TEST_TMPDIR/err"
}

@test "cli: ukvm-spt refuses ukvm's KVM options, in one line" {
    only_on spt "the KVM options are ukvm's own"
    ukvm_only "ukvm-spt's wording"
    for o in --count-instructions --no-deprivilege --kvm-info; do
        run --separate-stderr "$UKVM" "$o" "$T/test_hello.spt"
        show
        [ "$status" -eq 1 ]
        [[ "$stderr" == "ukvm-spt: "*"are ukvm's (KVM) options" ]]
        [ "${#lines[@]}" -eq 0 ]
    done
}

@test "cli: a /dev/kvm the user may not open is one line with the way out" {
    only_on hvt "ukvm-spt needs no KVM"
    ukvm_only "ukvm's hint"
    command -v setpriv >/dev/null || skip "needs setpriv (util-linux)"
    local as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
    ! $as_nobody test -w /dev/kvm || skip "user nobody may open /dev/kvm here"
    $as_nobody test -x "$UKVM" -a -r "$T/test_hello.hvt" ||
        skip "user nobody cannot reach the build here"
    run --separate-stderr $as_nobody "$UKVM" "$T/test_hello.hvt"
    echo "$stderr"
    [ "$status" -eq 1 ] && [ -z "$output" ]
    [[ "$stderr" == "ukvm: /dev/kvm: Permission denied (ukvm needs to read and write it: on Debian, join the kvm group with 'sudo adduser \$USER kvm' and log in again; ukvm-spt runs spt unikernels without KVM)" ]]
}
