"""gmpsim's speed: wall seconds per simulated second, beside real Go's one second per second.

Also, beside the real go1.19 where it is installed: the wall time per goroutine switch of a
channel ping-pong (programs/pingpong.go), and the memory a parked goroutine costs
(programs/parked.go: 100000 goroutines blocked on one channel, measured with tracemalloc).

case4 on Go 1.9 is the busiest of the article's programs for the scheduler model: deadloop is
preempted at dummy's prologue every other sysmon tick, and a timer goroutine runs every second.
On Go 1.19 the same program (inlined dummy) is preempted asynchronously instead.  case2 for a
simulated minute shows the skipping of effect-free loops, and programs/gosched.go (case2 with
a runtime.Gosched() in the loop) the Gosched round trips made in one step.  Real Go needs
exactly one wall second per second of its own time, so the ratio to it is the wall seconds per
simulated second.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
import tracemalloc
from pathlib import Path

from tests.conftest import REPO

import gmpsim
from bench import update_section
from gmpsim.runtime.trace import Preempt

SECTION = "## gmpsim"
REPEAT = 3
CASES = REPO / "examples" / "sched"
PROGRAMS = Path(__file__).parent / "programs"
WORKLOADS = [
    (CASES / "case4.go", "1.9", "10s"),
    (CASES / "case4.go", "1.19", "10s"),
    (CASES / "case2.go", "1.19", "60s"),
    (PROGRAMS / "gosched.go", "1.19", "60s"),
]


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def measure(program: Path, go: str, until: str) -> tuple[float, int, int]:
    """Median wall seconds for the run, virtual ns simulated, preemptions in it."""
    walls = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        gmpsim.run(program, go=go, ncpu=4, until=until, events=False)
        walls.append(time.perf_counter() - start)
    counted = gmpsim.run(program, go=go, ncpu=4, until=until)
    preemptions = sum(isinstance(e, Preempt) for e in counted.events)
    return statistics.median(walls), counted.virtual_ns, preemptions


REAL_GO = Path("/usr/lib/go-1.19/bin/go")
ROUND_TRIPS = 100_000  # pingpong.go's roundTrips
PARKED = 100_000


def _wall(source: str | Path) -> float:
    """Median wall seconds of a ping-pong run."""
    walls = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        gmpsim.run(source, go="1.19", ncpu=2, events=False)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def pingpong() -> tuple[float, float, float | None]:
    """Wall µs per goroutine switch (two per round trip), with and without the run's fixed cost
    (parsing, compiling, starting: a run of the same program with no round trip), and the real
    go1.19's, if installed."""
    source = (PROGRAMS / "pingpong.go").read_text()
    empty = source.replace(f"roundTrips = {ROUND_TRIPS}", "roundTrips = 0")
    assert empty != source, "pingpong.go's roundTrips is not ROUND_TRIPS"
    whole = _wall(PROGRAMS / "pingpong.go")
    fixed = _wall(empty)
    per_switch = 1e6 / (2 * ROUND_TRIPS)
    ours, marginal = whole * per_switch, (whole - fixed) * per_switch
    if not REAL_GO.exists():
        return ours, marginal, None
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(PROGRAMS / "pingpong.go", tmp)
        env = {**os.environ, "GOTOOLCHAIN": "local", "GO111MODULE": "off", "GOCACHE": f"{tmp}/cache"}
        subprocess.run([str(REAL_GO), "build", "-o", "pp", "pingpong.go"], cwd=tmp, env=env, check=True)
        start = time.perf_counter()
        subprocess.run([f"{tmp}/pp"], check=True, capture_output=True)
        real = (time.perf_counter() - start) / (2 * ROUND_TRIPS) * 1e6
    return ours, marginal, real


