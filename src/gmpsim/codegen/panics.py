"""Go's deferred calls, panics, ``recover`` and ``runtime.Goexit`` in generated code, and what a
goroutine that dies of a panic prints.

A panic (or Goexit) is a Python exception (``GoUnwind``), so Python's propagation unwinds the
goroutine's frames.  A function with deferred calls catches it and hands it with its list of
deferred calls to ``run_defers``, which is gopanic's loop for one frame: it runs the calls newest
first, remembering on the panic which call it is running (the frame of the call's generated
wrapper), lets a newer panic escaping a call take over from the older one (now *aborted*), and
raises whatever is still unwinding when the list is empty.  A normal return runs the same
function with nothing unwinding.

``recover`` stops the newest panic when the function calling it was called directly by the
deferred call that panic is running: the first generated frame above the caller's is that
call's wrapper, as Go compares the caller's argument pointer with the panic's.  After that
deferred call returns, the rest of the frame's deferred calls run as on a normal return and the
function returns its result variables (``run_defers`` returns normally).
"""

from __future__ import annotations

import sys
from collections.abc import Generator
from types import FrameType
from typing import Any

from gmpsim.codegen.containers import Box, error_box, method_text, shown_type
from gmpsim.codegen.support import GoPanic, GoUnwind, builtin_format, runtime_panic
from gmpsim.golib.fmt import fake_address, kind_class
from gmpsim.versions import GoBehaviour

GENERATED_PREFIX = "<gmpsim "  # how the file names of generated code begin

# a deferred call, as a function with defers keeps it: the generated wrapper and its arguments
Deferred = tuple[Any, tuple[Any, ...]]


def run_defers(
    g: Any, defers: list[Deferred], unwinding: GoUnwind | None = None
) -> Generator[Any, Any, None]:
    """Run a frame's deferred calls, newest first, on a normal return (``unwinding`` None) or
    while a panic or Goexit unwinds the frame; raise what is still unwinding at the end."""
    p = None if unwinding is None else _started(g, unwinding)
    while defers:
        wrapper, args = defers.pop()
        call = wrapper(g, *args)
        if p is not None:
            p.deferring = call.gi_frame
        try:
            yield from call
        except GoUnwind as newer:
            if p is not None:
                p.deferring = None
                p.aborted = True
            p = _started(g, newer)
            continue
        if p is not None:
            p.deferring = None
            if p.recovered:
                p = _recovered(g, p)
    if p is not None:
        raise p


def _started(g: Any, p: GoUnwind) -> GoUnwind:
    """p reaches its first deferred call: it joins the goroutine's chain of panics."""
    if p not in g.panics:
        g.panics.append(p)
    return p


def _recovered(g: Any, p: GoUnwind) -> GoUnwind | None:
    """The deferred call that recovered p has returned: p and the panics it aborted leave the
    chain; unwinding stops, unless p had interrupted a Goexit, which then carries on."""
    chain = g.panics
    chain.remove(p)
    if chain and chain[-1].goexit and chain[-1].aborted:
        goexit = chain[-1]
        goexit.aborted = False
        return goexit
    while chain and chain[-1].aborted:
        chain.pop()
    return None


def gopanic_nil_error(message: str, value: Box | None) -> GoPanic:
    """panic(v) from Go 1.21: panic(nil) panics with a *runtime.PanicNilError saying message."""
    if value is None:
        return runtime_panic(message, "*runtime.PanicNilError")
    return GoPanic(value)


def gorecover(g: Any) -> Box | None:
    """recover() written in a function: the newest panic's value if that function was called
    directly by the deferred call the panic is running, else nil."""
    return _recover(g, sys._getframe(1))


def gorecover_deferred(g: Any) -> Box | None:
    """``defer recover()``: recover as if called by the function that deferred it."""
    wrapper = sys._getframe(1)
    function = _generated_caller(wrapper)
    assert function is not None
    return _recover(g, function)


def _recover(g: Any, frame: FrameType) -> Box | None:
    if not g.panics:
        return None
    p = g.panics[-1]
    if p.goexit or p.recovered or p.deferring is None or _generated_caller(frame) is not p.deferring:
        return None
    p.recovered = True
    assert isinstance(p, GoPanic)
    p.value = interface_value(p.value)  # recover and a re-panic then see the same interface value
    return p.value


def _generated_caller(frame: FrameType) -> FrameType | None:
    """The nearest generated frame above ``frame`` (skipping helpers such as ``icall``)."""
    caller = frame.f_back
    while caller is not None and not caller.f_code.co_filename.startswith(GENERATED_PREFIX):
        caller = caller.f_back
    return caller


def interface_value(value: object) -> Box | None:
    """A panic's value as an interface{} value (an error the runtime made is not a Box yet)."""
    if value is None or isinstance(value, Box):
        return value
    return error_box(value)


# ---- a goroutine killed by a panic ---------------------------------------------------------------


def death_report(g: Any, panic: GoPanic, behaviour: GoBehaviour) -> str:
    """What Go prints on stderr when ``panic`` ends goroutine g: every panic still in the chain,
    oldest first (printpanics), and the fault's signal line (the goroutine's header follows)."""
    repanicked_once = behaviour.repanicked_once
    chain = [*g.panics] + ([] if panic in g.panics else [panic])
    repeated = [
        repanicked_once and i + 1 < len(chain) and _same_value(p, chain[i + 1]) for i, p in enumerate(chain)
    ]
    text = ""
    for i, p in enumerate(chain):
        if i > 0:
            if repeated[i - 1]:
                continue
            if not chain[i - 1].goexit:
                text += "\t"
        if not isinstance(p, GoPanic):
            continue
        text += "panic: " + panic_value_text(p.value, behaviour)
        if p.recovered:
            text += " [recovered, repanicked]" if repeated[i] else " [recovered]"
        text += "\n"
    signal = getattr(panic.value, "signal", "") or getattr(getattr(panic.value, "v", None), "signal", "")
    if signal:
        text += signal + "\n"
    return text


def _same_value(older: GoUnwind, newer: GoUnwind) -> bool:
    return isinstance(older, GoPanic) and isinstance(newer, GoPanic) and older.value is newer.value


def panic_value_text(value: object, behaviour: GoBehaviour) -> str:
    """printpanicval after preprintpanics: an error's Error(), a Stringer's String(), a basic
    value as print shows it (as ``main.T(v)`` for a declared type), else the type and address."""

    def string(data: bytes) -> str:
        text = _text(data)
        return text.replace("\n", "\n\t") if behaviour.panic_strings_indented else text

    if value is not None and not isinstance(value, Box):  # an error the runtime or library made
        return string(value.Error())  # type: ignore[attr-defined]
    if value is None:
        return "nil"
    for method in ("Error", "String"):
        if method in value.methods:
            return string(method_text(value, method))
    declared, _, basic = value.kind.rpartition("=")
    if kind_class(basic) == "string":
        return f'{declared}("{string(value.v)}")' if declared else string(value.v)
    if kind_class(basic) in _BASIC_CLASSES:
        shown = _text(builtin_format(value.v, basic, behaviour.print_floats_shortest))
        return f"{declared}({shown})" if declared else shown
    return f"({shown_type(value.tname)}) {fake_address(value.v).decode()}"


_BASIC_CLASSES = frozenset({"int", "uint", "float", "complex", "bool"})


def _text(data: object) -> str:
    assert isinstance(data, bytes)
    return data.decode("utf-8", "replace")
