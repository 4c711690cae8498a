# SPDX-License-Identifier: ISC
# scripts/oci-image and make oci-image: OCI images of one unikernel each,
# checked with umoci, skopeo and jq: one layer holding exactly the
# unikernel (byte for byte) and its JSON, the entrypoint, the labels and
# annotations ukvm-oci reads, and the names the archives carry. Loading
# them into containerd, Docker and Podman is the engine tests' part.
load ../bats/helpers

setup() {
    local t
    for t in umoci skopeo jq; do
        command -v "$t" >/dev/null || skip "needs $t (scripts/install-deps installs it)"
    done
    OUT=$BATS_TEST_TMPDIR/oci
}

# image KERNEL [oci-image options] [-- ARGS]: runs the script into $OUT.
image() {
    run --separate-stderr timeout 120 "$ROOT/scripts/oci-image" --out "$OUT" "$@"
    show
    [ "$status" -eq 0 ]
}

# check APP TARGET KERNEL REF: what the layout and both archives hold.
check() {
    local app=$1 target=$2 kernel=$3 ref=$4 path=/unikernel/$1.$2
    local layout=$OUT/$app-$target manifest config layer files

    # The layout: one image, tagged TARGET.
    run umoci ls --layout "$layout"
    [ "$output" = "$target" ]
    manifest=$(skopeo inspect --raw "oci:$layout:$target")
    echo "manifest: $manifest"
    [ "$(jq '.layers | length' <<<"$manifest")" -eq 1 ]
    [ "$(jq -r '.annotations["org.ukvm.target"]' <<<"$manifest")" = "$target" ]
    [ "$(jq -r '.annotations["org.ukvm.unikernel"]' <<<"$manifest")" = "$path" ]
    # Only those two: ukvm-oci refuses org.ukvm.* annotations it does not know.
    [ "$(jq -c '.annotations | keys' <<<"$manifest")" = '["org.ukvm.target","org.ukvm.unikernel"]' ]
    config=$(skopeo inspect --config "oci:$layout:$target")
    echo "config: $config"
    [ "$(jq -c .config.Entrypoint <<<"$config")" = "[\"$path\"]" ]
    [ "$(jq -r '.config.Labels["org.ukvm.target"]' <<<"$config")" = "$target" ]
    [ "$(jq -r '.config.Labels["org.ukvm.unikernel"]' <<<"$config")" = "$path" ]
    [ "$(jq -r '"\(.os)/\(.architecture)"' <<<"$config")" = linux/amd64 ]
    # The layer: exactly the unikernel and its JSON (and their folder).
    layer=$layout/blobs/sha256/$(jq -r '.layers[0].digest' <<<"$manifest" | cut -d: -f2)
    files=$(tar -tzf "$layer" | LC_ALL=C sort | tr '\n' ' ')
    [ "$files" = "unikernel/ unikernel/$app.$target unikernel/$app.$target.json " ]
    tar -xzf "$layer" -C "$BATS_TEST_TMPDIR"
    cmp "$kernel" "$BATS_TEST_TMPDIR$path"
    [ -x "$BATS_TEST_TMPDIR$path" ]
    [ "$(jq -r .abi.target "$BATS_TEST_TMPDIR$path.json")" = "$target" ]
    [ "$(tar -tvzf "$layer" | awk '{ print $2 }' | sort -u)" = 0/0 ]
    # The OCI archive names the image REF, for ctr image import and podman load.
    mkdir "$BATS_TEST_TMPDIR/archive"
    tar -xf "$OUT/$app-$target.tar" -C "$BATS_TEST_TMPDIR/archive"
    [ "$(jq -r '.manifests | length' "$BATS_TEST_TMPDIR/archive/index.json")" -eq 1 ]
    [ "$(jq -r '.manifests[0].annotations["org.opencontainers.image.ref.name"]' \
        "$BATS_TEST_TMPDIR/archive/index.json")" = "$ref" ]
    [ "$(skopeo inspect --raw "oci-archive:$OUT/$app-$target.tar" | jq -c .layers)" = \
      "$(jq -c .layers <<<"$manifest")" ]
    # The Docker archive's manifest.json tags it REF, for docker load.
    run tar -xOf "$OUT/$app-$target.docker.tar" manifest.json
    echo "docker manifest.json: $output"
    [ "$(jq -c '[.[].RepoTags]' <<<"$output")" = "[[\"$ref\"]]" ]
    [ "$(jq '.[0].Layers | length' <<<"$output")" -eq 1 ]
    [ "$(skopeo inspect --config "docker-archive:$OUT/$app-$target.docker.tar" |
         jq -c .config.Entrypoint)" = "[\"$path\"]" ]
}

