"""The conformance corpus: real Go programs that gmpsim must run to the bytes and exit code Go gives.

``python -m gmpsim.conformance`` (``make conformance``) runs

* every ``go-test`` entry of the shared manifest (``conformance/go-programs/manifest.tsv``): a
  self-checking ``// run`` test from Go's own test directory, which Debian's ``golang-1.19-src``
  installs (``dpkg -L golang-1.19-src``); under ``--go 1.19 --ncpu 2 --gomaxprocs 1`` it must print
  what the real go1.19 printed (nothing, or the ``.out`` file beside it) and exit 0;
* every ``program`` entry under ``--go 1.19`` and ``--go 1.27`` with ``--gomaxprocs 1``: stdout,
  stderr (cut after the first ``goroutine N [...]:`` header, as the recorded data is) and exit code
  must equal the recorded ``NAME.go119.*`` / ``NAME.go127.*`` files;
* with ``--all``, every other ``// run`` test of Go's test directory that builds on linux/amd64
  without arguments, reporting how many pass (and how many of those that use goroutines or
  channels).

Each program runs in a forked child with a virtual-time limit (``--for``) and a wall-clock limit
(``--max-wall``), so a runaway program or a simulator bug cannot stall the whole corpus.  A program
gmpsim refuses with ``unsupported: …`` counts as *unsupported*; anything else that does not match
is *failed*, with the first difference as the reason.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from gmpsim.golib.time import parse_duration

# the planning team's shared data: $PROJECT_SHARED, else ../shared beside the checkout
SHARED = Path(os.environ.get("PROJECT_SHARED") or Path(__file__).resolve().parents[3] / "shared")
CORPUS_SUBDIR = Path("conformance") / "go-programs"
DEBIAN_PACKAGE = "golang-1.19-src"
DEBIAN_TEST_DIR = Path("/usr/share/go-1.19/test")
PROGRAM_VERSIONS = {"1.19": "go119", "1.27": "go127"}
GO_TEST_VERSION = "1.19"
GO_TEST_NCPU = 2
GOMAXPROCS = 1
DEFAULT_VIRTUAL_LIMIT = "60s"
DEFAULT_WALL_LIMIT = 60.0
# The directories Go's own test driver (test/run.go in go1.19) looks in.
TEST_DIRS = (".", "ken", "chan", "interface", "syntax", "fixedbugs", "runtime", "abi", "typeparam")
GOROUTINE_HEADER = re.compile(rb"^goroutine \d+ \[[^\]\n]*\]:\n?", re.M)
USES_CONCURRENCY = re.compile(rb"\bgo\s+\w|\bchan\b|\bselect\s*\{|\"sync\"")

PASSED, FAILED, UNSUPPORTED = "passed", "failed", "unsupported"


@dataclass(frozen=True)
class Case:
    """One program under one Go version, with what the real Go did."""

    name: str  # e.g. "chan/fifo.go@1.19"
    path: Path
    go: str
    ncpu: int
    gomaxprocs: int
    stdout: bytes
    stderr: bytes
    exit_code: int
    combined: bool  # Go's test driver: stdout and stderr interleaved, compared with ``stdout``
    concurrent: bool  # the program uses goroutines, channels, select or sync


@dataclass(frozen=True)
class Limits:
    virtual: str = DEFAULT_VIRTUAL_LIMIT  # gmpsim's ``--for``
    wall: float = DEFAULT_WALL_LIMIT  # seconds of real time per program


@dataclass(frozen=True)
class Outcome:
    case: Case
    status: str  # PASSED, FAILED or UNSUPPORTED
    reason: str  # why it did not pass ("" when it did)
    seconds: float  # wall time it took

    @property
    def passed(self) -> bool:
        return self.status == PASSED


# ---- where the corpus is ---------------------------------------------------------------------


def corpus_dir(shared: Path = SHARED) -> Path:
    return shared / CORPUS_SUBDIR


def go_test_dir() -> Path | None:
    """Go's test directory as Debian's golang-1.19-src installs it, or None if it is not installed."""
    try:
        listing = subprocess.run(
            ["dpkg", "-L", DEBIAN_PACKAGE], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        listing = ""
    for line in listing.splitlines():
        if line.endswith("/test/chan/fifo.go"):
            return Path(line).parent.parent
    return DEBIAN_TEST_DIR if (DEBIAN_TEST_DIR / "chan" / "fifo.go").is_file() else None


# ---- building cases ---------------------------------------------------------------------------


def cut_stderr(data: bytes) -> bytes:
    """stderr up to and including the first ``goroutine N [...]:`` header, as the corpus records it."""
    m = GOROUTINE_HEADER.search(data)
    return data if m is None else data[: m.end()]


def go_test_case(test_dir: Path, relpath: str) -> Case:
    """A ``// run`` test: Go's driver wants its combined output to equal the ``.out`` file (or be empty)."""
    path = test_dir / relpath
    expected = path.with_suffix(".out")
    return Case(
        name=f"{relpath}@{GO_TEST_VERSION}",
        path=path,
        go=GO_TEST_VERSION,
        ncpu=GO_TEST_NCPU,
        gomaxprocs=GOMAXPROCS,
        stdout=expected.read_bytes() if expected.is_file() else b"",
        stderr=b"",
        exit_code=0,
        combined=True,
        concurrent=bool(USES_CONCURRENCY.search(path.read_bytes())),
    )


