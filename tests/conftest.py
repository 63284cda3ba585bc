"""Shared test helpers: where the repository, the shared data and the real toolchains are."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
TOOLCHAINS = REPO / ".toolchains"
