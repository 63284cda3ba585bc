"""Go's error values as the library creates them, and errors.Is / errors.As / errors.Unwrap.

An error value is any Python object with an ``Error() -> bytes`` method (Go's method set, spelt
as Go spells it); one that wraps another also has ``Unwrap()``.  ``errors.New`` and
``fmt.Errorf`` return pointers in Go, so two calls with the same text give unequal errors: these
classes compare by identity.  The nil error is ``None``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable


@runtime_checkable
class GoError(Protocol):
    def Error(self) -> bytes: ...


class ErrorString:
    """*errors.errorString, what errors.New returns."""

    go_type = "*errors.errorString"

    def __init__(self, text: bytes) -> None:
        self.text = text

    def Error(self) -> bytes:
        return self.text

    def go_value(self) -> bytes:
        """How fmt shows the pointer itself (%!w(…), or with methods off): &{text}."""
        return b"&{" + self.text + b"}"


class WrapError:
    """*fmt.wrapError: fmt.Errorf's result when the format has one %w."""

    go_type = "*fmt.wrapError"

    def __init__(self, msg: bytes, err: object) -> None:
        self.msg = msg
        self.err = err

    def Error(self) -> bytes:
        return self.msg

    def go_value(self) -> bytes:
        from gmpsim.golib.fmt import fake_address

        return b"&{" + self.msg + b" " + fake_address(self.err) + b"}"

    def Unwrap(self) -> object:
        return self.err


def new(text: bytes) -> ErrorString:
    return ErrorString(text)


def unwrap(err: object) -> object:
    """errors.Unwrap: the wrapped error, or None."""
    method = getattr(err, "Unwrap", None)
    return method() if method is not None else None


def is_(err: object, target: object) -> bool:
    """errors.Is: err or an error it wraps equals target (or says it Is target)."""
    if err is None or target is None:
        return err is target
    while err is not None:
        if err == target:
            return True
        method = getattr(err, "Is", None)
        if method is not None and method(target):
            return True
        err = unwrap(err)
    return False


def as_(err: object, matches: Callable[[object], bool]) -> object:
    """errors.As: the first error in err's chain that ``matches`` (the target's type), or None."""
    while err is not None:
        if matches(err):
            return err
        err = unwrap(err)
    return None


def error_text(err: object) -> bytes:
    """``err.Error()``: calling a method on the nil interface is a nil dereference."""
    if err is None:
        from gmpsim.codegen.support import nil_deref_panic  # here: codegen imports the library

        raise nil_deref_panic()
    text = err.Error()  # type: ignore[attr-defined]
    assert isinstance(text, bytes)
    return text
