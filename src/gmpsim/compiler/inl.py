"""The inliner: which functions gc can inline, which call sites it inlines, in gc's order.

Like gc (``InlinePackage`` / ``VisitFuncsBottomUp``) functions are visited bottom-up over the
call graph, so a callee's cost is known before its callers are counted, and a cycle of
recursive functions is one group.  For each function the hairy visitor (``cost.py``) gives a
cost or a refusal; then its call sites are inlined, transitively (the inlined body's own
inlinable calls are inlined too, reported at the outer call's position).  ``compile_unit``
then hands the result to dead-call removal and to the leaf/NOSPLIT decision.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from gmpsim.compiler import CallDecision, CompileResult, FuncDecision, GcFlags, InlineMessage
from gmpsim.compiler.calls import CallKind, CallSite, call_sites, callees
from gmpsim.compiler.cost import INLINE_MAX_BUDGET, Blocked, CalleeCost, HairyVisitor
from gmpsim.compiler.deadcode import removable_calls
from gmpsim.compiler.leaf import decide_prologue
from gmpsim.compiler.syntax import FuncSyntax, MissingField, Package, Scope, load_package
from gmpsim.frontend import GoSyntaxError, Pos, SourceFile
from gmpsim.versions import GoBehaviour


@dataclass
class Inlinability:
    inlinable: bool
    cost: tuple[int, int] | None
    reason: str  # gc's words: "marked go:noinline", "function too complex: cost 95 …"


@dataclass
class Analysis:
    """Everything the later passes need about the package after inlining."""

    pkg: Package
    behaviour: GoBehaviour
    flags: GcFlags
    scopes: dict[str, Scope] = field(default_factory=dict)
    sites: dict[str, list[CallSite]] = field(default_factory=dict)  # per function, own body
    inlinability: dict[str, Inlinability] = field(default_factory=dict)
    inlined: set[Pos] = field(default_factory=set)  # call sites (in their own function) inlined
    messages: list[InlineMessage] = field(default_factory=list)
    unfaithful: tuple[Pos, str] | None = None  # why messages differ from gc's -m lines

    def inlined_callee(self, site: CallSite, caller: str) -> str | None:
        """The function whose body replaces ``site`` when it is inlined into ``caller``."""
        if site.kind is not CallKind.OWN or site.go_or_defer or site.callee == caller:
            return None
        verdict = self.inlinability.get(site.callee)
        return site.callee if verdict is not None and verdict.inlinable else None


def compile_unit(unit: SourceFile, behaviour: GoBehaviour, flags: GcFlags) -> CompileResult:
    """Decide inlining, dead calls and prologues for every function of ``unit``.

    Raises :class:`GoSyntaxError` (``file:line:col: unsupported: …``) where the model cannot
    decide what gc would do.
    """
    try:
        return _compile(unit, behaviour, flags)
    except MissingField as missing:
        raise GoSyntaxError(unit.path, Pos.of(missing.node), f"unsupported: {missing}") from None


def _compile(unit: SourceFile, behaviour: GoBehaviour, flags: GcFlags) -> CompileResult:
    pkg = load_package(unit)
    analysis = Analysis(pkg, behaviour, flags)
    for key, fn in pkg.funcs.items():
        if fn.body is not None:
            analysis.scopes[key] = Scope.of(pkg, fn)
            analysis.sites[key] = call_sites(pkg, fn.body, analysis.scopes[key])
    groups = list(bottom_up(pkg))
    if flags.no_inline:
        for key in pkg.funcs:
            analysis.inlinability[key] = Inlinability(False, None, "inlining disabled (-l)")
    elif behaviour.inliner.analysis_first:
        for group in groups:
            _decide_group(analysis, group)
        for group in groups:
            for key in group:
                _inline_calls(analysis, key)
    else:
        for group in groups:
            _decide_group(analysis, group)
            for key in group:
                _inline_calls(analysis, key)
    removed = removable_calls(analysis) if not flags.no_optimize else set()
    literal = next((fn for fn in pkg.funcs.values() if fn.outer is not None), None)
    if literal is not None and not flags.no_inline:
        # gc numbers, copies and budgets closures differently from release to release.
        analysis.unfaithful = (literal.pos, "-m lines for a file with function literals")
    result = CompileResult(messages=analysis.messages, messages_unfaithful=analysis.unfaithful)
    for key, fn in pkg.funcs.items():
        verdict = analysis.inlinability[key]
        prologue = decide_prologue(analysis, fn, removed)
        result.funcs[key] = FuncDecision(
            name=key,
            pos=fn.pos,
            inlinable=verdict.inlinable,
            inline_cost=verdict.cost[0] if verdict.cost is not None else None,
            inline_reason=verdict.reason,
            leaf=prologue.leaf,
            has_prologue=prologue.has_prologue,
            prologue_reason=prologue.reason,
            inline_cost_max=verdict.cost[1] if verdict.cost is not None else None,
        )
        for site in analysis.sites.get(key, []):
            if site.kind in (CallKind.BUILTIN, CallKind.CONVERSION):
                continue
            result.calls[site.pos] = CallDecision(
                pos=site.pos,
                caller=key,
                callee=site.callee,
                inlined=site.pos in analysis.inlined,
                removed=site.pos in removed,
            )
    return result


def bottom_up(pkg: Package) -> Iterator[list[str]]:
    """Groups of mutually recursive functions, callees before callers (Tarjan, like gc)."""
    graph = {key: [c for c in _ordered_callees(pkg, fn)] for key, fn in pkg.funcs.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(key: str) -> None:
        index[key] = low[key] = len(index)
        stack.append(key)
        on_stack.add(key)
        for callee in graph[key]:
            if callee not in index:
                visit(callee)
                low[key] = min(low[key], low[callee])
            elif callee in on_stack:
                low[key] = min(low[key], index[callee])
        if low[key] == index[key]:
            at = stack.index(key)
            group = stack[at:]
            del stack[at:]
            on_stack.difference_update(group)
            out.append(group)

    for key in graph:
        if key not in index:
            visit(key)
    yield from out


def _ordered_callees(pkg: Package, fn: FuncSyntax) -> list[str]:
    found = callees(pkg, fn)
    return [key for key in pkg.funcs if key in found]


def _decide_group(analysis: Analysis, group: list[str]) -> None:
    pkg = analysis.pkg
    rules = analysis.behaviour.inliner
    recursive = len(group) > 1 or group[0] in callees(pkg, pkg.funcs[group[0]])
    for key in group:
        fn = pkg.funcs[key]
        if (recursive and (len(group) == 1 and not rules.self_recursion_inlinable)) or (
            recursive and len(group) > 1 and not rules.mutual_recursion_inlinable
        ):
            verdict = Inlinability(False, None, "recursive")
        else:
            verdict = _can_inline(analysis, fn)
            if verdict.inlinable and recursive and len(group) == 1 and analysis.unfaithful is None:
                # Modelled as never inlined into itself; gc inlines one level and reports the
                # cycles it refuses, which the -m lines do not show.
                analysis.unfaithful = (fn.pos, f"-m lines for the recursive function {key}")
        analysis.inlinability[key] = verdict
        if verdict.inlinable:
            analysis.messages.append(InlineMessage(fn.pos, f"can inline {key}"))
        else:
            analysis.messages.append(InlineMessage(fn.pos, f"cannot inline {key}: {verdict.reason}", level=2))


def _can_inline(analysis: Analysis, fn: FuncSyntax) -> Inlinability:
    rules = analysis.behaviour.inliner
    if "go:noinline" in fn.pragmas:
        return Inlinability(False, None, "marked go:noinline")
    if fn.body is None:
        return Inlinability(False, None, "no function body")
    if fn.variadic and not rules.variadic_inlinable:
        return Inlinability(False, None, "has ... args")

    def callee_cost(key: str) -> CalleeCost | None:
        verdict = analysis.inlinability.get(key)
        if verdict is None:
            return None
        return CalleeCost(verdict.cost if verdict.inlinable else None)

    visitor = HairyVisitor(analysis.pkg, fn, rules, callee_cost)
    try:
        lo, hi = visitor.count()
    except Blocked as blocked:
        return Inlinability(False, None, blocked.reason)
    budget = INLINE_MAX_BUDGET
    if rules.closure_called_once_budget is not None and _called_where_written(fn):
        budget = rules.closure_called_once_budget
    if hi <= budget:
        return Inlinability(True, (lo, hi), "")
    if lo > budget:
        if rules.too_complex_shows_cost:
            return Inlinability(False, (lo, hi), f"function too complex: cost {lo} exceeds budget {budget}")
        return Inlinability(False, (lo, hi), "function too complex")
    first = visitor.unknowns[0]
    raise GoSyntaxError(
        analysis.pkg.unit.path,
        Pos.of(first.node),
        f"unsupported: cannot tell whether {fn.key} is inlinable in Go {analysis.behaviour.version}: "
        f"its cost is {lo}..{hi} against a budget of {budget}, depending on {first.what}",
    )


def _called_where_written(fn: FuncSyntax) -> bool:
    """A function literal called (or started with go/defer) right where it is written."""
    parent = fn.node.parent
    return fn.outer is not None and parent is not None and parent.type == "call_expression"


def _inline_calls(analysis: Analysis, key: str) -> None:
    """Inline the call sites of ``key``'s body, transitively, logging like gc's -m."""
    breadth_first = analysis.behaviour.inliner.breadth_first
    pending: deque[tuple[CallSite, Pos, frozenset[str]]] = deque()
    for site in analysis.sites.get(key, []):
        pending.append((site, site.pos, frozenset({key})))
    while pending:
        site, report_pos, inlining = pending.popleft()
        callee = analysis.inlined_callee(site, key)
        if callee is None or callee in inlining:
            continue
        if report_pos == site.pos:
            analysis.inlined.add(site.pos)
        analysis.messages.append(InlineMessage(report_pos, f"inlining call to {callee}"))
        nested = [(inner, report_pos, inlining | {callee}) for inner in analysis.sites.get(callee, [])]
        if breadth_first:
            pending.extend(nested)
        else:
            pending.extendleft(reversed(nested))
