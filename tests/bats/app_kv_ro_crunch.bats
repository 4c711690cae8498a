# SPDX-License-Identifier: ISC
# kv_ro_crunch: the key/value store compiled into the unikernel from
# apps/kv_ro_crunch/data by ukvm-crunch.
load helpers

DATA=$ROOT/apps/kv_ro_crunch/data

setup() {
    require_kvm
    APP=$BUILD/apps/kv_ro_crunch.$TARGET
    if [ ! -f "$APP" ]; then
        echo "$APP missing: run make apps" >&2
        return 1
    fi
}

kv_ro_crunch() {
    run --separate-stderr timeout 60 "$UKVM" "$APP" "$@"
}

expect_listing() {
    [ "${lines[0]}" = "keys: 3" ]
    [ "${lines[1]}" = "css/site.css 31" ]
    [ "${lines[2]}" = "index.html 155" ]
    [ "${lines[3]}" = "secret 28" ]
}

@test "kv_ro_crunch: lists the compiled-in keys and prints the secret" {
    kv_ro_crunch
    show
    [ "$status" -eq 0 ]
    expect_listing
    [ "${lines[4]}" = "secret = the eagle lands at midnight" ]
    [ "${#lines[@]}" -eq 5 ]
    [ -z "$stderr" ]
}

@test "kv_ro_crunch: a key given on the command line is printed whole" {
    kv_ro_crunch css/site.css
    show
    [ "$status" -eq 0 ]
    diff <(printf '%s\n' "$output" | tail -n +5) \
         <(printf 'css/site.css = '; cat "$DATA/css/site.css")
}

@test "kv_ro_crunch: an unknown key is a one-line error and exit 1" {
    kv_ro_crunch css
    show
    [ "$status" -eq 1 ]
    expect_listing
    [ "${lines[4]}" = "kv_ro_crunch: css: no such key" ]
    [ "${#lines[@]}" -eq 5 ]
}

@test "kv_ro_crunch: the store is read-only data of the image" {
    run objdump -t "$APP"
    [ "$status" -eq 0 ]
    for sym in kv_crunch_entries kv_crunch_count kv_crunch_data_0; do
        grep -E " \.rodata[[:space:]].* $sym\$" <<<"$output"
    done
}
