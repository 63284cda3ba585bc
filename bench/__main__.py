"""Run every benchmark in ``bench/`` and append the results to ``bench/results.md``."""

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    names = [
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_")
    ]
    for name in sorted(names):
        module = importlib.import_module(f"bench.{name}")
        module.main()
    return 0


sys.exit(main())
