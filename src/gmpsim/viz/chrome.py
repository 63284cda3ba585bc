"""``--trace FILE.json``: the run as Chrome trace-event JSON, for Perfetto and chrome://tracing.

Written by hand because the format is plain JSON (the "Trace Event Format": ``X`` complete
events, ``i`` instants, ``s``/``f`` flow arrows, ``M`` metadata naming processes and threads).
Process 1 holds one track per P, process 2 one per M; each goroutine run is a slice labelled
with its Go function, and a flow arrow leads from each go statement to the new goroutine's first
run.  Timestamps are microseconds of virtual time.
"""

from __future__ import annotations

import json
from typing import Any

from gmpsim.viz.timeline import Timeline

PIDS = {"P": 1, "M": 2}
PROCESS_NAMES = {"P": "Ps (processors)", "M": "Ms (OS threads)"}


def _us(ns: int) -> float:
    return ns / 1000


def trace_events(tl: Timeline) -> list[dict[str, Any]]:
    """The trace's events, metadata first."""
    events: list[dict[str, Any]] = []
    for kind, pid in PIDS.items():
        events.append({"ph": "M", "pid": pid, "name": "process_name", "args": {"name": PROCESS_NAMES[kind]}})
        events.append({"ph": "M", "pid": pid, "name": "process_sort_index", "args": {"sort_index": pid}})
    for kind, n in tl.tracks():
        pid = PIDS[kind]
        events.append(
            {"ph": "M", "pid": pid, "tid": n, "name": "thread_name", "args": {"name": f"{kind}{n}"}}
        )
        events.append(
            {"ph": "M", "pid": pid, "tid": n, "name": "thread_sort_index", "args": {"sort_index": n}}
        )
    for s in tl.slices:
        events.append(
            {
                "ph": "X",
                "pid": PIDS[s.track[0]],
                "tid": s.track[1],
                "ts": _us(s.start),
                "dur": _us(s.end - s.start),
                "name": s.label if s.kind == "syscall" else f"G{s.g} {s.label}",
                "cat": "goroutine" if s.kind == "run" else "syscall",
                "args": {"goroutine": s.g, "function": tl.funcs.get(s.g, ""), "ended": s.why_end},
            }
        )
    for i in tl.instants:
        event: dict[str, Any] = {"ph": "i", "ts": _us(i.t), "name": i.name, "cat": i.category, "args": i.args}
        if i.track is None:
            event.update(pid=PIDS["P"], tid=0, s="g")
        else:
            event.update(pid=PIDS[i.track[0]], tid=i.track[1], s="t")
        events.append(event)
    for o in tl.outputs:
        text = o.data.decode("utf-8", "replace").rstrip("\n")
        events.append(
            {"ph": "i", "s": "g", "pid": PIDS["P"], "tid": 0, "ts": _us(o.t), "name": f"output: {text}",
             "cat": "output", "args": {"goroutine": o.g, "fd": o.fd, "text": text}}
        )  # fmt: skip
    for n, f in enumerate(tl.flows, start=1):
        common = {"name": "go statement", "cat": "create", "id": n}
        events.append(
            {"ph": "s", "pid": PIDS[f.source[0]], "tid": f.source[1], "ts": _us(f.t_from), **common}
        )
        events.append(
            {"ph": "f", "bp": "e", "pid": PIDS[f.target[0]], "tid": f.target[1], "ts": _us(f.t_to), **common}
        )
    return events


def render(tl: Timeline, title: str) -> str:
    """The whole JSON document."""
    return json.dumps(
        {"traceEvents": trace_events(tl), "displayTimeUnit": "ns", "otherData": {"program": title}},
        separators=(",", ":"),
    )
