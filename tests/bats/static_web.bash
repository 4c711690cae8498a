# SPDX-License-Identifier: ISC
# What the static_web tests share (app_static_web.bats and
# app_static_web_attacks.bats): the app, its site as a tar image, a
# namespace with a tap, starting it and checking it did not crash.

SITE=$ROOT/apps/static_web/site
APP=$BUILD/apps/static_web.$TARGET

# static_web_setup: the namespace (tap0, host side 10.0.0.1/24) and IMG.
static_web_setup() {
    [ -f "$APP" ] || { echo "$APP is missing: make apps"; return 1; }
    command -v curl >/dev/null || skip "static_web tests need curl"
    netns_setup
    netns_add_tap tap0 10.0.0.1/24
    IMG=$BATS_TEST_TMPDIR/site.tar
    SERVE_OPTS=()
    site_image "$SITE"
}

# site_image DIR: $IMG, the tar archive of DIR, with paths relative to it
# ("sub/index.html"), as scripts/run-app makes it.
site_image() {
    (cd "$1" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
        tar --format=ustar --no-recursion --owner=0 --group=0 -cf - -T -) >"$IMG"
}

# static_web_teardown: fails if the guest crashed, whatever the test did.
static_web_teardown() {
    local bad=0
    if [ -n "${UKVM_ERR:-}" ] && grep -E 'trap|assert|smashing|abort' "$UKVM_ERR"; then
        bad=1
    fi
    netns_teardown || bad=1
    return "$bad"
}

# serve [app args]: starts static_web (with ukvm options SERVE_OPTS) and
# waits for its "ready".
serve() {
    netns_start_cmd "$UKVM" "${SERVE_OPTS[@]}" --net:service0=tap0 \
        --block:storage="$IMG" "$APP" "$@"
}
