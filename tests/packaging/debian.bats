# SPDX-License-Identifier: ISC
# The Debian packages: dpkg-buildpackage builds ukvm and ukvm-dev once,
# from a copy of the committed tree (the checkout's build/ is untouched;
# its lwIP tree is copied in, so no fetch is needed); lintian finds no
# error or warning; apt installs both on this machine, and then only the
# installed files build and run hello on hvt and spt and build the
# example with the installed .pc files. Both packages are
# purged afterwards, however the tests end.
load ../bats/helpers

setup_file() {
    # (bats 1.8 cannot skip in setup_file: each test skips through built.)
    export BUILD_SKIP= INSTALL_SKIP=
    if ! command -v dpkg-buildpackage >/dev/null || ! command -v dpkg >/dev/null; then
        BUILD_SKIP="no dpkg-buildpackage: not a Debian system"
        return 0
    fi
    export W=$BATS_FILE_TMPDIR
    export V
    V=$(cat "$ROOT/VERSION")
    local src=$W/ukvm-$V
    mkdir -p "$src"
    if git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null; then
        git -C "$ROOT" archive HEAD | tar -x -C "$src"
    else
        tar -C "$ROOT" --exclude=./build --exclude=./.git -cf - . | tar -C "$src" -xf -
    fi
    if [ -d "$BUILD/third_party/lwip-2.1.3" ]; then
        mkdir -p "$src/build/third_party"
        cp -a "$BUILD/third_party/lwip-2.1.3" "$src/build/third_party/"
    fi
    # Source and binary packages, so lintian sees both; no dbgsym files.
    (cd "$src" && DEB_BUILD_OPTIONS="parallel=2 noautodbgsym" timeout 900 \
        dpkg-buildpackage -us -uc) </dev/null >"$W/build.log" 2>&1 || {
        echo "dpkg-buildpackage failed:" >&2
        tail -n 30 "$W/build.log" >&2
        return 1
    }
    rm -rf "$src"
    install_packages
}

# Installs both packages with apt, where this test may: as root, and only
# where neither is installed already (a user's own installation is never
# replaced or purged). Otherwise INSTALL_SKIP says why not.
install_packages() {
    if [ "$(id -u)" -ne 0 ]; then
        INSTALL_SKIP="installing packages needs root"
    elif dpkg-query -W -f='${Status}\n' ukvm ukvm-dev 2>/dev/null | grep -q "ok installed"; then
        INSTALL_SKIP="ukvm or ukvm-dev is installed on this machine already: not replacing it"
    fi
    [ -z "$INSTALL_SKIP" ] || return 0
    touch "$W/installed"
    (cd "$W" && DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -q \
        -o DPkg::Lock::Timeout=120 --no-install-recommends \
        "./ukvm_${V}_amd64.deb" "./ukvm-dev_${V}_amd64.deb") </dev/null >"$W/apt.log" 2>&1 || {
        echo "apt-get install failed:" >&2
        tail -n 20 "$W/apt.log" >&2
        purge_packages
        return 1
    }
}

purge_packages() {
    [ -e "$W/installed" ] || return 0
    # apt-get rather than dpkg: it waits for the lock another apt holds.
    DEBIAN_FRONTEND=noninteractive timeout 120 apt-get purge -y -q \
        -o DPkg::Lock::Timeout=60 ukvm-dev ukvm </dev/null >/dev/null 2>&1
    rm -f "$W/installed"
}

teardown_file() {
    [ -z "${W:-}" ] || purge_packages
}

built() {
    [ -z "$BUILD_SKIP" ] || skip "$BUILD_SKIP"
}

installed() {
    built
    [ -z "$INSTALL_SKIP" ] || skip "$INSTALL_SKIP"
    cd "$BATS_TEST_TMPDIR"
}

# deb_paths DEB: the paths a package holds, one a line (usr/bin/ukvm).
deb_paths() {
    dpkg-deb -c "$1" | awk '{ sub(/^\.\//, "", $6); print $6 }'
}