@test "oci-image: hello on both targets, one layer of exactly the unikernel, its entrypoint, labels and names" {
    local target
    for target in hvt spt; do
        image "$BUILD/tests/test_hello.$target"
        [[ "$output" == "oci-image: localhost/ukvm/hello:$target "* ]]
        check hello "$target" "$BUILD/tests/test_hello.$target" "localhost/ukvm/hello:$target"
        rm -rf "$BATS_TEST_TMPDIR/archive" "$BATS_TEST_TMPDIR/unikernel"
    done
}

@test "oci-image: the target comes from the unikernel's ABI note, not from its file name" {
    cp "$BUILD/tests/test_hello.spt" "$BATS_TEST_TMPDIR/hello.hvt"
    image "$BATS_TEST_TMPDIR/hello.hvt"
    check hello spt "$BATS_TEST_TMPDIR/hello.hvt" localhost/ukvm/hello:spt
    [ ! -e "$OUT/hello-hvt.tar" ]
}

@test "oci-image: the manifest's devices are named, the guest's arguments become Cmd, --name the reference" {
    image --name example.org/web/site:v1 "$BUILD/apps/static_web.hvt" -- --kv=block --log
    check static_web hvt "$BUILD/apps/static_web.hvt" example.org/web/site:v1
    local config
    config=$(skopeo inspect --config "oci:$OUT/static_web-hvt:hvt")
    [ "$(jq -c .config.Cmd <<<"$config")" = '["--kv=block","--log"]' ]
    [ "$(jq -r '.config.Labels["org.ukvm.devices"]' <<<"$config")" = "service0:net,storage:block" ]
    # hello has no devices: the label is there, empty.
    image "$BUILD/tests/test_hello.hvt"
    config=$(skopeo inspect --config "oci:$OUT/hello-hvt:hvt")
    [ "$(jq -r '.config.Labels | has("org.ukvm.devices")' <<<"$config")" = true ]
    [ "$(jq -r '.config.Labels["org.ukvm.devices"]' <<<"$config")" = "" ]
    [ "$(jq -r '.config.Cmd' <<<"$config")" = null ]
}

@test "oci-image: the same unikernel gives the same image digest" {
    local d1 d2
    image "$BUILD/tests/test_hello.hvt"
    d1=$(skopeo inspect --raw "oci:$OUT/hello-hvt:hvt" | sha256sum)
    sleep 1.1
    image "$BUILD/tests/test_hello.hvt"
    d2=$(skopeo inspect --raw "oci:$OUT/hello-hvt:hvt" | sha256sum)
    [ "$d1" = "$d2" ]
    # Only the one image is left in the layout, no stray blobs.
    [ "$(find "$OUT/hello-hvt/blobs" -type f | wc -l)" -eq 3 ]
    [ -z "$(find "$OUT" -name '.oci-image.*')" ]
}

@test "oci-image: what is not a unikernel, a missing file or a bad reference is refused in one line" {
    printf 'not an ELF\n' >"$BATS_TEST_TMPDIR/junk.hvt"
    run --separate-stderr "$ROOT/scripts/oci-image" --out "$OUT" "$BATS_TEST_TMPDIR/junk.hvt"
    show
    [ "$status" -eq 1 ]
    [[ "$stderr" == "oci-image: $BATS_TEST_TMPDIR/junk.hvt: not a unikernel: "* ]]
    run --separate-stderr "$ROOT/scripts/oci-image" --out "$OUT" "$BATS_TEST_TMPDIR/none.hvt"
    [ "$status" -eq 1 ]
    [ "$stderr" = "oci-image: $BATS_TEST_TMPDIR/none.hvt: no such file" ]
    run --separate-stderr "$ROOT/scripts/oci-image" --out "$OUT" --name 'Bad Name' \
        "$BUILD/tests/test_hello.hvt"
    [ "$status" -eq 1 ]
    [[ "$stderr" == "oci-image: --name Bad Name: not an image reference"* ]]
    [ ! -e "$OUT/hello-hvt.tar" ]
}

