# SPDX-License-Identifier: ISC
# The man pages (man/*.1): each formats without a single warning, and
# names every option its tool's --help lists.
load helpers

# PAGE:TOOL, the tool's path from the tree's root ($BUILD: build/).
PAGES="ukvm:BUILD/ukvm ukvm-spt:BUILD/ukvm-spt ukvm-oci:BUILD/ukvm-oci ukvm-cc:tools/ukvm-cc
    ukvm-elftool:BUILD/ukvm-elftool ukvm-crunch:BUILD/ukvm-crunch"

tool_of() {
    local t=${1#*:}
    case $t in BUILD/*) echo "$BUILD/${t#BUILD/}" ;; *) echo "$ROOT/$t" ;; esac
}

# Every -x or --xyz in a --help text, as a word (after a space, [, |, ',' or ().
help_options() {
    grep -oE '(^|[][[:space:]|,(])--?[A-Za-z][A-Za-z0-9-]*' |
        sed -E 's/^[][[:space:]|,(]//' | sort -u
}

# The page as text, on lines too long to break, with hyphens as typed.
page_text() {
    MANWIDTH=1000 man -E UTF-8 -l "$1" 2>/dev/null | sed 's/‐/-/g; s/−/-/g'
}

@test "man: every page formats with no warning (man --warnings)" {
    local p
    for p in $PAGES; do    # (the .so pages: the last test)
        p=${p%%:*}
        run --separate-stderr env LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
            man --warnings -E UTF-8 -l -Tutf8 -Z "$ROOT/man/$p.1"
        echo "$p.1: status $status, stderr: $stderr"
        [ "$status" -eq 0 ] && [ -z "$stderr" ] && [ "${#lines[@]}" -ge 20 ]
    done
}

@test "man: every option a tool's --help lists is in its page" {
    local p tool opts o n text
    for p in $PAGES; do
        tool=$(tool_of "$p")
        p=${p%%:*}
        opts=$("$tool" --help | help_options)
        n=$(wc -w <<<"$opts")
        text=$(page_text "$ROOT/man/$p.1")
        echo "$p.1: $n options in $tool --help"
        [ "$n" -ge 2 ]
        for o in $opts; do
            grep -qE -- "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|$)" <<<"$text" ||
                { echo "$p.1 lacks $o"; return 1; }
        done
    done
}

@test "man: ukvm-build and x86_64-ukvm-*-cc are ukvm-cc's page, as man finds installed pages" {
    local n
    mkdir "$BATS_TEST_TMPDIR/man"
    ln -s "$ROOT/man" "$BATS_TEST_TMPDIR/man/man1"
    for n in ukvm-build x86_64-ukvm-hvt-cc x86_64-ukvm-spt-cc; do
        [ "$(cat "$ROOT/man/$n.1")" = ".so man1/ukvm-cc.1" ]
        # From the root of a man hierarchy, as .so names its page.
        run --separate-stderr env -C "$BATS_TEST_TMPDIR/man" LC_ALL=C.UTF-8 \
            MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 "man1/$n.1"
        echo "$n.1: status $status, stderr: $stderr"
        [ "$status" -eq 0 ] && [ -z "$stderr" ]
        [[ "${lines[0]}" == "UKVM-CC(1) "* ]]
        [[ "$output" == *"x86_64-ukvm-spt-cc"* ]]
        run --separate-stderr env MANWIDTH=80 man --warnings -E UTF-8 \
            -M "$BATS_TEST_TMPDIR/man" "$n"
        [ "$status" -eq 0 ] && [ -z "$stderr" ] && [[ "${lines[0]}" == "UKVM-CC(1) "* ]]
    done
}
