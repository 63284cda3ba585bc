"""The timeline of a run: who held each P and M when, and the moments worth marking.

Computed from the event log alone (``RunResult.events``), so every view -- the Chrome trace, the
HTML page, ``gmpsim explain`` -- sees the same picture.  A goroutine's *run* on a P lasts from
GoStart until it stops (GoStop), enters a syscall or loses its P; a *syscall* lasts from
SyscallEnter to SyscallExit on the goroutine's M, and on its P until sysmon (or a blocking call)
hands the P off.  Runs are shown on both the P's and the M's track.  Gosched round trips that
handed the P straight back (GoschedBatch) stay inside one run and are marked as one instant.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gmpsim.runtime import trace


@dataclass(frozen=True)
class Slice:
    track: tuple[str, int]  # ("P", id) or ("M", id)
    start: int  # virtual ns
    end: int
    g: int
    label: str  # the goroutine's Go function, or "syscall write"
    kind: str  # "run" or "syscall"
    why_end: str  # GoStop's reason, "syscall", "handoff", "end of run" ...


@dataclass(frozen=True)
class Instant:
    t: int
    track: tuple[str, int] | None  # None: the whole process
    name: str
    category: str  # preempt, park, unpark, steal, timer, syscall, gomaxprocs, gosched, output
    args: dict[str, object]


@dataclass(frozen=True)
class Flow:
    """An arrow from a go statement to the new goroutine's first run."""

    g: int
    source: tuple[str, int]
    t_from: int
    target: tuple[str, int]
    t_to: int


@dataclass
class Timeline:
    end: int  # virtual time at the end of the run
    funcs: dict[int, str] = field(default_factory=dict)  # goid -> entry function
    slices: list[Slice] = field(default_factory=list)
    instants: list[Instant] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    outputs: list[trace.Output] = field(default_factory=list)
    procs: int = 0  # the most Ps the run ever had
    threads: int = 0  # Ms seen

    def tracks(self) -> list[tuple[str, int]]:
        return [("P", i) for i in range(self.procs)] + [("M", i) for i in range(self.threads)]


@dataclass
class _Syscall:
    p: int
    m: int
    start: int
    what: str
    holds_p: bool = True


def build(events: list[trace.Event], end: int) -> Timeline:
    """Fold the event log into slices, instants and flows."""
    tl = Timeline(end)
    running: dict[int, tuple[int, int, int]] = {}  # goid -> (p, m, since)
    syscalls: dict[int, _Syscall] = {}
    created: dict[int, trace.GoCreate] = {}
    maxp = 0
    maxm = -1

    def name(g: int) -> str:
        return tl.funcs.get(g, f"G{g}")

    def close_run(g: int, t: int, why: str) -> None:
        run = running.pop(g, None)
        if run is None:
            return
        p, m, since = run
        for track in (("P", p), ("M", m)):
            tl.slices.append(Slice(track, since, t, g, name(g), "run", why))

    def close_syscall(g: int, sc: _Syscall, t: int, why: str) -> None:
        tracks = ([("M", sc.m)] if sc.m >= 0 else []) + ([("P", sc.p)] if sc.holds_p else [])
        for track in tracks:
            tl.slices.append(Slice(track, sc.start, t, g, f"syscall {sc.what}", "syscall", why))

    def instant(e: trace.Event, p: int | None, text: str, category: str, **args: object) -> None:
        track = ("P", p) if p is not None and p >= 0 else None
        tl.instants.append(Instant(e.t, track, text, category, args))

    for e in events:
        if isinstance(e, trace.GoCreate):
            tl.funcs[e.g] = e.func
            created[e.g] = e
        elif isinstance(e, trace.GoStart):
            running[e.g] = (e.p, e.m, e.t)
            maxp, maxm = max(maxp, e.p + 1), max(maxm, e.m)
            origin = created.pop(e.g, None)
            if origin is not None and origin.parent != 0:  # the creator ran on origin.p then
                tl.flows.append(Flow(e.g, ("P", origin.p), origin.t, ("P", e.p), e.t))
        elif isinstance(e, trace.GoStop):
            close_run(e.g, e.t, e.reason)
        elif isinstance(e, trace.SyscallEnter):
            run = running.get(e.g)
            m = run[1] if run is not None else -1
            close_run(e.g, e.t, "syscall")
            syscalls[e.g] = _Syscall(e.p, m, e.t, e.what)
            instant(e, e.p, f"syscall {e.what}", "syscall", goroutine=e.g)
        elif isinstance(e, trace.HandoffP):
            for g, sc in syscalls.items():
                if sc.p == e.p and sc.holds_p:
                    tl.slices.append(
                        Slice(("P", sc.p), sc.start, e.t, g, f"syscall {sc.what}", "syscall", "handoff")
                    )
                    sc.holds_p = False
            instant(e, e.p, "handoff P", "syscall", goroutine=e.g)
        elif isinstance(e, trace.SyscallExit):
            exiting = syscalls.pop(e.g, None)
            if exiting is not None:
                close_syscall(e.g, exiting, e.t, "exit")
                if e.p >= 0:
                    running[e.g] = (e.p, exiting.m, e.t)
            where = "kept its P" if e.kept_p else f"P{e.p}" if e.p >= 0 else "no P: global queue"
            instant(e, e.p, "syscall exit", "syscall", goroutine=e.g, continues_on=where)
        elif isinstance(e, trace.ProcStop):
            for g, (p, _m, _since) in list(running.items()):
                if p == e.p:
                    close_run(g, e.t, "lost P")
        elif isinstance(e, trace.Preempt):
            instant(e, e.p, f"preempt ({e.kind})", "preempt", goroutine=e.g, kind=e.kind)
        elif isinstance(e, trace.GoschedBatch):
            instant(e, e.p, f"Gosched ×{e.n}", "gosched", goroutine=e.g, every_ns=e.period)
        elif isinstance(e, trace.PreemptRequest):
            instant(e, e.p, f"preempt request ({e.by})", "preempt", goroutine=e.g)
        elif isinstance(e, trace.GoPark):
            instant(e, e.p, f"park: {e.reason}", "park", goroutine=e.g, reason=e.reason)
        elif isinstance(e, trace.GoUnpark):
            by = f"G{e.by}" if e.by else "the runtime"
            instant(e, e.p, f"unpark G{e.g}", "unpark", goroutine=e.g, by=by, runnext=e.runnext)
        elif isinstance(e, trace.Steal):
            what = "runnext" if e.runnext else f"{e.n} goroutine{'s' if e.n != 1 else ''}"
            instant(e, e.thief, f"steal from P{e.victim}", "steal", took=what)
        elif isinstance(e, trace.TimerFire):
            late = (e.t - e.when) / 1e6
            instant(e, e.p, f"timer fires for G{e.g}", "timer", goroutine=e.g, late_ms=round(late, 3))
        elif isinstance(e, trace.Gomaxprocs):
            maxp = max(maxp, e.new)
            instant(e, None, f"GOMAXPROCS {e.old} -> {e.new}", "gomaxprocs", old=e.old, new=e.new)
        elif isinstance(e, trace.Output):
            tl.outputs.append(e)
        elif isinstance(e, trace.ProcStart):
            maxp, maxm = max(maxp, e.p + 1), max(maxm, e.m)
    for g in list(running):
        close_run(g, end, "end of run")
    for g, sc in syscalls.items():
        close_syscall(g, sc, end, "end of run")
    tl.slices.sort(key=lambda s: (s.track, s.start))
    tl.procs, tl.threads = maxp, maxm + 1
    return tl
