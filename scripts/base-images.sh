#!/usr/bin/env bash
# The base images of the article demo, made on first use and kept in the stagebuild store
# ($STAGEBUILD_ROOT, else the default store).  Each is skipped when its tag already exists, so a
# second run costs three `stagebuild images` calls.
#
#   stagebuild-demo/debian:bookworm          debootstrap --variant=minbase, then `stagebuild import`
#   stagebuild-demo/golang-builder:bookworm  Debian's golang-go (and gcc, so cgo links glibc)
#                                            installed by `stagebuild build` itself
#   stagebuild-demo/musl:latest              Debian's busybox-static and musl: an Alpine stand-in
#
# The Go toolchain is installed by a RUN step with `--network host` rather than into the
# debootstrap directory before the import: that is how a user would make a builder image, it
# shows RUN reaching the Debian mirror through runc, and the layer lands in the build cache.
# The mirror is the one this machine's apt uses (override with DEBIAN_MIRROR).
set -euo pipefail
cd "$(dirname "$0")/.."
SB=${SB:-.venv/bin/stagebuild}
PREFIX=stagebuild-demo
DEBIAN_IMAGE=$PREFIX/debian:bookworm
BUILDER_IMAGE=$PREFIX/golang-builder:bookworm
MUSL_IMAGE=$PREFIX/musl:latest
EXAMPLE=examples/stagebuild/httpserver

have_image() { "$SB" images | awk 'NR > 1 { print $1 ":" $2 }' | grep -qxF "$1"; }

# The first Debian mirror apt is configured with for bookworm (one-line and deb822 formats).
apt_mirror() {
  {
    sed -E 's/\[[^]]*\]//' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | awk '$1 == "deb" && $3 == "bookworm" { print $2 }'
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '
      /^[[:space:]]*$/ { uri = ""; disabled = 0 }
      $1 == "URIs:" { uri = $2 }
      $1 == "Enabled:" && $2 == "no" { disabled = 1 }
      $1 == "Suites:" { for (i = 2; i <= NF; i++) if ($i == "bookworm" && !disabled) print uri }'
  } | grep -v '^$' | head -1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! have_image "$MUSL_IMAGE"; then
  echo "== making $MUSL_IMAGE from Debian's busybox-static and musl"
  for file in /bin/busybox /lib/x86_64-linux-musl/libc.so /etc/ld-musl-x86_64.path; do
    [ -e "$file" ] || { echo "missing $file: apt-get install busybox-static musl" >&2; exit 1; }
  done
  rootfs=$work/musl
  mkdir -p "$rootfs"/{bin,etc,root,tmp,lib/x86_64-linux-musl}
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
  done
  # Where Alpine has them: musl's libc is also its dynamic loader.
  cp /lib/x86_64-linux-musl/libc.so "$rootfs/lib/x86_64-linux-musl/libc.so"
  ln -s x86_64-linux-musl/libc.so "$rootfs/lib/ld-musl-x86_64.so.1"
  cp /etc/ld-musl-x86_64.path "$rootfs/etc/ld-musl-x86_64.path"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$work/musl.tar" .
  "$SB" import "$work/musl.tar" "$MUSL_IMAGE"
fi

if ! have_image "$DEBIAN_IMAGE"; then
  mirror=${DEBIAN_MIRROR:-$(apt_mirror)}
  mirror=${mirror:-http://deb.debian.org/debian}
  echo "== making $DEBIAN_IMAGE: debootstrap --variant=minbase bookworm from $mirror (once)"
  started=$SECONDS
  if ! debootstrap --variant=minbase bookworm "$work/debian" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -20 "$work/debootstrap.log" >&2
    exit 1
  fi
  # What apt downloaded is no part of an image (Docker's debian images ship without it too).
  rm -rf "$work/debian/var/cache/apt/archives/"*.deb "$work/debian/var/lib/apt/lists/"*
  tar --numeric-owner --xattrs -C "$work/debian" -cf "$work/debian.tar" .
  "$SB" import "$work/debian.tar" "$DEBIAN_IMAGE"
  echo "   debootstrap and import took $((SECONDS - started))s"
fi

if ! have_image "$BUILDER_IMAGE"; then
  echo "== making $BUILDER_IMAGE: apt-get install golang-go in a RUN step (--network host, once)"
  "$SB" build --progress plain --network host --build-arg "DEBIAN=$DEBIAN_IMAGE" \
    -f "$EXAMPLE/builder.Dockerfile" -t "$BUILDER_IMAGE" "$EXAMPLE"
fi