@test "debian: dpkg-buildpackage builds ukvm (the monitors) and ukvm-dev (the rest), version VERSION" {
    built
    local f runtime dev
    runtime=$(deb_paths "$W/ukvm_${V}_amd64.deb")
    dev=$(deb_paths "$W/ukvm-dev_${V}_amd64.deb")
    for f in usr/bin/ukvm usr/bin/ukvm-spt usr/bin/ukvm-oci usr/share/man/man1/ukvm.1.gz \
        usr/share/man/man1/ukvm-spt.1.gz usr/share/man/man1/ukvm-oci.1.gz \
        usr/share/doc/ukvm/copyright \
        usr/share/doc/ukvm/README.md.gz usr/share/doc/ukvm/docs/ABI.md.gz; do
        grep -qx "$f" <<<"$runtime" || { echo "ukvm lacks $f"; return 1; }
        ! grep -qx "$f" <<<"$dev" || { echo "ukvm-dev has $f too"; return 1; }
    done
    [ "$(grep -c '^usr/bin/.' <<<"$runtime")" -eq 3 ]
    for f in usr/bin/ukvm-cc usr/bin/ukvm-build usr/bin/x86_64-ukvm-hvt-cc \
        usr/bin/x86_64-ukvm-spt-cc usr/bin/ukvm-elftool usr/bin/ukvm-crunch \
        usr/lib/ukvm/hvt/ukvm_hvt.o usr/lib/ukvm/hvt/hvt.lds usr/lib/ukvm/hvt/libc.a \
        usr/lib/ukvm/hvt/libnet.a usr/lib/ukvm/hvt/libkv.a usr/lib/ukvm/hvt/libhttp.a \
        usr/lib/ukvm/spt/ukvm_spt.o usr/lib/ukvm/spt/spt.lds usr/lib/ukvm/spt/libc.a \
        usr/lib/ukvm/spt/libnet.a usr/lib/ukvm/spt/libkv.a usr/lib/ukvm/spt/libhttp.a \
        usr/include/ukvm/solo5.h usr/include/ukvm/lwip/lwip/tcp.h \
        usr/share/pkgconfig/ukvm-libc.pc usr/share/pkgconfig/ukvm-net.pc \
        usr/share/pkgconfig/ukvm-kv.pc usr/share/pkgconfig/ukvm-http.pc \
        usr/share/man/man1/ukvm-cc.1.gz usr/share/man/man1/ukvm-build.1.gz \
        usr/share/man/man1/x86_64-ukvm-hvt-cc.1.gz usr/share/man/man1/x86_64-ukvm-spt-cc.1.gz \
        usr/share/man/man1/ukvm-elftool.1.gz usr/share/man/man1/ukvm-crunch.1.gz \
        usr/share/doc/ukvm/examples/line_echo/main.c \
        usr/share/doc/ukvm/examples/line_echo/Makefile; do
        grep -qx "$f" <<<"$dev" || { echo "ukvm-dev lacks $f"; return 1; }
    done
    f=$W/ukvm-dev_${V}_amd64.deb
    [ "$(dpkg-deb -f "$f" Version)" = "$V" ]
    [ "$(dpkg-deb -f "$W/ukvm_${V}_amd64.deb" Version)" = "$V" ]
    [[ "$(dpkg-deb -f "$f" Depends)" == *"gcc, binutils"* ]]
    [[ "$(dpkg-deb -f "$f" Recommends)" == "ukvm, pkg-config" ]]
    # lwIP from Debian's source package (the stamp fetch-lwip leaves) is
    # named; from lwIP's own release it is not.
    local lwip=$BUILD/third_party/lwip-2.1.3
    if grep -qs '^debian lwip ' "$lwip/.lwip-source" ||
        { [ ! -e "$lwip/.lwip-source" ] && [ -s "$lwip/.debian-version" ]; }; then
        [[ "$(dpkg-deb -f "$f" Built-Using)" == "lwip (= 2.1.3"*")" ]]
    fi
}

@test "debian: the guest kernel and the library OS are built without the host's hardening flags" {
    built
    # dpkg-buildflags' CFLAGS reach the host programs only.
    grep -q -- '-D_FORTIFY_SOURCE=2.* -o build/ukvm-elftool' "$W/build.log"
    run grep -c -- '-ffreestanding' "$W/build.log"
    [ "$output" -ge 20 ]
    run grep -- '-ffreestanding' "$W/build.log"
    [[ "$output" != *FORTIFY* && "$output" != *file-prefix-map* && "$output" != *relro* ]]
}

