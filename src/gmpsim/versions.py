"""The one table of Go versions and the behaviours gmpsim models for each.

Every version-dependent decision in the compiler model and the runtime model reads a field of
:class:`GoBehaviour`; nothing else compares version numbers, except :mod:`gmpsim.godebug`, whose
GODEBUG settings carry the release that changed their default as Go's own table does (panic(nil)'s
PanicNilError in 1.21, for one).  Adding a Go release means adding a row here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OLDEST_MINOR = 9
NEWEST_MINOR = 27


@dataclass(frozen=True, order=True)
class GoVersion:
    """A Go release line, ``1.minor`` (patch releases do not change modelled behaviour)."""

    minor: int

    def __str__(self) -> str:
        return f"1.{self.minor}"

    @classmethod
    def parse(cls, text: str) -> GoVersion:
        """Parse ``1.19``, ``go1.19`` or ``1.19.3``; reject versions outside 1.9 … 1.27."""
        m = re.fullmatch(r"(?:go)?1\.(\d+)(?:\.\d+)?", text.strip())
        if not m:
            raise ValueError(f"not a Go version: {text!r} (expected e.g. 1.19)")
        minor = int(m.group(1))
        if not OLDEST_MINOR <= minor <= NEWEST_MINOR:
            raise ValueError(f"Go {text} is not modelled: choose 1.{OLDEST_MINOR} … 1.{NEWEST_MINOR}")
        return cls(minor)


NEWEST = GoVersion(NEWEST_MINOR)


@dataclass(frozen=True)
class GoBehaviour:
    """What one Go version does, as far as scheduling and preemption points are concerned."""

    version: GoVersion
    # Go 1.12: functions that call other (non-intrinsic) functions may be inlined.
    mid_stack_inlining: bool
    # Go 1.14: sysmon may preempt a goroutine anywhere with a signal (asyncpreemptoff=1 disables).
    async_preemption: bool
    # Go 1.14: timers live in per-P heaps run by the scheduler; before, timer goroutines ran them.
    per_p_timers: bool
    # Go 1.22: each iteration of a for loop has its own copy of the loop variables.
    loopvar_per_iteration: bool
    # Before per-P timers: how many timer buckets, each served by its own timerproc goroutine
    # (one global heap up to Go 1.9, 64 buckets indexed by P id in 1.10 - 1.13; 0 once per-P).
    timer_buckets: int
    # Go 1.22: goschedImpl (Gosched and preemption) calls wakep after queueing the goroutine
    # globally (read in go1.19's, go1.21.13's and go1.22.10's proc.go: absent, absent, present).
    gosched_wakep: bool
    # Go 1.26: a goroutine preempted for a stop-the-world stays in its P's runnext instead of
    # going to the global queue (goschedImpl in go1.25.5's proc.go lacks it, go1.26.6's has it).
    stw_preempt_keeps_runnext: bool
    # Go 1.26: a goroutine in a syscall keeps its P wired (m.p, p.m) and the P stays _Prunning;
    # "in a syscall" is read from the goroutine's _Gsyscall, and sysmon or a stop-the-world
    # takes the P with setBlockOnExitSyscall + takeP/gcstopP.  go1.25.5's reentersyscall sets
    # _Psyscall and clears m.p and p.m; go1.26.6's (and go1.27.3's) runtime2.go renames the
    # status _Psyscall_unused and never sets it.  scheddetail shows it: during a long write
    # go1.25.5 prints "P0: status=2 … m=nil" and "M0: p=nil curg=1", go1.27.3 "P0: status=1 …
    # m=0" and "M0: p=0 curg=1".  The retake rules themselves did not change.
    syscall_keeps_p: bool
    # Wait reasons of sync, once plain "semacquire".  Mutex and RWMutex got theirs in 1.20
    # (go1.19 lacks them, go1.21.13 has them; no 1.20 toolchain, so 1.20 as documented);
    # WaitGroup.Wait only in 1.24 (runtime_SemacquireWaitGroup: go1.23.9's sync still calls
    # runtime_Semacquire; go1.23.9 prints "[semacquire]", go1.24.11 "[sync.WaitGroup.Wait]").
    waitgroup_wait_reason: str
    mutex_lock_wait_reason: str
    # What *runtime.PanicNilError's Error says (panic(nil) from 1.21, unless panicnil=1): the
    # "runtime error: " prefix arrived in 1.27 (read in go1.22.10 … 1.26.6's and go1.27.3's panic.go).
    panic_nil_error_text: str
    # Go 1.25: a dying goroutine prints a recovered panic re-raised with the same value once,
    # as "panic: v [recovered, repanicked]" (p.repanicked: in go1.25.5's panic.go, not in
    # go1.24.11's; the two binaries print it once and twice).
    repanicked_once: bool
    # Go 1.23: a dying goroutine's panic message puts a tab after each newline of a string
    # value (printindented: in go1.23.9's runtime, not in go1.22.10's; both binaries agree).
    panic_strings_indented: bool
    # Go 1.26: the runtime's printfloat writes strconv's shortest 'g' form (3.5), not
    # +3.500000e+000, in the builtin print and println and in panic values alike; complex
    # numbers as (1.5-2i) (go1.26.6's print.go calls strconv.AppendFloat, go1.25.5's does not;
    # println(3.5) on the binaries).
    print_floats_shortest: bool
    rwmutex_rlock_wait_reason: str
    rwmutex_lock_wait_reason: str
    # Cond.Wait got its own reason with the waitReason table (Go 1.11); before, "semacquire".
    cond_wait_reason: str
    # Go 1.17: amd64 passes arguments and results in registers; results become frame locals.
    register_abi: bool
    # Bounds-check failures call runtime.panicIndex/panicSlice*.  The leaf test ignores calls
    # to zero-argument panic helpers; 1.12 gave these helpers arguments and so made leaves with
    # bounds checks get a prologue, until 1.13 listed them again (golang/go#31219).
    bounds_checks_break_leaves: bool
    # What gc's inliner accepts and how it counts, for the compiler model (gmpsim.compiler).
    inliner: InlinerRules
    # The GODEBUG=schedtrace/scheddetail lines (runtime/proc.go schedtrace) of this release.
    schedtrace: SchedtraceFormat


@dataclass(frozen=True)
class SchedtraceFormat:
    """Which fields ``schedtrace`` prints: read in the proc.go of go1.19, go1.21.13, go1.22.10,
    go1.23.9 … go1.26.6 and go1.27.3, and seen in their binaries' GODEBUG=schedtrace lines.
    No toolchain before 1.19 or of 1.20 was at hand: those boundaries stay as documented."""

    helpgc: bool  # M lines carry helpgc= (GC helper threads, removed in 1.12; documented)
    timerslen: bool  # P lines carry timerslen= (per-P timers, 1.14)
    # gcwaiting/sysmonwait print false/true, not 0/1 (atomic.Bool): go1.19 prints 0, go1.21.13
    # false; 1.20 as documented.
    bool_words: bool
    # The summary carries needspinning= after spinningthreads: absent in go1.19, present in
    # go1.21.13; 1.21 as documented.
    needspinning: bool
    # An absent P, M or G prints as nil instead of -1: go1.19 prints -1, go1.21.13 nil; 1.21 as
    # documented (1.20 unchecked).
    nil_ids: bool
    # Run queues as "[ 0 0 ]" followed by schedticks=[ … ]: go1.25.5 prints them, go1.24.11
    # "[0 0]" alone.
    schedticks: bool


@dataclass(frozen=True)
class InlinerRules:
    """The inliner of one release (cmd/compile/internal/inline/inl.go, gc/inl.go before 1.16).

    Costs were measured with ``-gcflags=-m=2`` on go1.19, go1.22.10 and go1.27.3, and the
    boundaries from 1.21 on checked with go1.21.13 and go1.23.9 … go1.26.6 as well (the
    compiler oracle's programs give the same -m lines and NOSPLIT marks as gmpsim).  Older
    releases follow their inl.go sources; with no toolchain of 1.20 or before 1.19 at hand, a
    change seen between go1.19 and go1.21.13 is placed at 1.20, which brought unified IR.
    """

    # Ops hairyVisitor refuses ("cannot inline f: unhandled op FOR"), by gc's op name.
    unhandled_ops: frozenset[str]
    go_op: str  # the op name of a go statement: OPROC became OGO in 1.13 (documented)
    # Cost of a call that stays a call (inlineExtraCallCost); None before 1.12, when such a
    # call made the caller "non-leaf function" (no mid-stack inlining).
    extra_call_cost: int | None
    panic_cost: int | None  # extra cost of panic; None: "non-leaf op PANIC" (before 1.12)
    labeled_control_blocks: bool  # 1.16-1.17: labelled loops/break/continue refused
    # 1.17-1.19 charge a closure's body; go1.21.13 does not (1.20, with unified IR).
    closure_body_counted: bool
    variadic_inlinable: bool  # before 1.12 (documented): "has ... args"
    # go1.21.13 and later see f(a, b) of a variadic f as f([]T{a, b}...) (nil when empty) when
    # counting; go1.19 still counts the bare arguments (packing moved into the unified IR
    # reader, 1.20).
    variadic_packed: bool
    # go1.19's noder leaves nodes that unified IR (1.20; go1.21.13 is without them) does not:
    # one in t.M(), T.M and new(T), and one per type listed in a type switch's cases.
    extra_typecheck_nodes: bool
    intrinsics_cheap: bool  # 1.10: calls to intrinsics cost one node
    too_complex_shows_cost: bool  # 1.10: "function too complex: cost N exceeds budget 80"
    mutual_recursion_inlinable: bool  # 1.12: only a cycle of one function is "recursive"
    # Go 1.24 analyses a directly recursive function like any other (go1.23.9 says "recursive",
    # go1.24.11 "can inline").  gmpsim does not model inlining such a function into itself.
    self_recursion_inlinable: bool
    # Go 1.23 decides every function's inlinability first (CanInlineFuncs) and then inlines
    # call sites; go1.21.13 and go1.22.10 do both per function, bottom-up (CanInlineSCC), so
    # their -m lines interleave "can inline" and "inlining call to".
    analysis_first: bool
    # Since 1.20 (go1.21.13 does it; the queue of inlined calls fixed golang/go#54632 in the
    # 1.20 cycle) a function's call sites are inlined breadth-first: all direct calls, then the
    # calls their bodies brought in; go1.19 inlines each call's body right away (depth-first).
    # -m prints them in that order.
    breadth_first: bool
    # Go 1.24 charges a call through a func-typed parameter inlineParamCallCost (17), hoping
    # the argument is a constant function; go1.23.9 charges 57 (go1.24.11: cost 20, not 60).
    param_call_cost: int | None
    # Go 1.26 does not charge s[0:…] for the 0 nor s[…:len(s)] for the len (hairyVisitor's
    # OSLICE case: in go1.26.6's inl.go, not go1.25.5's; s[0:len(s)] costs 3, not 6).
    superfluous_slice_free: bool
    # Go 1.24 gives a function literal called where it is written (including go func(){…}())
    # ten times the budget (inlineClosureCalledOnceCost): go1.24.11 inlines a cost-127 literal
    # called once, go1.23.9 refuses it.
    closure_called_once_budget: int | None
    # Since 1.20, &x.f is free when x is a variable and f sits at offset 0 (go1.19 charges it,
    # go1.21.13 does not).
    zero_offset_addr_free: bool
    # A call whose receiver or function value is computed by a call or a channel receive
    # (mk().M(), f()(x), (<-c).M()) has it evaluated into a temporary first
    # (typecheck.RewriteNonNameCall): go1.19 charges the assignment and the temporary twice (3)
    # on every such call; go1.21.13 … go1.27.3 the temporary's declaration too (5), but only on
    # interface and indirect calls, as unified IR (1.20) turns a concrete method call into a
    # plain call taking the receiver as its first argument.  Before 1.18 (no toolchain here; as
    # read in the sources) method calls kept their receivers until walk: 0.
    callee_temp_cost: int
    callee_temp_on_methods: bool
    # Which measured table of library inline costs applies (gmpsim/compiler/stdlib.py):
    # go1.19's for 1.16-1.19 (assumed below 1.19; 1.12-1.15 without the bodies that loop),
    # go1.22's for 1.20-1.23, go1.27's from 1.24 (the compiler oracle's library calls agree on
    # go1.21.13, go1.23.9 and go1.24.11 … go1.26.6); before 1.12 only library functions that
    # call nothing were inlinable.
    stdlib_table: str


def _inliner_rules(m: int) -> InlinerRules:
    unhandled = {"CLOSURE", "CALLPART", "RANGE", "FOR", "FORUNTIL", "SELECT", "TYPESW"}
    unhandled |= {"GO", "PROC", "DEFER", "DCLTYPE", "BREAK", "RETJMP", "TAILCALL"}
    if m >= 16:  # loops without labels, method values, type switches, break
        unhandled -= {"FOR", "FORUNTIL", "CALLPART", "TYPESW", "BREAK"}
    if m >= 17:  # closures (InlFuncsWithClosures on by default)
        unhandled -= {"CLOSURE"}
    if m >= 18:  # range loops, labelled loops; select by go1.19 (1.18 as documented)
        unhandled -= {"RANGE", "SELECT"}
    if m >= 20:  # local type declarations: refused by go1.19, accepted by go1.21.13
        unhandled -= {"DCLTYPE"}
    mid_stack = m >= 12
    return InlinerRules(
        unhandled_ops=frozenset(unhandled),
        go_op="GO" if m >= 13 else "PROC",
        extra_call_cost=57 if mid_stack else None,
        panic_cost=None if not mid_stack else 57 if m == 12 else 1,
        labeled_control_blocks=m in (16, 17),
        closure_body_counted=m < 20,
        variadic_inlinable=mid_stack,
        variadic_packed=m >= 20,
        extra_typecheck_nodes=m < 20,
        intrinsics_cheap=m >= 10,
        too_complex_shows_cost=m >= 10,
        mutual_recursion_inlinable=mid_stack,
        self_recursion_inlinable=m >= 24,
        analysis_first=m >= 23,
        breadth_first=m >= 20,
        param_call_cost=17 if m >= 24 else None,
        superfluous_slice_free=m >= 26,
        zero_offset_addr_free=m >= 20,
        callee_temp_cost=0 if m < 18 else 3 if m < 20 else 5,
        callee_temp_on_methods=m < 20,
        closure_called_once_budget=800 if m >= 24 else None,
        stdlib_table=(
            "leaves"
            if not mid_stack
            else "go1.12"
            if m < 16
            else "go1.19"
            if m < 20
            else "go1.22"
            if m < 24
            else "go1.27"
        ),
    )


def behaviour(version: GoVersion) -> GoBehaviour:
    """The modelled behaviour of ``version``."""
    m = version.minor
    return GoBehaviour(
        version=version,
        mid_stack_inlining=m >= 12,
        async_preemption=m >= 14,
        per_p_timers=m >= 14,
        loopvar_per_iteration=m >= 22,
        timer_buckets=0 if m >= 14 else (64 if m >= 10 else 1),
        gosched_wakep=m >= 22,
        stw_preempt_keeps_runnext=m >= 26,
        syscall_keeps_p=m >= 26,
        waitgroup_wait_reason="sync.WaitGroup.Wait" if m >= 24 else "semacquire",
        mutex_lock_wait_reason="sync.Mutex.Lock" if m >= 20 else "semacquire",
        panic_nil_error_text=("runtime error: " if m >= 27 else "") + "panic called with nil argument",
        repanicked_once=m >= 25,
        panic_strings_indented=m >= 23,
        print_floats_shortest=m >= 26,
        rwmutex_rlock_wait_reason="sync.RWMutex.RLock" if m >= 20 else "semacquire",
        rwmutex_lock_wait_reason="sync.RWMutex.Lock" if m >= 20 else "semacquire",
        cond_wait_reason="sync.Cond.Wait" if m >= 11 else "semacquire",
        register_abi=m >= 17,
        bounds_checks_break_leaves=m == 12,
        inliner=_inliner_rules(m),
        schedtrace=SchedtraceFormat(
            helpgc=m < 12,
            timerslen=m >= 14,
            bool_words=m >= 20,
            needspinning=m >= 21,
            nil_ids=m >= 21,
            schedticks=m >= 25,
        ),
    )
