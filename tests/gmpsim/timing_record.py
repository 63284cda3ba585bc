"""Record what the real go1.19 and go1.27 print for the timing programs in data/timing.

Each program is built once per toolchain and run five times at GOMAXPROCS=1; only a program
whose five runs agree byte for byte is recorded (its output is then a property of Go, not of
this machine's timing).  The record, ``data/timing/expected.json``, is what
``test_timing_oracle.py`` holds gmpsim to; run this again after changing a program:

    .venv/bin/python -m tests.gmpsim.timing_record
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from tests.gmpsim.realgo import GO, real_output, stderr_head

DATA = Path(__file__).parent / "data" / "timing"
EXPECTED = DATA / "expected.json"
VERSIONS = ("1.19", "1.27")
RUNS = 5


def record(program: Path, version: str, base: Path) -> dict[str, object]:
    """The agreed stdout, stderr head and exit code of five real runs; ValueError if they differ."""
    runs = set()
    for _ in range(RUNS):
        out, err, code = real_output(version, program, base)
        runs.add((out.decode(), stderr_head(err).decode(), code))
    if len(runs) != 1:
        raise ValueError(f"{program.name} is not deterministic under go{version}: {sorted(runs)}")
    ((stdout, stderr, code),) = runs
    return {"stdout": stdout, "stderr": stderr, "exit_code": code}


def main() -> int:
    expected: dict[str, dict[str, object]] = {}
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for program in sorted(DATA.glob("*.go")):
            for version in VERSIONS:
                try:
                    expected[f"{program.name}@{version}"] = record(program, version, Path(tmp))
                except ValueError as err:
                    print(err, file=sys.stderr)
                    failed = True
    if failed:
        return 1
    partial = EXPECTED.with_suffix(".json.tmp")
    partial.write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    os.replace(partial, EXPECTED)
    print(f"recorded {len(expected)} outputs in {EXPECTED} ({', '.join(str(GO[v]) for v in VERSIONS)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
