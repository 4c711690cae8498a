# SPDX-License-Identifier: ISC
# ukvm runs the guest under a seccomp filter.
load helpers

@test "sandbox: the seccomp filter is in force while a guest runs" {
    require_kvm
    "$UKVM" "$T/test_sleep.$TARGET" >"$BATS_TEST_TMPDIR/out" 2>&1 &
    pid=$!
    for _ in $(seq 50); do grep -q sleeping "$BATS_TEST_TMPDIR/out" && break; sleep 0.1; done
    mode=$(awk '/^Seccomp:/ { print $2 }' "/proc/$pid/status")
    filters=$(awk '/^Seccomp_filters:/ { print $2 }' "/proc/$pid/status")
    kill -TERM "$pid"
    wait "$pid" || true
    [ "$mode" = 2 ]
    [ "$filters" -ge 1 ]
}

@test "sandbox: a forbidden system call from an spt guest ends it, named, by SIGSYS" {
    only_on spt "hvt guests make no system calls"
    guest syscall
    show
    [ "$status" -eq 159 ]
    [[ "$output" == *"calling getpid"* && "$output" != *SURVIVED* ]]
    ukvm_only "ukvm-spt's report of the system call"
    [[ "$stderr" == "ukvm-spt: guest error: forbidden system call 39 (rip 0x"*")" ]]
}

@test "sandbox: x32 and int \$0x80 system calls are reported like any forbidden call" {
    only_on spt "hvt guests make no system calls"
    guest syscall -- x32
    show
    [ "$status" -eq 159 ]
    [[ "$output" != *SURVIVED* ]]
    ukvm_only "ukvm-spt's report of the system call"
    [[ "$stderr" == "ukvm-spt: guest error: forbidden system call (x32) 39 (rip 0x"*")" ]]
    guest syscall -- int80
    show
    [ "$status" -eq 159 ]
    [[ "$output" != *SURVIVED* ]]
    [[ "$stderr" == "ukvm-spt: guest error: forbidden system call (i386, int \$0x80) 20 (rip 0x"*")" ]]
}

@test "sandbox: an spt guest cannot wait with a signal mask (it would block SIGTERM)" {
    only_on spt "hvt guests make no system calls"
    ukvm_only "ukvm-spt's filter (solo5-spt allows any mask)"
    for how in pwait-mask pwait2-mask; do
        guest syscall -- "$how"
        show
        [ "$status" -eq 159 ]       # at once, not after the 3 s wait
        [[ "$output" != *SURVIVED* ]]
        [[ "$stderr" == "ukvm-spt: guest error: forbidden system call "* ]]
    done
}

@test "sandbox: an spt guest's address space holds no environment of ukvm-spt's" {
    only_on spt "an spt guest shares ukvm-spt's address space; hvt's does not"
    ukvm_only "ukvm-spt scrubs its environment before entering the guest"
    secret="ukvm-secret-$$-$RANDOM-value"
    UKVM_TEST_SECRET=$secret "$UKVM" "$T/test_sleep.spt" >"$BATS_TEST_TMPDIR/out" 2>&1 &
    pid=$!
    for _ in $(seq 50); do grep -q sleeping "$BATS_TEST_TMPDIR/out" && break; sleep 0.1; done
    # Every readable mapping, as the guest could read it.
    found=$(python3 - "$pid" "$secret" <<'PY'
import re, sys
pid, secret = sys.argv[1], sys.argv[2].encode()
hits = []
with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb") as mem:
    for line in maps:
        m = re.match(r"([0-9a-f]+)-([0-9a-f]+) r", line)
        if not m or "[vvar]" in line or "[vsyscall]" in line:
            continue
        lo, hi = int(m.group(1), 16), int(m.group(2), 16)
        try:
            mem.seek(lo)
            if secret in mem.read(hi - lo):
                hits.append(line.split()[-1] if len(line.split()) > 5 else line.split()[0])
        except OSError:
            pass
print(" ".join(hits) or "none")
PY
)
    kill -TERM "$pid"
    wait "$pid" || true
    echo "secret found in: $found"
    [ "$found" = none ]
}

