"""``gmpsim explain FILE.go``: why goroutines waited to run, in plain words, with verified fixes.

From one run's event log it finds every goroutine that was ready to run -- runnable, or asleep
with its timer already due -- for longer than a threshold (default 10ms), or that never ran
again.  For each it names the goroutine that held each P and since when, the loop that goroutine
was in, and why the scheduler could not take the P back: the compiler model's decisions (a call
removed as dead code, a call inlined, a leaf function without a stack-check prologue) and the
version's preemption (no asynchronous preemption before Go 1.14, or GODEBUG=asyncpreemptoff=1).
Then it tries the changes that could help -- another Go version, ``-gcflags=-l``,
``//go:noinline``, a ``runtime.Gosched()`` in the loop, more Ps -- by re-running the simulation
with each, and reports what each one did to that goroutine's longest wait.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import tree_sitter

from gmpsim.api import RunResult, run
from gmpsim.commands.errors import CLI_ERRORS
from gmpsim.commands.errors import report as report_error
from gmpsim.compiler import CallDecision, CompileResult, FuncDecision
from gmpsim.frontend import GoSyntaxError, Pos, SourceFile, parse_file
from gmpsim.godebug import module_mode, parse_godebug
from gmpsim.golib.time import parse_duration
from gmpsim.runtime import trace
from gmpsim.versions import GoVersion
from gmpsim.viz.timeline import Slice, Timeline, build

DEFAULT_THRESHOLD = "10ms"
HORIZON_THRESHOLDS = 5  # re-runs go this many thresholds past the start of the first long wait
VERIFY_BUDGET_S = 10.0  # wall seconds a re-run may take (a changed program may be slow to simulate)
DEFAULT_UNTIL = "3.5s"  # how long to simulate a program that does not end by itself
TIME_SLICE_NS = 10_000_000  # sysmon's forcePreemptNS
PREEMPTION_VERSION = GoVersion(14)  # asynchronous preemption
MID_STACK_VERSION = GoVersion(12)  # mid-stack inlining


# ---- the run configuration ----------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    """One simulation: the program's source text and the options of :func:`gmpsim.run`."""

    source: bytes
    path: str  # for messages: ./case4.go
    go: str | None = None
    ncpu: int | None = None
    gomaxprocs: int | None = None
    godebug: str = ""
    gcflags: str = ""
    until: str | int = DEFAULT_UNTIL  # a duration, or virtual nanoseconds
    seed: int = 1
    max_wall: float | None = None  # wall seconds the simulation may take (a runaway stops there)
    module: str | None = None  # None: a GOPATH build; else the go line (see gmpsim.godebug)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Config:
        """The configuration the command line's run flags describe (the file parsed once)."""
        unit = parse_file(Path(args.file))
        return cls(
            unit.source,
            unit.path,
            go=args.go,
            ncpu=args.ncpu,
            gomaxprocs=args.gomaxprocs,
            godebug=args.godebug,
            gcflags=args.gcflags,
            until=args.until or DEFAULT_UNTIL,
            seed=args.seed,
            max_wall=args.max_wall,
            module=args.module,
        )

    def run(self, max_wall: float | None = None) -> RunResult:
        """Simulate; ``max_wall`` (default: the configuration's) bounds the wall time."""
        return run(
            self.source,
            go=self.go,
            ncpu=self.ncpu,
            gomaxprocs=self.gomaxprocs,
            godebug=self.godebug,
            gcflags=self.gcflags,
            until=self.until,
            seed=self.seed,
            max_wall=max_wall if max_wall is not None else self.max_wall,
            module=self.module,
        )


# ---- waits ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wait:
    """A goroutine ready to run from ``ready`` until it ran at ``ran`` (None: it never did)."""

    g: int
    func: str
    ready: int
    ran: int | None
    why_ready: str  # "created", "readied", "preempted", "its timer was due", …
    end: int  # end of the run, for waits that never ended

    @property
    def length(self) -> int:
        return (self.ran if self.ran is not None else self.end) - self.ready


