"""Dead-call removal: an inlined call whose result is dropped and whose body has no effect.

Once a call is inlined its body is ordinary code in the caller, and SSA's dead-code pass
deletes values nobody uses.  What survives is what has an effect: stores to memory other
than the body's own locals, calls that stayed calls, channel operations, possible panics
(division, bounds and nil checks branch to a panic call) and loops (gc has no loop
deletion).  A call that is not inlined is never removed: gc does not know what it does.
Nothing is removed under ``-N``; the caller does not call this pass then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gmpsim.compiler.calls import CallKind, classify
from gmpsim.compiler.syntax import Node, Scope, need, unparen
from gmpsim.frontend import Pos

if TYPE_CHECKING:
    from gmpsim.compiler.inl import Analysis

_PURE_STATEMENTS = frozenset(
    {
        "return_statement",
        "short_var_declaration",
        "var_declaration",
        "var_spec",
        "var_spec_list",
        "const_declaration",
        "assignment_statement",
        "inc_statement",
        "dec_statement",
        "if_statement",
        "block",
        "statement_list",
        "expression_statement",
        "expression_list",
        "empty_statement",
        "comment",
    }
)
_PURE_BUILTINS = frozenset({"len", "cap", "min", "max", "real", "imag", "complex"})


def removable_calls(analysis: Analysis) -> set[Pos]:
    """Positions of inlined, result-dropping calls that SSA deletes entirely."""
    memo: dict[str, bool] = {}
    removed: set[Pos] = set()
    for key, sites in analysis.sites.items():
        scope = analysis.scopes[key]
        for site in sites:
            if site.pos not in analysis.inlined or not site.result_unused:
                continue
            args = need(site.node, "arguments").named_children
            if all(_pure_expr(analysis, a, scope, key, memo) for a in args) and _pure_func(
                analysis, site.callee, memo
            ):
                removed.add(site.pos)
    return removed


def _pure_func(analysis: Analysis, key: str, memo: dict[str, bool]) -> bool:
    if key not in memo:
        memo[key] = False  # a cycle is not pure (and is not inlined anyway)
        fn = analysis.pkg.funcs[key]
        scope = analysis.scopes[key]
        memo[key] = fn.body is not None and _pure_node(analysis, fn.body, scope, key, memo)
    return memo[key]


def _pure_node(analysis: Analysis, node: Node, scope: Scope, key: str, memo: dict[str, bool]) -> bool:
    t = node.type
    if t not in _PURE_STATEMENTS:
        return _pure_expr(analysis, node, scope, key, memo)
    if t in ("assignment_statement", "inc_statement", "dec_statement"):
        targets = (
            need(node, "left").named_children if t == "assignment_statement" else node.named_children[:1]
        )
        if not all(_is_local(analysis, x, scope) for x in targets):
            return False
    if t == "var_spec":
        value = node.child_by_field_name("value")
        return value is None or _pure_node(analysis, value, scope, key, memo)
    return all(
        _pure_node(analysis, c, scope, key, memo)
        for c in node.named_children
        if not (t == "assignment_statement" and c.type == "expression_list" and c == need(node, "left"))
    )


def _is_local(analysis: Analysis, target: Node, scope: Scope) -> bool:
    target = unparen(target)
    if target.type == "identifier":
        return analysis.pkg.text(target) in scope.types or analysis.pkg.text(target) == "_"
    return False


def _pure_expr(analysis: Analysis, node: Node, scope: Scope, key: str, memo: dict[str, bool]) -> bool:
    node = unparen(node)
    t = node.type
    pkg = analysis.pkg
    if scope.is_const(node) or t in ("identifier", "nil", "true", "false", "expression_list"):
        return t != "expression_list" or all(
            _pure_expr(analysis, c, scope, key, memo) for c in node.named_children
        )
    if t == "binary_expression":
        op = pkg.text(need(node, "operator"))
        right = need(node, "right")
        if op in ("/", "%", "<<", ">>") and not scope.is_const(right):
            return False  # a divide or shift check branches to a panic
        if op == "+" and scope.type_of(node) == "string":
            return False  # concatstrings
        if op in ("==", "!=") and scope.is_interface_type(scope.type_of(need(node, "left")) or "int"):
            return False  # efaceeq panics on an uncomparable dynamic type
        return _pure_expr(analysis, need(node, "left"), scope, key, memo) and _pure_expr(
            analysis, right, scope, key, memo
        )
    if t == "unary_expression":
        op = pkg.text(need(node, "operator"))
        return op in "-+!^" and _pure_expr(analysis, need(node, "operand"), scope, key, memo)
    if t == "call_expression":
        site = classify(pkg, node, scope)
        args = need(node, "arguments").named_children
        if not all(_pure_expr(analysis, a, scope, key, memo) for a in args):
            return False
        if site.kind is CallKind.BUILTIN:
            return site.callee in _PURE_BUILTINS
        if site.kind is CallKind.CONVERSION:
            target = pkg.text(unparen(need(node, "function")))
            return target not in ("string", "[]byte", "[]rune") and not scope.is_interface_type(target)
        if site.kind is CallKind.OWN:
            return analysis.inlined_callee(site, key) is not None and _pure_func(analysis, site.callee, memo)
        return False
    return False
