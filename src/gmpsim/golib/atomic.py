"""sync/atomic: the functions on pointers and the methods of the typed values (atomic.Int32 …).

A pointer is a :class:`gmpsim.codegen.containers.Cell` or ``Ref`` (the value in ``.v``); a typed
value is a Cell of its own (``Int32.Add`` is ``AddInt32`` on it).  A goroutine's code runs
without interruption between its requests to the runtime, so each operation is atomic by
construction; none is a request (on amd64 they are single instructions, which no other
goroutine can observe halfway).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _panic(message: str) -> Exception:
    from gmpsim.codegen.containers import string_panic  # here: the code generator imports golib

    return string_panic(message)


def _cell(p: Any) -> Any:
    if p is None:
        from gmpsim.codegen.containers import nil_deref

        nil_deref()
    return p


def _wrap(bits: int, signed: bool) -> Callable[[int], int]:
    mask = (1 << bits) - 1
    half = 1 << (bits - 1)
    if signed:
        return lambda v: ((v + half) & mask) - half
    return lambda v: v & mask


def adder(bits: int, signed: bool) -> Callable[[Any, int], int]:
    """AddInt32 and friends: add, wrapping at the type's size; return the new value."""
    wrap = _wrap(bits, signed)

    def add(p: Any, delta: int) -> int:
        r = _cell(p)
        r.v = new = wrap(r.v + delta)
        return new

    return add


def load(p: Any) -> Any:
    r = _cell(p)
    return r.v


def store(p: Any, value: Any) -> None:
    r = _cell(p)
    r.v = value


def swap(p: Any, new: Any) -> Any:
    r = _cell(p)
    old, r.v = r.v, new
    return old


def compare_and_swap(p: Any, old: Any, new: Any) -> bool:
    r = _cell(p)
    if r.v != old:
        return False
    r.v = new
    return True


def _value_type(v: Any, what: str) -> str:
    if v is None:
        raise _panic(f"sync/atomic: {what} of nil value into Value")
    return str(getattr(v, "tname", type(v).__name__))


def value_store(p: Any, v: Any) -> None:
    """Value.Store: every value stored must have the first one's dynamic type."""
    r = _cell(p)
    new_type = _value_type(v, "store")
    if r.v is not None and _value_type(r.v, "store") != new_type:
        raise _panic("sync/atomic: store of inconsistently typed value into Value")
    r.v = v


def value_swap(p: Any, v: Any) -> Any:
    r = _cell(p)
    new_type = _value_type(v, "swap")
    if r.v is not None and _value_type(r.v, "swap") != new_type:
        raise _panic("sync/atomic: swap of inconsistently typed value into Value")
    return swap(r, v)


def value_compare_and_swap(p: Any, old: Any, new: Any) -> bool:
    r = _cell(p)
    new_type = _value_type(new, "compare and swap")
    if old is not None and _value_type(old, "compare and swap") != new_type:
        raise _panic("sync/atomic: compare and swap of inconsistently typed values")
    if r.v is not None and _value_type(r.v, "compare and swap") != new_type:
        raise _panic("sync/atomic: compare and swap of inconsistently typed value into Value")
    return compare_and_swap(r, old, new)
