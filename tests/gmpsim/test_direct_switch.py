"""The direct switch: a goroutine that parks hands its M straight to the next goroutine, whose
start ``_run`` takes itself instead of queueing it when nothing queued comes first
(``Runtime.execute`` and ``Runtime._run``).  It must make exactly the run the engine's queue
would: when the run is cut into slices, and with the event log off."""

from __future__ import annotations

import pytest

import gmpsim
from gmpsim import api
from tests.conftest import REPO

RELAY = REPO / "tests" / "gmpsim" / "data" / "runtime" / "relay.go"  # 2.3 ms of virtual time
UNTIL = "10ms"  # (a lost goroutine would leave the sleeper running forever)


@pytest.mark.parametrize("procs", [1, 2])
def test_a_run_cut_into_slices_makes_the_same_switches(monkeypatch: pytest.MonkeyPatch, procs: int) -> None:
    whole = gmpsim.run(RELAY, go="1.19", ncpu=2, gomaxprocs=procs, until=UNTIL)
    # each slice ends at an instant that falls inside the relay, often with a start held back
    monkeypatch.setattr(api, "PROGRESS_STEP_NS", 20_011)
    ends: list[int] = []
    sliced = gmpsim.run(RELAY, go="1.19", ncpu=2, gomaxprocs=procs, until=UNTIL, progress=ends.append)
    assert len(ends) > 100
    assert sliced.stdout == whole.stdout == "4504500 true\n" and not sliced.stopped
    assert sliced.virtual_ns == whole.virtual_ns
    assert sliced.events == whole.events
    assert sliced.goroutines == whole.goroutines


@pytest.mark.parametrize("go", ["1.9", "1.19", "1.27"])
def test_the_event_log_changes_nothing(go: str) -> None:
    logged = gmpsim.run(RELAY, go=go, ncpu=2, gomaxprocs=1, until=UNTIL)
    quiet = gmpsim.run(RELAY, go=go, ncpu=2, gomaxprocs=1, until=UNTIL, events=False)
    assert not quiet.events and logged.events
    assert quiet.stdout == logged.stdout and quiet.virtual_ns == logged.virtual_ns
    assert quiet.goroutines == logged.goroutines
