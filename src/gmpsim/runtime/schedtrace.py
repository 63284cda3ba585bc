"""GODEBUG=schedtrace=N[,scheddetail=1]: the scheduler's state printed to stderr by sysmon.

In Go, sysmon calls ``schedtrace`` at the end of a round when N ms have passed since the last
print, and it never sleeps deeply while schedtrace is on.  The first print sets the origin of the
``SCHED <t>ms`` stamp, so the first line reads ``SCHED 0ms``.  The summary line counts Ps, threads
and run queues (a P's ``runnext`` is not counted); with scheddetail=1 it is followed by one line
per P, per M (newest first, as Go walks ``allm``) and per G.  The fields changed over releases;
:class:`gmpsim.versions.SchedtraceFormat` says which the modelled release prints.

gmpsim's own Ms are numbered in the order the model creates them, with sysmon left out; Go
starts sysmon's thread right after M0, so here sysmon is M1 and the model's M k (k >= 1) is
printed as M k+1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gmpsim.runtime.runtime2 import G, M, P

if TYPE_CHECKING:
    from gmpsim.runtime.proc import Runtime

SYSMON_M_ID = 1


def schedtrace_settings(settings: dict[str, str]) -> tuple[int, bool]:
    """The schedtrace period in ms (0: off) and scheddetail, from parsed GODEBUG settings."""
    period = _int_setting(settings, "schedtrace")
    return max(period, 0), _int_setting(settings, "scheddetail") > 0


def _int_setting(settings: dict[str, str], key: str) -> int:
    text = settings.get(key, "0") or "0"
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"GODEBUG {key}={text!r}: not an integer") from None


class SchedTrace:
    """Prints the schedtrace lines of one run; ``tick`` is called by sysmon at each round."""

    def __init__(self, rt: Runtime, period_ms: int, detailed: bool) -> None:
        self.rt = rt
        self.period_ns = period_ms * 1_000_000
        self.detailed = detailed
        self.fmt = rt.behaviour.schedtrace
        self.starttime: int | None = None
        self.lasttrace: int | None = None

    def tick(self, now: int) -> None:
        if self.lasttrace is not None and self.lasttrace + self.period_ns > now:
            return
        self.lasttrace = now
        if self.starttime is None:
            self.starttime = now
        self.rt.stderr += self.render(now - self.starttime).encode()

    def render(self, since_start_ns: int) -> str:
        """The text schedtrace prints now, ``since_start_ns`` after its first print."""
        rt = self.rt
        sched = rt.sched
        fmt = self.fmt
        words = [
            f"SCHED {since_start_ns // 1_000_000}ms:",
            f"gomaxprocs={rt.gomaxprocs}",
            f"idleprocs={len(sched.pidle)}",
            f"threads={len(rt.allm) + 1}",
            f"spinningthreads={sched.nmspinning}",
        ]
        if fmt.needspinning:
            words.append(f"needspinning={sched.needspinning}")
        words += [f"idlethreads={len(sched.midle)}", f"runqueue={len(sched.runq)}"]
        if self.detailed:
            words += [
                f"gcwaiting={self._flag(sched.gcwaiting)}",
                "nmidlelocked=0",
                f"stopwait={sched.stopwait}",
                f"sysmonwait={self._flag(sched.sysmonwait)}",
            ]
            lines = [" ".join(words)]
            lines += [self._p_line(pp) for pp in rt.allp]
            lines += self._m_lines()
            lines += [self._g_line(gp) for gp in rt.allgs]
            return "\n".join(lines) + "\n"
        queues = " ".join(str(len(pp.runq)) for pp in rt.allp)
        if fmt.schedticks:
            ticks = "".join(f"{pp.schedtick} " for pp in rt.allp)
            words += [f"[ {queues} ]", f"schedticks=[ {ticks}]"]
        else:
            words.append(f"[{queues}]")
        return " ".join(words) + "\n"

    def _flag(self, value: bool) -> str:
        if self.fmt.bool_words:
            return "true" if value else "false"
        return "1" if value else "0"

    def _id(self, value: int | None) -> str:
        if value is None:
            return "nil" if self.fmt.nil_ids else "-1"
        return str(value)

    @staticmethod
    def go_m_id(m: M) -> int:
        return m.id if m.id == 0 else m.id + 1

    def _p_line(self, pp: P) -> str:
        m = self._id(self.go_m_id(pp.m) if pp.m is not None else None)
        line = (
            f"  P{pp.id}: status={pp.status} schedtick={pp.schedtick} syscalltick={pp.syscalltick}"
            f" m={m} runqsize={len(pp.runq)} gfreecnt=0"
        )
        if self.fmt.timerslen:
            line += f" timerslen={len(pp.timers)}"
        return line

    def _m_lines(self) -> list[str]:
        rt = self.rt
        idle = {id(m) for m in rt.sched.midle}
        lines = []
        described: list[tuple[int, str, str, bool, bool]] = [
            (
                self.go_m_id(m),
                self._id(m.p.id if m.p else None),
                self._id(m.curg.goid if m.curg else None),
                m.spinning,
                id(m) in idle,
            )
            for m in rt.allm
        ]
        described.append((SYSMON_M_ID, self._id(None), self._id(None), False, False))
        for mid, p, curg, spinning, blocked in sorted(described, reverse=True):
            helpgc = " helpgc=0" if self.fmt.helpgc else ""
            lines.append(
                f"  M{mid}: p={p} curg={curg} mallocing=0 throwing=0 preemptoff= locks=0 dying=0"
                f"{helpgc} spinning={str(spinning).lower()} blocked={str(blocked).lower()}"
                f" lockedg={self._id(None)}"
            )
        return lines

    def _g_line(self, gp: G) -> str:
        m = self._id(self.go_m_id(gp.m) if gp.m is not None else None)
        return f"  G{gp.goid}: status={gp.status}({gp.waitreason}) m={m} lockedm={self._id(None)}"