def waits(events: list[trace.Event], end: int) -> list[Wait]:
    """Every stretch of time a goroutine was ready to run but not running."""
    funcs: dict[int, str] = {}
    ready: dict[int, tuple[int, str]] = {}
    due: dict[int, int] = {}  # sleeping goroutines: when their timer is due
    found: list[Wait] = []

    def becomes_ready(g: int, t: int, why: str) -> None:
        if g not in ready:
            ready[g] = (t, why)

    for e in events:
        if isinstance(e, trace.GoCreate):
            funcs[e.g] = e.func
            becomes_ready(e.g, e.t, "created")
        elif isinstance(e, trace.TimerSet):
            due[e.g] = e.when
        elif isinstance(e, trace.GoUnpark):
            when = due.pop(e.g, None)
            if when is not None and when < e.t:
                becomes_ready(e.g, when, "its timer was due")
            becomes_ready(e.g, e.t, "readied")
        elif isinstance(e, trace.GoStop) and e.reason in ("preempted", "gosched"):
            becomes_ready(e.g, e.t, e.reason)
        elif isinstance(e, trace.SyscallExit) and e.p < 0:
            becomes_ready(e.g, e.t, "back from a syscall with no P free")
        elif isinstance(e, trace.GoStart):
            since = ready.pop(e.g, None)
            if since is not None:
                found.append(Wait(e.g, funcs.get(e.g, ""), since[0], e.t, since[1], end))
    for g, when in due.items():
        if when < end:
            becomes_ready(g, when, "its timer was due")
    for g, (t, why) in ready.items():
        found.append(Wait(g, funcs.get(g, ""), t, None, why, end))
    return found


def longest_waits(result: RunResult, until: int | None = None) -> dict[tuple[str, int], Wait]:
    """Each user goroutine's longest wait up to ``until``, keyed by (function, n-th goroutine of it)."""
    system = {gs.goid for gs in result.goroutines if gs.system}
    keys = _goroutine_keys(result)
    longest: dict[tuple[str, int], Wait] = {}
    end = result.virtual_ns if until is None else min(until, result.virtual_ns)
    for w in waits([e for e in result.events if e.t <= end], end):
        if w.g in system or w.g not in keys:
            continue
        key = keys[w.g]
        if key not in longest or w.length > longest[key].length:
            longest[key] = w
    return longest


def _goroutine_keys(result: RunResult) -> dict[int, tuple[str, int]]:
    """Goroutine ids change between runs (timer goroutines take some); function + ordinal do not."""
    counts: dict[str, int] = {}
    keys = {}
    for gs in sorted(result.goroutines, key=lambda gs: gs.created_at):
        if gs.system:
            continue
        counts[gs.func] = counts.get(gs.func, 0) + 1
        keys[gs.goid] = (gs.func, counts[gs.func])
    return keys


# ---- why the P was not given up ---------------------------------------------------------------


@dataclass
class Holder:
    """A goroutine that held a P while the waiting goroutine was ready."""

    g: int
    func: str
    p: int
    since: int  # start of its uninterrupted stay on the P
    until: int
    coop_preempts: list[int] = field(default_factory=list)
    async_preempts: list[int] = field(default_factory=list)
    requests: list[int] = field(default_factory=list)