@test "oci-image: make oci-image APP=console UKVM_TARGET=spt builds the app's image in BUILD/oci" {
    # Into the build's own oci/, as a user's make would.
    rm -rf "$BUILD/oci/console-spt" "$BUILD/oci/console-spt.tar" "$BUILD/oci/console-spt.docker.tar"
    run timeout 300 make -s -C "$ROOT" BUILD="$BUILD" oci-image APP=console UKVM_TARGET=spt
    echo "$output"
    [ "$status" -eq 0 ]
    OUT=$BUILD/oci
    check console spt "$BUILD/apps/console.spt" localhost/ukvm/console:spt
    run make -s -C "$ROOT" BUILD="$BUILD" oci-image APP=nosuchapp
    [ "$status" -ne 0 ]
    [[ "$output" == *"make oci-image needs APP=NAME: hello or an app ("*console* ]]
}

@test "oci-image: an hvt and an spt build make one image for both targets, the runtime to choose" {
    image "$BUILD/apps/static_web.hvt" "$BUILD/apps/static_web.spt"
    [[ "$output" == "oci-image: localhost/ukvm/static_web:both "* ]]
    local layout=$OUT/static_web-both manifest config layer t
    manifest=$(skopeo inspect --raw "oci:$layout:both")
    config=$(skopeo inspect --config "oci:$layout:both")
    [ "$(jq '.layers | length' <<<"$manifest")" -eq 1 ]
    # The entrypoint without suffix; no target named anywhere.
    [ "$(jq -c .config.Entrypoint <<<"$config")" = '["/unikernel/static_web"]' ]
    [ "$(jq -c .annotations <<<"$manifest")" = '{"org.ukvm.unikernel":"/unikernel/static_web"}' ]
    [ "$(jq -r '.config.Labels | has("org.ukvm.target")' <<<"$config")" = false ]
    [ "$(jq -r '.config.Labels["org.ukvm.devices"]' <<<"$config")" = "service0:net,storage:block" ]
    layer=$layout/blobs/sha256/$(jq -r '.layers[0].digest' <<<"$manifest" | cut -d: -f2)
    [ "$(tar -tzf "$layer" | LC_ALL=C sort | tr '\n' ' ')" = "unikernel/ unikernel/static_web.hvt \
unikernel/static_web.hvt.json unikernel/static_web.spt unikernel/static_web.spt.json " ]
    tar -xzf "$layer" -C "$BATS_TEST_TMPDIR"
    for t in hvt spt; do
        cmp "$BUILD/apps/static_web.$t" "$BATS_TEST_TMPDIR/unikernel/static_web.$t"
        [ "$(jq -r .abi.target "$BATS_TEST_TMPDIR/unikernel/static_web.$t.json")" = "$t" ]
    done
    [ "$(tar -xOf "$OUT/static_web-both.docker.tar" manifest.json | jq -c '.[0].RepoTags')" = \
      '["localhost/ukvm/static_web:both"]' ]
}

@test "oci-image: two builds for one target, or of different devices, are refused" {
    run --separate-stderr "$ROOT/scripts/oci-image" --out "$OUT" "$BUILD/apps/console.hvt" \
        "$BUILD/apps/console.hvt"
    [ "$status" -eq 1 ]
    [ "$stderr" = "oci-image: $BUILD/apps/console.hvt and $BUILD/apps/console.hvt are both built for hvt (one hvt, one spt)" ]
    run --separate-stderr "$ROOT/scripts/oci-image" --out "$OUT" "$BUILD/apps/static_web.hvt" \
        "$BUILD/apps/console.spt"
    [ "$status" -eq 1 ]
    [[ "$stderr" == "oci-image: $BUILD/apps/console.spt: devices '', not those of "* ]]
    run --separate-stderr "$ROOT/scripts/oci-image" --out "$OUT" "$BUILD/apps/console.hvt" \
        "$BUILD/apps/console.spt" "$BUILD/apps/console.spt"
    [ "$status" -eq 1 ]
    [ "$stderr" = "oci-image: at most two unikernels (an hvt and an spt build)" ]
    [ ! -e "$OUT" ] || [ -z "$(ls -A "$OUT")" ]
}
