"""sync.WaitGroup, Mutex, RWMutex, Once and Cond on the runtime's semaphores (sema.go, sync/*.go).

A goroutine that must wait parks on the semaphore's queue; a release readies the first waiter
into the releasing goroutine's runnext.  ``WaitGroup.Add`` that brings the counter to zero
releases every waiter, one semrelease each, in the order they arrived.  A Mutex unlock with
waiters wakes the first one, which then competes for the lock again (Go's normal mode).  An
RWMutex follows rwmutex.go's counters (a waiting writer holds off new readers); a Cond's
Signal wakes the oldest waiter and Broadcast all of them, as the runtime's notify list does.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from gmpsim.codegen.containers import string_panic
from gmpsim.codegen.support import GoUnwind, lock_mutex, nil_deref_panic
from gmpsim.runtime import ops
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
    rt.schedule(rt.gopark(gp, rt.behaviour.waitgroup_wait_reason))
    return False


def mutex_lock(rt: Runtime, gp: G, mu: Mutex) -> bool:
    """True if gp holds the lock now; False if it parked (it retries when woken)."""
    if not mu.locked:
        mu.locked = True
        gp.retval = True
        return True
    mu.waiters.append(gp)
    rt.schedule(rt.gopark(gp, rt.behaviour.mutex_lock_wait_reason))
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


RWMUTEX_MAX_READERS = 1 << 30  # rwmutexMaxReaders


class RWMutex:
    """The Go value of a sync.RWMutex, with the fields of Go's (rwmutex.go).

    ``reader_count`` counts readers holding or waiting for the lock, minus
    ``RWMUTEX_MAX_READERS`` while a writer holds it or waits for the readers to leave: readers
    that arrive then wait (writer preference).  ``reader_wait`` counts the readers a waiting
    writer still waits for.  Writers exclude each other with ``w``, an ordinary Mutex.
    """

    __slots__ = ("reader_count", "reader_wait", "readers", "w", "writer")

    def __init__(self) -> None:
        self.w = Mutex()
        self.reader_count = 0
        self.reader_wait = 0
        self.readers: deque[G] = deque()
        self.writer: G | None = None


def rwmutex_rlock(rt: Runtime, gp: G, rw: RWMutex) -> bool:
    """True if gp holds a read lock now; False if it parked behind a writer (it holds the read
    lock when the writer's Unlock wakes it)."""
    rw.reader_count += 1
    if rw.reader_count > 0:
        return True
    rw.readers.append(gp)
    rt.schedule(rt.gopark(gp, rt.behaviour.rwmutex_rlock_wait_reason))
    return False


def rwmutex_runlock(rt: Runtime, gp: G, rw: RWMutex) -> None:
    rw.reader_count -= 1
    r = rw.reader_count
    if r >= 0:
        return
    if r + 1 == 0 or r + 1 == -RWMUTEX_MAX_READERS:
        rt.throw("sync: RUnlock of unlocked RWMutex", gp)
        return
    rw.reader_wait -= 1
    if rw.reader_wait == 0 and rw.writer is not None:  # the last reader the writer waited for
        writer, rw.writer = rw.writer, None
        _ready_by(rt, gp, writer)


def rwmutex_lock(rt: Runtime, gp: G, rw: RWMutex) -> bool:
    """The writer (already holding ``w``) announces itself; True if no reader holds the lock,
    False if it parked until the last one leaves (it then holds the lock)."""
    readers = rw.reader_count
    rw.reader_count -= RWMUTEX_MAX_READERS
    if readers == 0:
        return True
    rw.reader_wait += readers
    if rw.reader_wait == 0:
        return True
    rw.writer = gp
    rt.schedule(rt.gopark(gp, rt.behaviour.rwmutex_lock_wait_reason))
    return False


def rwmutex_unlock(rt: Runtime, gp: G, rw: RWMutex) -> None:
    rw.reader_count += RWMUTEX_MAX_READERS
    if rw.reader_count >= RWMUTEX_MAX_READERS:
        rt.throw("sync: Unlock of unlocked RWMutex", gp)
        return
    while rw.readers:  # every reader that arrived while the writer held the lock
        _ready_by(rt, gp, rw.readers.popleft())
    mutex_unlock(rt, gp, rw.w)


class Once:
    """The Go value of a sync.Once."""

    __slots__ = ("done", "m")

    def __init__(self) -> None:
        self.done = False
        self.m = Mutex()


class Cond:
    """A *sync.Cond: its Locker L (a Mutex or an RWMutex) and the goroutines in Wait, oldest
    first (Go's notify list hands out tickets in that order)."""

    __slots__ = ("L", "waiters")

    def __init__(self, locker: Mutex | RWMutex | None) -> None:
        self.L = locker
        self.waiters: deque[G] = deque()


def cond_wait(rt: Runtime, gp: G, c: Cond) -> None:
    """The first half of Cond.Wait: join the notify list, unlock L, park (L is locked again by
    the generated code once woken)."""
    if isinstance(c.L, RWMutex):
        rwmutex_unlock(rt, gp, c.L)
    elif c.L is None:
        raise nil_deref_panic()
    else:
        mutex_unlock(rt, gp, c.L)
    if rt.exit_code is None:
        c.waiters.append(gp)
        rt.schedule(rt.gopark(gp, rt.behaviour.cond_wait_reason))


def cond_signal(rt: Runtime, gp: G, c: Cond, broadcast: bool) -> None:
    while c.waiters:
        _ready_by(rt, gp, c.waiters.popleft())
        if not broadcast:
            return


def _ready_by(rt: Runtime, gp: G, waiter: G) -> None:
    assert gp.m is not None and gp.m.p is not None
    rt.ready(waiter, gp.m.p, gp)


# ---- the goroutine's side: what the generated code runs for each method ---------------------


def rw_lock(rw: RWMutex) -> Generator[tuple[object, ...], bool, None]:
    """RWMutex.Lock: first the writers' mutex, then wait for the readers to leave."""
    yield from lock_mutex(rw.w)
    yield (ops.RWLOCK, rw)


def locker_lock(locker: Mutex | RWMutex | None) -> Generator[tuple[object, ...], bool, None]:
    """Lock of a Cond's L (sync.Locker): a *Mutex or a *RWMutex."""
    if locker is None:
        raise nil_deref_panic()
    if isinstance(locker, RWMutex):
        yield from rw_lock(locker)
    else:
        yield from lock_mutex(locker)


def locker_unlock(locker: Mutex | RWMutex | None) -> Generator[tuple[object, ...], bool, None]:
    if locker is None:
        raise nil_deref_panic()
    yield (ops.RWUNLOCK if isinstance(locker, RWMutex) else ops.UNLOCK, locker)


def cond_wait_op(c: Cond | None) -> Generator[tuple[object, ...], bool, None]:
    """Cond.Wait: unlock L and wait for a Signal or Broadcast, then lock L again."""
    if c is None:
        raise nil_deref_panic()
    yield (ops.COND_WAIT, c)
    yield from locker_lock(c.L)


def once_do(g: G, once: Once, f: Callable[..., Generator[Any, Any, Any]]) -> Generator[Any, Any, None]:
    """Once.Do: the first caller runs f holding the Once's mutex; the others wait for it, then
    return (done is set even if f panics, as Go's deferred store does)."""
    if once.done:
        return
    yield from lock_mutex(once.m)
    if not once.done:
        try:
            if f is None:
                raise nil_deref_panic()
            yield from f(g)
        except GoUnwind:  # the deferred store and unlock run as a panic or Goexit unwinds
            once.done = True
            yield (ops.UNLOCK, once.m)
            raise
        once.done = True
    yield (ops.UNLOCK, once.m)