def program_cases(corpus: Path, relpath: str) -> list[Case]:
    """A program written here, once per recorded Go version."""
    path = corpus / relpath
    cases = []
    for go, tag in PROGRAM_VERSIONS.items():
        recorded = path.parent / f"{path.name.removesuffix('.go')}.{tag}"
        cases.append(
            Case(
                name=f"{relpath}@{go}",
                path=path,
                go=go,
                ncpu=GO_TEST_NCPU,
                gomaxprocs=GOMAXPROCS,
                stdout=Path(f"{recorded}.out").read_bytes(),
                stderr=Path(f"{recorded}.err").read_bytes(),
                exit_code=int(Path(f"{recorded}.rc").read_text().strip()),
                combined=False,
                concurrent=True,
            )
        )
    return cases


@dataclass(frozen=True)
class ManifestEntry:
    kind: str  # "go-test" or "program"
    path: str


def read_manifest(corpus: Path) -> list[ManifestEntry]:
    """manifest.tsv: a header line, then ``kind<TAB>path<TAB>expect``."""
    manifest = corpus / "manifest.tsv"
    entries = []
    for lineno, line in enumerate(manifest.read_text().splitlines()[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) < 2 or fields[0] not in ("go-test", "program"):
            raise ValueError(f"{manifest}:{lineno}: expected 'go-test|program<TAB>path<TAB>expect'")
        entries.append(ManifestEntry(fields[0], fields[1]))
    return entries


def manifest_cases(corpus: Path, test_dir: Path | None) -> tuple[list[Case], list[Case]]:
    """The manifest's go-test cases (empty without Go's test directory) and its program cases."""
    go_tests: list[Case] = []
    programs: list[Case] = []
    for entry in read_manifest(corpus):
        if entry.kind == "go-test":
            if test_dir is not None:
                go_tests.append(go_test_case(test_dir, entry.path))
        else:
            programs.extend(program_cases(corpus, entry.path))
    return go_tests, programs


def run_tests(test_dir: Path, exclude: Iterable[str] = ()) -> list[Case]:
    """Every plain ``// run`` test Go's driver would run on linux/amd64, except ``exclude``."""
    skip = set(exclude)
    cases = []
    for sub in TEST_DIRS:
        for path in sorted((test_dir / sub).glob("*.go")):
            relpath = path.relative_to(test_dir).as_posix()
            if relpath not in skip and is_plain_run_test(path.read_bytes()):
                cases.append(go_test_case(test_dir, relpath))
    return cases


def is_plain_run_test(source: bytes) -> bool:
    """The test's action is ``// run`` with no arguments and its build constraints allow linux/amd64."""
    action = ""
    constraints: list[str] = []
    for raw in source.decode("utf-8", "replace").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("//go:build", "// +build")):
            constraints.append(line)
            continue
        action = line
        break
    if action != "// run":
        return False
    return builds_on_linux_amd64(constraints)


