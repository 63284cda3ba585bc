"""Walking tree-sitter's Go syntax tree: statements of a block, descendants of a node."""

from __future__ import annotations

from collections.abc import Iterator

import tree_sitter

Node = tree_sitter.Node


def statements(block: Node) -> list[Node]:
    """The statements of a block (newer grammars wrap them in a statement_list)."""
    out: list[Node] = []
    for child in block.named_children:
        if child.type == "statement_list":
            out.extend(c for c in child.named_children if c.type != "comment")
        elif child.type != "comment":
            out.append(child)
    return out


def walk(node: Node) -> Iterator[Node]:
    """node and its named descendants, in source order."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.named_children))


def descendants(node: Node, node_type: str) -> Iterator[Node]:
    return (n for n in walk(node) if n.type == node_type)


def walk_own(node: Node) -> Iterator[Node]:
    """Like walk, but not into function literals (their statements belong to another function)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed([c for c in n.named_children if c.type != "func_literal"]))
