"""The Python API: run a Go program on the simulated scheduler and get everything it did.

>>> import gmpsim
>>> r = gmpsim.run("examples/sched/case4.go", go="1.9", ncpu=4, until="3.5s")
>>> r.stdout.count("I got scheduled!")
3
>>> [e.t for e in r.events if isinstance(e, gmpsim.trace.Output)][:1]  # doctest: +SKIP
[1010271500]

The command line (``gmpsim run``) is a thin layer over :func:`run`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from gmpsim.codegen import Program, generate
from gmpsim.compiler import CompileResult, GcFlags
from gmpsim.deepstack import call_with_deep_stack
from gmpsim.frontend import GoSyntaxError, SourceFile, parse_file, parse_source
from gmpsim.godebug import effective, parse_go_line, parse_godebug
from gmpsim.golib import environ
from gmpsim.golib.time import parse_duration
from gmpsim.runtime.engine import INFINITY
from gmpsim.runtime.proc import Runtime, Settings
from gmpsim.runtime.runtime2 import G_RUNNABLE, G_RUNNING, G
from gmpsim.runtime.schedtrace import SchedTrace, schedtrace_settings
from gmpsim.runtime.trace import Event, EventLog
from gmpsim.versions import NEWEST, GoBehaviour, GoVersion, behaviour

R = TypeVar("R")

STATUS_NAMES = {0: "idle", 1: "runnable", 2: "running", 3: "syscall", 4: "waiting", 6: "dead", 9: "preempted"}


@dataclass(frozen=True)
class GoroutineStats:
    """What one goroutine went through (times in virtual nanoseconds)."""

    goid: int
    func: str  # entry function, e.g. "main.deadloop"
    parent: int  # goid of its creator (0: the runtime)
    system: bool  # a runtime goroutine (e.g. timerproc), not counted by NumGoroutine
    created_at: int
    status: str  # at the end of the run: running, runnable, waiting, syscall or dead
    run_ns: int  # time on a P
    runs: int  # times it was given a P
    wait_ns: int  # total time runnable but not running
    max_latency_ns: int  # longest runnable-to-running wait (a goroutine still waiting counts)
    coop_preemptions: int  # stopped at a stack-check prologue
    async_preemptions: int  # stopped by a signal (Go >= 1.14)
    goscheds: int  # calls to runtime.Gosched


@dataclass(frozen=True)
class RunResult:
    """The outcome of :func:`run`."""

    stdout: str  # what the program wrote to fd 1 (bytes decoded as UTF-8, surrogateescape)
    stderr: str  # what the program (or the Go runtime) wrote to fd 2
    exit_code: int  # the program's exit code; 0 when stopped by ``until``
    stopped: bool  # the run reached ``until`` before the program ended
    virtual_ns: int  # virtual time at the end
    events: list[Event]  # gmpsim.runtime.trace events, in time order
    goroutines: list[GoroutineStats]  # by goid
    behaviour: GoBehaviour  # the modelled Go version's behaviours
    gomaxprocs: int  # at the end of the run
    decisions: CompileResult  # the compiler model's decisions the run used
    asyncpreemptoff: bool  # GODEBUG=asyncpreemptoff=1 was in effect

    @property
    def version(self) -> GoVersion:
        return self.behaviour.version


def _load(source_or_path: str | bytes | Path):  # type: ignore[no-untyped-def]
    if isinstance(source_or_path, bytes):
        return parse_source(source_or_path)
    if isinstance(source_or_path, str) and (
        "\n" in source_or_path or source_or_path.lstrip().startswith("package")
    ):
        return parse_source(source_or_path.encode())
    return parse_file(Path(source_or_path))


def run(
    source_or_path: str | bytes | Path,
    *,
    go: str | None = None,
    ncpu: int | None = None,
    gomaxprocs: int | None = None,
    godebug: str = "",
    gcflags: str = "",
    until: str | int | None = None,
    seed: int = 1,
    events: bool = True,
    progress: Callable[[int], None] | None = None,
    max_wall: float | None = None,
    args: Sequence[str] = (),
    module: str | None = None,
) -> RunResult:
    """Run a Go program (a path, or its source text) on the simulated scheduler.

    ``go`` is a version from 1.9 to 1.27 (default: the newest modelled); ``ncpu`` the simulated
    machine's CPUs (default: this machine's); ``gomaxprocs`` acts like the GOMAXPROCS
    environment variable; ``godebug`` like GODEBUG (``asyncpreemptoff=1``); ``gcflags`` like
    ``-gcflags`` (``-N``, ``-l``, ``'-N -l'``); ``until`` stops the run after that much virtual
    time (``"3.5s"`` or nanoseconds); ``seed`` drives Go's random choices (steal order);
    ``progress``, if given, is called with the virtual clock after every 50ms of it;
    ``max_wall`` bounds the run in wall seconds (a runaway program then stops as at ``until``);
    ``args`` are the program's arguments (``os.Args[1:]``, what package flag parses).
    ``godebug`` also takes ``schedtrace=N`` and ``scheddetail=1``: the lines Go prints go to stderr.
    ``module`` None builds in GOPATH mode (``GO111MODULE=off``); ``"local"`` as ``go run x.go``
    does outside any module, ``"1.22"`` in a module whose go.mod says ``go 1.22``: the build's
    go version chooses GODEBUG's defaults (see :mod:`gmpsim.godebug`), as do ``//go:debug`` lines.
    Raises :class:`gmpsim.frontend.GoSyntaxError` for syntax errors and unsupported constructs,
    ValueError for bad options, :class:`InternalError` for a bug in gmpsim.
    """
    version = GoVersion.parse(go) if go else NEWEST
    beh = behaviour(version)
    cpus = ncpu if ncpu is not None else (os.cpu_count() or 1)
    if cpus < 1:
        raise ValueError("ncpu must be at least 1")
    procs = gomaxprocs if gomaxprocs is not None and gomaxprocs > 0 else cpus
    debug = parse_godebug(godebug)
    go_line = None if module is None else parse_go_line(module, version)
    deadline = INFINITY if until is None else until if isinstance(until, int) else parse_duration(until)
    if deadline < 0:
        raise ValueError("the virtual time limit must not be negative")

    flags = GcFlags.parse(gcflags)  # a bad flag is a ValueError, not an internal error
    unit = _load(source_or_path)
    program_debug = effective(version, go_line, unit, debug)
    panic_nil_error = beh.panic_nil_error_text if program_debug["panicnil"] == "0" else None
    decisions, program = _guarded(  # deeply nested expressions are lowered recursively
        lambda: _compiled(
            unit, beh, flags, cpus, seed, panic_nil_error, args, environ.simulated(gomaxprocs, godebug)
        )
    )
    settings = Settings(
        beh,
        cpus,
        procs,
        asyncpreemptoff=debug.get("asyncpreemptoff", "0") not in ("", "0"),
        seed=seed,
        updatemaxprocs=program_debug["updatemaxprocs"] != "0",
    )
    rt = Runtime(settings, EventLog(events))
    trace_period_ms, trace_detailed = schedtrace_settings(debug)
    if trace_period_ms:
        rt.sysmon.schedtrace = SchedTrace(rt, trace_period_ms, trace_detailed)
    rt.start(program.main)
    wall_deadline = None if max_wall is None else time.monotonic() + max_wall
    if progress is None and wall_deadline is None:
        finished = _guarded(lambda: rt.engine.run(deadline))
    else:
        finished = _guarded(lambda: _run_sliced(rt, deadline, progress, wall_deadline))
    stopped = not finished and rt.exit_code is None
    now = rt.engine.now
    return RunResult(
        stdout=bytes(rt.stdout).decode("utf-8", "surrogateescape"),
        stderr=bytes(rt.stderr).decode("utf-8", "surrogateescape"),
        exit_code=rt.exit_code if rt.exit_code is not None else 0,
        stopped=stopped,
        virtual_ns=now,
        events=rt.log.events,
        goroutines=[_stats(gp, now) for gp in sorted(rt.allgs, key=lambda g: g.goid)],
        behaviour=beh,
        gomaxprocs=rt.gomaxprocs,
        decisions=decisions,
        asyncpreemptoff=settings.asyncpreemptoff,
    )


class InternalError(Exception):
    """An exception raised by gmpsim's own code while compiling or simulating a program (its
    ``__cause__``): a bug in gmpsim, never the program's fault."""


