"""``gmpsim compile``: print the compiler model's decisions like ``go build -gcflags=-m``.

The ``-m`` lines use gc's words and positions (``./case4.go:14:6: can inline dummy``); the
table after them gives, per function, whether it is inlinable and why, whether it is a leaf,
and whether it has the stack-check prologue that makes it a cooperative preemption point.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from gmpsim.compiler import CompileResult, GcFlags
from gmpsim.compiler.inl import compile_unit
from gmpsim.frontend import GoSyntaxError, parse_file
from gmpsim.versions import NEWEST, GoVersion, behaviour


def m_lines(path: str, result: CompileResult, level: int = 1) -> list[str]:
    """The inlining lines ``go build -gcflags=-m`` prints for this file, in gc's order."""
    return [f"{path}:{m.pos.line}:{m.pos.col}: {m.text}" for m in result.messages if m.level <= level]


def decision_table(result: CompileResult, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("function", "inlinable", "leaf", "prologue check", "why"):
        table.add_column(column)
    for fn in result.funcs.values():
        cost = f"{fn.inline_cost}"
        if fn.inline_cost_max is not None and fn.inline_cost_max != fn.inline_cost:
            cost += f"..{fn.inline_cost_max}"
        if fn.inlinable:
            inl = f"yes (cost {cost})"
        else:
            inl = f"no: {fn.inline_reason}"
        table.add_row(
            fn.name,
            inl,
            "yes" if fn.leaf else "no",
            "yes" if fn.has_prologue else "no (NOSPLIT)",
            fn.prologue_reason,
        )
    return table


def main(args: argparse.Namespace) -> int:
    try:
        version = GoVersion.parse(args.go) if args.go else NEWEST
        flags = GcFlags.parse(args.gcflags or "")
    except ValueError as err:
        print(f"gmpsim: {err}", file=sys.stderr)
        return 2
    try:
        unit = parse_file(Path(args.file))
        result = compile_unit(unit, behaviour(version), flags)
    except OSError as err:
        print(f"gmpsim: {args.file}: {err.strerror}", file=sys.stderr)
        return 2
    except GoSyntaxError as err:
        print(err, file=sys.stderr)
        return 2
    if args.m and result.messages_unfaithful is not None:
        pos, what = result.messages_unfaithful
        print(
            f"{unit.path}:{pos.line}:{pos.col}: unsupported: {what} (run without -m for the decisions)",
            file=sys.stderr,
        )
        return 2
    if args.m:
        for line in m_lines(unit.path, result):
            print(line)
    flag_text = f" -gcflags='{args.gcflags}'" if args.gcflags else ""
    console = Console()
    if not console.is_terminal:
        console = Console(width=200)  # a file or pipe gets whole rows, one per line
    console.print(decision_table(result, f"Go {version}{flag_text}: {unit.path}"))
    return 0
