"""select (runtime/select.go): poll the cases in random order, else default, else wait on all.

Go shuffles the poll order with its fast random generator, so among several ready cases each is
chosen with equal probability; gmpsim draws the order from the run's seeded generator.  A
waiting select enqueues a sudog on every channel; the first operation to complete one of them
wins, and the others are skipped when their channel reaches them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gmpsim.codegen.support import PLAIN_ERROR, GoPanic, runtime_panic
from gmpsim.runtime.chan import Chan, Sudog, _wake, dequeue
from gmpsim.runtime.runtime2 import WAIT_SELECT, WAIT_SELECT_NO_CASES, G

if TYPE_CHECKING:
    from gmpsim.runtime.proc import Runtime

Case = tuple[bool, Chan | None, Any]  # (is send, channel, value to send)
Result = tuple[int, Any, bool]  # (chosen case, value received, ok); case -1: default


class SelectWait:
    """A parked select: ``done`` once one of its cases has completed."""

    def __init__(self, g: G) -> None:
        self.g = g
        self.done = False

    def result(self, sg: Sudog, outcome: Any) -> Any:
        if isinstance(outcome, GoPanic):
            return outcome
        value, ok = outcome if outcome is not None else (None, True)
        return (sg.case, value, ok)


def selectgo(rt: Runtime, gp: G, cases: tuple[Case, ...], has_default: bool) -> Result | None:
    """Run a select; the result if it completes now, None if gp parked."""
    order = list(range(len(cases)))
    rt.rng.shuffle(order)
    for i in order:
        is_send, c, value = cases[i]
        if c is None:
            continue
        if is_send:
            if c.closed:
                raise runtime_panic("send on closed channel", PLAIN_ERROR)
            sg = dequeue(c.recvq)
            if sg is not None:
                _wake(rt, gp, sg, (value, True))
                return (i, None, True)
            if len(c.buf) < c.cap:
                c.buf.append(value)
                return (i, None, True)
        else:
            sg = dequeue(c.sendq)
            if sg is not None:
                if c.cap == 0:
                    received = sg.value
                else:
                    received = c.buf.popleft()
                    c.buf.append(sg.value)
                _wake(rt, gp, sg, None)
                return (i, received, True)
            if c.buf:
                return (i, c.buf.popleft(), True)
            if c.closed:
                return (i, c.zero, False)
    if has_default:
        return (-1, None, False)
    wait = SelectWait(gp)
    live = False
    for i, (is_send, c, value) in enumerate(cases):
        if c is None:
            continue
        live = True
        (c.sendq if is_send else c.recvq).append(Sudog(gp, value, wait, i))
    rt.schedule(rt.gopark(gp, WAIT_SELECT if live else WAIT_SELECT_NO_CASES))
    return None
