"""Channels (runtime/chan.go): buffered and unbuffered, nil and closed, with Go's hand-offs.

A send to a channel with a waiting receiver hands the value straight to it and readies it into
the sender's runnext; otherwise the value goes into the buffer if there is room, else the sender
parks on ``sendq``.  A receive takes from a waiting sender (through the buffer when there is one,
so FIFO order holds), else from the buffer, else parks on ``recvq``.  ``close`` wakes every
waiter: receivers get the zero value, senders panic.  Operations on a nil channel block forever.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gmpsim.codegen.support import PLAIN_ERROR, GoPanic, runtime_panic
from gmpsim.runtime.runtime2 import (
    WAIT_CHAN_RECEIVE,
    WAIT_CHAN_RECEIVE_NIL,
    WAIT_CHAN_SEND,
    WAIT_CHAN_SEND_NIL,
    G,
    P,
)

if TYPE_CHECKING:
    from gmpsim.runtime.proc import Runtime


@dataclass(eq=False, slots=True)
class Sudog:
    """A goroutine waiting on a channel (one per channel for a select).

    What the wait ends with (the value received, whether the channel was closed) goes straight
    to the goroutine's ``retval``, so unlike Go's sudog this one carries only the value to send.
    """

    g: G
    value: Any = None  # the value to send (a receiver's is never read)
    select: Any = None  # the select this wait belongs to (gmpsim.runtime.select.SelectWait)
    case: int = 0  # index of the select case


def acquireSudog(gp: G) -> Sudog:
    """gp's first wait on one channel: a sudog that gp keeps (``gp.sudog or acquireSudog(gp)``)
    for its plain (not select) channel operations, instead of allocating one per wait, as Go
    keeps a cache of them; it is free again whenever gp runs (its last wait was dequeued)."""
    sg = gp.sudog = Sudog(gp)
    return sg


@dataclass(eq=False, slots=True)
class Chan:
    """hchan: the Go value of a channel (None is the nil channel)."""

    cap: int
    zero: Any  # the element type's zero value, received from a closed channel
    buf: deque[Any] = field(default_factory=deque)
    closed: bool = False
    recvq: deque[Sudog] = field(default_factory=deque)
    sendq: deque[Sudog] = field(default_factory=deque)

    def __len__(self) -> int:
        return len(self.buf)


def makechan(cap_: int, zero: Any) -> Chan:
    if cap_ < 0:
        raise runtime_panic("makechan: size out of range", PLAIN_ERROR)
    return Chan(cap_, zero)


def dequeue(q: deque[Sudog]) -> Sudog | None:
    """The first waiter still interested (a select's other cases may have won meanwhile)."""
    while q:
        sg = q.popleft()
        if sg.select is not None:
            if sg.select.done:
                continue
            sg.select.done = True
        return sg
    return None


def chansend(rt: Runtime, gp: G, op: tuple[Any, ...]) -> bool:
    """The request (CHANSEND, c, value), ``c <- value``; True if gp goes on running, False if it
    parked.  (It takes the request itself so that the runtime's table of handlers can call it
    through a partial, without a Python frame in between.)"""
    c: Chan | None = op[1]
    value = op[2]
    if c is None:
        rt.schedule(rt.gopark(gp, WAIT_CHAN_SEND_NIL))
        return False
    if c.closed:
        raise runtime_panic("send on closed channel", PLAIN_ERROR)
    q = c.recvq
    if q:
        if q[0].select is None:  # a plain receiver: dequeue and _wake without their calls
            waiter = q.popleft().g
            waiter.retval = (value, True)
            assert gp.m is not None and gp.m.p is not None
            rt.ready(waiter, gp.m.p, gp)
            return True
        sg = dequeue(q)
        if sg is not None:
            _wake(rt, gp, sg, (value, True))
            return True
    if c.cap and len(c.buf) < c.cap:  # (no len() call for an unbuffered channel)
        c.buf.append(value)
        return True
    sg = gp.sudog or acquireSudog(gp)
    sg.value = value
    c.sendq.append(sg)
    rt.schedule(rt.gopark(gp, WAIT_CHAN_SEND))
    return False


def chanrecv(rt: Runtime, gp: G, op: tuple[Any, ...]) -> bool:
    """The request (CHANRECV, c), ``<-c``: True if it completes now, with gp.retval set to
    (value, ok); False if gp parked (it gets them when readied).  Takes the request as chansend."""
    c: Chan | None = op[1]
    if c is None:
        rt.schedule(rt.gopark(gp, WAIT_CHAN_RECEIVE_NIL))
        return False
    q = c.sendq
    # dequeue(q) without its call in the usual cases: a plain (not select) waiter, or none
    sg = (q.popleft() if q[0].select is None else dequeue(q)) if q else None
    if sg is not None:
        if c.cap == 0:
            value = sg.value
        else:  # the buffer is full: take its head, the sender's value goes to its tail
            value = c.buf.popleft()
            c.buf.append(sg.value)
        if sg.select is None:  # _wake without its call for a plain sender (retval: still _run's None)
            assert gp.m is not None and gp.m.p is not None
            rt.ready(sg.g, gp.m.p, gp)
        else:
            _wake(rt, gp, sg, None)
        gp.retval = (value, True)
        return True
    if c.buf:
        gp.retval = (c.buf.popleft(), True)
        return True
    if c.closed:
        gp.retval = (c.zero, False)
        return True
    c.recvq.append(gp.sudog or acquireSudog(gp))
    rt.schedule(rt.gopark(gp, WAIT_CHAN_RECEIVE))
    return False


def closechan(rt: Runtime, gp: G, c: Chan | None) -> None:
    if c is None:
        raise runtime_panic("close of nil channel", PLAIN_ERROR)
    if c.closed:
        raise runtime_panic("close of closed channel", PLAIN_ERROR)
    c.closed = True
    woken: list[tuple[Sudog, Any]] = []
    while (sg := dequeue(c.recvq)) is not None:
        woken.append((sg, (c.zero, False)))
    while (sg := dequeue(c.sendq)) is not None:
        woken.append((sg, runtime_panic("send on closed channel", PLAIN_ERROR)))
    # Go collects the waiters on a gList (a stack) and readies them popping it.
    for sg, result in reversed(woken):
        _wake(rt, gp, sg, result)


def _wake(rt: Runtime, by: G, sg: Sudog, result: Any) -> None:
    """Ready the goroutine behind sg with what its channel operation (or select) returns."""
    waiter = sg.g
    if sg.select is not None:
        result = sg.select.result(sg, result)
    if isinstance(result, GoPanic):
        waiter.resume_exc = result
    else:
        waiter.retval = result
    assert by.m is not None and by.m.p is not None
    rt.ready(waiter, by.m.p, by)


def sendtime(rt: Runtime, c: Chan, now: int, into: P, by: G | None) -> None:
    """A timer's send of the time: never blocks; a full channel drops the tick."""
    sg = dequeue(c.recvq)
    if sg is not None:
        waiter = sg.g
        result = (now, True)
        waiter.retval = sg.select.result(sg, result) if sg.select is not None else result
        rt.ready(waiter, into, by)
    elif len(c.buf) < c.cap:
        c.buf.append(now)