# ---- build constraints --------------------------------------------------------------------------

GO_RELEASE_TAGS = frozenset(f"go1.{n}" for n in range(1, 20))
SATISFIED_TAGS = frozenset({"linux", "amd64", "gc", "unix", "cgo"}) | GO_RELEASE_TAGS


def builds_on_linux_amd64(lines: list[str]) -> bool:
    """Evaluate ``//go:build`` (or, without one, all ``// +build`` lines) for go1.19 on linux/amd64."""
    go_build = [ln for ln in lines if ln.startswith("//go:build")]
    if go_build:
        return all(_BuildExpr(ln.removeprefix("//go:build")).value() for ln in go_build)
    for line in lines:
        terms = line.removeprefix("// +build").split()
        if not any(all(_tag(t) for t in term.split(",")) for term in terms):
            return False
    return True


def _tag(term: str) -> bool:
    return term[1:] not in SATISFIED_TAGS if term.startswith("!") else term in SATISFIED_TAGS


class _BuildExpr:
    """A ``//go:build`` expression: tags, ``!``, ``&&``, ``||`` and parentheses."""

    def __init__(self, text: str) -> None:
        self.tokens = re.findall(r"&&|\|\||[!()]|[\w.]+", text)
        self.pos = 0

    def value(self) -> bool:
        result = self._or()
        if self.pos != len(self.tokens):
            raise ValueError(f"bad //go:build expression near {self.tokens[self.pos]!r}")
        return result

    def _next(self) -> str:
        token = self.tokens[self.pos] if self.pos < len(self.tokens) else ""
        self.pos += 1
        return token

    def _peek(self) -> str:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ""

    def _or(self) -> bool:
        result = self._and()
        while self._peek() == "||":
            self._next()
            result = self._and() or result
        return result

    def _and(self) -> bool:
        result = self._not()
        while self._peek() == "&&":
            self._next()
            result = self._not() and result
        return result

    def _not(self) -> bool:
        token = self._next()
        if token == "!":
            return not self._not()
        if token == "(":
            result = self._or()
            if self._next() != ")":
                raise ValueError("unbalanced parentheses in //go:build")
            return result
        return token in SATISFIED_TAGS


# ---- running ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ran:
    """What the child reports: the simulated program's streams, or why it did not run."""

    stdout: bytes
    stderr: bytes
    combined: bytes
    exit_code: int
    stopped: bool
    unsupported: str  # gmpsim's "unsupported: …" message, if it refused the program
    error: str  # any other failure inside gmpsim


def _simulate(case: Case, limits: Limits) -> _Ran:
    from gmpsim.api import run
    from gmpsim.frontend import GoSyntaxError
    from gmpsim.runtime.trace import Output

    def once(events: bool) -> _Ran:
        r = run(
            case.path,
            go=case.go,
            ncpu=case.ncpu,
            gomaxprocs=case.gomaxprocs,
            until=limits.virtual,
            events=events,
        )
        out = r.stdout.encode("utf-8", "surrogateescape")
        err = r.stderr.encode("utf-8", "surrogateescape")
        combined = out + err
        if events and out and err:
            combined = b"".join(e.data for e in r.events if isinstance(e, Output))
        return _Ran(out, err, combined, r.exit_code, r.stopped, "", "")

    try:
        ran = once(events=False)
        if case.combined and ran.stdout and ran.stderr:
            ran = once(events=True)  # the same seeded run again, to interleave the two streams
        return ran
    except GoSyntaxError as err:
        if err.message.startswith("unsupported"):
            return _Ran(b"", b"", b"", 0, False, str(err), "")
        return _Ran(b"", b"", b"", 0, False, "", f"rejected a valid program: {err}")
    except RecursionError:
        return _Ran(b"", b"", b"", 0, False, "", "gmpsim crashed: Python recursion limit")
    except Exception as err:
        return _Ran(b"", b"", b"", 0, False, "", f"gmpsim crashed: {type(err).__name__}: {err}")


