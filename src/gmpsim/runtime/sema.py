"""sync.WaitGroup and sync.Mutex on the runtime's semaphores (sema.go, sync/*.go).

A goroutine that must wait parks on the semaphore's queue; a release readies the first waiter
into the releasing goroutine's runnext.  ``WaitGroup.Add`` that brings the counter to zero
releases every waiter, one semrelease each, in the order they arrived.  A Mutex unlock with
waiters wakes the first one, which then competes for the lock again (Go's normal mode).
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from gmpsim.codegen.containers import string_panic
from gmpsim.runtime.runtime2 import G

if TYPE_CHECKING:
    from gmpsim.runtime.proc import Runtime


class WaitGroup:
    """The Go value of a sync.WaitGroup (shared by reference, as through &wg)."""

    __slots__ = ("counter", "waiters")

    def __init__(self) -> None:
        self.counter = 0
        self.waiters: deque[G] = deque()


class Mutex:
    """The Go value of a sync.Mutex."""

    __slots__ = ("locked", "waiters")

    def __init__(self) -> None:
        self.locked = False
        self.waiters: deque[G] = deque()


def waitgroup_add(rt: Runtime, gp: G, wg: WaitGroup, delta: int) -> None:
    wg.counter += delta
    if wg.counter < 0:
        raise string_panic("sync: negative WaitGroup counter")
    if wg.counter > 0:
        return
    pp = gp.m.p if gp.m is not None else None
    assert pp is not None
    while wg.waiters:
        rt.ready(wg.waiters.popleft(), pp, gp)


def waitgroup_wait(rt: Runtime, gp: G, wg: WaitGroup) -> bool:
    """True if gp goes on at once (counter zero), False if it parked."""
    if wg.counter == 0:
        return True
    wg.waiters.append(gp)
    rt.park_and_schedule(gp, rt.behaviour.waitgroup_wait_reason)
    return False


def mutex_lock(rt: Runtime, gp: G, mu: Mutex) -> bool:
    """True if gp holds the lock now; False if it parked (it retries when woken)."""
    if not mu.locked:
        mu.locked = True
        gp.retval = True
        return True
    mu.waiters.append(gp)
    rt.park_and_schedule(gp, rt.behaviour.mutex_lock_wait_reason)
    return False


def mutex_unlock(rt: Runtime, gp: G, mu: Mutex) -> bool:
    """True if gp goes on; False if the unlock was fatal (sync's fatal, which recover cannot stop)."""
    if not mu.locked:
        rt.throw("sync: unlock of unlocked mutex", gp)
        return False
    mu.locked = False
    if mu.waiters:
        waiter = mu.waiters.popleft()
        waiter.retval = False  # woken, not yet the owner: Lock tries again
        assert gp.m is not None and gp.m.p is not None
        rt.ready(waiter, gp.m.p, gp)
    return True
