"""``gmpsim explain``: why a goroutine waited, from the compiler's decisions, with verified fixes."""

from __future__ import annotations

from pathlib import Path

import pytest

import gmpsim
from gmpsim.cli import main as gmpsim_main
from gmpsim.explain import Config, explain
from gmpsim.frontend import parse_file, parse_source
from gmpsim.reason import reason
from gmpsim.runtime import trace
from tests.conftest import REPO
from tests.gmpsim.realgo import gmpsim_and_real

CASES = REPO / "examples" / "sched"
NO_ASYNC = {
    "1.9": "Go 1.9 has no asynchronous preemption (it came in Go 1.14)",
    "1.12": "Go 1.12 has no asynchronous preemption (it came in Go 1.14)",
    "1.19": "asynchronous preemption is disabled by GODEBUG=asyncpreemptoff=1",
}
# case4 with a 12ms sleep, so that re-running it with each change is cheap.
QUICK_CASE4 = (CASES / "case4.go").read_text().replace("time.Second * 1", "time.Millisecond * 12")


def report(case: str, go: str, gcflags: str = "") -> str:
    unit = parse_file(CASES / f"{case}.go")
    config = Config(unit.source, unit.path, go=go, ncpu=4, godebug="asyncpreemptoff=1", gcflags=gcflags)
    return " ".join(explain(config, 10_000_000, verify=False).render(1000).split())


@pytest.mark.parametrize("go", ["1.9", "1.12", "1.19"])
def test_case2_the_loop_makes_no_calls(go: str) -> None:
    text = report("case2", go)
    assert "G1 main.main never ran again" in text
    assert "(its timer was due)" in text
    assert "P0 was held by G" in text and "main.deadloop" in text
    assert "in the loop at ./case2.go:12 (for {)" in text
    assert (
        "the loop at ./case2.go:12 makes no function calls, so it never passes a stack-check prologue" in text
    )
    assert NO_ASYNC[go] in text


@pytest.mark.parametrize("go", ["1.9", "1.12", "1.19"])
def test_case3_the_call_to_add_was_removed(go: str) -> None:
    text = report("case3", go)
    assert "G1 main.main never ran again" in text
    assert (
        "the call to add at ./case3.go:18:6 was removed: its result is unused and it has no side effects"
        in text
    )
    assert NO_ASYNC[go] in text


@pytest.mark.parametrize("go", ["1.9", "1.12", "1.19"])
def test_case3_unoptimised_add_is_a_leaf_without_prologue(go: str) -> None:
    text = report("case3", go, gcflags="-N -l")
    assert "add is a leaf function with a small frame, so it has no stack-check prologue" in text
    assert "was removed" not in text


def test_case4_on_go_1_9_is_only_delayed_by_the_time_slice() -> None:
    text = report("case4", "1.9")
    assert "never ran again" not in text
    assert "G1 main.main waited 20ms to run" in text
    assert "sysmon preempted it cooperatively at the prologue of dummy (called at ./case4.go:22:8)" in text


@pytest.mark.parametrize("go", ["1.12", "1.19"])
def test_case4_dummy_was_inlined_leaving_a_call_to_a_leaf(go: str) -> None:
    text = report("case4", go)
    assert "G1 main.main never ran again" in text
    assert "dummy was inlined into deadloop (mid-stack inlining, Go ≥ 1.12)" in text
    assert "add is a leaf function with a small frame, so it has no stack-check prologue" in text
    assert NO_ASYNC[go] in text


def test_every_suggested_change_is_verified_by_a_re_run() -> None:
    unit = parse_source(QUICK_CASE4.encode(), "./case4.go")
    result = explain(Config(unit.source, unit.path, go="1.12", ncpu=1, until="150ms"), 5_000_000)
    (finding,) = result.findings
    verdicts = {o.change.label: o.helps for o in finding.outcomes}
    assert verdicts == {
        "Go 1.11, before mid-stack inlining": True,
        "Go 1.14, with asynchronous preemption": True,
        "-gcflags=-l": True,
        "//go:noinline on dummy (./case4.go:16)": True,
        "a call to runtime.Gosched() in the loop at ./case4.go:21": True,
        "runtime.GOMAXPROCS(2) at ./case4.go:27": True,
    }
    assert all(o.before.ran is None for o in finding.outcomes)