def _child(conn: Connection, case: Case, limits: Limits) -> None:
    conn.send(_simulate(case, limits))
    conn.close()


class _Running:
    """A case being simulated in a forked child process."""

    def __init__(self, case: Case, limits: Limits) -> None:
        self.case = case
        self.limits = limits
        self.started = time.monotonic()
        ctx = multiprocessing.get_context("fork")
        self.conn, child_conn = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_child, args=(child_conn, case, limits), daemon=True)
        self.process.start()
        child_conn.close()

    @property
    def deadline(self) -> float:
        return self.started + self.limits.wall

    def poll(self) -> Outcome | None:
        """The outcome once the child has answered, died or run out of wall time; else None."""
        elapsed = time.monotonic() - self.started
        alive = self.process.is_alive()  # before polling: a child may answer and exit in between
        if self.conn.poll():
            try:
                ran: _Ran = self.conn.recv()
            except EOFError:
                return self._finish(FAILED, self._death(), elapsed)
            self.process.join()
            return self._finish(*judge(self.case, ran, self.limits), elapsed)
        if not alive:
            return self._finish(FAILED, self._death(), elapsed)
        if elapsed >= self.limits.wall:
            self.process.kill()
            self.process.join()
            return self._finish(FAILED, f"still running after {self.limits.wall:g}s of wall time", elapsed)
        return None

    def _death(self) -> str:
        self.process.join()
        return f"gmpsim died (exit code {self.process.exitcode})"

    def _finish(self, status: str, reason: str, elapsed: float) -> Outcome:
        self.conn.close()
        return Outcome(self.case, status, reason, elapsed)


def judge(case: Case, ran: _Ran, limits: Limits) -> tuple[str, str]:
    """Compare what gmpsim did with what Go did: (status, reason)."""
    if ran.unsupported:
        return UNSUPPORTED, ran.unsupported
    if ran.error:
        return FAILED, ran.error
    if ran.stopped:
        return FAILED, f"still running after {limits.virtual} of virtual time"
    if case.combined:
        if ran.combined != case.stdout:
            return FAILED, "output " + first_difference(case.stdout, ran.combined)
    else:
        if ran.stdout != case.stdout:
            return FAILED, "stdout " + first_difference(case.stdout, ran.stdout)
        actual_err = cut_stderr(ran.stderr)
        if actual_err != case.stderr:
            return FAILED, "stderr " + first_difference(case.stderr, actual_err)
    if ran.exit_code != case.exit_code:
        return FAILED, f"exit code {ran.exit_code}, Go's {case.exit_code}"
    return PASSED, ""


def first_difference(expected: bytes, actual: bytes) -> str:
    """Where two outputs part, as line N: expected … got …."""
    want, got = expected.splitlines(keepends=True), actual.splitlines(keepends=True)
    for n, (w, a) in enumerate(zip(want, got), start=1):
        if w != a:
            return f"line {n}: Go printed {w!r}, gmpsim {a!r}"
    n = min(len(want), len(got)) + 1
    if len(want) > len(got):
        return f"line {n}: Go printed {want[n - 1]!r}, gmpsim nothing more"
    return f"line {n}: gmpsim printed {got[n - 1]!r}, Go nothing more"


def run_case(case: Case, limits: Limits = Limits()) -> Outcome:
    """Run one case in a child process and judge it."""
    return next(run_cases([case], limits, jobs=1))


