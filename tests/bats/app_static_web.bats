# SPDX-License-Identifier: ISC
# static_web (apps/static_web): the HTTP server, run in a network
# namespace of each test's own and asked from inside it with curl, a raw
# socket client (http_probe.py) and wrk. The site is
# apps/static_web/site/, compiled in (crunch) or as a tar archive.
load helpers
load netns
load static_web

URL=http://10.0.0.2

setup() {
    static_web_setup
}

teardown() {
    static_web_teardown
}

# get [curl options] URL: curl inside the namespace, 10 s at most.
get() {
    run --separate-stderr ip netns exec "$NS" curl -sS -m 10 "$@"
}

probe() {
    run ip netns exec "$NS" timeout 60 python3 "$BATS_TEST_DIRNAME/http_probe.py" 10.0.0.2 "$@"
    echo "$output"
    [ "$status" -eq 0 ]
}

# header NAME: the value of header NAME in $output (curl -i or -I).
header() {
    tr -d '\r' <<<"$output" | sed -n "s/^$1: //Ip" | head -1
}

@test "static_web: GET / is index.html, with its type and length" {
    serve
    get -i "$URL/"
    show
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == "HTTP/1.1 200 OK"* ]]
    [ "$(header Content-Type)" = "text/html; charset=utf-8" ]
    [ "$(header Content-Length)" = "$(stat -c %s "$SITE/index.html")" ]
    get "$URL/"
    [ "$output" = "$(cat "$SITE/index.html")" ]
}

@test "static_web: /sub/ is sub/index.html, /sub redirects to /sub/" {
    serve
    get -o "$BATS_TEST_TMPDIR/sub.html" -w '%{http_code} %{content_type}' "$URL/sub/"
    [ "$output" = "200 text/html; charset=utf-8" ]
    cmp "$BATS_TEST_TMPDIR/sub.html" "$SITE/sub/index.html"
    get -I "$URL/sub"
    show
    [[ "${lines[0]}" == "HTTP/1.1 301 "* ]]
    [ "$(header Location)" = "/sub/" ]
    get -L -o "$BATS_TEST_TMPDIR/sub2.html" "$URL/sub"
    cmp "$BATS_TEST_TMPDIR/sub2.html" "$SITE/sub/index.html"
}

@test "static_web: HEAD and GET of a css file: type, length, the same bytes" {
    serve
    get -I "$URL/css/site.css"
    show
    [[ "${lines[0]}" == "HTTP/1.1 200 OK"* ]]
    [ "$(header Content-Type)" = "text/css; charset=utf-8" ]
    [ "$(header Content-Length)" = "$(stat -c %s "$SITE/css/site.css")" ]
    get -o "$BATS_TEST_TMPDIR/site.css" -D "$BATS_TEST_TMPDIR/head" "$URL/css/site.css"
    cmp "$BATS_TEST_TMPDIR/site.css" "$SITE/css/site.css"
    grep -qi '^Content-Type: text/css' "$BATS_TEST_TMPDIR/head"
}

# check_every_file: GET of each file of the site gives its bytes and type.
check_every_file() {
    local f type want
    while IFS= read -r f; do
        case $f in
        *.html) want="text/html; charset=utf-8" ;;
        *.css) want="text/css; charset=utf-8" ;;
        *.png) want="image/png" ;;
        *.svg) want="image/svg+xml" ;;
        *.txt) want="text/plain; charset=utf-8" ;;
        *.json) want="application/json" ;;
        *) want="application/octet-stream" ;;
        esac
        get -o "$BATS_TEST_TMPDIR/got" -w '%{http_code} %{content_type}' "$URL/$f"
        [ "$output" = "200 $want" ] || { echo "$f: $output, expected 200 $want"; return 1; }
        cmp "$BATS_TEST_TMPDIR/got" "$SITE/$f" || { echo "$f differs"; return 1; }
    done < <(cd "$SITE" && find . -type f -printf '%P\n' | sort)
}

@test "static_web: every file of the compiled-in site, byte for byte" {
    serve
    check_every_file
}

@test "static_web: --kv=block serves the tar archive, byte for byte" {
    serve --kv=block
    grep -q "tar archive on storage" "$UKVM_OUT"
    check_every_file
}

# large_transfer [ukvm options]: serves the site and a random file of
# 16 MiB (4 MiB on hvt, 1 MiB on solo5-hvt, whose guests run in ring 0:
# an emulating KVM moves plain frames there at about 0.4 MB/s) from the
# tar archive, fetches it with curl while
# tcpdump watches the tap, and checks the bytes (SHA-256) and that the
# tap (MTU 1500) carried no IP fragment.
large_transfer() {
    local size=16777216 site=$BATS_TEST_TMPDIR/site
    [ "$TARGET" = hvt ] && size=4194304
    [ "$TARGET" = hvt ] && [ "$TENDER" != ukvm ] && size=1048576
    cp -r "$SITE" "$site"
    head -c "$size" /dev/urandom >"$site/large.bin"
    site_image "$site"
    SERVE_OPTS=("$@")
    serve --kv=block
    netns_capture_start tap0
    get -o "$BATS_TEST_TMPDIR/got.bin" -w '%{http_code} %{size_download}' "$URL/large.bin"
    echo "curl: $status $output $stderr"
    netns_capture_stop
    [ "$status" -eq 0 ] && [ "$output" = "200 $size" ]
    [ "$(sha256sum <"$BATS_TEST_TMPDIR/got.bin")" = "$(sha256sum <"$site/large.bin")" ]
    [ "$(netns_exec cat /sys/class/net/tap0/mtu)" -eq 1500 ]
    [ "$CAPTURE_IP" -gt 100 ] && [ "$CAPTURE_FRAGMENTS" -eq 0 ]
}

