"""container/list: doubly linked lists of ``list.Element`` values inside a ``list.List``.

Both are library structs (see gmpsim.golib.structs).  A List holds a sentinel Element, its
``root``, as a struct value: the list is a ring through it, and the root itself is never handed
to the program (an Element's Next and Prev stop there).  A zero List gets its ring the first
time an element goes in, as in Go, and a method whose Go body dereferences a nil receiver or
argument panics the same way here.
"""

from __future__ import annotations

from typing import Any

from gmpsim.golib.structs import LibStruct

ELEMENT = LibStruct(
    "list.Element",
    (("next", "*list.Element"), ("prev", "*list.Element"), ("list", "*list.List"), ("Value", "any")),
)
LIST = LibStruct("list.List", (("root", "list.Element"), ("len", "int")), nested=(0,))
NEXT, PREV, LIST_OF, VALUE = range(4)
ROOT, LEN = range(2)


def _deref(p: Any) -> Any:
    if p is None:
        from gmpsim.codegen.containers import nil_deref

        nil_deref()
    return p


def element_next(e: Any) -> Any:
    """e.Next(): the next element, nil at the end or once e is out of its list."""
    p, owner = _deref(e)[NEXT], e[LIST_OF]
    return p if owner is not None and p is not owner[ROOT] else None


def element_prev(e: Any) -> Any:
    p, owner = _deref(e)[PREV], e[LIST_OF]
    return p if owner is not None and p is not owner[ROOT] else None


def init(lst: Any) -> Any:
    """l.Init(): empty the list (its elements keep pointing into it, as in Go)."""
    root = _deref(lst)[ROOT]
    root[NEXT] = root[PREV] = root
    lst[LEN] = 0
    return lst


def new() -> Any:
    return init(LIST.new(ELEMENT.new(None, None, None, None), 0))


def length(lst: Any) -> int:
    return int(_deref(lst)[LEN])


def front(lst: Any) -> Any:
    return None if _deref(lst)[LEN] == 0 else lst[ROOT][NEXT]


def back(lst: Any) -> Any:
    return None if _deref(lst)[LEN] == 0 else lst[ROOT][PREV]


def _lazy_init(lst: Any) -> None:
    if _deref(lst)[ROOT][NEXT] is None:
        init(lst)


def _insert(lst: Any, value: Any, at: Any) -> Any:
    """A new element holding value, linked in after ``at``."""
    e = ELEMENT.new(_deref(at)[NEXT], at, lst, value)
    at[NEXT] = e
    e[NEXT][PREV] = e
    lst[LEN] += 1
    return e


def _unlink(e: Any) -> None:
    """Take e out of its ring (a removed or zero element has no neighbours: nil dereferenced)."""
    _deref(e[PREV])[NEXT] = e[NEXT]
    _deref(e[NEXT])[PREV] = e[PREV]


def _move(e: Any, at: Any) -> None:
    """Relink e after ``at`` in the same list."""
    if e is at:
        return
    _unlink(e)
    e[PREV], e[NEXT] = at, _deref(at)[NEXT]
    at[NEXT] = e
    e[NEXT][PREV] = e


def remove(lst: Any, e: Any) -> Any:
    """l.Remove(e): unlink e if it is in l; e's Value either way."""
    if _deref(e)[LIST_OF] is lst:
        _unlink(e)
        e[NEXT] = e[PREV] = e[LIST_OF] = None
        lst[LEN] -= 1
    return e[VALUE]


def push_front(lst: Any, value: Any) -> Any:
    _lazy_init(lst)
    return _insert(lst, value, lst[ROOT])


def push_back(lst: Any, value: Any) -> Any:
    _lazy_init(lst)
    return _insert(lst, value, lst[ROOT][PREV])


def insert_before(lst: Any, value: Any, mark: Any) -> Any:
    """l.InsertBefore(v, mark): nil if mark is not in l."""
    return None if _deref(mark)[LIST_OF] is not lst else _insert(lst, value, mark[PREV])


def insert_after(lst: Any, value: Any, mark: Any) -> Any:
    return None if _deref(mark)[LIST_OF] is not lst else _insert(lst, value, mark)


def move_to_front(lst: Any, e: Any) -> None:
    if _deref(e)[LIST_OF] is lst and _deref(lst)[ROOT][NEXT] is not e:
        _move(e, lst[ROOT])


def move_to_back(lst: Any, e: Any) -> None:
    if _deref(e)[LIST_OF] is lst and _deref(lst)[ROOT][PREV] is not e:
        _move(e, lst[ROOT][PREV])


def move_before(lst: Any, e: Any, mark: Any) -> None:
    if _deref(e)[LIST_OF] is lst and e is not mark and _deref(mark)[LIST_OF] is lst:
        _move(e, mark[PREV])


def move_after(lst: Any, e: Any, mark: Any) -> None:
    if _deref(e)[LIST_OF] is lst and e is not mark and _deref(mark)[LIST_OF] is lst:
        _move(e, mark)


def push_back_list(lst: Any, other: Any) -> None:
    """l.PushBackList(other): copies of other's values at l's back (other may be l itself:
    only the elements it had when the call began are copied)."""
    _lazy_init(lst)
    e = front(other)
    for _ in range(length(other)):
        _insert(lst, e[VALUE], lst[ROOT][PREV])
        e = element_next(e)


def push_front_list(lst: Any, other: Any) -> None:
    _lazy_init(lst)
    e = back(other)
    for _ in range(length(other)):
        _insert(lst, e[VALUE], lst[ROOT])
        e = element_prev(e)
