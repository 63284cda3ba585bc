"""gmpsim's speed: wall seconds per simulated second, beside real Go's one second per second.

case4 on Go 1.9 is the busiest of the article's programs for the scheduler model: deadloop is
preempted at dummy's prologue every other sysmon tick, and a timer goroutine runs every second.
On Go 1.19 the same program (inlined dummy) is preempted asynchronously instead.  case2 for a
simulated minute shows the skipping of effect-free loops.  Real Go needs exactly one wall second
per second of its own time, so the ratio to it is the wall seconds per simulated second.
"""

from __future__ import annotations

import os
import platform
import statistics
import time

from tests.conftest import REPO

import gmpsim
from bench import update_section
from gmpsim.runtime.trace import Preempt

SECTION = "## gmpsim"
REPEAT = 3
WORKLOADS = [
    ("case4.go", "1.9", "10s"),
    ("case4.go", "1.19", "10s"),
    ("case2.go", "1.19", "60s"),
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


def measure(program: str, go: str, until: str) -> tuple[float, int, int]:
    """Median wall seconds for the run, virtual ns simulated, preemptions in it."""
    walls = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        gmpsim.run(REPO / "examples" / "sched" / program, go=go, ncpu=4, until=until, events=False)
        walls.append(time.perf_counter() - start)
    counted = gmpsim.run(REPO / "examples" / "sched" / program, go=go, ncpu=4, until=until)
    preemptions = sum(isinstance(e, Preempt) for e in counted.events)
    return statistics.median(walls), counted.virtual_ns, preemptions


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
            f"| {program} | {go} | {until} | {preemptions} | {wall:.3f} s | {per_second:.4f} | "
            f"{1 / per_second:.0f}× faster |"
        )
    machine = (
        f"{_cpu_model()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}; simulated machine: --ncpu 4, events off."
    )
    body = "\n".join(
        [
            "Wall seconds per simulated second (real Go: 1.0 by definition).",
            machine,
            "",
            *rows,
            "",
            "Preemptions are every other sysmon tick (10 ms apart once sysmon has backed off), as in",
            "Go's retake: the slice is measured only at ticks, so a spinning goroutine is preempted",
            "about 50 times a second. Effect-free loops are not iterated, only their preemptions cost.",
        ]
    )
    update_section(SECTION, body)
    print(f"{SECTION}\n\n{body}")


if __name__ == "__main__":
    main()
