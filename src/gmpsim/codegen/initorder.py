"""The order in which Go initialises package variables (the spec's "Package initialization").

A variable depends on the package variables and functions its initialiser refers to, and on
what those functions refer to in turn (a method counts when its name is selected).  Go
repeatedly initialises the earliest variable in declaration order whose dependencies are all
initialised; variables with no initialiser, or a constant one, are ready from the start.
"""

from __future__ import annotations

from collections.abc import Callable

import tree_sitter

from gmpsim.frontend.tree import walk

Node = tree_sitter.Node


class InitializationCycle(Exception):
    """Some variables' initialisers depend on each other; ``index``: the first such variable."""

    def __init__(self, index: int) -> None:
        super().__init__("initialization cycle")
        self.index = index


def initialization_order(
    variables: list[tuple[str, Node]],
    functions: dict[str, tuple[Node, frozenset[str]]],
    methods: dict[str, list[str]],
    text: Callable[[Node], str],
) -> list[int]:
    """The indexes of ``variables`` (name, initialiser; in declaration order) in Go's order.

    ``functions``: each function's body and the names declared inside it (which hide package
    variables); ``methods``: a method name -> the keys of the functions declaring it."""
    pending = {name for name, _ in variables}
    references = _References(pending, functions, methods, text)
    needs = [references.of(value) for _, value in variables]
    order: list[int] = []
    remaining = list(range(len(variables)))
    while remaining:
        ready = next((i for i in remaining if not needs[i] & pending), None)
        if ready is None:
            raise InitializationCycle(remaining[0])
        remaining.remove(ready)
        order.append(ready)
        if not any(variables[i][0] == variables[ready][0] for i in remaining):
            pending.discard(variables[ready][0])
    return order


class _References:
    """The pending variables a piece of code reaches, through the functions it names."""

    def __init__(
        self,
        variables: set[str],
        functions: dict[str, tuple[Node, frozenset[str]]],
        methods: dict[str, list[str]],
        text: Callable[[Node], str],
    ) -> None:
        self.variables = frozenset(variables)
        self.functions = functions
        self.methods = methods
        self.text = text
        self.direct: dict[str, tuple[set[str], list[str]]] = {}  # per function, memoised

    def of(self, node: Node) -> frozenset[str]:
        found, callees = self._names(node, frozenset())
        seen: set[str] = set()
        while callees:
            key = callees.pop()
            if key in seen:
                continue
            seen.add(key)
            if key not in self.direct:
                body, declared = self.functions[key]
                self.direct[key] = self._names(body, declared)
            variables, more = self.direct[key]
            found |= variables
            callees.extend(more)
        return frozenset(found)

    def _names(self, node: Node, hidden: frozenset[str]) -> tuple[set[str], list[str]]:
        """The variables and the functions (and methods) node names, but for ``hidden`` ones."""
        variables: set[str] = set()
        functions: list[str] = []
        for n in walk(node):
            if n.type == "identifier":
                name = self.text(n)
                if name in hidden:
                    continue
                if name in self.variables:
                    variables.add(name)
                elif name in self.functions:
                    functions.append(name)
            elif n.type == "field_identifier":
                functions.extend(self.methods.get(self.text(n), ()))
        return variables, functions