@test "static_web: a large file with offloads: the same bytes, large segments, no fragment" {
    large_transfer
    # The guest handed the host segments larger than the MTU to cut.
    ! offloads_on || [ "$CAPTURE_LARGEST" -gt 1500 ]
}

@test "static_web: a large file with --no-net-offload: the same bytes, frames within the MTU" {
    [ "$TENDER" = ukvm ] || skip "--no-net-offload is ukvm's"
    large_transfer --no-net-offload
    [ "$CAPTURE_LARGEST" -le 1500 ]
}

@test "static_web: a missing path is 404, and the connection stays open" {
    serve
    get -v -o /dev/null -o /dev/null "$URL/no/such/file.html" "$URL/notes.txt"
    show
    grep -q '< HTTP/1.1 404 Not Found' <<<"$stderr"
    grep -q '< HTTP/1.1 200 OK' <<<"$stderr"
    grep -q 'Re-using existing connection' <<<"$stderr"
}

@test "static_web: POST and other methods are 405 with Allow: GET, HEAD" {
    serve
    get -i -X POST -d x=1 "$URL/"
    show
    [[ "${lines[0]}" == "HTTP/1.1 405 Method Not Allowed"* ]]
    [ "$(header Allow)" = "GET, HEAD" ]
    probe bad-method
    probe post
}

@test "static_web: malformed requests are 400 (505 for HTTP/2, 501 for chunked)" {
    serve
    probe garbage
    probe no-host
    probe http09
    probe http2
    probe chunked
}

@test "static_web: no path reaches outside the site ('..' is 400)" {
    serve
    get -o /dev/null -w '%{http_code}' --path-as-is "$URL/../../etc/passwd"
    [ "$output" = 400 ]
    get -o /dev/null -w '%{http_code}' --path-as-is "$URL/sub/%2e%2e/%2e%2e/x"
    [ "$output" = 400 ]
    probe traversal
}

@test "static_web: keep-alive: curl sends two requests on one connection" {
    serve
    get -v -o /dev/null -o /dev/null "$URL/" "$URL/css/site.css"
    show
    grep -q 'Re-using existing connection' <<<"$stderr"
    [ "$(grep -c '< HTTP/1.1 200 OK' <<<"$stderr")" -eq 2 ]
    [ "$(grep -c 'Connected to' <<<"$stderr")" -eq 1 ]
}

@test "static_web: pipelined requests answered in order; bodies skipped; HTTP/1.0" {
    serve
    probe pipeline
    probe body-skipped
    probe http10
}

@test "static_web: hostile input (long lines, resets, half requests) leaves it serving" {
    serve --max-conns=8
    probe long-line
    probe long-header
    probe endless-header
    probe partial-close
    probe reset-mid-response
    probe still-serves
    # Every one of those connections is gone: all 8 places are free.
    probe many 8
}

@test "static_web: a head sent too slowly, nothing at all, no reading: cut off at the timeout" {
    serve --idle-timeout=2
    probe slowloris 2
    probe idle 2
    probe no-read 2
    probe still-serves
}

@test "static_web: beyond --max-conns, 503 Service Unavailable; places free up" {
    serve --max-conns=8
    probe many 8
}

@test "static_web: a bad option is refused with exit status 2" {
    netns_start_cmd "$UKVM" --net:service0=tap0 --block:storage="$IMG" "$APP" --bogus || true
    netns_wait
    [ "$status" -eq 2 ]
    # The guest's stderr is the console too: ukvm's stdout.
    grep -q "bad option '--bogus'" <<<"$output"
}

@test "static_web: wrk for 10 s: no errors" {
    command -v wrk >/dev/null || skip "wrk is not installed (apt install wrk)"
    serve
    run ip netns exec "$NS" timeout 30 wrk -t1 -c4 -d10s --latency "$URL/"
    echo "$output"
    [ "$status" -eq 0 ]
    ! grep -q 'Socket errors' <<<"$output"
    ! grep -q 'Non-2xx' <<<"$output"
    local rate
    rate=$(sed -n 's/^Requests\/sec: *//p' <<<"$output")
    [ -n "$rate" ]
    echo "# static_web: wrk -t1 -c4 -d10s: $rate requests/s," \
        "p99 $(awk '$1 == "99%" { print $2 }' <<<"$output")" >&3
}

@test "run-app: static_web in namespace ukvm, reachable, namespace gone after" {
    ukvm_only "scripts/run-app runs ukvm itself"
    run_app_start static_web
    run ip netns exec ukvm curl -sS -m 10 http://10.0.0.2/notes.txt
    run_app_stop
    [ "$output" = "$(cat "$SITE/notes.txt")" ]
    grep -q 'ip netns exec ukvm curl http://10.0.0.2/' "$RUN_APP_ERR"
}