def test_a_change_that_does_not_help_is_marked_as_such() -> None:
    unit = parse_source(QUICK_CASE4.encode(), "./case4.go")
    result = explain(Config(unit.source, unit.path, go="1.9", ncpu=1, until="150ms"), 5_000_000)
    (finding,) = result.findings
    verdicts = {o.change.label: o.helps for o in finding.outcomes}
    assert verdicts["Go 1.14, with asynchronous preemption"] is False  # still one 10ms time slice
    assert verdicts["a call to runtime.Gosched() in the loop at ./case4.go:21"] is True
    assert "✗ Go 1.14, with asynchronous preemption" in result.render(200)


def test_cli_reports_nothing_below_the_threshold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    program = tmp_path / "quick.go"
    program.write_text(QUICK_CASE4)
    assert gmpsim_main(["explain", str(program), "--go", "1.9", "--for", "100ms", "--threshold", "50ms"]) == 0
    assert "No goroutine waited longer than 50ms to run." in capsys.readouterr().out


def test_cli_names_a_bad_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert gmpsim_main(["explain", "/nonexistent/x.go"]) == 1
    assert "gmpsim: /nonexistent/x.go:" in capsys.readouterr().err


STARVED = [
    ("case2", "1.9"),
    ("case2", "1.12"),
    ("case2", "1.19"),
    ("case3", "1.9"),
    ("case3", "1.12"),
    ("case3", "1.19"),
    ("case4", "1.12"),
    ("case4", "1.19"),
]


@pytest.mark.parametrize(("case", "go"), STARVED)
def test_a_gosched_in_the_loop_is_verified_to_let_main_run(case: str, go: str) -> None:
    unit = parse_file(CASES / f"{case}.go")
    config = Config(unit.source, unit.path, go=go, ncpu=4, godebug="asyncpreemptoff=1")
    result = explain(config, 10_000_000)
    (finding,) = result.findings
    assert finding.wait.func == "main.main" and finding.wait.ran is None
    loop = finding.loops[finding.holders[0].g]
    assert loop is not None
    label = f"a call to runtime.Gosched() in the loop at ./{case}.go:{loop.pos.line}"
    (gosched,) = [o for o in finding.outcomes if o.change.label == label]
    assert gosched.error is None and gosched.helps
    assert gosched.before.ran is None
    assert gosched.after is not None and gosched.after.ran is not None
    assert gosched.after.length < 1_000_000  # main runs within a millisecond of its timer
    text = result.render(1000)
    assert f"✓ {label}: longest wait 60ms (never ran) → " in text
    assert "?" not in text


GOSCHED_SLEEPER = (Path(__file__).parent / "data" / "gosched" / "sleeper.go").read_text()


@pytest.mark.oracle
@pytest.mark.parametrize("go", ["1.19", "1.27"])
def test_a_gosched_loop_next_to_a_sleeper_prints_what_real_go_prints(go: str, tmp_path: Path) -> None:
    program = Path(__file__).parent / "data" / "gosched" / "sleeper.go"
    mine, real = gmpsim_and_real(program, go, tmp_path)
    assert mine == real
    assert real[0].count("main woke up") == 3 and real[2] == 0


@pytest.mark.parametrize("go", ["1.9", "1.12", "1.19", "1.27"])
def test_a_gosched_loop_costs_a_few_events_per_sysmon_tick(go: str) -> None:
    r = gmpsim.run(GOSCHED_SLEEPER, go=go, ncpu=1)
    assert r.exit_code == 0 and r.stdout.count("main woke up") == 3
    (spin,) = [gs for gs in r.goroutines if gs.func == "main.spin"]
    # 600ms of Gosched round trips (250ns of scheduler each, plus the loop's own work) ...
    assert 1_500_000 < spin.goscheds < 2_400_000
    assert spin.coop_preemptions == spin.async_preemptions == 0
    # one run to start, one after each Gosched (but the last, if it is still waiting)
    assert spin.runs == spin.goscheds + (spin.status == "running")
    # ... made one by one only around sysmon's ticks (about 120) and the three timers
    starts = [e for e in r.events if isinstance(e, trace.GoStart)]
    batched = sum(e.n for e in r.events if isinstance(e, trace.GoschedBatch))
    assert len(starts) < 2_000
    assert batched + sum(1 for e in starts if e.g == spin.goid) == spin.runs


def test_the_one_line_reason_names_the_gosched() -> None:
    r = gmpsim.run(GOSCHED_SLEEPER, go="1.12", ncpu=1)
    (spin,) = [gs for gs in r.goroutines if gs.func == "main.spin"]
    assert reason(r) == (
        f"spin hands its P back with runtime.Gosched ({spin.goscheds} times), so whatever becomes runnable "
        "runs next"
    )
