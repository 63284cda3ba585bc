"""Where stagebuild keeps its state: ``$STAGEBUILD_ROOT``, else a per-user default."""

from __future__ import annotations

import os
from pathlib import Path


def default_root() -> Path:
    env = os.environ.get("STAGEBUILD_ROOT")
    if env:
        return Path(env)
    if os.geteuid() == 0:
        return Path("/var/lib/stagebuild")
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "stagebuild"
