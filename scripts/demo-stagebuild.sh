#!/usr/bin/env bash
# stagebuild's part of the README demo: the second article's experiment, redone with stagebuild.
# scripts/demo-article.sh makes the base images on first use (scripts/base-images.sh: Debian by
# debootstrap, a Go builder, a musl image), packs examples/stagebuild/httpserver four ways and
# ends with the images' sizes.  Safe to run twice: the second run is served from the cache.
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/demo-article.sh
