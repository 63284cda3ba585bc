"""Room for deep recursion: a simulation runs on a thread with a large C stack and a high
Python recursion limit.

A goroutine's nested Go calls are nested Python generators (``yield from``), and resuming such a
chain recurses in CPython's C code, one level per call; the code generator recurses once per
level of a deeply nested Go expression.  Go gives a goroutine up to 1 GB of stack; gmpsim gives
it ``MAX_CALL_DEPTH`` nested calls and stops the program beyond that (see the runtime's
``RecursionError`` handling).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

R = TypeVar("R")

MAX_CALL_DEPTH = 200_000  # the Python recursion limit while simulating
STACK_BYTES = 512 << 20  # the thread's C stack: resuming a generator chain takes ~400 B a level


def call_with_deep_stack(fn: Callable[[], R]) -> R:
    """fn(), on a thread with room for MAX_CALL_DEPTH nested calls; its result or its exception."""
    outcome: list[R] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(fn())
        except BaseException as err:  # handed to the caller's thread
            failure.append(err)

    limit = sys.getrecursionlimit()
    size = threading.stack_size()
    sys.setrecursionlimit(max(limit, MAX_CALL_DEPTH))
    try:
        threading.stack_size(STACK_BYTES)
        try:
            worker = threading.Thread(target=target, name="gmpsim", daemon=True)
            worker.start()
        finally:
            threading.stack_size(size)
        worker.join()
    finally:
        sys.setrecursionlimit(limit)
    if failure:
        raise failure[0]
    return outcome[0]
