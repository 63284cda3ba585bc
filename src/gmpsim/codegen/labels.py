"""The labels of one Go function body, and whether a goto may jump to one.

Labels belong to the function whose body declares them (not to the function literals inside
it).  Go rejects a label declared twice or never used, a goto to a label the function does not
declare, a goto into a block it is not inside, and a forward goto over a variable declaration
of the label's block (the variable would be in scope at the label without having been made).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import tree_sitter

from gmpsim.frontend.tree import statements, walk, walk_own

Node = tree_sitter.Node

DECLARATIONS = frozenset({"var_declaration", "short_var_declaration"})


@dataclass(frozen=True)
class FunctionLabels:
    defined: dict[str, Node]  # label name -> its labeled_statement
    goto_targets: frozenset[str]  # the labels some goto names


def label_name(stmt: Node, text: Callable[[Node], str]) -> str | None:
    """The label a labeled statement declares, or a goto, break or continue names."""
    node = stmt.child_by_field_name("label") if stmt.type == "labeled_statement" else None
    if node is None:
        node = next((c for c in stmt.named_children if c.type == "label_name"), None)
    return None if node is None else text(node)


def label_position(stmt: Node) -> Node:
    """Where errors about a statement's label point: at the label's name."""
    return next((c for c in stmt.named_children if c.type == "label_name"), stmt)


def function_labels(
    body: Node | None, text: Callable[[Node], str], error: Callable[[Node, str], Exception]
) -> FunctionLabels:
    """The labels of body, checked: each declared once and used by some jump, each goto's
    declared.  The first problem in the source is the error, counting those of the function
    literals inside (whose gotos may name this function's labels, which they cannot see)."""
    labels, problems = _labels_of(body, text)
    for literal in (n for n in walk(body) if n.type == "func_literal") if body is not None else ():
        problems += _labels_of(literal.child_by_field_name("body"), text)[1]
    if problems:
        node, message = min(problems, key=lambda p: p[0].start_byte)
        raise error(node, message)
    return labels


def _labels_of(
    body: Node | None, text: Callable[[Node], str]
) -> tuple[FunctionLabels, list[tuple[Node, str]]]:
    defined: dict[str, Node] = {}
    used: set[str] = set()
    targets: set[str] = set()
    problems: list[tuple[Node, str]] = []
    gotos: list[Node] = []
    for node in walk_own(body) if body is not None else ():
        name = label_name(node, text) if node.type in _LABELLED else None
        if name is None:
            continue
        if node.type != "labeled_statement":
            used.add(name)
            if node.type == "goto_statement":
                targets.add(name)
                gotos.append(node)
        elif name in defined:
            problems.append((label_position(node), f"label {name} already declared"))
        else:
            defined[name] = node
    problems += [
        (label_position(s), f"label {n} declared and not used") for n, s in defined.items() if n not in used
    ]
    problems += [
        (label_position(g), f"label {label_name(g, text)} not declared")
        for g in gotos
        if label_name(g, text) not in defined
    ]
    return FunctionLabels(defined, frozenset(targets)), problems


_LABELLED = frozenset({"labeled_statement", "goto_statement", "break_statement", "continue_statement"})


def jump_problem(goto: Node, labeled: Node, text: Callable[[Node], str]) -> str | None:
    """Why a goto may not jump to the labeled statement (None if it may): the goto must be
    inside the label's block, and a forward jump must not pass a variable declaration in it."""
    name = label_name(goto, text)
    block = sibling_statements(labeled)
    target = next(i for i, s in enumerate(block) if s == labeled)
    here = next((i for i, s in enumerate(block) if _contains(s, goto)), None)
    if here is None:
        return f"goto {name} jumps into block"
    for stmt in block[here + 1 : target]:
        if stmt.type in DECLARATIONS:
            return f"goto {name} jumps over variable declaration at line {stmt.start_point[0] + 1}"
    return None


def sibling_statements(stmt: Node) -> list[Node]:
    """The statements of the block (or case clause) stmt is one of, stmt among them."""
    parent = stmt.parent
    assert parent is not None
    if parent.type != "statement_list":
        return statements(parent)
    return [c for c in parent.named_children if c.type != "comment"]


def _contains(outer: Node, node: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte
