"""System calls: a goroutine in a syscall keeps its P only while sysmon lets it.

Up to Go 1.25 ``entersyscall`` leaves the P in ``_Psyscall``, detached from the M (only
``m.oldp`` remembers it) and free for sysmon to take (retake) if the syscall lasts.  From 1.26
the P stays ``_Prunning`` and wired to the M; a P counts as in a syscall when its M's goroutine
is in ``_Gsyscall``, and taking it (``takeP``) unwires it.  ``exitsyscall`` continues on the old P
if it is still there (the fast path), else any idle P, else queues the goroutine globally and
stops the M.  A write to stdout or stderr is such a syscall, with a cost in virtual time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gmpsim.runtime import costs
from gmpsim.runtime.runtime2 import G_RUNNABLE, G_RUNNING, G_SYSCALL, P_RUNNING, P_SYSCALL, G, P
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
    if not rt.behaviour.syscall_keeps_p:
        m.p = None
        pp.m = None
        pp.status = P_SYSCALL
    if rt.sched.sysmonwait:
        rt.sysmon.wake(syscall_wake=True)


def in_syscall(rt: Runtime, pp: P) -> bool:
    """pp belongs to a goroutine in a syscall, so sysmon, a stop-the-world or a returning M may take it."""
    if not rt.behaviour.syscall_keeps_p:
        return pp.status == P_SYSCALL
    gp = pp.m.curg if pp.m is not None and pp.status == P_RUNNING else None
    return gp is not None and gp.status == G_SYSCALL


def takep(rt: Runtime, pp: P, status: int) -> None:
    """Take pp, which ``in_syscall`` says is free, from its syscall (1.26's syscallingThread.releaseP)."""
    if pp.m is not None:  # 1.26 and later: the P is still wired to the syscalling M
        pp.m.p = None
        pp.m = None
    pp.status = status
    pp.syscalltick += 1


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
    if oldp is not None and m.p is None and in_syscall(rt, oldp):
        # Up to 1.25 the P we left in _Psyscall; from 1.26 only when another M took it over
        # and is in a syscall on it (exitsyscallTryGetP takes it from that M).
        if oldp.m is not None:
            takep(rt, oldp, P_RUNNING)
        m.p = oldp
        oldp.m = m
    if oldp is not None and m.p is oldp:
        oldp.syscalltick += 1
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
