"""``gmpsim run --trace FILE.json``: a Chrome trace-event file of the run, from its event log."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import gmpsim
from gmpsim.cli import main as gmpsim_main
from gmpsim.viz import chrome
from gmpsim.viz.timeline import build
from tests.conftest import REPO

CASE4 = REPO / "examples" / "sched" / "case4.go"
SPINNERS = """package main

import (
	"fmt"
	"time"
)

func spin() {
	for {
	}
}

func main() {
	go spin()
	go spin()
	go spin()
	go spin()
	go spin()
	go spin()
	time.Sleep(100 * time.Millisecond)
	fmt.Println("done")
}
"""


def trace_of(source: str | Path, **options: Any) -> list[dict[str, Any]]:
    result = gmpsim.run(source, **options)
    doc = json.loads(chrome.render(build(result.events, result.virtual_ns), "test"))
    events: list[dict[str, Any]] = doc["traceEvents"]
    return events


def test_cli_writes_a_trace_with_a_track_per_p_and_per_m(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "case4.json"
    code = gmpsim_main([
        "run", str(CASE4), "--go", "1.9", "--ncpu", "2", "--for", "2.5s", "--trace", str(out)
    ])  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out.count("I got scheduled!") == 2
    events = json.loads(out.read_text())["traceEvents"]
    names = {(e["pid"], e["args"]["name"]) for e in events if e["name"] == "thread_name"}
    assert {(1, "P0"), (1, "P1"), (2, "M0"), (2, "M1")} <= names
    assert not list(tmp_path.glob(".*")), "no temporary file is left behind"


def test_goroutine_runs_are_slices_labelled_with_their_function_that_never_overlap_on_a_p() -> None:
    events = trace_of(CASE4, go="1.9", ncpu=4, until="2.5s")
    slices = [e for e in events if e["ph"] == "X" and e["cat"] == "goroutine"]
    assert any(e["name"].endswith(" main.deadloop") and e["pid"] == 1 and e["tid"] == 0 for e in slices)
    for pid in (1, 2):
        tracks: dict[int, list[tuple[float, float]]] = {}
        for e in slices:
            if e["pid"] == pid:
                tracks.setdefault(e["tid"], []).append((e["ts"], e["ts"] + e["dur"]))
        for spans in tracks.values():
            spans.sort()
            assert all(a_end <= b_start + 1e-9 for (_, a_end), (b_start, _) in itertools.pairwise(spans))


def test_instants_for_preemption_park_timer_syscall_and_gomaxprocs() -> None:
    result = gmpsim.run(CASE4, go="1.9", ncpu=4, until="2.5s")
    events = json.loads(chrome.render(build(result.events, result.virtual_ns), "t"))["traceEvents"]
    instants = Counter(e["name"] for e in events if e["ph"] == "i")
    deadloop = next(g for g in result.goroutines if g.func == "main.deadloop")
    assert instants["preempt (coop)"] == deadloop.coop_preemptions > 100
    assert instants["park: sleep"] == 3  # main sleeps at 0s, 1s and 2s
    assert instants["timer fires for G1"] == 2
    assert instants["syscall write"] == 2 and instants["syscall exit"] >= 2
    assert instants["GOMAXPROCS 4 -> 1"] == 1
    assert instants["output: I got scheduled!"] == 2


def test_async_preemption_and_steals_are_marked() -> None:
    events = trace_of(SPINNERS, go="1.19", ncpu=4)
    categories = Counter((e["cat"], e["name"].split(" ")[0]) for e in events if e["ph"] == "i")
    assert categories[("preempt", "preempt")] > 0
    assert any(e["name"] == "preempt (async)" for e in events if e["ph"] == "i")
    assert categories[("steal", "steal")] > 0
    unparks = [e for e in events if e["ph"] == "i" and e["cat"] == "unpark"]
    assert unparks and all("by" in e["args"] for e in unparks)


def test_flow_arrows_lead_from_each_go_statement_to_the_first_run() -> None:
    result = gmpsim.run(SPINNERS, go="1.19", ncpu=4)
    events = json.loads(chrome.render(build(result.events, result.virtual_ns), "t"))["traceEvents"]
    starts = {e["id"]: e for e in events if e["ph"] == "s"}
    finishes = {e["id"]: e for e in events if e["ph"] == "f"}
    spawned = [g for g in result.goroutines if g.parent != 0]  # six spinners, and the runtime's own
    assert len(starts) == len(finishes) == len(spawned) >= 6
    first_run: dict[int, float] = {}
    for e in events:
        if e["ph"] == "X" and e["cat"] == "goroutine" and e["pid"] == 1:
            g = e["args"]["goroutine"]
            first_run[g] = min(first_run.get(g, e["ts"]), e["ts"])
    for flow_id, f in finishes.items():
        assert f["bp"] == "e"
        assert starts[flow_id]["ts"] <= f["ts"]
        assert f["ts"] in first_run.values()