@test "debian: lintian finds no error or warning in the source and binary packages" {
    built
    command -v lintian >/dev/null || { echo "no lintian: scripts/install-deps installs it"; return 1; }
    run --separate-stderr timeout 300 lintian --fail-on error,warning "$W/ukvm_${V}_amd64.changes"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" != *"E: "* && "$output" != *"W: "* ]]
}

@test "debian: the installed ukvm, ukvm-spt and ukvm-oci give their version" {
    installed
    run /usr/bin/ukvm --version
    [[ "$output" == "ukvm $V (hvt ABI version "* ]]
    run /usr/bin/ukvm-spt --version
    [[ "$output" == "ukvm-spt $V (spt ABI version "* ]]
    run /usr/bin/ukvm-oci --version
    [[ "$output" == "ukvm-oci version $V"* ]]
}

@test "debian: hello built with the installed ukvm-cc --lib=libc runs on the installed ukvm and ukvm-spt" {
    installed
    cat >hello.c <<'C'
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv)
{
    printf("hello from %s, %d arguments\n", argc > 1 ? argv[1] : "?", argc);
    return strcmp(argv[argc - 1], "last") == 0 ? 9 : 1;
}
C
    /usr/bin/ukvm-cc -t spt --lib=libc -o hello.spt hello.c
    /usr/bin/ukvm-cc -t hvt --lib=libc -o hello.hvt hello.c
    run /usr/bin/ukvm-elftool query --abi hello.hvt
    [[ "$output" == *'"target": "hvt"'* ]]
    run --separate-stderr timeout 60 /usr/bin/ukvm-spt hello.spt the-package last
    echo "spt: status $status, $output, $stderr"
    [ "$status" -eq 9 ] && [ "$output" = "hello from the-package, 3 arguments" ]
    if [ -n "${UKVM_NO_KVM:-}" ] || [ ! -e /dev/kvm ]; then
        skip "no /dev/kvm: hello ran on spt only"
    fi
    run --separate-stderr timeout 60 /usr/bin/ukvm hello.hvt the-package last
    echo "hvt: status $status, $output, $stderr"
    [ "$status" -eq 9 ] && [ "$output" = "hello from the-package, 3 arguments" ]
}

@test "debian: the installed example builds with its Makefile and the installed .pc files" {
    installed
    command -v pkg-config >/dev/null ||
        { echo "no pkg-config: scripts/install-deps installs pkgconf"; return 1; }
    [ "$(echo $(pkg-config --libs ukvm-http))" = "-lhttp -lkv -lnet -lc" ]
    [[ "$(pkg-config --cflags ukvm-net)" == *"-isystem /usr/include/ukvm/lwip"* ]]
    cp -r /usr/share/doc/ukvm/examples/line_echo .
    make -s -C line_echo TARGET=spt
    run /usr/bin/ukvm-elftool query-manifest line_echo/line_echo.spt
    [[ "$output" == *'"name": "service0", "type": "NET_BASIC"'* ]]
}

@test "debian: man finds the installed pages" {
    installed
    command -v man >/dev/null || { echo "no man: scripts/install-deps installs man-db"; return 1; }
    [ "$(man -w ukvm)" = /usr/share/man/man1/ukvm.1.gz ]
    [ "$(man -w ukvm-spt)" = /usr/share/man/man1/ukvm-spt.1.gz ]
    run env MANWIDTH=80 man x86_64-ukvm-spt-cc
    [[ "${lines[0]}" == "UKVM-CC(1) "* ]]
}

@test "debian: purging both packages removes everything they installed" {
    installed
    local files
    files=$(dpkg -L ukvm ukvm-dev | grep -E '^/usr/(bin|lib/ukvm|include/ukvm|share/pkgconfig)/')
    [ -n "$files" ]
    purge_packages
    run dpkg-query -W -f='${Status}\n' ukvm ukvm-dev
    [[ "$output" != *"ok installed"* ]]
    [ ! -e /usr/bin/ukvm ] && [ ! -e /usr/lib/ukvm ] && [ ! -e /usr/include/ukvm ]
    local f
    for f in $files; do
        [ ! -e "$f" ] || { echo "$f is left"; return 1; }
    done
}
