"""The order in which package-level variables are initialised, as Go's type checker decides it.

Every package-level variable and constant is a node of a dependency graph; it depends on the
variables and constants its initialiser names, directly or through the functions and methods it
names (and those they name in turn).  Go's checker (go/types initorder.go, the same from go1.19
to go1.27) then repeatedly takes the node with the fewest dependencies not yet taken, the
earliest declared among equals, and emits the initialiser of a variable when it takes it.  So
a variable with no pending dependencies may go before an earlier one that waits for another.
References are found by name, as for package-level objects (a local declaration shadowing a
package name can only add an edge).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import tree_sitter

from gmpsim.frontend.tree import walk

Node = tree_sitter.Node


class InitializationCycle(Exception):
    """The objects' dependencies form a cycle; ``index`` is the object Go reports it at."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


@dataclass(frozen=True)
class PackageObject:
    """A package-level variable or constant, in declaration order."""

    name: str  # "_" for a blank variable
    init: int | None  # which initialiser assigns it at run time (None: none, or a constant one)
    references: tuple[Node, ...]  # the expressions naming what it depends on


def init_order(
    objects: Sequence[PackageObject],
    function_bodies: dict[str, Node],
    method_keys: Callable[[str], list[str]],
    text: Callable[[Node], str],
) -> list[int]:
    """The run-time initialisers (the ``init`` numbers of ``objects``) in the order Go runs them;
    raises InitCycle if a variable depends on itself.

    ``function_bodies``: each package function by name (methods by their key, such as ``T.M``);
    ``method_keys``: the keys of the methods called ``name`` (a selector ``x.name`` may call any).
    """
    index = {o.name: i for i, o in enumerate(objects) if o.name != "_"}

    def named(nodes: Sequence[Node]) -> tuple[set[int], set[str]]:
        found: set[int] = set()
        funcs: set[str] = set()
        for node in nodes:
            for n in walk(node):
                if n.type == "identifier" and text(n) in index:
                    found.add(index[text(n)])
                elif n.type == "identifier" and text(n) in function_bodies:
                    funcs.add(text(n))
                elif (
                    n.type == "field_identifier"
                    and n.parent is not None
                    and n.parent.type == "selector_expression"
                ):
                    funcs.update(method_keys(text(n)))
        return found, funcs

    in_function = {name: named([body]) for name, body in function_bodies.items()}

    def through_functions(funcs: set[str]) -> set[int]:
        seen: set[str] = set()
        stack = list(funcs)
        found: set[int] = set()
        while stack:
            f = stack.pop()
            if f not in seen:
                seen.add(f)
                found |= in_function[f][0]
                stack.extend(in_function[f][1])
        return found

    dependents: list[list[int]] = [[] for _ in objects]
    pending: list[int] = []
    for i, o in enumerate(objects):
        direct, funcs = named(o.references)
        dependencies = direct | through_functions(funcs)
        if i in dependencies:
            raise InitializationCycle(i)
        pending.append(len(dependencies))
        for d in dependencies:
            dependents[d].append(i)
    queue = [(n, i) for i, n in enumerate(pending)]
    heapq.heapify(queue)
    taken: set[int] = set()
    order: list[int] = []
    while queue:
        n, i = heapq.heappop(queue)
        if i in taken or n != pending[i]:
            continue  # an outdated entry: the node was requeued with fewer dependencies
        if n > 0:  # every node left waits for another
            raise InitializationCycle(i)
        taken.add(i)
        for d in dependents[i]:
            if d not in taken:
                pending[d] -= 1
                heapq.heappush(queue, (pending[d], d))
        init = objects[i].init
        if init is not None and init not in order:
            order.append(init)
    return order