def _guarded(fn: Callable[[], R]) -> R:
    """fn() with room for deep recursion (gmpsim.deepstack); its exceptions other than
    GoSyntaxError become InternalError, so that no caller takes them for bad options."""
    try:
        return call_with_deep_stack(fn)
    except GoSyntaxError:
        raise
    except Exception as err:
        raise InternalError(f"{type(err).__name__}: {err}") from err


def _compiled(
    unit: SourceFile,
    beh: GoBehaviour,
    flags: GcFlags,
    cpus: int,
    seed: int,
    panic_nil_error: str | None,
    args: Sequence[str],
    env: dict[bytes, bytes],
) -> tuple[CompileResult, Program]:
    """The compiler model's decisions for unit, and the program generated under them."""
    from gmpsim.compiler.inl import compile_unit

    decisions = compile_unit(unit, beh, flags)
    program = generate(
        unit,
        decisions,
        cpus,
        beh.loopvar_per_iteration,
        seed,
        panic_nil_error,
        args,
        beh.print_floats_shortest,
        env,
    )
    return decisions, program


def _stats(gp: G, now: int) -> GoroutineStats:
    s = gp.stats
    running = gp.status == G_RUNNING
    waiting_now = now - gp.runnable_since if gp.status == G_RUNNABLE else 0
    return GoroutineStats(
        goid=gp.goid,
        func=gp.func,
        parent=gp.parent,
        system=gp.system,
        created_at=gp.created_at,
        status=STATUS_NAMES.get(gp.status, str(gp.status)),
        run_ns=s.run_ns + (now - gp.started_at if running else 0),
        runs=s.runs,
        wait_ns=s.wait_ns + waiting_now,
        max_latency_ns=max(s.max_latency_ns, waiting_now),
        coop_preemptions=s.coop_preemptions,
        async_preemptions=s.async_preemptions,
        goscheds=s.goscheds,
    )


PROGRESS_STEP_NS = 50_000_000  # virtual time between two progress reports


def _run_sliced(
    rt: Runtime, deadline: int, progress: Callable[[int], None] | None, wall_deadline: float | None
) -> bool:
    """``engine.run(deadline)`` in slices of virtual time, calling ``progress(now)`` after each
    and giving up (False, as at the deadline) once the wall clock passes ``wall_deadline``."""
    while True:
        if rt.engine.run(min(rt.engine.now + PROGRESS_STEP_NS, deadline)):
            return True
        if progress is not None:
            progress(rt.engine.now)
        if rt.engine.now >= deadline or (wall_deadline is not None and time.monotonic() > wall_deadline):
            return False
