"""``make conformance``: run Go's own concurrency tests and the shared corpus, and tally them.

Two sources, read where they are installed, never copied: the shared corpus
(``../shared/conformance/go-programs``: its manifest's go-tests and programs with the real
outputs of go1.19 and go1.27), and every ``// run`` test in Debian's golang-1.19-src test
directory that uses goroutines or channels.  Each program runs in a child process (bounded in
virtual and in wall time) and is reported as passed, failed or unsupported.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

SHARED = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "go-programs"
WALL_LIMIT_S = 60
VIRTUAL_LIMIT = "30s"
CONCURRENCY = re.compile(r"\bgo\s+\w|\bchan\b|<-|\bselect\s*\{")


@dataclass(frozen=True)
class Entry:
    name: str
    path: Path
    go: str
    expected_out: bytes
    expected_err: bytes  # a prefix: stderr up to the first goroutine header
    expected_rc: int


def go_test_dir() -> Path | None:
    """Where golang-1.19-src installed Go's test directory, if it did."""
    try:
        listing = subprocess.run(
            ["dpkg", "-L", "golang-1.19-src"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    for line in listing.stdout.splitlines():
        if line.endswith("/test/chan/fifo.go"):
            return Path(line).parent.parent
    return None


def manifest_entries(shared: Path = SHARED, test_dir: Path | None = None) -> Iterator[Entry]:
    """The shared manifest: go-tests expect silence and exit 0; programs their recorded output."""
    manifest = shared / "manifest.tsv"
    if not manifest.exists():
        return
    for line in manifest.read_text().splitlines()[1:]:
        kind, rel, _ = line.split("\t", 2)
        if kind == "go-test" and test_dir is not None:
            yield Entry(rel, test_dir / rel, "1.19", b"", b"", 0)
        elif kind == "program":
            path = shared / rel
            for go, tag in (("1.19", "go119"), ("1.27", "go127")):
                base = path.with_suffix(f".{tag}")
                yield Entry(
                    f"{rel} ({go})",
                    path,
                    go,
                    Path(f"{base}.out").read_bytes(),
                    Path(f"{base}.err").read_bytes(),
                    int(Path(f"{base}.rc").read_text().strip() or "0"),
                )


def run_tests(test_dir: Path, listed: set[str]) -> Iterator[Entry]:
    """Every other ``// run`` test of Go's test directory that uses goroutines or channels."""
    for path in sorted(test_dir.glob("*.go")) + sorted(test_dir.glob("*/*.go")):
        rel = str(path.relative_to(test_dir))
        if rel in listed:
            continue
        text = path.read_text(errors="replace")
        if not text.startswith("// run\n") or not CONCURRENCY.search(text):
            continue
        out = path.with_suffix(".out")
        yield Entry(rel, path, "1.19", out.read_bytes() if out.exists() else b"", b"", 0)


def check(entry: Entry) -> tuple[str, str]:
    """("passed" | "failed" | "unsupported", detail)."""
    cmd = [sys.executable, "-m", "gmpsim", "run", str(entry.path), "--go", entry.go, "--ncpu", "2"]
    cmd += ["--gomaxprocs", "1", "--for", VIRTUAL_LIMIT]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=WALL_LIMIT_S)
    except subprocess.TimeoutExpired:
        return "failed", f"no end within {WALL_LIMIT_S}s of wall time"
    err = done.stderr
    if done.returncode == 2 and b": unsupported: " in err.split(b"\n", 1)[0]:
        return "unsupported", err.decode(errors="replace").strip().split(": unsupported: ", 1)[1]
    if b"gmpsim: stopped after" in err:
        return "failed", f"still running after {VIRTUAL_LIMIT} of virtual time"
    if done.stdout != entry.expected_out:
        return "failed", "stdout differs"
    if not err.startswith(entry.expected_err) or (not entry.expected_err and err):
        return "failed", "stderr differs: " + err.decode(errors="replace")[:80]
    if done.returncode != entry.expected_rc:
        return "failed", f"exit code {done.returncode}, expected {entry.expected_rc}"
    return "passed", ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gmpsim.conformance", description=__doc__)
    parser.add_argument("--manifest-only", action="store_true", help="only the shared corpus")
    args = parser.parse_args(argv)
    test_dir = go_test_dir()
    entries = list(manifest_entries(SHARED, test_dir))
    if test_dir is not None and not args.manifest_only:
        listed = {e.name for e in entries}
        entries += list(run_tests(test_dir, listed))
    console = Console()
    table = Table(title="gmpsim conformance", title_justify="left")
    for column in ("program", "go", "result", "detail"):
        table.add_column(column)
    totals = {"passed": 0, "failed": 0, "unsupported": 0}
    for entry in entries:
        result, detail = check(entry)
        totals[result] += 1
        table.add_row(entry.name, entry.go, result, detail)
    console.print(table)
    console.print(", ".join(f"{k}: {v}" for k, v in totals.items()) + f", total: {len(entries)}")
    if test_dir is None:
        console.print("golang-1.19-src is not installed: Go's own tests were not run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