def run_cases(cases: list[Case], limits: Limits, jobs: int) -> Iterator[Outcome]:
    """Run cases ``jobs`` at a time, yielding each outcome as it is known (in completion order)."""
    import gmpsim.api  # imported once here so that every forked child starts with it loaded
    import gmpsim.compiler.inl  # noqa: F401

    pending = list(reversed(cases))
    running: list[_Running] = []
    while pending or running:
        while pending and len(running) < max(1, jobs):
            running.append(_Running(pending.pop(), limits))
        finished = False
        for r in list(running):
            outcome = r.poll()
            if outcome is not None:
                running.remove(r)
                finished = True
                yield outcome
        if not finished:
            conns = [r.conn for r in running]
            timeout = max(0.0, min(r.deadline for r in running) - time.monotonic())
            wait([*conns, *(r.process.sentinel for r in running)], timeout)


# ---- the command ----------------------------------------------------------------------------------


def _report(title: str, outcomes: list[Outcome], verbose: bool) -> Counter[str]:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True)
    style = {PASSED: "green", FAILED: "red", UNSUPPORTED: "yellow"}
    console.print(f"[bold]{escape(title)}[/bold]")
    for o in sorted(outcomes, key=lambda o: o.case.name):
        if verbose or not o.passed:
            reason = f"  {escape(o.reason)}" if o.reason else ""
            console.print(f"  [{style[o.status]}]{o.status:<11}[/] {escape(o.case.name)}{reason}")
    totals = Counter(o.status for o in outcomes)
    console.print(f"  {_totals(totals)}")
    return totals


def _totals(totals: Counter[str]) -> str:
    n = sum(totals.values())
    return f"total {n}: {totals[PASSED]} passed, {totals[FAILED]} failed, {totals[UNSUPPORTED]} unsupported"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gmpsim.conformance", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data directory")
    parser.add_argument("--all", action="store_true", help="also every other // run test of Go's test dir")
    parser.add_argument(
        "--for",
        dest="virtual",
        default=DEFAULT_VIRTUAL_LIMIT,
        metavar="DURATION",
        help=f"virtual-time limit per program (default {DEFAULT_VIRTUAL_LIMIT})",
    )
    parser.add_argument(
        "--max-wall",
        type=float,
        default=DEFAULT_WALL_LIMIT,
        metavar="SECONDS",
        help=f"wall-time limit per program (default {DEFAULT_WALL_LIMIT:g})",
    )
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="programs at a time")
    parser.add_argument("-q", "--quiet", action="store_true", help="list only programs that did not pass")
    args = parser.parse_args(argv)
    try:
        parse_duration(args.virtual)
    except ValueError as err:
        parser.error(str(err))
    limits = Limits(args.virtual, args.max_wall)
    corpus = corpus_dir(args.shared)
    if not (corpus / "manifest.tsv").is_file():
        print(f"gmpsim.conformance: {corpus / 'manifest.tsv'}: no such file", file=sys.stderr)
        return 2
    test_dir = go_test_dir()
    if test_dir is None:
        print(
            f"gmpsim.conformance: {DEBIAN_PACKAGE} is not installed: skipping the go-test entries",
            file=sys.stderr,
        )
    go_tests, programs = manifest_cases(corpus, test_dir)
    verbose = not args.quiet
    ok = True
    for title, cases in (
        ("(a) Go's tests in the manifest, go1.19", go_tests),
        ("(b) programs written here, go1.19 and go1.27", programs),
    ):
        totals = _report(title, list(run_cases(cases, limits, args.jobs)), verbose)
        ok = ok and totals[PASSED] == len(cases)
    if args.all and test_dir is not None:
        listed = {c.path.relative_to(test_dir).as_posix() for c in go_tests}
        others = run_tests(test_dir, exclude=listed)
        outcomes = list(run_cases(others, limits, args.jobs))
        _report(f"(c) every other // run test in {test_dir}, go1.19", outcomes, verbose)
        concurrent = Counter(o.status for o in outcomes if o.case.concurrent)
        print(f"  of which use goroutines, channels, select or sync: {_totals(concurrent)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
