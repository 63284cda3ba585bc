"""The call sites of a function, classified the way gc's inliner and back end see them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from gmpsim.compiler.syntax import (
    BUILTIN_FUNCS,
    FuncSyntax,
    Node,
    Package,
    Scope,
    call_pos,
    need,
    unparen,
    walk,
    walk_post_order,
)
from gmpsim.frontend import Pos


class CallKind(Enum):
    OWN = "own"  # a function or method declared in this file
    STD = "std"  # a standard-library function (pkg.F) or method (sync.(*Mutex).Lock)
    INDIRECT = "indirect"  # a function value, closure or method of a foreign type
    BUILTIN = "builtin"
    CONVERSION = "conversion"


@dataclass(frozen=True)
class CallSite:
    node: Node
    pos: Pos
    kind: CallKind
    callee: str  # own key ("T.Sum"), "fmt.Println", builtin name, or the source text
    go_or_defer: bool  # the call of a go or defer statement itself: never inlined
    result_unused: bool  # an expression statement: the result, if any, is dropped

    @property
    def line_col(self) -> str:
        return f"{self.pos.line}:{self.pos.col}"


def call_sites(pkg: Package, body: Node, scope: Scope) -> list[CallSite]:
    """Every call in ``body``, inner calls first (function literals' bodies excluded)."""
    sites = []
    for node in walk_post_order(body):
        if node.type == "call_expression":
            sites.append(classify(pkg, node, scope))
    return sites


def classify(pkg: Package, node: Node, scope: Scope) -> CallSite:
    fun = unparen(need(node, "function"))
    parent = node.parent
    go_or_defer = parent is not None and parent.type in ("go_statement", "defer_statement")
    unused = parent is not None and parent.type == "expression_statement"
    kind, callee = CallKind.INDIRECT, pkg.text(fun)
    if scope.is_type(fun):
        kind = CallKind.CONVERSION
    elif fun.type == "func_literal":
        kind, callee = CallKind.OWN, pkg.literals[fun.id]
    elif fun.type == "identifier":
        name = pkg.text(fun)
        literal = scope.closures.get(name)
        if literal is not None and name not in scope.assigned:
            kind, callee = CallKind.OWN, pkg.literals[literal.id]  # gc inlines such closures
        elif name in scope.types:
            kind = CallKind.INDIRECT
        elif name in BUILTIN_FUNCS:
            kind = CallKind.BUILTIN
        elif name in pkg.funcs:
            kind = CallKind.OWN
    elif fun.type == "selector_expression":
        operand = unparen(need(fun, "operand"))
        field = pkg.text(need(fun, "field"))
        if operand.type == "identifier" and pkg.text(operand) in pkg.imports:
            kind, callee = CallKind.STD, f"{pkg.imports[pkg.text(operand)]}.{field}"
        else:
            recv = scope.type_of(operand)
            method = pkg.method(recv, field) if recv else None
            if method is not None:
                kind, callee = (CallKind.STD if method.std else CallKind.OWN), method.key
    return CallSite(node, call_pos(node), kind, callee, go_or_defer, unused)


def callees(pkg: Package, fn: FuncSyntax) -> set[str]:
    """Keys of this file's functions that ``fn`` refers to (for the bottom-up order)."""
    if fn.body is None:
        return set()
    scope = Scope.of(pkg, fn)
    out = {s.callee for s in call_sites(pkg, fn.body, scope) if s.kind is CallKind.OWN}
    for node in walk(fn.body):
        if node.type == "identifier" and pkg.text(node) in pkg.funcs and pkg.text(node) not in scope.types:
            out.add(pkg.text(node))  # a function used as a value still orders the visit
        elif node.type == "func_literal":
            out.add(pkg.literals[node.id])  # decided before the function that contains it
    return out
