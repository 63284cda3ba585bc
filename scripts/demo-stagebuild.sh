#!/usr/bin/env bash
# stagebuild's part of the README demo: the second article's experiment, redone with stagebuild.
#
# First use makes (and keeps, in the store) three base images: Debian bookworm from
# `debootstrap --variant=minbase`, a Go builder on it with Debian's golang-go, and a small musl
# image from Debian's busybox-static and musl.  Then the server in examples/stagebuild/httpserver
# is packed four ways: (a) single-stage on the builder, (b) the glibc-linked binary copied into the
# musl image (the build warns, the run fails with the loader error and says why), (c) a static
# CGO_ENABLED=0 binary in the musl image (it starts), (d) one multi-stage Dockerfile giving the
# same small image in one command.  It ends with the four images' sizes.  Safe to run twice: the
# second run is served from the cache.
set -euo pipefail
cd "$(dirname "$0")/.."
SB=.venv/bin/stagebuild
DIR=examples/stagebuild/httpserver
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PREFIX=stagebuild-demo
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

section() { printf '\n==== %s\n' "$*"; }
have_image() { "$SB" images | awk 'NR > 1 { print $1 ":" $2 }' | grep -qx "$1"; }
build() { "$SB" build --progress plain "$@"; }
# The server runs until stopped: give it two seconds to print its start-up lines.
run_briefly() { "$SB" run --rm --timeout 2 "$1" || true; }

if ! have_image "$PREFIX/musl:latest"; then
  section "making $PREFIX/musl:latest from Debian's busybox-static and musl"
  root=$work/musl
  mkdir -p "$root/bin" "$root/etc" "$root/root" "$root/tmp" "$root/lib/x86_64-linux-musl"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
  done
  cp /lib/x86_64-linux-musl/libc.so "$root/lib/x86_64-linux-musl/libc.so"
  ln -s x86_64-linux-musl/libc.so "$root/lib/ld-musl-x86_64.so.1"
  cp /etc/ld-musl-x86_64.path "$root/etc/ld-musl-x86_64.path"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  tar --numeric-owner --owner=0 --group=0 -C "$root" -cf "$work/musl.tar" .
  "$SB" import "$work/musl.tar" "$PREFIX/musl:latest"
fi

if ! have_image "$PREFIX/debian:bookworm"; then
  section "making $PREFIX/debian:bookworm with debootstrap --variant=minbase (a few minutes, once)"
  debootstrap --variant=minbase bookworm "$work/debian" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log"; exit 1; }
  tar --numeric-owner -C "$work/debian" -cf "$work/debian.tar" .
  "$SB" import "$work/debian.tar" "$PREFIX/debian:bookworm"
fi

section "the Go builder: $PREFIX/golang-builder:bookworm (apt-get needs --network host, once)"
build --network host -f "$DIR/builder.Dockerfile" -t "$PREFIX/golang-builder:bookworm" "$DIR"

section "(a) single stage: the server in the builder image, toolchain included"
build -f "$DIR/single.Dockerfile" -t "$PREFIX/httpserver:single" "$DIR"
run_briefly "$PREFIX/httpserver:single"

section "(b) the glibc-linked binary copied into the musl image: stagebuild warns before it runs"
build -f "$DIR/musl.Dockerfile" --build-arg "BINARY=$PREFIX/httpserver:single" \
  -t "$PREFIX/httpserver:musl-glibc" "$DIR"
run_briefly "$PREFIX/httpserver:musl-glibc"

section "(c) a static CGO_ENABLED=0 binary in the musl image"
build -f "$DIR/static-builder.Dockerfile" -t "$PREFIX/httpserver-builder:static" "$DIR"
build -f "$DIR/musl.Dockerfile" --build-arg "BINARY=$PREFIX/httpserver-builder:static" \
  -t "$PREFIX/httpserver:musl-static" "$DIR"
run_briefly "$PREFIX/httpserver:musl-static"

section "(d) one multi-stage Dockerfile, one command, the same small image"
build -t "$PREFIX/httpserver:multi-stage" "$DIR"
run_briefly "$PREFIX/httpserver:multi-stage"

section "sizes"
"$SB" images | awk -v prefix="$PREFIX/" '
  NR == 1 { printf "%-44s %s\n", "IMAGE", "SIZE"; next }
  index($1, prefix "httpserver") == 1 || $1 == prefix "golang-builder" || $1 == prefix "musl" {
    printf "%-44s %s\n", $1 ":" $2, $NF
  }'