def holders(tl: Timeline, events: list[trace.Event], w: Wait) -> list[Holder]:
    """Who ran on each P when ``w`` became ready (the goroutine holding it longest per P)."""
    stop = w.ran if w.ran is not None else w.end
    by_p: dict[int, list[Slice]] = {}
    for s in tl.slices:
        if s.track[0] == "P" and s.kind == "run" and s.start < stop and s.end > w.ready:
            by_p.setdefault(s.track[1], []).append(s)
    found = []
    for p, slices in sorted(by_p.items()):
        first = slices[0]
        run = [s for s in slices if s.g == first.g]
        since = first.start
        for s in reversed([s for s in tl.slices if s.track == ("P", p) and s.end <= first.start]):
            if s.g != first.g or s.end != since:
                break
            since = s.start
        found.append(Holder(first.g, first.label, p, since, run[-1].end))
    for h in found:
        for e in events:
            if e.t < w.ready or e.t > stop:
                continue
            if isinstance(e, trace.Preempt) and e.g == h.g:
                (h.async_preempts if e.kind == "async" else h.coop_preempts).append(e.t)
            elif isinstance(e, trace.PreemptRequest) and e.g == h.g:
                h.requests.append(e.t)
    return found


@dataclass(frozen=True)
class Loop:
    pos: Pos
    end: Pos  # just after the loop's closing brace
    first_line: str  # the loop's first source line, stripped
    body_start: int  # byte offset just after the body's "{"


def find_loop(unit: SourceFile, func: str) -> Loop | None:
    """The loop a goroutine running ``func`` spins in: its first endless ``for``, else its first ``for``."""
    decl = _function_node(unit, func)
    if decl is None:
        return None
    loops = [n for n in _descendants(decl) if n.type == "for_statement"]
    if not loops:
        return None
    endless = [n for n in loops if not any(c.type != "block" and c.is_named for c in n.children)]
    node = (endless or loops)[0]
    body = node.child_by_field_name("body")
    assert body is not None
    line = unit.source[node.start_byte :].split(b"\n", 1)[0].decode().strip()
    end_row, end_col = node.end_point
    return Loop(Pos.of(node), Pos(end_row + 1, end_col + 1), line, body.start_byte + 1)


def _function_node(unit: SourceFile, func: str) -> tree_sitter.Node | None:
    name = func.removeprefix("main.")
    for node in unit.tree.root_node.children:
        if node.type == "function_declaration":
            ident = node.child_by_field_name("name")
            if ident is not None and unit.text(ident) == name:
                return node
    return None


