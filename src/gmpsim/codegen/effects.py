"""Which endless loops have no observable effect, so the engine may skip them in virtual time.

A ``for { … }`` with no condition and no way out whose body only computes -- local arithmetic,
calls to functions that themselves only compute, calls the compiler removed -- can never be
observed by another goroutine or the outside world.  Running it costs nothing but CPU, so the
code generator replaces it with one SPIN request, and the runtime keeps the goroutine on its P
until it is preempted.  Whether it *can* be preempted cooperatively depends on whether every
iteration passes through a stack-check prologue: a call that was neither inlined nor removed to
a function that has one.

A loop whose body yields with one ``runtime.Gosched()`` and otherwise only computes, at the same
cost on every iteration (no branch decides what runs), is the other kind the runtime can skip
through: while nothing else is runnable, each Gosched hands the P straight back to the same
goroutine, so its round trips follow each other like clockwork (``gosched_loop``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import tree_sitter

from gmpsim.compiler import CompileResult
from gmpsim.compiler.syntax import call_pos, unparen
from gmpsim.frontend import SourceFile
from gmpsim.frontend.tree import statements as _statements
from gmpsim.frontend.tree import walk

Node = tree_sitter.Node

PURE_NODES = frozenset(
    {
        "identifier",
        "int_literal",
        "float_literal",
        "rune_literal",
        "interpreted_string_literal",
        "raw_string_literal",
        "true",
        "false",
        "nil",
        "parenthesized_expression",
        "unary_expression",
        "binary_expression",
    }
)


@dataclass(frozen=True)
class Spin:
    """An endless effect-free loop; ``coop``: each iteration passes a stack-check prologue."""

    coop: bool


class EffectAnalysis:
    """Answers ``spin(loop)`` for the functions of one file, under one set of compiler decisions."""

    def __init__(
        self,
        unit: SourceFile,
        decisions: CompileResult,
        func_bodies: dict[str, tuple[Node, frozenset[str]]],
    ) -> None:
        self.unit = unit
        self.decisions = decisions
        self.bodies = func_bodies  # name -> (body block, names declared in the function)
        self._pure_cache: dict[str, tuple[bool, bool] | None] = {}
        self._same_cost_cache: dict[str, bool] = {}

    def spin(self, loop: Node, is_local: Callable[[str], bool]) -> Spin | None:
        """Spin if ``loop`` is an endless, effect-free loop (else None)."""
        body = _endless_body(loop)
        if body is None:
            return None
        coop = self._block(body, is_local, unconditional=True)
        return None if coop is None else Spin(coop)

    def gosched_loop(self, loop: Node, is_local: Callable[[str], bool]) -> Node | None:
        """The ``runtime.Gosched()`` call of an endless loop whose body has no other effect and
        costs the same on every iteration (else None)."""
        body = _endless_body(loop)
        if body is None or is_local("runtime"):
            return None
        stmts = _statements(body)
        goscheds = [s for s in stmts if self._is_gosched(s)]
        if len(goscheds) != 1:
            return None
        for stmt in stmts:
            if stmt == goscheds[0]:
                continue
            if self._stmt(stmt, is_local, True) is None or not self._same_cost(stmt):
                return None
        return unparen(goscheds[0].named_children[0])

    def _is_gosched(self, stmt: Node) -> bool:
        if stmt.type != "expression_statement":
            return False
        call = unparen(stmt.named_children[0])
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        return (
            call.type == "call_expression"
            and fn is not None
            and args is not None
            and fn.type == "selector_expression"
            and self.unit.text(fn) == "runtime.Gosched"
            and not args.named_children
        )

    def _same_cost(self, node: Node) -> bool:
        """Every execution of pure code ``node`` takes the same path, so costs the same time."""
        for n in walk(node):
            if n.type == "if_statement":
                return False
            if n.type == "binary_expression" and _short_circuit_call(n):
                return False  # the call runs on some iterations only
            fn = n.child_by_field_name("function") if n.type == "call_expression" else None
            if fn is not None and fn.type == "identifier" and not self._body_same_cost(self.unit.text(fn)):
                return False
        return True

    def _body_same_cost(self, name: str) -> bool:
        if name not in self._same_cost_cache:
            self._same_cost_cache[name] = False  # recursion: assume the worst
            self._same_cost_cache[name] = name in self.bodies and self._same_cost(self.bodies[name][0])
        return self._same_cost_cache[name]

    # Each checker returns None if the code may have an effect (or leave the loop), else
    # whether it passes a prologue on every execution.

    def _block(self, block: Node, is_local: Callable[[str], bool], unconditional: bool) -> bool | None:
        coop = False
        for stmt in _statements(block):
            r = self._stmt(stmt, is_local, unconditional)
            if r is None:
                return None
            coop = coop or r
        return coop

    def _stmt(self, stmt: Node, is_local: Callable[[str], bool], unconditional: bool) -> bool | None:
        t = stmt.type
        if t in ("empty_statement", "comment"):
            return False
        if t == "block":
            return self._block(stmt, is_local, unconditional)
        if t == "expression_statement":
            expr = unparen(stmt.named_children[0])
            if expr.type != "call_expression":
                return None
            return self._call(expr, is_local, unconditional, result_used=False)
        if t in ("inc_statement", "dec_statement"):
            target = stmt.named_children[0]
            return False if target.type == "identifier" and is_local(self.unit.text(target)) else None
        if t in ("assignment_statement", "short_var_declaration"):
            left = stmt.child_by_field_name("left")
            right = stmt.child_by_field_name("right")
            if left is None or right is None:
                return None
            for target in left.named_children:
                if target.type != "identifier":
                    return None
                name = self.unit.text(target)
                if name != "_" and t == "assignment_statement" and not is_local(name):
                    return None
            return self._exprs(right.named_children, is_local, unconditional)
        if t == "if_statement":
            if stmt.child_by_field_name("initializer") is not None:
                return None
            cond = stmt.child_by_field_name("condition")
            if cond is None or self._expr(cond, is_local, unconditional) is None:
                return None
            for branch in ("consequence", "alternative"):
                part = stmt.child_by_field_name(branch)
                if part is not None and self._stmt(part, is_local, False) is None:
                    return None
            return False
        return None

    def _exprs(self, exprs: list[Node], is_local: Callable[[str], bool], unconditional: bool) -> bool | None:
        coop = False
        for e in exprs:
            r = self._expr(e, is_local, unconditional)
            if r is None:
                return None
            coop = coop or r
        return coop

    def _expr(self, expr: Node, is_local: Callable[[str], bool], unconditional: bool) -> bool | None:
        expr = unparen(expr)
        if expr.type == "call_expression":
            return self._call(expr, is_local, unconditional, result_used=True)
        if expr.type not in PURE_NODES:
            return None
        if expr.type == "unary_expression" and self.unit.text(expr).startswith("<-"):
            return None
        if expr.type == "binary_expression":
            op = expr.child_by_field_name("operator")
            right = expr.child_by_field_name("right")
            if op is not None and op.type in ("/", "%") and (right is None or right.type != "int_literal"):
                return None  # may panic
        return self._exprs(expr.named_children, is_local, unconditional)

    def _call(
        self, call: Node, is_local: Callable[[str], bool], unconditional: bool, result_used: bool
    ) -> bool | None:
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn is None or args is None or fn.type != "identifier":
            return None
        name = self.unit.text(fn)
        if name not in self.bodies:
            return None
        decision = self.decisions.calls.get(call_pos(call))
        if decision is not None and decision.removed and not result_used:
            return False
        arg_coop = self._exprs(args.named_children, is_local, unconditional)
        if arg_coop is None:
            return None
        body = self._pure_body(name)
        if body is None:
            return None
        body_coop, has_prologue = body
        inlined = decision is not None and decision.inlined
        passes_prologue = has_prologue and not inlined
        return arg_coop or (unconditional and (passes_prologue or body_coop))

    def _pure_body(self, name: str) -> tuple[bool, bool] | None:
        """(body passes a prologue, function has one) if calling name has no effect, else None."""
        if name in self._pure_cache:
            return self._pure_cache[name]
        self._pure_cache[name] = None  # recursion: assume the worst
        body, declared = self.bodies[name]
        stmts = _statements(body)
        last_return = stmts[-1] if stmts and stmts[-1].type == "return_statement" else None
        coop: bool | None = False
        for stmt in stmts:
            if stmt == last_return:
                r = self._exprs(_return_values(stmt), declared.__contains__, True)
            else:
                r = self._stmt(stmt, declared.__contains__, True)
            if r is None:
                coop = None
                break
            coop = coop or r
        result = None if coop is None else (coop, self.decisions.funcs[name].has_prologue)
        self._pure_cache[name] = result
        return result


def _endless_body(loop: Node) -> Node | None:
    """The body of ``for { … }``; None for a loop with a condition, a for clause or a range clause."""
    body = loop.child_by_field_name("body")
    if body is None or any(c.type != "comment" and c != body for c in loop.named_children):
        return None
    return body


def _short_circuit_call(expr: Node) -> bool:
    """``expr`` is ``a && b`` or ``a || b`` where b makes a call."""
    op = expr.child_by_field_name("operator")
    right = expr.child_by_field_name("right")
    if op is None or op.type not in ("&&", "||") or right is None:
        return False
    return any(c.type == "call_expression" for c in walk(right))


def _return_values(stmt: Node) -> list[Node]:
    values: list[Node] = []
    for child in stmt.named_children:
        values.extend(child.named_children if child.type == "expression_list" else [child])
    return values
