"""System calls: a goroutine in a syscall keeps its P only while sysmon lets it.

``entersyscall`` leaves the P in ``_Psyscall``, still attached to the M by ``m.oldp`` but free for
sysmon to take (retake) if the syscall lasts.  ``exitsyscall`` takes the P back if it is still
there (the fast path), else any idle P, else queues the goroutine globally and stops the M.  A
write to stdout or stderr is such a syscall, with a cost in virtual time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gmpsim.runtime import costs
from gmpsim.runtime.runtime2 import G_RUNNABLE, G_RUNNING, G_SYSCALL, P_RUNNING, P_SYSCALL, G
from gmpsim.runtime.trace import HandoffP, Output, SyscallEnter, SyscallExit

if TYPE_CHECKING:
    from gmpsim.runtime.proc import Runtime


def write(rt: Runtime, gp: G, fd: int, data: bytes) -> None:
    """write(fd, data): the bytes appear when the call returns."""
    entersyscall(rt, gp, "write")
    done = rt.engine.now + costs.WRITE + costs.WRITE_PER_BYTE * len(data)
    rt.engine.at(done, _write_done, (rt, gp, fd, data))


def _write_done(arg: tuple[Runtime, G, int, bytes]) -> None:
    rt, gp, fd, data = arg
    (rt.stdout if fd == 1 else rt.stderr).extend(data)
    rt.log.emit(Output, rt.engine.now, gp.goid, fd, data)
    exitsyscall(rt, gp)


def entersyscall(rt: Runtime, gp: G, what: str) -> None:
    m = gp.m
    assert m is not None and m.p is not None
    pp = m.p
    rt.log.emit(SyscallEnter, rt.engine.now, gp.goid, pp.id, what)
    gp.status = G_SYSCALL
    m.oldp = pp
    m.p = None
    pp.m = None
    pp.status = P_SYSCALL
    if rt.sched.sysmonwait:
        rt.sysmon.wake(syscall_wake=True)


def entersyscallblock(rt: Runtime, gp: G, what: str) -> None:
    """A syscall known to block: hand the P off at once."""
    m = gp.m
    assert m is not None and m.p is not None
    rt.log.emit(SyscallEnter, rt.engine.now, gp.goid, m.p.id, what)
    gp.status = G_SYSCALL
    gp.stats.run_ns += rt.engine.now - gp.started_at  # blocked time is not run time
    pp = rt.releasep(m)
    m.oldp = None
    rt.log.emit(HandoffP, rt.engine.now, pp.id, gp.goid)
    rt.handoffp(pp)


def exitsyscall(rt: Runtime, gp: G) -> None:
    """Back from the kernel: continue on the old P, or any idle P, or queue globally."""
    m = gp.m
    assert m is not None
    now = rt.engine.now
    oldp = m.oldp
    m.oldp = None
    if oldp is not None and oldp.status == P_SYSCALL:
        oldp.syscalltick += 1
        m.p = oldp
        oldp.m = m
        oldp.status = P_RUNNING  # not via acquirep: the P never left this M
        gp.status = G_RUNNING
        rt.log.emit(SyscallExit, now, gp.goid, oldp.id, True)
        rt.continue_running(gp)
        return
    if oldp is None:  # back from a blocking syscall, which was not counted as running
        gp.started_at = now
    if rt.sched.sysmonwait:
        rt.sysmon.wake(syscall_wake=True)
    pp = None if rt.sched.gcwaiting else rt.pidleget()
    if pp is not None:
        rt.acquirep(m, pp)
        gp.status = G_RUNNING
        rt.log.emit(SyscallExit, now, gp.goid, pp.id, False)
        rt.continue_running(gp)
        return
    # exitsyscall0: no P for us
    gp.status = G_RUNNABLE
    gp.runnable_since = now
    gp.stats.run_ns += now - gp.started_at
    gp.m = None
    m.curg = None
    rt.log.emit(SyscallExit, now, gp.goid, -1, False)
    rt.globrunqput(gp)
    if m.lockedg is not None:  # the M waits for its goroutine's turn (stoplockedm)
        rt.stoplockedm(m)
    else:
        rt.stopm(m)
