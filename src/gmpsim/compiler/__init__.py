"""Compiler model: the gc decisions that decide where a goroutine can be preempted.

For a parsed file, a Go version and gcflags it decides, per function, whether it is inlinable
and whether it gets a stack-check prologue (the cooperative preemption point), and per call
site whether the call is inlined or removed as dead code.  ``compile_unit`` is the entry point;
the code generator and ``gmpsim compile -m`` both read its :class:`CompileResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gmpsim.frontend import Pos


@dataclass(frozen=True)
class GcFlags:
    """The subset of ``-gcflags`` that changes the modelled decisions."""

    no_optimize: bool = False  # -N
    no_inline: bool = False  # -l

    @classmethod
    def parse(cls, text: str) -> GcFlags:
        flags = cls()
        for word in text.replace("'", " ").replace('"', " ").split():
            if word in ("-N",):
                flags = GcFlags(True, flags.no_inline)
            elif word in ("-l",):
                flags = GcFlags(flags.no_optimize, True)
            elif word in ("-m", "-S"):
                continue
            else:
                raise ValueError(f"unsupported -gcflags flag {word!r} (supported: -N, -l)")
        return flags


@dataclass(frozen=True)
class FuncDecision:
    """What gc decides for one function declaration."""

    name: str
    pos: Pos  # position of the function name, where gc reports "can inline"
    inlinable: bool
    inline_cost: int | None  # the inliner's node count, when it was computed
    inline_reason: str  # why it is or is not inlinable, in gc's words
    leaf: bool  # makes no calls after inlining and dead-code removal
    has_prologue: bool  # stack-check prologue present: a cooperative preemption point
    prologue_reason: str
    # Highest possible inline cost where the model could not pin it down (library calls it
    # has no cost for, values of unknown type); the decision holds for the whole range.
    inline_cost_max: int | None = None


@dataclass(frozen=True)
class CallDecision:
    """What gc does with one call expression (keyed by the call's position)."""

    pos: Pos
    caller: str
    callee: str
    inlined: bool
    removed: bool  # result unused and no side effects: eliminated when optimising


@dataclass(frozen=True)
class InlineMessage:
    """One line of gc's ``-m`` output about inlining, in the order gc prints it."""

    pos: Pos
    text: str  # "can inline dummy", "inlining call to dummy", "cannot inline f: …"
    level: int = 1  # the -m level that prints it ("cannot inline f: reason" needs -m=2)


@dataclass
class CompileResult:
    funcs: dict[str, FuncDecision] = field(default_factory=dict)
    calls: dict[Pos, CallDecision] = field(default_factory=dict)
    messages: list[InlineMessage] = field(default_factory=list)
    # Where and why ``messages`` would not match gc's -m lines (closures' numbering and copies,
    # go1.27 inlining a recursive function into itself); the decisions still hold.
    messages_unfaithful: tuple[Pos, str] | None = None