@test "sandbox: a malformed spt unikernel is refused" {
    only_on spt "the hvt loader has its own corpus (tests/unit/test_bad_elfs.sh)"
    head -c 100 "$T/test_hello.spt" >"$BATS_TEST_TMPDIR/short.spt"
    run --separate-stderr "$UKVM" "$BATS_TEST_TMPDIR/short.spt"
    [ "$status" -eq 1 ]
    ukvm_only "ukvm-spt's wording of the refusal"
    [[ "$stderr" == "ukvm-spt: $BATS_TEST_TMPDIR/short.spt: "*"outside the file" ]]
    run --separate-stderr "$UKVM" "$T/test_hello.hvt"
    [ "$status" -eq 1 ]
    [ "$stderr" = "ukvm-spt: $T/test_hello.hvt: unikernel is built for target hvt (1), not spt (2)" ]
}

# exit_signal UNIKERNEL: runs it on the tender; prints the signal that
# ended the process (a shell's status cannot tell exit(139) from SIGSEGV).
exit_signal() {
    python3 -c 'import subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
print(-r.returncode if r.returncode < 0 else "exit %d" % r.returncode)' "$UKVM" "$1"
}

@test "sandbox: an spt guest's fault or forbidden call ends the process by that very signal" {
    only_on spt "hvt guest faults end in the guest kernel's abort"
    [ "$(exit_signal "$T/test_zeropage.spt")" = 11 ]     # SIGSEGV
    [ "$(exit_signal "$T/test_exception.spt")" = 4 ]     # SIGILL
    [ "$(exit_signal "$T/test_syscall.spt")" = 31 ]      # SIGSYS
}

@test "sandbox: SIGSEGV, SIGBUS, SIGFPE and SIGILL sent to an spt guest end it by that signal" {
    only_on spt "ukvm-spt's signal handling"
    ukvm_only "ukvm-spt's report of a signal sent by another process"
    for sig in SEGV BUS FPE ILL; do
        "$UKVM" "$T/test_sleep.spt" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
        pid=$!
        for _ in $(seq 50); do grep -q sleeping "$BATS_TEST_TMPDIR/out" && break; sleep 0.1; done
        kill "-$sig" "$pid"
        rc=0; wait "$pid" || rc=$?
        echo "$sig: status $rc, stderr: $(cat "$BATS_TEST_TMPDIR/err")"
        [ "$rc" -eq $((128 + $(kill -l "$sig"))) ]
        [ "$(cat "$BATS_TEST_TMPDIR/err")" = "ukvm-spt: stopped by SIG$sig" ]
    done
}

# blkescape HOW: the guest's own pwrite64/pread64 on its block device
# (tests/guest/blkescape), on a 64 KiB file of zeros; sets status etc.
blkescape() {
    IMG=$BATS_TEST_TMPDIR/escape.img
    truncate -s 64K "$IMG"
    guest blkescape --block:storage="$IMG" -- "$1"
    show
}

@test "sandbox: an spt guest's own pwrite64 of its device's last block passes the filter" {
    only_on spt "hvt guests make no system calls"
    blkescape last-block
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "SUCCESS" ]
    [ "$(stat -c %s "$IMG")" -eq 65536 ]
    [ "$(tail -c 512 "$IMG" | tr -d '\356' | wc -c)" -eq 0 ]
}

@test "sandbox: where ukvm-spt offers multi-block I/O, an spt guest's own pwrite64 of 4 blocks passes" {
    only_on spt "hvt guests make no system calls"
    ukvm_only "multi-block transfers (ukvm-spt's offer)"
    [ -z "${UKVM_WITHHOLD_FEATURES:-}" ] || skip "multi-block withheld (UKVM_WITHHOLD_FEATURES)"
    blkescape first-blocks
    [ "$status" -eq 0 ]
    [ "$(head -c 2048 "$IMG" | tr -d '\356' | wc -c)" -eq 0 ]
}

@test "sandbox: an spt guest cannot pwrite64 past its device, across its end, or an odd length" {
    only_on spt "hvt guests make no system calls"
    for how in past-end across-end blocks-across-end odd-length read-past-end far-odd; do
        blkescape "$how"
        [ "$status" -eq 159 ]       # SIGSYS, before the call ran
        [[ "$output" != *SUCCESS* && "$output" != *FAILURE* ]]
        [ "$(stat -c %s "$IMG")" -eq 65536 ]
        cmp "$IMG" <(head -c 65536 /dev/zero)
    done
}
