"""Which variables a function takes the address of, found from its syntax before it is lowered.

Pointers (see ``containers``): a variable lives in a ``Cell`` only if the program takes its
address, which ``Escapes`` finds (``&x``, or ``x.m()`` for a method on ``*T`` of a non-struct
type T); every other variable stays a plain Python local.  Struct and array variables need no
cell, as their list is their storage: when their storage may be shared (``&x``, ``&x.f``,
``x[:]``, a method call) assigning to them overwrites the list in place rather than binding a new
one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gmpsim.codegen.labels import label_name, sibling_statements
from gmpsim.codegen.values import Node
from gmpsim.compiler.syntax import unparen
from gmpsim.frontend.tree import descendants as _descendants
from gmpsim.frontend.tree import walk as _walk


@dataclass(frozen=True)
class Escapes:
    """The names a function (with its literals) takes addresses through, from its syntax:
    ``direct_address`` of ``&x``, ``direct_receiver`` of ``x.m()`` and ``x.m``, and ``rooted``
    of every variable at the root of ``&x.f[i]``, ``x.f[:]`` or ``x.f.m``; and ``loop_captured``, the
    names declared in a loop's body (or in a block a goto may repeat) and used by a function
    literal, which must capture that iteration's variable (a Python closure would see the name's
    latest binding)."""

    direct_address: frozenset[str]
    direct_receiver: frozenset[str]
    rooted: frozenset[str]
    loop_captured: frozenset[str] = frozenset()

    @classmethod
    def of(cls, node: Node, text: Callable[[Node], str]) -> Escapes:
        direct_address: set[str] = set()
        direct_receiver: set[str] = set()
        rooted: set[str] = set()
        in_literals = {
            text(n)
            for literal in _descendants(node, "func_literal")
            for n in _descendants(literal, "identifier")
        }
        in_loops: set[str] = set()
        for loop in _descendants(node, "for_statement"):
            body = loop.child_by_field_name("body")
            for decl in _walk(body) if body is not None else ():
                in_loops |= {text(name) for name in _declared_names(decl)}
        goto_targets = {label_name(n, text) for n in _descendants(node, "goto_statement")}
        for labeled in _descendants(node, "labeled_statement"):
            if label_name(labeled, text) in goto_targets:
                for decl in (d for stmt in sibling_statements(labeled) for d in _walk(stmt)):
                    in_loops |= {text(name) for name in _declared_names(decl)}
        for n in _walk(node):
            operand: Node | None = None
            direct = direct_address
            if n.type == "unary_expression" and text(n).startswith("&"):
                operand = n.child_by_field_name("operand")
            elif n.type == "slice_expression":
                operand, direct = n.child_by_field_name("operand"), set()
            elif n.type == "selector_expression":  # x.m() or the method value x.m (or a field)
                operand, direct = n.child_by_field_name("operand"), direct_receiver
            if operand is None:
                continue
            operand = unparen(operand)
            if operand.type == "identifier":
                direct.add(text(operand))
            while operand.type in ("selector_expression", "index_expression", "parenthesized_expression"):
                inner = operand.child_by_field_name("operand") or operand.named_children[0]
                operand = inner
            if operand.type == "identifier":
                rooted.add(text(operand))
        loop_captured = frozenset(in_literals & in_loops)
        return cls(frozenset(direct_address), frozenset(direct_receiver), frozenset(rooted), loop_captured)


def _declared_names(decl: Node) -> list[Node]:
    """The identifiers a declaring statement or clause (``:=``, ``var``, ``range``, ``case v :=``) names."""
    if decl.type == "var_spec":
        return decl.children_by_field_name("name")
    if decl.type in ("short_var_declaration", "range_clause", "receive_statement"):
        left = decl.child_by_field_name("left")
        return [n for n in left.named_children if n.type == "identifier"] if left is not None else []
    return []
