#!/usr/bin/env bash
# stagebuild's part of the README demo: make a busybox base image from Debian's busybox-static,
# build the multi-stage example in examples/stagebuild/hello, show the final image's size next
# to its builder stage's, and run it.  Safe to run again: the second run is served from the cache.
set -euo pipefail
cd "$(dirname "$0")/.."
SB=.venv/bin/stagebuild
EXAMPLE=examples/stagebuild/hello
BASE=busybox:demo

echo "== stagebuild: store ${STAGEBUILD_ROOT:-(default)}"
if ! "$SB" images | awk '{print $1":"$2}' | grep -qx "$BASE"; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs/root" "$work/rootfs/tmp"
  chmod 1777 "$work/rootfs/tmp"
  cp /bin/busybox "$work/rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$work/rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$work/rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$work/rootfs/etc/group"
  tar --numeric-owner --owner=0 --group=0 -C "$work/rootfs" -cf "$work/busybox.tar" .
  echo "== importing $BASE from Debian's busybox-static"
  "$SB" import "$work/busybox.tar" "$BASE"
fi

echo "== building $EXAMPLE (multi-stage)"
"$SB" build --progress plain -t hello:demo "$EXAMPLE"
echo "== the builder stage alone (served from the cache)"
"$SB" build --progress plain --target builder -t hello-builder:demo "$EXAMPLE"

echo "== sizes: the final image carries only what it needs"
"$SB" images | awk 'NR == 1 || $1 ~ /^(hello|hello-builder|busybox)$/'

echo "== running hello:demo"
"$SB" run --rm hello:demo