def pingpong_paragraph(ours: float, marginal: float, real_text: str, date: str, load: float) -> str:
    """results.md's paragraph on the ping-pong: the numbers, and where a switch's time goes."""
    return (
        f"Channel ping-pong, {ROUND_TRIPS} round trips at GOMAXPROCS=1 ({date}, load average {load:.1f}): "
        f"{ours:.2f} µs of wall time per simulated goroutine switch ({marginal:.2f} µs without the run's "
        f"fixed cost: parsing, compiling, starting); {real_text}. Target: 1 µs, not reached. A switch "
        "is 9 Python frames (the two goroutines' generator resumes; chansend and chanrecv; gopark "
        "and dropg; goready; schedule and execute) and about 620 bytecodes: _run's loop 190 (for "
        "each of the two resumes the preemption guards, the clock against the engine's queue and "
        "the dispatch, then the switch), execute 96, the two channel operations 116, schedule 46, "
        "dropg 41, goready 40, gopark 19, and the program's own code 78 (its clock increments and "
        "stack checks); at about 2 ns a bytecode and 30-50 ns a frame in CPython 3.11 that is "
        "1.2 µs of CPU time, and the wall time grows with the machine's load. Each of these leaves "
        "every event log, virtual time and statistic unchanged: the engine's heap holds [when, seq, "
        "fn, arg] lists, ordered by C comparisons; with events off no event-log call is made; the "
        "usual cases of dequeue, runqget, wakep and goready's runqput are inline, and schedule takes "
        "the P's runnext itself when findRunnable would; a goroutine that parks hands its M straight "
        "to the next goroutine: execute leaves that one's start, numbered as if queued, to _run, "
        "which resumes it at once when it precedes everything in the engine's queue (the direct "
        "switch, no heap push or pop, no return to the engine); each goroutine keeps one sudog for "
        "its plain channel waits; plain waiters are readied without _wake; request handlers sit in "
        "a list indexed by opcode; main.main's generator is resumed directly, not through "
        "runtime_main. About 40 calls a switch before the first of them: 8.2 µs at load average "
        "2.1; 4.08 µs at 1.6 (2026-11-25, about 25 calls) before the direct switch without the "
        "heap, the sudog kept per goroutine, the plain waiters, schedule's runnext, the handler "
        "list and the frames saved in gopark, goready and execute, which on 2026-12-07, in the "
        "same minute at load average 0.7, took the switch from 1.83-2.04 µs to 1.30-1.39 µs of "
        "wall time (from 1.75 µs to 1.19 µs of CPU time, the best of five runs)."
    )


def parked_memory() -> float:
    """Bytes of Python heap per parked goroutine (peak while 100000 are parked)."""
    tracemalloc.start()
    gmpsim.run(PROGRAMS / "parked.go", go="1.19", ncpu=2, events=False)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / PARKED


def main() -> None:
    rows = [
        "| program | --go | simulated | preemptions | wall (median of 3) | wall s per simulated s "
        "| vs real Go |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for program, go, until in WORKLOADS:
        wall, virtual_ns, preemptions = measure(program, go, until)
        per_second = wall / (virtual_ns / 1e9)
        rows.append(
            f"| {program.name} | {go} | {until} | {preemptions} | {wall:.3f} s | {per_second:.4f} | "
            f"{1 / per_second:.0f}× faster |"
        )
    ours, marginal, real = pingpong()
    real_text = f"{real:.3f} µs (real go1.19, same program)" if real is not None else "go1.19 not installed"
    per_g = parked_memory()
    machine = (
        f"{_cpu_model()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}, load average {os.getloadavg()[0]:.1f} while measuring "
        "(wall times grow with it); simulated machine: --ncpu 4, events off."
    )
    body = "\n".join(
        [
            "Wall seconds per simulated second (real Go: 1.0 by definition).",
            machine,
            "",
            *rows,
            "",
            pingpong_paragraph(ours, marginal, real_text, time.strftime("%Y-%m-%d"), os.getloadavg()[0]),
            "",
            f"{PARKED} goroutines parked on one channel: {per_g / 1024:.2f} KiB of Python heap per parked "
            "goroutine (target 2 KiB): its generator frame, G object, statistics and sudog.",
            "",
            "Preemptions are every other sysmon tick (10 ms apart once sysmon has backed off), as in",
            "Go's retake: the slice is measured only at ticks, so a spinning goroutine is preempted",
            "about 50 times a second. Effect-free loops are not iterated, only their preemptions cost.",
            "gosched.go (bench/programs) is case2 with a runtime.Gosched() in the loop: about 230 million",
            "round trips through the scheduler in a simulated minute, made in one step between sysmon's",
            "ticks and the timers, when nothing else is runnable.",
        ]
    )
    update_section(SECTION, body)
    print(f"{SECTION}\n\n{body}")


if __name__ == "__main__":
    main()
