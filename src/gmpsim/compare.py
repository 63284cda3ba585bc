"""``gmpsim compare FILE.go --go 1.9,1.12,1.14,1.19``: one program under several Go versions.

Each version is one simulation with the same other flags; the table has a column per version
and a row per measure: output lines, when the first one appeared, preemptions (cooperative and
asynchronous), steals, and the longest time a goroutine was ready to run but not running
(including a sleeper whose timer was due, as ``gmpsim explain`` counts it).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace

from rich.console import Console
from rich.table import Table

from gmpsim.api import RunResult
from gmpsim.commands.errors import CLI_ERRORS, report
from gmpsim.explain import Config, longest_waits, short_duration
from gmpsim.godebug import module_mode
from gmpsim.runtime import trace
from gmpsim.versions import GoVersion

DEFAULT_VERSIONS = "1.9,1.12,1.14,1.19"


@dataclass(frozen=True)
class Column:
    """The measures of one configuration."""

    label: str
    output_lines: int
    first_output: int | None  # virtual ns
    coop_preemptions: int
    async_preemptions: int
    steals: int
    longest_wait: str  # "2.500s: G1 main.main (never ran)"
    ending: str  # "exit 0 at 1.2s", "stopped at 3.5s"


def measure(label: str, result: RunResult) -> Column:
    outputs = [e for e in result.events if isinstance(e, trace.Output) and e.fd == 1]
    waits = sorted(longest_waits(result).values(), key=lambda w: w.length, reverse=True)
    if waits and waits[0].length > 0:
        w = waits[0]
        longest = f"{short_duration(w.length)}: G{w.g} {w.func}" + (" (never ran)" if w.ran is None else "")
    else:
        longest = "0"
    ending = (
        f"stopped at {short_duration(result.virtual_ns)}"
        if result.stopped
        else f"exit {result.exit_code} at {short_duration(result.virtual_ns)}"
    )
    return Column(
        label,
        result.stdout.count("\n"),
        outputs[0].t if outputs else None,
        sum(g.coop_preemptions for g in result.goroutines),
        sum(g.async_preemptions for g in result.goroutines),
        sum(1 for e in result.events if isinstance(e, trace.Steal)),
        longest,
        ending,
    )


def compare(config: Config, versions: list[str]) -> list[Column]:
    """Run ``config`` once per Go version."""
    return [measure(f"Go {GoVersion.parse(v)}", replace(config, go=v).run()) for v in versions]


def table(columns: list[Column], title: str) -> Table:
    t = Table(title=title, title_justify="left")
    t.add_column("", no_wrap=True)
    for c in columns:
        t.add_column(c.label, justify="right", no_wrap=True)
    rows = [
        ("output lines", lambda c: str(c.output_lines)),
        (
            "first output at",
            lambda c: short_duration(c.first_output) if c.first_output is not None else "never",
        ),
        ("preemptions: coop", lambda c: str(c.coop_preemptions)),
        ("preemptions: async", lambda c: str(c.async_preemptions)),
        ("steals", lambda c: str(c.steals)),
        ("longest runnable wait", lambda c: c.longest_wait),
        ("end", lambda c: c.ending),
    ]
    for name, cell in rows:
        t.add_row(name, *(cell(c) for c in columns))
    return t


def main(args: argparse.Namespace) -> int:
    versions = [v.strip() for v in (args.go or DEFAULT_VERSIONS).split(",") if v.strip()]
    try:
        for v in versions:
            GoVersion.parse(v)
        config = Config.from_args(args)
        columns = compare(config, versions)
    except CLI_ERRORS as err:
        return report(args.file, err)
    flags = [f"GODEBUG={args.godebug}"] if args.godebug else []
    flags += [f"-gcflags='{args.gcflags}'"] if args.gcflags else []
    flags += [module_mode(args.module)] if args.module else []
    title = " ".join([config.path, *flags])
    # A pipe gets the whole table rather than one squeezed into 80 columns.
    Console(soft_wrap=False, width=None if sys.stdout.isatty() else 200).print(table(columns, title))
    return 0
