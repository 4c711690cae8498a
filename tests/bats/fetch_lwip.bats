# SPDX-License-Identifier: ISC
# scripts/fetch-lwip: Debian's source package where apt has it, else the
# upstream zip, each checked by SHA-256. Against stubs of apt (its
# sources in a scratch directory) and a zip served on loopback, so
# nothing on this system changes; the same on both targets.
load helpers

setup() {
    ukvm_only "fetch-lwip is the build's, not the tender's"
    S=$BATS_TEST_TMPDIR/stub
    B=$BATS_TEST_TMPDIR/build
    mkdir -p "$S/bin" "$S/sources.list.d" "$B"
    echo "deb http://deb.debian.org/debian bookworm main" >"$S/sources.list"
    # apt-cache knows the source package once "apt-get update" ran.
    cat >"$S/bin/apt-cache" <<STUB
#!/bin/sh
[ -e "$S/updated" ] && echo "Version: 2.1.3+dfsg1-2"
exit 0
STUB
    cat >"$S/bin/apt-config" <<STUB
#!/bin/sh
echo "list='$S/sources.list' parts='$S/sources.list.d/'"
STUB
    cat >"$S/bin/apt-get" <<STUB
#!/bin/sh
echo "apt-get \$*" >>"$S/apt.log"
case \$1 in
update) echo "stub: update with \$(grep -c deb-src "$S/sources.list") deb-src lines" >&2
        touch "$S/updated" ;;
*) echo "E: stub apt-get: no archive here" >&2; exit 100 ;;
esac
STUB
    # id -u: STUB_UID (default: not root); no _apt user.
    cat >"$S/bin/id" <<STUB
#!/bin/sh
[ "\$1" = -u ] && { echo "\${STUB_UID:-1000}"; exit 0; }
exit 1
STUB
    chmod +x "$S/bin/"*
    SERVER_PID=
}

