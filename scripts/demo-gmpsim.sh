#!/usr/bin/env bash
# gmpsim's demo: the article's four programs under Go 1.9 and under the newest Go modelled,
# 3.5 s of virtual time each on a 4-CPU machine, with the reason for each outcome.
set -euo pipefail
cd "$(dirname "$0")/.."
newest=$(.venv/bin/python -c 'from gmpsim.versions import NEWEST; print(NEWEST)')
echo "== gmpsim: the article's four cases, Go 1.9 vs Go $newest (--ncpu 4 --for 3.5s)"
echo "\$ gmpsim run examples/sched/case4.go --go 1.9 --ncpu 4 --for 3.5s"
.venv/bin/gmpsim run examples/sched/case4.go --go 1.9 --ncpu 4 --for 3.5s
echo
.venv/bin/python -m gmpsim.reason examples/sched/case{1,2,3,4}.go --go "1.9,$newest" --ncpu 4 --for 3.5s
echo
echo "== and where Go 1.12 and 1.13 differ (mid-stack inlining, no asynchronous preemption yet):"
.venv/bin/python -m gmpsim.reason examples/sched/case4.go --go 1.12 --ncpu 4 --for 3.5s
.venv/bin/python -m gmpsim.reason examples/sched/case4.go --go 1.12 --gcflags=-l --ncpu 4 --for 3.5s
echo
echo "== gmpsim explain: why main starves, case4 under Go 1.9 (left) and Go 1.12 (right)"
echo "\$ gmpsim explain examples/sched/case4.go --go 1.9 --ncpu 4   # and --go 1.12"
explained=$(mktemp -d)
trap 'rm -rf "$explained"' EXIT
COLUMNS=88 .venv/bin/gmpsim explain examples/sched/case4.go --go 1.9 --ncpu 4 >"$explained/1.9" &
COLUMNS=88 .venv/bin/gmpsim explain examples/sched/case4.go --go 1.12 --ncpu 4 >"$explained/1.12"
wait
.venv/bin/python - "$explained/1.9" "$explained/1.12" <<'PY'
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

side_by_side = Table.grid(padding=(0, 3))
side_by_side.add_row(*(Text(open(path, encoding="utf-8").read()) for path in sys.argv[1:]))
Console(width=183).print(side_by_side)
PY
