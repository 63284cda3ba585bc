"""The containers this process runs, and stopping them all: when a build fails or on SIGTERM/SIGHUP.

Kept apart from ``executor`` so a build installs its signal handlers without importing the runtime,
which a fully cached build never uses.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Protocol


class Terminable(Protocol):
    def terminate(self, container_id: str) -> None:
        """Kill the container ``container_id``; its ``run`` call returns and cleans up."""
        ...


RUNNING: dict[str, Terminable] = {}
"""Containers running in this process, and the executor running each (for ``terminate_running``)."""


def terminate_running() -> None:
    """Kill every container this process runs; their ``run`` calls return and clean up."""
    for container_id, executor in list(RUNNING.items()):
        executor.terminate(container_id)


@contextmanager
def terminate_on_signals(
    signals: Sequence[signal.Signals] = (signal.SIGTERM, signal.SIGHUP),
) -> Iterator[None]:
    """In the main thread: turn ``signals`` into KeyboardInterrupt after killing running containers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handle(signum: int, frame: FrameType | None) -> None:
        terminate_running()
        raise KeyboardInterrupt(f"stopped by {signal.Signals(signum).name}")

    previous = {sig: signal.signal(sig, handle) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
