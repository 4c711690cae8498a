# SPDX-License-Identifier: ISC
# --dumpcore: a guest that faults, aborts or gets SIGQUIT leaves an ELF
# core file that Debian's gdb reads with the unikernel: the faulting
# function, a backtrace through application and guest kernel, globals.
load helpers

setup() {
    require_kvm
    ukvm_only "--dumpcore is ukvm's option"
    command -v gdb >/dev/null || skip "gdb is not installed"
    CORES=$BATS_TEST_TMPDIR/cores
    mkdir -p "$CORES"
}

teardown() {
    [ -z "${NOBODY_CORES:-}" ] || rm -rf "$NOBODY_CORES"
}

# as_nobody COMMAND...: runs COMMAND (at most 60 s) as uid and gid 65534,
# with no other groups and no capabilities. On hvt it gets a /dev/kvm of
# its own: the same device, owned by 65534, bound over /dev/kvm in a
# private mount namespace, so the host's /dev/kvm is never changed.
as_nobody() {
    [ "$(id -u)" -eq 0 ] || skip "becoming uid 65534 needs root"
    command -v setpriv >/dev/null && command -v unshare >/dev/null ||
        skip "setpriv and unshare (util-linux) are not installed"
    local node=$BATS_TEST_TMPDIR/kvm-node major=0 minor=0
    mkdir -p "$node"
    if [ "$TARGET" = hvt ]; then
        major=$((0x$(stat -c %t /dev/kvm)))
        minor=$((0x$(stat -c %T /dev/kvm)))
    fi
    run --separate-stderr timeout 60 unshare -m sh -c '
        target=$1 node=$2 major=$3 minor=$4
        shift 4
        if [ "$target" = hvt ]; then
            mount -t tmpfs -o mode=755 tmpfs "$node" &&
                mknod -m 600 "$node/kvm" c "$major" "$minor" &&
                chown 65534:65534 "$node/kvm" &&
                mount --bind "$node/kvm" /dev/kvm || exit 99
        fi
        exec setpriv --reuid=65534 --regid=65534 --clear-groups \
            --inh-caps=-all --bounding-set=-all "$@"' \
        sh "$TARGET" "$node" "$major" "$minor" "$@"
}

