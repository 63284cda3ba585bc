"""Struct types the library declares (container/ring's Ring, container/list's List and Element):
their Go fields, and the one Python class their values have.

The code generator treats such a type as it treats a struct the program declares -- zero
values, ``&T{…}``, field reads and writes, copies, ``==`` -- except that only exported fields
are the program's to name; the library's Python functions work on the same values, so both
sides build them from the class here.  A field of pointer type names its struct rather than
spelling it out, so that a type may point to itself (``next *Ring``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LibStruct:
    name: str  # as a program writes it: "ring.Ring"
    fields: tuple[tuple[str, str], ...]  # (name, Go type as the registry spells it)
    nested: tuple[int, ...] = ()  # fields holding a struct value (a List's root Element)
    _cls: list[type[Any]] = field(default_factory=list, compare=False, repr=False)

    @property
    def cls(self) -> type[Any]:
        """The GoStruct subclass of this type's values, made on first use (the code generator's
        containers module imports the library, so it cannot be imported here up front)."""
        if not self._cls:
            from gmpsim.codegen.containers import struct_class

            names = tuple(n for n, _ in self.fields)
            # fmt's kinds: a struct's is its name, a pointer's its spelling, any is interface {}
            kinds = tuple("interface {}" if t == "any" else t for _, t in self.fields)
            self._cls.append(struct_class(self.name, names, kinds, self.nested))
        return self._cls[0]

    @property
    def py_name(self) -> str:
        """The name generated code knows the class by."""
        return "LS_" + self.name.replace(".", "_")

    def new(self, *values: Any) -> Any:
        """A value with these fields."""
        return self.cls(list(values))


def is_exported(name: str) -> bool:
    return name[:1].isupper()
