"""Benchmarks beside their peers; each ``bench_*`` module owns one section of ``results.md``."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).parent / "results.md"


def update_section(section: str, body: str) -> None:
    """Replace (or append) the ``section`` heading and its text in results.md, atomically."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    block = f"{section}\n\n{body.strip()}\n"
    start = text.find(section + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + block
    else:
        end = text.find("\n## ", start + len(section))
        text = text[:start] + block + (text[end:] if end >= 0 else "")
    tmp = RESULTS.with_suffix(".tmp")
    tmp.write_text(text)
    tmp.replace(RESULTS)
