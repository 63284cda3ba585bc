"""``Record``: value classes as ``dataclasses`` makes them, cheap enough to define at start-up.

``@dataclass`` writes the source of each class's ``__init__``, ``__eq__``, ``__repr__`` … and
compiles it, a few tenths of a millisecond a class, and importing ``dataclasses`` loads
``inspect`` and ``ast``. A cached ``stagebuild build`` defines some fifty such classes and does
little else, so they were a large part of its time. A ``Record`` subclass gets the same behaviour from generic
methods that read the class's field list, which is all that is computed when the class is made::

    class Descriptor(Record):
        media_type: str
        digest: str
        annotations: Mapping[str, str] | None = field(default=None, hash=False)

What it keeps from ``dataclasses`` (and type checkers see through ``dataclass_transform``): fields
are the class's annotations other than ``ClassVar``, after those of its bases; defaults, and
``field(default_factory=…)`` for mutable ones; ``kw_only=True`` (the class's own fields only by
keyword); frozen unless ``frozen=False`` (assigning a field raises ``FrozenInstanceError``);
``__eq__`` between instances of the same class, ``__hash__`` when frozen (``eq=False``: identity,
as for ``object``); ``__repr__`` as ``Name(field=value, …)``; ``__match_args__``. ``replace`` and
``asdict`` are the module's functions of those names.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, dataclass_transform

_MISSING: Any = object()
_R = TypeVar("_R", bound="Record")


class FrozenInstanceError(AttributeError):
    """Assigning or deleting a field of a frozen record."""


class Field:
    """How one field behaves, when more than a plain default is needed (see ``field``)."""

    __slots__ = ("default", "default_factory", "hash")

    def __init__(self, default: Any, default_factory: Callable[[], Any] | None, hash: bool) -> None:
        self.default = default
        self.default_factory = default_factory
        self.hash = hash


def field(
    *, default: Any = _MISSING, default_factory: Callable[[], Any] | None = None, hash: bool = True
) -> Any:
    """A field's default (or a factory for a fresh mutable one), and whether it takes part in hashing."""
    return Field(default, default_factory, hash)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Record:
    """The base class: see the module docstring."""

    _record_fields: ClassVar[tuple[str, ...]] = ()
    _record_positional: ClassVar[tuple[str, ...]] = ()
    _record_defaults: ClassVar[dict[str, Any]] = {}
    _record_factories: ClassVar[dict[str, Callable[[], Any]]] = {}
    _record_hashed: ClassVar[tuple[str, ...]] = ()
    _record_frozen: ClassVar[bool] = True

    def __init_subclass__(cls, *, frozen: bool = True, kw_only: bool = False, eq: bool = True) -> None:
        super().__init_subclass__()
        if "__post_init__" in vars(cls):
            raise TypeError(f"{cls.__qualname__}: a Record runs no __post_init__ (use a dataclass)")
        own = [
            name
            for name, annotation in vars(cls).get("__annotations__", {}).items()
            if not str(annotation).startswith(("ClassVar", "typing.ClassVar"))
        ]
        fields = [*cls._record_fields, *(name for name in own if name not in cls._record_fields)]
        defaults = dict(cls._record_defaults)
        factories = dict(cls._record_factories)
        unhashed = {name for name in cls._record_fields if name not in cls._record_hashed}
        for name in own:
            value = cls.__dict__.get(name, _MISSING)
            defaults.pop(name, None)
            factories.pop(name, None)
            unhashed.discard(name)
            if isinstance(value, Field):
                if value.default_factory is not None:
                    factories[name] = value.default_factory
                    delattr(cls, name)
                else:
                    defaults[name] = value.default
                    if value.default is _MISSING:
                        delattr(cls, name)
                    else:
                        setattr(cls, name, value.default)
                if not value.hash:
                    unhashed.add(name)
            elif value is not _MISSING:
                defaults[name] = value
        cls._record_fields = tuple(fields)
        inherited = cls._record_positional
        cls._record_positional = inherited + (
            () if kw_only else tuple(name for name in own if name not in inherited)
        )
        cls._record_defaults = {name: value for name, value in defaults.items() if value is not _MISSING}
        cls._record_factories = factories
        cls._record_hashed = tuple(name for name in fields if name not in unhashed)
        cls._record_frozen = frozen
        cls.__match_args__ = cls._record_positional  # type: ignore[attr-defined,misc]
        if not eq:
            cls.__eq__ = object.__eq__  # type: ignore[method-assign]
            cls.__hash__ = object.__hash__  # type: ignore[method-assign]
        elif not frozen:
            cls.__hash__ = None  # type: ignore[assignment]  # mutable and compared by value

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        if len(args) > len(cls._record_positional):
            raise TypeError(
                f"{cls.__qualname__}() takes {len(cls._record_positional)} positional arguments "
                f"but {len(args)} were given"
            )
        values = dict(zip(cls._record_positional, args))
        for name, value in kwargs.items():
            if name not in cls._record_fields:
                raise TypeError(f"{cls.__qualname__}() got an unexpected keyword argument {name!r}")
            if name in values:
                raise TypeError(f"{cls.__qualname__}() got multiple values for argument {name!r}")
            values[name] = value
        setter = object.__setattr__
        for name in cls._record_fields:
            if name in values:
                setter(self, name, values[name])
            elif name in cls._record_defaults:
                setter(self, name, cls._record_defaults[name])
            elif name in cls._record_factories:
                setter(self, name, cls._record_factories[name]())
            else:
                raise TypeError(f"{cls.__qualname__}() missing required argument: {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._record_fields)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, name) for name in self._record_hashed))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_fields)
        return f"{type(self).__qualname__}({inner})"

    def __setattr__(self, name: str, value: Any) -> None:
        if self._record_frozen and name in self._record_fields:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if self._record_frozen and name in self._record_fields:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        object.__delattr__(self, name)


def replace(record: _R, **changes: Any) -> _R:
    """A copy of ``record`` with ``changes`` made (``dataclasses.replace``)."""
    values = {name: getattr(record, name) for name in record._record_fields}
    for name in changes:
        if name not in values:
            raise TypeError(f"{type(record).__qualname__} has no field {name!r}")
    values.update(changes)
    fresh = object.__new__(type(record))
    for name, value in values.items():
        object.__setattr__(fresh, name, value)
    return fresh


def asdict(record: Record) -> dict[str, Any]:
    """The fields of ``record`` as a dict, nested records, lists, tuples and dicts converted too."""
    return {name: _plain(getattr(record, name)) for name in record._record_fields}


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return asdict(value)
    if isinstance(value, list | tuple):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    return copy.deepcopy(value)
