"""What ``gmpsim run`` writes besides the program's output: timeline files and a progress bar."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gmpsim.api import RunResult

SHOW_AFTER_S = 0.5  # wall seconds before a progress bar is worth showing


def write_atomically(path: str | Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename it: never a half-written file."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.fchmod(fd, 0o666 & ~umask)  # what open() would have given, not mkstemp's 0600
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def describe(result: RunResult, program: str) -> str:
    """One line naming the configuration of a run, for titles."""
    return f"{program} on Go {result.version}, GOMAXPROCS={result.gomaxprocs}"


def write_views(result: RunResult, program: str, trace_json: str | None, page_html: str | None) -> bool:
    """Write the Chrome trace and/or the HTML timeline of a run made with ``events=True``.

    Returns False (after saying why on stderr) when a file cannot be written.
    """
    if not trace_json and not page_html:
        return True
    from gmpsim.golib.time import duration_string
    from gmpsim.viz import chrome, html
    from gmpsim.viz.timeline import build

    tl = build(result.events, result.virtual_ns)
    title = describe(result, program)
    lines = result.stdout.count("\n")
    summary = (
        f"{duration_string(result.virtual_ns)} of virtual time, {lines} output line"
        f"{'' if lines == 1 else 's'}, {len(tl.funcs)} goroutines"
    )
    renderers: list[tuple[str, Callable[[], str]]] = []
    if trace_json:
        renderers.append((trace_json, lambda: chrome.render(tl, title)))
    if page_html:
        renderers.append((page_html, lambda: html.render(tl, title, summary)))
    for path, render in renderers:
        try:
            write_atomically(path, render())
        except OSError as err:
            print(f"gmpsim: cannot write {path}: {err.strerror}", file=sys.stderr)
            return False
    return True


@contextmanager
def progress_bar(until: str | None) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar over virtual time on stderr, only when stdout is a terminal.

    Yields the callback to pass as ``gmpsim.run(progress=…)``, or None when nothing is shown.
    The bar appears only once the simulation has taken half a second of wall time.
    """
    if not sys.stdout.isatty() or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from gmpsim.golib.time import duration_string, parse_duration

    until_ns = parse_duration(until) if until else None
    limit = f" of {duration_string(until_ns)}" if until_ns else ""
    columns = [TextColumn("gmpsim: simulating"), BarColumn(), TextColumn("{task.description}")]
    bar = Progress(*columns, TimeElapsedColumn(), console=Console(stderr=True), transient=True)
    task = bar.add_task("", total=until_ns)
    started = time.monotonic()

    def report(now: int) -> None:
        if not bar.live.is_started:
            if time.monotonic() - started < SHOW_AFTER_S:
                return
            bar.start()
        bar.update(task, completed=now, description=f"{duration_string(now)}{limit} virtual")

    try:
        yield report
    finally:
        bar.stop()