# The one core file in $CORES, or a failure.
the_core() {
    local files=("$CORES"/*.core)
    [ ${#files[@]} -eq 1 ] && [ -f "${files[0]}" ] || return 1
    echo "${files[0]}"
}

# gdb_core UNIKERNEL CORE COMMANDS...: gdb's output for each -ex command.
gdb_core() {
    local kernel=$1 core=$2
    shift 2
    local ex=()
    for c in "$@"; do ex+=(-ex "$c"); done
    run timeout 60 gdb -q -batch -nx "${ex[@]}" "$kernel" "$core"
    echo "$output"
}

@test "dumpcore: a faulting guest's core shows the faulting function and its callers" {
    guest exception --dumpcore="$CORES"
    show
    [ "$status" -ne 0 ]
    core=$(the_core)
    [[ "$stderr" == *"$U: core dumped to $core"* ]]
    gdb_core "$T/test_exception.$TARGET" "$core" bt
    [[ "$output" == *"terminated with signal SIGILL"* ]]
    [[ "$output" == *"#0  "*"solo5_app_main"*"exception.c:"* ]]
    [[ "$output" == *"in kernel_main"*"start.c:"* ]]
}

@test "dumpcore: in ring 0 too, the core starts in the faulting function (HALT's cookie)" {
    only_on hvt "rings are hvt's"
    UKVM_WITHHOLD_FEATURES=ring3 guest exception --dumpcore="$CORES"
    show
    [ "$status" -eq 255 ]
    core=$(the_core)
    gdb_core "$T/test_exception.$TARGET" "$core" bt
    [[ "$output" == *"terminated with signal SIGILL"* ]]
    [[ "$output" == *"#0  "*"solo5_app_main"*"exception.c:"* ]]
}

@test "dumpcore: the core holds the guest's memory only, sparse" {
    guest exception --mem=64 --dumpcore="$CORES"
    core=$(the_core)
    run readelf -lW "$core"
    [ "$status" -eq 0 ]
    # Every PT_LOAD lies in the 64 MiB of guest memory (never the monitor's,
    # which on spt lives high in the same process).
    loads=$(printf '%s\n' "$output" | awk '$1 == "LOAD" { print $3, $5 }')
    [ -n "$loads" ]
    while read -r vaddr filesz; do
        [ $((vaddr + filesz)) -le $((64 << 20)) ]
    done <<<"$loads"
    # Only what the guest touched: far less than its memory.
    [ "$(stat -c %s "$core")" -lt $((4 << 20)) ]
    # Registers: general ones and the x87/SSE state.
    run readelf -nW "$core"
    [[ "$output" == *"NT_PRSTATUS"* && "$output" == *"NT_FPREGSET"* ]]
}

@test "dumpcore: an abort (stack smashing) leaves a core naming __stack_chk_fail" {
    guest ssp --dumpcore="$CORES"
    show
    [ "$status" -eq 255 ]
    core=$(the_core)
    gdb_core "$T/test_ssp.$TARGET" "$core" bt
    [[ "$output" == *"terminated with signal SIGABRT"* ]]
    [[ "$output" == *"__stack_chk_fail"* ]]
}

@test "dumpcore: SIGQUIT dumps a running guest, whose globals gdb reads" {
    "$UKVM" --dumpcore="$CORES" "$T/test_debug.$TARGET" spin \
        >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
    pid=$!
    for _ in $(seq 50); do grep -q spinning "$BATS_TEST_TMPDIR/out" && break; sleep 0.1; done
    kill -QUIT "$pid"
    rc=0; wait "$pid" || rc=$?
    cat "$BATS_TEST_TMPDIR/err"
    [ "$rc" -eq 131 ]
    grep -qx "$U: stopped by Quit" "$BATS_TEST_TMPDIR/err"
    core=$(the_core)
    gdb_core "$T/test_debug.$TARGET" "$core" bt "print answer" "print spins > 0"
    [[ "$output" == *"terminated with signal SIGQUIT"* ]]
    [[ "$output" == *"spin_forever"* ]]
    [[ "$output" == *"= 41"* ]]
    [[ "$output" == *"= 1"* ]]
}

@test "dumpcore: a guest that exits normally leaves no core" {
    guest hello --dumpcore="$CORES"
    [ "$status" -eq 0 ]
    [ -z "$(ls -A "$CORES")" ]
}

@test "dumpcore: concurrent guests never share a core file" {
    pids=()
    for i in 1 2 3 4; do
        "$UKVM" --dumpcore="$CORES" "$T/test_exception.$TARGET" >/dev/null 2>&1 &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || true; done
    [ "$(ls "$CORES" | wc -l)" -eq 4 ]
}

@test "dumpcore: a directory that is missing or not a directory is refused in one line" {
    for d in "$BATS_TEST_TMPDIR/missing" "$T/test_hello.$TARGET"; do
        guest hello --dumpcore="$d"
        show
        [ "$status" -eq 1 ]
        [[ "$stderr" == "$U: --dumpcore=$d: "* ]]
        [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
        [ -z "$output" ]
    done
}

@test "dumpcore: an unwritable directory is refused in one line" {
    command -v unshare >/dev/null || skip "unshare (util-linux) is not installed"
    # A read-only file system over the directory, in a mount namespace of
    # its own: unwritable even for root.
    run --separate-stderr timeout 60 unshare -m sh -c \
        'mount -t tmpfs -o ro tmpfs "$1" && exec "$2" --dumpcore="$1" "$3"' \
        sh "$CORES" "$UKVM" "$T/test_hello.$TARGET"
    show
    [ "$status" -eq 1 ]
    [[ "$stderr" == "$U: --dumpcore=$CORES: "* ]]
    [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
    [ -z "$(ls -A "$CORES")" ]
}

@test "dumpcore: an ordinary user's guest leaves its core (uid 65534, no capabilities)" {
    # Naming the core must need no CAP_DAC_READ_SEARCH (which only root has).
    NOBODY_CORES=$(mktemp -d /tmp/ukvm-dumpcore-nobody.XXXXXX)
    chown 65534:65534 "$NOBODY_CORES"
    CORES=$NOBODY_CORES
    as_nobody "$UKVM" --dumpcore="$CORES" "$T/test_exception.$TARGET"
    show
    [ "$status" -ne 99 ]        # the private /dev/kvm was set up
    [ "$status" -ne 0 ]
    core=$(the_core)
    [[ "$stderr" == *"$U: core dumped to $core"* ]]
    [[ "$(basename "$core")" =~ ^test_exception\.$TARGET\.[0-9]+\.[0-9a-f]{16}\.core$ ]]
    [ "$(stat -c %u:%a "$core")" = 65534:600 ]
    gdb_core "$T/test_exception.$TARGET" "$core" bt
    [[ "$output" == *"terminated with signal SIGILL"* ]]
    [[ "$output" == *"#0  "*"solo5_app_main"*"exception.c:"* ]]
    [[ "$output" == *"in kernel_main"*"start.c:"* ]]
    # Nothing else was left in DIR (the start-up test names are gone).
    [ "$(ls -A "$CORES" | wc -l)" -eq 1 ]
}

@test "dumpcore: root without CAP_DAC_READ_SEARCH (as under Docker) leaves its core" {
    [ "$(id -u)" -eq 0 ] || skip "dropping a capability of root's needs root"
    command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"
    run --separate-stderr timeout 60 setpriv --inh-caps=-dac_read_search \
        --bounding-set=-dac_read_search sh -c \
        'eff=$(awk "/^CapEff:/ { print \$2 }" /proc/self/status)
         [ $((0x$eff & 4)) -eq 0 ] || exit 99; exec "$@"' sh \
        "$UKVM" --dumpcore="$CORES" "$T/test_exception.$TARGET"
    show
    [ "$status" -ne 99 ]        # bit 2 of CapEff, CAP_DAC_READ_SEARCH, is clear
    [ "$status" -ne 0 ]
    core=$(the_core)
    [[ "$stderr" == *"$U: core dumped to $core"* ]]
    gdb_core "$T/test_exception.$TARGET" "$core" bt
    [[ "$output" == *"#0  "*"solo5_app_main"*"exception.c:"* ]]
}

@test "dumpcore: without /proc, --dumpcore is refused at start-up in one line" {
    command -v unshare >/dev/null || skip "unshare (util-linux) is not installed"
    # An empty file system over /proc, in a mount namespace of its own.
    run --separate-stderr timeout 60 unshare -m sh -c \
        'mount -t tmpfs tmpfs /proc && exec "$2" --dumpcore="$1" "$3"' \
        sh "$CORES" "$UKVM" "$T/test_exception.$TARGET"
    show
    [ "$status" -eq 1 ]
    [[ "$stderr" == "$U: --dumpcore=$CORES: $CORES: the core file is named through /proc, which is not mounted here (/proc/self/fd/"*")" ]]
    [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
    [ -z "$output" ]            # refused before the guest ran
    [ -z "$(ls -A "$CORES")" ]
}

@test "dumpcore: an spt guest's own linkat, even of a file in DIR into DIR, is a forbidden call" {
    only_on spt "hvt guests make no system calls"
    # The core directory's descriptor, as ukvm-spt opens it for a guest
    # with no devices (test_sleep's and test_syscall's manifests are alike).
    "$UKVM" --dumpcore="$CORES" "$T/test_sleep.spt" >"$BATS_TEST_TMPDIR/out" 2>&1 &
    pid=$!
    for _ in $(seq 50); do grep -q sleeping "$BATS_TEST_TMPDIR/out" && break; sleep 0.1; done
    dirfd=
    for f in /proc/$pid/fd/*; do
        [ "$(readlink "$f")" = "$CORES" ] && dirfd=${f##*/}
    done
    kill -TERM "$pid"
    wait "$pid" || true
    [ -n "$dirfd" ]
    echo secret >"$CORES/victim"
    cd "$CORES"
    guest syscall --dumpcore="$CORES" -- linkat dirfd="$dirfd"
    show
    [ "$status" -eq 159 ]
    [[ "$output" == *"calling linkat"* && "$output" != *SURVIVED* ]]
    [[ "${stderr%%$'\n'*}" == "ukvm-spt: guest error: forbidden system call 265 (rip 0x"*")" ]]
    [ ! -e "$CORES/stolen" ]
    # ukvm-spt's own linkat still names the core of that very fault.
    rm "$CORES/victim"
    core=$(the_core)
    [[ "$stderr" == *"$U: core dumped to $core" ]]
}
