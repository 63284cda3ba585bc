#!/usr/bin/env bash
# The second article ("multi-stage image builds"), end to end with stagebuild and no daemon.
#
# The Go HTTP server in examples/stagebuild/httpserver is packed four ways:
#   (a) single stage on the Go builder image: it starts, and ships the whole toolchain;
#   (b) the binary (a) built, linked against glibc because cgo is on, copied into the small musl
#       image: the build warns, and `stagebuild run` fails with the loader's "no such file or
#       directory" plus stagebuild's one-line explanation;
#   (c) a static CGO_ENABLED=0 build copied into the musl image: it starts;
#   (d) one multi-stage Dockerfile giving the small image of (c) in one command.
# It ends with a table of the four images' sizes.  The base images come from
# scripts/base-images.sh (made once).  Safe to run again: everything is then served from the cache.
set -euo pipefail
cd "$(dirname "$0")/.."
SB=${SB:-.venv/bin/stagebuild}
EXAMPLE=examples/stagebuild/httpserver
PREFIX=stagebuild-demo
SINGLE=$PREFIX/httpserver:single
GLIBC_IN_MUSL=$PREFIX/httpserver:musl-glibc
STATIC_BUILDER=$PREFIX/httpserver-builder:static
STATIC_IN_MUSL=$PREFIX/httpserver:musl-static
MULTI_STAGE=$PREFIX/httpserver:multi-stage
RUN_SECONDS=2
KILLED_BY_TIMEOUT=137

started=$SECONDS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

section() { printf '\n==== %s\n' "$*"; }
build() { "$SB" build --progress plain "$@"; }
# run_server SECONDS IMAGE [RUN FLAGS]: the server never exits by itself, so it must still be
# serving when --timeout stops it.
run_server() {
  local seconds=$1 image=$2 status=0
  shift 2
  "$SB" run --rm --timeout "$seconds" "$@" "$image" || status=$?
  if [ "$status" -ne "$KILLED_BY_TIMEOUT" ]; then
    echo "demo: $image exited with status $status instead of serving" >&2
    exit 1
  fi
  echo "(stopped after ${seconds}s by --timeout)"
}
# ask_greeting PORT: GET / from the server on the host's loopback, retrying while it starts.
ask_greeting() {
  .venv/bin/python - "$1" <<'PY'
import sys, time, urllib.request

deadline = time.monotonic() + 3
while True:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/", timeout=1) as answer:
            print("GET / ->", answer.read().decode().strip())
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit("demo: the server did not answer")
        time.sleep(0.1)
PY
}
# The ELF check's lines of `stagebuild inspect`: how the entrypoint is linked, and whether it starts.
elf_check() { "$SB" inspect "$1" | sed -n '/^ELF check/,/^$/p'; }

section "base images (made once, then found in the store)"
scripts/base-images.sh
"$SB" images | awk -v prefix="$PREFIX/" 'NR == 1 || index($1, prefix) == 1 && $1 !~ /httpserver/'

section "(a) single stage: built and shipped on the Go builder image"
build -f "$EXAMPLE/single.Dockerfile" -t "$SINGLE" "$EXAMPLE"
run_server "$RUN_SECONDS" "$SINGLE"

section "(b) that glibc-linked binary copied into the musl image"
build -f "$EXAMPLE/musl.Dockerfile" --build-arg "BINARY=$SINGLE" -t "$GLIBC_IN_MUSL" "$EXAMPLE" \
  2>&1 | tee "$work/glibc-in-musl.log"
grep -q '^WARNING: ' "$work/glibc-in-musl.log" || { echo "demo: (b) built without a warning" >&2; exit 1; }
echo "-- stagebuild run $GLIBC_IN_MUSL (the article's docker run):"
if "$SB" run --rm --timeout "$RUN_SECONDS" "$GLIBC_IN_MUSL" >"$work/run.log" 2>&1; then
  cat "$work/run.log"
  echo "demo: (b) started, but its loader is not in the musl image" >&2
  exit 1
fi
cat "$work/run.log"
grep -q 'no such file or directory' "$work/run.log" \
  || { echo "demo: (b) did not fail with the loader error" >&2; exit 1; }

section "(c) a static CGO_ENABLED=0 build copied into the musl image"
build -f "$EXAMPLE/static-builder.Dockerfile" -t "$STATIC_BUILDER" "$EXAMPLE"
build -f "$EXAMPLE/musl.Dockerfile" --build-arg "BINARY=$STATIC_BUILDER" -t "$STATIC_IN_MUSL" "$EXAMPLE"
elf_check "$STATIC_IN_MUSL"
run_server "$RUN_SECONDS" "$STATIC_IN_MUSL"

section "(d) one multi-stage Dockerfile, one command (its builder stage is (c)'s, from the cache)"
build -t "$MULTI_STAGE" "$EXAMPLE"
echo "-- it serves: run on the host's network, on a free loopback port"
port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run_server 4 "$MULTI_STAGE" --network host -e "HTTPSERVER_ADDR=127.0.0.1:$port" &
server=$!
greeting=$(ask_greeting "$port")
wait "$server"
echo "$greeting"

section "the four images"
"$SB" images >"$work/images.txt"
{
  printf '%s\t%s\t%s\n' IMAGE SIZE WHAT
  for row in "$SINGLE|(a) single stage, toolchain included" \
             "$GLIBC_IN_MUSL|(b) glibc binary in musl: cannot start" \
             "$STATIC_IN_MUSL|(c) static binary in musl" \
             "$MULTI_STAGE|(d) multi-stage, one command"; do
    image=${row%%|*}
    size=$(awk -v name="${image%:*}" -v tag="${image##*:}" '$1 == name && $2 == tag { print $NF }' "$work/images.txt")
    printf '%s\t%s\t%s\n' "$image" "$size" "${row#*|}"
  done
} | column -t -s $'\t'
echo
echo "demo-article: done in $((SECONDS - started))s"
