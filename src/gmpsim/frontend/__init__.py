"""Front end: parse Go source with tree-sitter's Go grammar and report positions like gc does."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import tree_sitter
import tree_sitter_go


@cache
def go_language() -> tree_sitter.Language:
    return tree_sitter.Language(tree_sitter_go.language())


@dataclass(frozen=True, order=True)
class Pos:
    """A 1-based line and column, as gc prints them (columns count bytes)."""

    line: int
    col: int

    @classmethod
    def of(cls, node: tree_sitter.Node) -> Pos:
        row, col = node.start_point
        return cls(row + 1, col + 1)


class GoSyntaxError(Exception):
    """A parse error or an unsupported construct, printed as ``file:line:col: message``."""

    def __init__(self, path: str, pos: Pos, message: str) -> None:
        super().__init__(f"{path}:{pos.line}:{pos.col}: {message}")
        self.path = path
        self.pos = pos
        self.message = message


@dataclass(frozen=True)
class SourceFile:
    """A parsed Go file: its display path (``./case4.go``, as gc prints it), bytes and syntax tree."""

    path: str
    source: bytes
    tree: tree_sitter.Tree

    def text(self, node: tree_sitter.Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode()


def display_path(path: Path) -> str:
    """gc names files relative to the package directory: ``./case4.go``."""
    return f"./{path.name}"


def parse_source(source: bytes, path: str = "./main.go") -> SourceFile:
    """Parse ``source``; raise :class:`GoSyntaxError` at the first syntax error."""
    parser = tree_sitter.Parser(go_language())
    tree = parser.parse(source)
    while tree.root_node.has_error:
        bad = _first_error(tree.root_node)
        if _is_method_expression_on_type_literal(source, bad):
            raise GoSyntaxError(path, Pos.of(bad), "unsupported: method expressions on type literals")
        retry = _without_empty_header_statement(parser, source, bad)
        if retry is None:
            raise GoSyntaxError(path, Pos.of(bad), "syntax error")
        source, tree = retry
    return SourceFile(path, source, tree)


def _is_method_expression_on_type_literal(source: bytes, bad: tree_sitter.Node) -> bool:
    """``interface{ M() }.M`` or ``struct{ T }.M``: valid Go the grammar cannot parse (a type
    literal is no operand in it); a type literal followed by a selector is nothing else."""
    literal = bad.named_children[0] if bad.is_error and bad.named_children else None
    if literal is None or literal.type not in ("interface_type", "struct_type"):
        return False
    return source[literal.end_byte :].lstrip().startswith(b".")


HEADER_STATEMENTS = frozenset({"if_statement", "expression_switch_statement", "type_switch_statement"})


def _without_empty_header_statement(
    parser: tree_sitter.Parser, source: bytes, bad: tree_sitter.Node
) -> tuple[bytes, tree_sitter.Tree] | None:
    """``if ; cond {`` and ``switch ; {``: the statement before the header's semicolon may be
    empty, which the grammar does not allow.  The source with that semicolon blanked out (so
    that positions stay) and its tree, if the header then has no statement of its own; else None."""
    header = bad.parent
    keyword = bad.prev_sibling
    if (
        header is None
        or header.type not in HEADER_STATEMENTS
        or keyword is None
        or keyword.type not in ("if", "switch")
        or source[bad.start_byte : bad.end_byte].strip() != b";"
    ):
        return None
    blanked = source[: bad.start_byte] + b" " * (bad.end_byte - bad.start_byte) + source[bad.end_byte :]
    tree = parser.parse(blanked)
    again = tree.root_node.descendant_for_byte_range(header.start_byte, header.start_byte + len(keyword.type))
    while again is not None and again.type not in HEADER_STATEMENTS:
        again = again.parent
    if again is None or again.child_by_field_name("initializer") is not None:
        return None
    return blanked, tree


def parse_file(path: Path) -> SourceFile:
    return parse_source(path.read_bytes(), display_path(path))


def _first_error(node: tree_sitter.Node) -> tree_sitter.Node:
    for child in node.children:
        if child.is_error or child.is_missing:
            return child
        if child.has_error:
            return _first_error(child)
    return node