def _descendants(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    for child in node.children:
        yield child
        yield from _descendants(child)


@dataclass
class Diagnosis:
    """Why a loop has no preemption point, from the compiler model's decisions."""

    reasons: list[str] = field(default_factory=list)
    checkpoint: str | None = None  # the prologue where cooperative preemption can happen
    inlined: list[tuple[str, Pos]] = field(default_factory=list)  # (callee, its declaration)
    mid_stack: bool = False  # an inlined function makes calls itself (Go >= 1.12 only)


def diagnose_loop(loop: Loop, caller: str, decisions: CompileResult, path: str) -> Diagnosis:
    d = Diagnosis()
    calls = [c for c in decisions.calls.values() if c.caller == caller and _inside(c.pos, loop)]
    if not calls:
        d.reasons.append(
            f"the loop at {path}:{loop.pos.line} makes no function calls, so it never passes a "
            "stack-check prologue"
        )
    for call in sorted(calls, key=lambda c: c.pos):
        _diagnose_call(call, decisions, d, path)
    return d


def _inside(pos: Pos, loop: Loop) -> bool:
    return loop.pos <= pos < loop.end


def _diagnose_call(call: CallDecision, decisions: CompileResult, d: Diagnosis, path: str) -> None:
    at = f"{path}:{call.pos.line}:{call.pos.col}"
    callee = decisions.funcs.get(call.callee)
    if call.removed:
        d.reasons.append(
            f"the call to {call.callee} at {at} was removed: its result is unused and it has no side effects"
        )
        return
    if callee is None:  # a standard-library function: it enters the runtime, a preemption point
        d.checkpoint = d.checkpoint or f"the call to {call.callee} at {at}"
        return
    inner = [c for c in decisions.calls.values() if c.caller == call.callee]
    if call.inlined:
        mid = bool(inner)
        d.mid_stack |= mid
        d.inlined.append((call.callee, callee.pos))
        note = " (mid-stack inlining, Go ≥ 1.12)" if mid else ""
        d.reasons.append(f"{call.callee} was inlined into {call.caller}{note}, so its call at {at} is gone")
        for c in sorted(inner, key=lambda c: c.pos):
            _diagnose_call(replace(c, caller=call.caller), decisions, d, path)
        return
    if callee.has_prologue:
        d.checkpoint = d.checkpoint or f"the prologue of {call.callee} (called at {at})"
        return
    d.reasons.append(_no_prologue(callee))
    for c in sorted(inner, key=lambda c: c.pos):
        _diagnose_call(c, decisions, d, path)


def _no_prologue(fn: FuncDecision) -> str:
    if fn.leaf:
        return f"{fn.name} is a leaf function with a small frame, so it has no stack-check prologue"
    return f"{fn.name} has no stack-check prologue ({fn.prologue_reason})"


def async_reason(result: RunResult) -> str | None:
    """Why asynchronous preemption could not stop the loop, if it could not."""
    version = result.version
    if version < PREEMPTION_VERSION:
        return f"Go {version} has no asynchronous preemption (it came in Go {PREEMPTION_VERSION})"
    if result.asyncpreemptoff:
        return "asynchronous preemption is disabled by GODEBUG=asyncpreemptoff=1"
    return None


# ---- changes, verified by re-running ----------------------------------------------------------


@dataclass(frozen=True)
class Change:
    label: str
    apply: Callable[[Config], Config]


@dataclass(frozen=True)
class Outcome:
    """What a change did to a goroutine's longest wait, both runs cut at the same horizon."""

    change: Change
    before: Wait
    after: Wait | None  # the same goroutine's longest wait in the changed run (None: no wait)
    error: str | None = None  # the changed program could not be simulated (in the budget)

    @property
    def helps(self) -> bool:
        if self.error is not None:
            return False
        if self.after is None:
            return True
        if self.before.ran is None:  # starved: the change helps if the goroutine gets to run at all
            return self.after.ran is not None
        return self.after.length * 2 < self.before.length


def candidate_changes(
    config: Config, result: RunResult, unit: SourceFile, loop: Loop | None, d: Diagnosis | None
) -> list[Change]:
    version = result.version
    changes: list[Change] = []
    if d is not None and d.mid_stack and version >= MID_STACK_VERSION:
        changes.append(Change("Go 1.11, before mid-stack inlining", lambda c: replace(c, go="1.11")))
    if version < PREEMPTION_VERSION:
        changes.append(
            Change(f"Go {PREEMPTION_VERSION}, with asynchronous preemption", lambda c: replace(c, go="1.14"))
        )
    godebug = parse_godebug(config.godebug)
    if godebug.get("asyncpreemptoff", "0") not in ("", "0"):
        rest = ",".join(f"{k}={v}" for k, v in godebug.items() if k != "asyncpreemptoff")
        changes.append(Change("without GODEBUG=asyncpreemptoff=1", lambda c: replace(c, godebug=rest)))
    if d is not None and d.inlined and "-l" not in config.gcflags.split():
        changes.append(Change("-gcflags=-l", lambda c: replace(c, gcflags=f"{c.gcflags} -l".strip())))
    for name, pos in d.inlined if d is not None else []:
        changes.append(
            Change(
                f"//go:noinline on {name} ({unit.path}:{pos.line})",
                _edit(_insert_line_before(pos.line, "//go:noinline")),
            )
        )
    if loop is not None:
        changes.append(
            Change(
                f"a call to runtime.Gosched() in the loop at {unit.path}:{loop.pos.line}",
                _edit(_gosched_in(loop)),
            )
        )
    gomaxprocs_call = _gomaxprocs_call(unit)
    if gomaxprocs_call is not None:
        changes.append(
            Change(
                f"runtime.GOMAXPROCS(2) at {unit.path}:{Pos.of(gomaxprocs_call).line}",
                _edit(_replace_node(gomaxprocs_call, b"2")),
            )
        )
    elif result.gomaxprocs < 2:
        changes.append(Change("GOMAXPROCS=2", lambda c: replace(c, gomaxprocs=2)))
    return changes


def _edit(transform: Callable[[bytes], bytes]) -> Callable[[Config], Config]:
    return lambda c: replace(c, source=transform(c.source))


def _insert_line_before(line: int, text: str) -> Callable[[bytes], bytes]:
    def transform(source: bytes) -> bytes:
        lines = source.split(b"\n")
        lines.insert(line - 1, text.encode())
        return b"\n".join(lines)

    return transform


def _gosched_in(loop: Loop) -> Callable[[bytes], bytes]:
    def transform(source: bytes) -> bytes:
        edited = source[: loop.body_start] + b"\n\truntime.Gosched()" + source[loop.body_start :]
        if b'"runtime"' not in edited:
            package_end = edited.index(b"\n", edited.index(b"package ")) + 1
            edited = edited[:package_end] + b'\nimport "runtime"\n' + edited[package_end:]
        return edited

    return transform


def _gomaxprocs_call(unit: SourceFile) -> tree_sitter.Node | None:
    """The argument of a ``runtime.GOMAXPROCS(n)`` call with a constant n < 2, if any."""
    for node in _descendants(unit.tree.root_node):
        if node.type != "call_expression":
            continue
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if fn is None or args is None or unit.text(fn) != "runtime.GOMAXPROCS":
            continue
        values = [a for a in args.children if a.is_named]
        if len(values) == 1 and values[0].type == "int_literal" and int(unit.text(values[0]), 0) < 2:
            return values[0]
    return None


def _replace_node(node: tree_sitter.Node, text: bytes) -> Callable[[bytes], bytes]:
    return lambda source: source[: node.start_byte] + text + source[node.end_byte :]


def try_change(
    config: Config, change: Change, before: Wait, key: tuple[str, int], budget_s: float
) -> Outcome:
    """Re-run with ``change`` (``config.until`` is the horizon) and measure the same goroutine."""
    try:
        result = change.apply(config).run(max_wall=budget_s)
    except (GoSyntaxError, ValueError) as err:
        return Outcome(change, before, None, str(err))
    horizon = config.until if isinstance(config.until, int) else parse_duration(config.until)
    if result.stopped and result.virtual_ns < horizon:
        return Outcome(
            change,
            before,
            None,
            f"not verified: {budget_s:g}s of wall time simulated only "
            f"{short_duration(result.virtual_ns)} of the program",
        )
    return Outcome(change, before, longest_waits(result).get(key))


def verification_horizon(first: Wait, threshold: int) -> int:
    """How far re-runs go: a few thresholds into the goroutine's first long wait (or to its end)."""
    return first.ready + min(first.length, HORIZON_THRESHOLDS * threshold) + threshold


# ---- the report --------------------------------------------------------------------------------


@dataclass
class Finding:
    """One goroutine that waited too long, and everything said about it."""

    wait: Wait
    count: int  # how many of its waits were over the threshold
    holders: list[Holder]
    loops: dict[int, Loop | None]  # holder goid -> its loop
    diagnoses: dict[int, Diagnosis | None]
    async_reason: str | None
    timer_note: str | None
    outcomes: list[Outcome]


@dataclass
class Report:
    config: Config
    result: RunResult
    threshold: int
    findings: list[Finding]

    def render(self, width: int) -> str:
        return "\n".join(_render(self, width)) + "\n"


def explain(config: Config, threshold: int, verify: bool = True, budget_s: float = VERIFY_BUDGET_S) -> Report:
    """Run ``config`` and explain each goroutine whose longest wait exceeds ``threshold`` ns."""
    result = config.run()
    unit = _unit(config)
    tl = build(result.events, result.virtual_ns)
    longest = longest_waits(result)
    counts: dict[int, int] = {}
    firsts: dict[int, Wait] = {}
    for w in sorted(waits(result.events, result.virtual_ns), key=lambda w: w.ready):
        if w.length > threshold:
            counts[w.g] = counts.get(w.g, 0) + 1
            firsts.setdefault(w.g, w)
    findings = []
    for key, w in sorted(longest.items(), key=lambda kv: kv[1].g):
        if w.length <= threshold:
            continue
        hs = [h for h in holders(tl, result.events, w) if h.g != w.g]
        loops = {h.g: find_loop(unit, h.func) for h in hs}
        diagnoses = {
            h.g: diagnose_loop(loop, h.func.removeprefix("main."), result.decisions, unit.path)
            if loop
            else None
            for h, loop in ((h, loops[h.g]) for h in hs)
        }
        first = hs[0] if hs else None
        loop = loops.get(first.g) if first else None
        diagnosis = diagnoses.get(first.g) if first else None
        outcomes = []
        if verify and first is not None:
            horizon = verification_horizon(firsts[w.g], threshold)
            before = longest_waits(result, horizon)[key]
            cut = replace(config, until=horizon)
            changes = candidate_changes(config, result, unit, loop, diagnosis)
            outcomes = [try_change(cut, c, before, key, budget_s) for c in changes]
        findings.append(
            Finding(
                w,
                counts.get(w.g, 1),
                hs,
                loops,
                diagnoses,
                async_reason(result),
                _timer_note(result, w),
                outcomes,
            )
        )
    return Report(config, result, threshold, findings)


def _unit(config: Config) -> SourceFile:
    from gmpsim.frontend import parse_source

    return parse_source(config.source, config.path)


def _timer_note(result: RunResult, w: Wait) -> str | None:
    if w.why_ready != "its timer was due":
        return None
    if result.behaviour.per_p_timers:
        return (
            "its timer sits in a P's timer heap, and timers run only when an M holding a P enters the "
            "scheduler"
        )
    timerprocs = [gs for gs in result.goroutines if gs.func == "runtime.timerproc"]
    note = (
        f"before Go {PREEMPTION_VERSION} timers are run by a timer goroutine, which needs a P like any other"
    )
    if timerprocs and timerprocs[0].status == "runnable":
        note += f" (G{timerprocs[0].goid} runtime.timerproc is runnable and waiting for one)"
    return note


def short_duration(ns: int) -> str:
    """A time or duration to about four significant digits: 1.000s, 11.2ms, 50µs."""
    for unit, size in (("s", 1_000_000_000), ("ms", 1_000_000), ("µs", 1_000)):
        if ns >= size:
            value = ns / size
            text = f"{value:.3f}" if unit == "s" else f"{value:.1f}".removesuffix(".0")
            return text + unit
    return f"{ns}ns"


def _render(report: Report, width: int) -> Iterator[str]:
    config, result = report.config, report.result
    wrap = textwrap.TextWrapper(width=width, subsequent_indent="    ")
    bullets = textwrap.TextWrapper(width=width, initial_indent="  - ", subsequent_indent="    ")
    sub_bullets = textwrap.TextWrapper(width=width, initial_indent="      · ", subsequent_indent="        ")
    settings = [f"Go {result.version}", f"GOMAXPROCS={result.gomaxprocs}"]
    settings += [f"GODEBUG={config.godebug}"] if config.godebug else []
    settings += [f"-gcflags='{config.gcflags}'"] if config.gcflags else []
    settings += [module_mode(config.module)] if config.module else []
    yield from wrap.wrap(
        f"{config.path} on {', '.join(settings)}: {short_duration(result.virtual_ns)} of virtual time."
    )
    if not report.findings:
        yield from wrap.wrap(f"No goroutine waited longer than {short_duration(report.threshold)} to run.")
        return
    for f in report.findings:
        w = f.wait
        yield ""
        if w.ran is None:
            head = (
                f"G{w.g} {w.func} never ran again: it was ready from {short_duration(w.ready)} "
                f"({w.why_ready}) to the end of the run, {short_duration(w.length)} later."
            )
        else:
            more = f" ({f.count} waits over {short_duration(report.threshold)})" if f.count > 1 else ""
            head = (
                f"G{w.g} {w.func} waited {short_duration(w.length)} to run{more}: ready at "
                f"{short_duration(w.ready)} ({w.why_ready}), it ran at {short_duration(w.ran)}."
            )
        yield from wrap.wrap(head)
        if f.timer_note:
            yield from bullets.wrap(f.timer_note[0].upper() + f.timer_note[1:] + ".")
        for h in f.holders:
            loop = f.loops.get(h.g)
            where = f", in the loop at {config.path}:{loop.pos.line} ({loop.first_line})" if loop else ""
            held_to = "" if h.until >= (w.ran or w.end) else f" until {short_duration(h.until)}"
            yield from bullets.wrap(
                f"P{h.p} was held by G{h.g} {h.func} from {short_duration(h.since)}{held_to}{where}."
            )
            for depth, line in _why_held(h, f):
                yield from (sub_bullets if depth else bullets).wrap(line)
        if f.outcomes:
            horizon = short_duration(f.outcomes[0].before.end)
            yield from wrap.wrap(
                f"What would let it run (each tried by re-running the simulation to {horizon}):"
            )
            for o in f.outcomes:
                yield from bullets.wrap(_outcome_text(o))


def _why_held(h: Holder, f: Finding) -> Iterator[tuple[int, str]]:
    """Why ``h`` kept its P, as (depth, sentence): the reasons nest under what sysmon did."""
    d = f.diagnoses.get(h.g)
    if h.coop_preempts or h.async_preempts:
        kind = "asynchronously (a signal)" if h.async_preempts and not h.coop_preempts else "cooperatively"
        t = min(h.coop_preempts + h.async_preempts)
        where = f" at {d.checkpoint}" if d is not None and d.checkpoint and h.coop_preempts else ""
        yield (
            0,
            (
                f"sysmon preempted it {kind}{where} at {short_duration(t)}, once it had run its "
                f"{short_duration(TIME_SLICE_NS)} time slice (sysmon looks every 10ms at most)"
            ),
        )
        return
    if not h.requests:
        yield (
            0,
            f"it had not run a whole {short_duration(TIME_SLICE_NS)} time slice, so sysmon had not asked "
            "it to stop yet",
        )
        return
    yield (
        0,
        (
            f"sysmon asked it to stop {len(h.requests)} times during the wait, but it never reached a point "
            "where it could be preempted:"
        ),
    )
    if d is not None:
        yield from ((1, reason) for reason in d.reasons)
        if d.checkpoint:
            yield 1, f"(the loop does reach {d.checkpoint}, but only after the wait ended)"
    if f.async_reason:
        yield 1, f.async_reason


def _outcome_text(o: Outcome) -> str:
    if o.error is not None:
        return f"? {o.change.label}: {o.error}"
    before = _wait_text(o.before)
    after = "no wait at all" if o.after is None else _wait_text(o.after)
    mark = "✓" if o.helps else "✗"
    verdict = "" if o.helps else " (no real improvement)"
    return f"{mark} {o.change.label}: longest wait {before} → {after}{verdict}"


def _wait_text(w: Wait) -> str:
    return f"{short_duration(w.length)} (never ran)" if w.ran is None else short_duration(w.length)


# ---- command line ------------------------------------------------------------------------------


def main(args: argparse.Namespace) -> int:
    try:
        threshold = parse_duration(args.threshold)
        report = explain(Config.from_args(args), threshold)
    except CLI_ERRORS as err:
        return report_error(args.file, err)
    width = min(shutil.get_terminal_size((100, 24)).columns, 110)
    sys.stdout.write(report.render(width))
    return 0
