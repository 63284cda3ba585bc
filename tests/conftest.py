"""Shared test helpers: where the repository, the shared data and the real toolchains are."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOLCHAINS = REPO / ".toolchains"
# One build cache for every real-Go test and session: the standard library is compiled once per
# toolchain instead of once per test module (go's cache is safe for concurrent processes).
GOCACHE = TOOLCHAINS / "gocache"


def _find_shared() -> Path:
    """The planning team's shared data: ``$PROJECT_SHARED``, else ``../shared`` beside the clone.

    CI clones the repository next to ``shared/`` as the working checkout is; the variable lets a
    clone elsewhere point at it.  Tests that need it skip with the path they looked at.
    """
    env = os.environ.get("PROJECT_SHARED")
    if env:
        return Path(env)
    for candidate in (REPO.parent / "shared", Path("/work/shared")):
        if candidate.is_dir():
            return candidate
    return REPO.parent / "shared"


SHARED = _find_shared()