teardown() {
    [ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null || true
}

fetch() {
    run --separate-stderr env PATH="$S/bin:$PATH" timeout 60 "$ROOT/scripts/fetch-lwip" "$B"
    echo "status $status"
    echo "stdout: $output"
    echo "stderr: $stderr"
}

# A zip shaped as upstream's lwip-2.1.3.zip (the tree's top directory,
# src/ and the licence), made from the tree the build has; its sum in SUM.
make_zip() {
    local z=$BATS_TEST_TMPDIR/zip
    mkdir -p "$z/lwip-2.1.3"
    cp -r "$BUILD/third_party/lwip-2.1.3/src" "$BUILD/third_party/lwip-2.1.3/COPYING" \
        "$z/lwip-2.1.3/"
    (cd "$z" && python3 -c 'import shutil; shutil.make_archive("lwip-2.1.3", "zip", ".", "lwip-2.1.3")')
    ZIP=$z/lwip-2.1.3.zip
    SUM=$(sha256sum "$ZIP" | cut -d' ' -f1)
}

# Serves ZIP's directory on 127.0.0.1:$PORT.
serve_zip() {
    local i
    for i in 1 2 3 4 5; do
        PORT=$((20000 + RANDOM % 20000))
        python3 -m http.server --bind 127.0.0.1 --directory "$(dirname "$ZIP")" "$PORT" \
            >/dev/null 2>&1 3>&- &
        SERVER_PID=$!
        for _ in $(seq 50); do
            curl -fsI "http://127.0.0.1:$PORT/lwip-2.1.3.zip" >/dev/null 2>&1 && return 0
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill "$SERVER_PID" 2>/dev/null || true
    done
    false
}

@test "fetch-lwip: without Debian's source package, the upstream zip over HTTP, checked; the network library builds from it" {
    echo "deb-src http://deb.debian.org/debian bookworm main" >>"$S/sources.list"
    make_zip
    serve_zip
    LWIP_URL=http://127.0.0.1:$PORT/lwip-2.1.3.zip LWIP_SHA256=$SUM fetch
    [ "$status" -eq 0 ]
    [ "${stderr_lines[0]}" = "fetch-lwip: apt has no source package lwip 2.1.3+dfsg1-2: taking the upstream release" ]
    [ "${stderr_lines[1]}" = "fetch-lwip: downloading http://127.0.0.1:$PORT/lwip-2.1.3.zip" ]
    [ "${stderr_lines[2]}" = "fetch-lwip: lwIP 2.1.3 (upstream lwip-2.1.3.zip sha256 $SUM) is in $B/third_party/lwip-2.1.3" ]
    [ "$(cat "$B/third_party/lwip-2.1.3/.lwip-source")" = "upstream lwip-2.1.3.zip sha256 $SUM" ]
    [ "$(ls -A "$B/third_party")" = lwip-2.1.3 ]
    [ ! -e "$S/apt.log" ]
    # Run again: nothing to do.
    LWIP_URL=http://127.0.0.1:$PORT/lwip-2.1.3.zip LWIP_SHA256=$SUM fetch
    [ "$status" -eq 0 ] && [ -z "$stderr" ]
    run --separate-stderr timeout 300 make -s -j2 -C "$ROOT" BUILD="$B" "$B/libos/libnet.a"
    echo "make: $status $output $stderr"
    [ "$status" -eq 0 ] && [ -s "$B/libos/libnet.a" ]
}

@test "fetch-lwip: a zip with the wrong SHA-256 is refused in one line, nothing left behind" {
    echo "deb-src http://deb.debian.org/debian bookworm main" >>"$S/sources.list"
    make_zip
    local wrong=0000000000000000000000000000000000000000000000000000000000000000
    LWIP_URL=file://$ZIP LWIP_SHA256=$wrong fetch
    [ "$status" -eq 1 ]
    [ "${#stderr_lines[@]}" -eq 3 ]
    [ "${stderr_lines[2]}" = "fetch-lwip: file://$ZIP: SHA-256 $SUM, expected $wrong: refused, nothing kept" ]
    [ -z "$(ls -A "$B/third_party")" ]
    LWIP_URL=file://$ZIP LWIP_SHA256=not-a-sum fetch
    [ "$status" -eq 1 ] && [ "${stderr_lines[-1]}" = "fetch-lwip: LWIP_SHA256=not-a-sum: not a SHA-256 (64 hex digits)" ]
    # The right sum from a local copy: accepted.
    LWIP_URL=file://$ZIP LWIP_SHA256=$SUM fetch
    [ "$status" -eq 0 ] && [ -f "$B/third_party/lwip-2.1.3/src/include/lwip/init.h" ]
}

@test "fetch-lwip: as root with no deb-src, says what it changes in sources.list before changing it" {
    STUB_UID=0 fetch
    [ "$status" -eq 1 ]
    [ "${stderr_lines[0]}" = "fetch-lwip: enabling source packages: adding a deb-src line after each Debian deb line of $S/sources.list" ]
    [ "${stderr_lines[1]}" = "fetch-lwip: running apt-get update (for the source package lwip 2.1.3+dfsg1-2)" ]
    [ "${stderr_lines[2]}" = "stub: update with 1 deb-src lines" ]
    [ "${stderr_lines[-1]}" = "fetch-lwip: apt-get source lwip=2.1.3+dfsg1-2 failed" ]
    [ "$(cat "$S/sources.list")" = "deb http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian bookworm main" ]
    [ "$(head -n 1 "$S/apt.log")" = "apt-get update -q" ]
    [ -z "$(ls -A "$B/third_party")" ]
}

@test "fetch-lwip: as root, a deb822 debian.sources gets deb-src in its Types, said first" {
    : >"$S/sources.list"
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\n' \
        >"$S/sources.list.d/debian.sources"
    STUB_UID=0 fetch
    [ "${stderr_lines[0]}" = "fetch-lwip: enabling source packages: adding deb-src to the Types of $S/sources.list.d/debian.sources" ]
    [ "$(head -n 1 "$S/sources.list.d/debian.sources")" = "Types: deb deb-src" ]
}

@test "fetch-lwip: not root, no source package, no sum: changes nothing and names the ways out" {
    fetch
    [ "$status" -eq 1 ]
    [ "${stderr_lines[0]}" = "fetch-lwip: apt has no source packages; as root this would enable deb-src for the Debian archive: taking the upstream release" ]
    [[ "${stderr_lines[1]}" == "fetch-lwip: no SHA-256 of lwip-2.1.3.zip is pinned: set LWIP_SHA256 to a sum you trust (LWIP_URL=file:///PATH for a copy you have), or run this as root on Debian"* ]]
    [ "${#stderr_lines[@]}" -eq 2 ]
    [ "$(cat "$S/sources.list")" = "deb http://deb.debian.org/debian bookworm main" ]
    [ ! -e "$S/apt.log" ]
    [ -z "$(ls -A "$B/third_party" 2>/dev/null)" ]
}

@test "fetch-lwip: an Ubuntu-like system (no Debian archive, no source package) takes the upstream zip" {
    echo "deb http://archive.ubuntu.com/ubuntu noble main" >"$S/sources.list"
    make_zip
    STUB_UID=0 LWIP_URL=file://$ZIP LWIP_SHA256=$SUM fetch
    [ "$status" -eq 0 ]
    [ "${stderr_lines[0]}" = "fetch-lwip: apt has no source packages and no Debian archive: taking the upstream release" ]
    [ "$(cat "$S/sources.list")" = "deb http://archive.ubuntu.com/ubuntu noble main" ]
    [ ! -e "$S/apt.log" ]
    [ -f "$B/third_party/lwip-2.1.3/.lwip-source" ]
}
