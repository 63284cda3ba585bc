"""What the lowering's parts share: lowered expressions, variables and functions (``Expr``,
``Local``, ``FuncInfo``), and how a Go type's values look in the generated Python (``zero_value``,
``wrap`` to a type's size, ``kind_of`` for fmt, struct classes, interface boxes).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import tree_sitter

from gmpsim.codegen.containers import SCOPE_MARK
from gmpsim.frontend import constants
from gmpsim.frontend import types as T
from gmpsim.frontend.types import Type
from gmpsim.golib import time as gotime
from gmpsim.golib.registry import STRUCTS as LIBRARY_STRUCTS

Node = tree_sitter.Node
CALL_COST = 2  # a call that is not inlined: argument moves, CALL, RET


@dataclass
class Expr:
    code: str
    type: Type
    const: object = None  # the value, for constants
    is_const: bool = False


@dataclass
class Local:
    py: str  # Python name (the value's expression ``c.v`` for a variable in a cell)
    type: Type
    const: object = None
    is_const: bool = False
    per_iteration: bool = False  # a loop variable that is new in each iteration (Go >= 1.22)
    cell: str | None = None  # the Cell's Python name, when the variable's address is taken
    pinned: bool = False  # a struct or array whose storage may be shared: assigned in place
    is_type: bool = False  # a type declared inside the function (type is the type itself)

    @property
    def store(self) -> str:
        """The assignment target, or a template with ``{}`` for an assignment in place."""
        return f"{self.py}.assign({{}})" if self.pinned else self.py


@dataclass
class FuncInfo:
    name: str
    node: Node
    params: list[tuple[str, Type]]
    results: list[tuple[str | None, Type]]
    declared: frozenset[str]
    yields_full: bool = False  # the version with the prologue can yield
    yields_body: bool = False  # the body alone (as when inlined) can yield
    used_inlined: bool = False
    go_target: bool = False
    pointer_receiver: bool = False  # a method on *T (its first parameter is the receiver)
    variadic: bool = False  # the last parameter is ...T (a []T inside)

    @property
    def py(self) -> str:
        """The name as part of a Python identifier: (*T).M becomes P_T_M."""
        return self.name.replace("(*", "P_").replace(")", "").replace(".", "_")

    @property
    def result_type(self) -> Type:
        return T.tuple_of([t for _, t in self.results])


def kind_of(t: Type) -> str:
    """How fmt should print a value of type t (see gmpsim.golib.fmt)."""
    t = t.default()
    if t.kind == "struct" and t.fields:
        return t.name
    if t.kind in ("int", "float", "complex", "string", "bool") and t.underlying:
        return f"{t.name}={t.underlying}"  # fmt prints the underlying value, %T the name
    if t.kind in ("slice", "array", "map", "func", "chan") and t.name.startswith("main."):
        return f"{t.name}={kind_of(Type(t.underlying, t.kind, elems=t.elems, length=t.length))}"
    if t.kind == "slice":
        return "[]" + kind_of(t.elems[0])
    if t.kind == "array":
        return f"[{t.length}]" + kind_of(t.elems[0])
    if t.kind == "map":
        return f"map[{kind_of(t.elems[0])}]{kind_of(t.elems[1])}"
    return t.name


def wrap(t: Type, code: str) -> str:
    """Wrap an integer expression to t's size, as Go's fixed-size arithmetic does; round a
    float32 one to single precision, and both parts of a complex64 one."""
    if t.kind == "float" and underlying_name(t) == "float32":
        return f"f32({code})"
    if t.kind == "complex" and underlying_name(t) == "complex64":
        return f"c64({code})"
    if not t.is_int or t.untyped:
        return code
    mask = (1 << t.bits) - 1
    if not t.signed:
        return f"(({code}) & {mask})"
    # most results are in range, and two comparisons with the bounds are much cheaper than
    # the bit arithmetic on wider-than-machine Python ints that brings one back into range;
    # the walrus names the value so that code is evaluated once (generated code uses the
    # name for nothing else, and never puts an expression where Python forbids a walrus)
    half = 1 << (t.bits - 1)
    return f"(_w if -{half} <= (_w := {code}) < {half} else (_w + {half} & {mask}) - {half})"


def holds_all(t: Type, s: Type) -> bool:
    """Every value an expression of integer type s has is also one of integer type t's, so
    that a conversion from s to t needs no wrapping.  An untyped one that is not constant (a
    shifted constant) holds whatever fits its default type's size."""
    if s.untyped:
        return (s.bits, s.signed) == (t.bits, t.signed)
    return s.bits <= t.bits if s.signed == t.signed else t.signed and s.bits < t.bits


def constant(value: object, t: Type) -> Expr:
    """The constant ``value`` (exact: see gmpsim.frontend.constants) of type t."""
    return Expr(constants.py_code(value), t, value, True)


def own_var_specs(decl: Node) -> list[Node]:
    """A var declaration's specs (grouped or not), not those inside function literals in their values."""
    grouped = [c for c in decl.named_children if c.type == "var_spec_list"]
    return [c for c in (grouped[0] if grouped else decl).named_children if c.type == "var_spec"]


def interface_methods(t: Type) -> tuple[str, ...]:
    """An interface's methods as the method tables also key them: "name signature" (the
    predeclared error's is its Error method)."""
    if not is_boxed_interface(t):
        return ("Error func() string",)
    return tuple(f"{m} {f.name}" for m, f in zip(t.fields, t.elems))


def is_boxed_interface(t: Type) -> bool:
    """Interfaces whose values are Boxes (the predeclared error keeps its own representation)."""
    return t.kind == "interface" and "error" not in (t.name, t.underlying)


def type_identity(t: Type) -> str:
    """How Boxes name dynamic type t: its Go name, and for a type declared in a function (or a
    pointer to one) which declaration, as such a type may share its name with another."""
    base = t.elems[0] if t.kind == "ptr" and t.elems else t
    return f"{t.name}{SCOPE_MARK}{base.scope}" if base.scope else t.name


def box_code(x: Expr) -> str:
    """Interface value x as a Box or None, as type assertions and switches inspect it (an error
    value as its dynamic value's Box)."""
    return x.code if is_boxed_interface(x.type) else f"error_box({x.code})"


def is_value_aggregate(t: Type) -> bool:
    """Structs and arrays: Python lists that assignment must copy."""
    return t.kind == "array" or (t.kind == "struct" and bool(t.fields))


def struct_py(t: Type) -> str:
    """The Python class generated for struct type t."""
    if t.name.startswith("main."):
        return "S_" + t.name.removeprefix("main.") + (f"_{t.scope}" if t.scope else "")
    if t.name in LIBRARY_STRUCTS:
        return LIBRARY_STRUCTS[t.name].py_name
    return f"S_anon_{zlib.crc32(t.name.encode()):08x}"


def zero_value(t: Type) -> str:
    if t.kind == "array":
        elem = t.elems[0]
        if is_value_aggregate(elem):
            return f"GoArrayOfValues([{zero_value(elem)} for _ in range({t.length})])"
        return f"GoArray([{zero_value(elem)}] * {t.length})"
    if t.kind == "struct" and t.fields:
        return f"{struct_py(t)}([{', '.join(zero_value(f) for f in t.elems)}])"
    if t.kind == "sync":
        return T.SYNC_ZERO[t.name]
    if t.kind == "time":
        return str(gotime.ZERO_TIME)
    return {
        "int": "0",
        "float": "0.0",
        "complex": "0j",
        "string": "b''",
        "bool": "False",
        "struct": "()",
    }.get(t.kind, "None")


def underlying_name(t: Type) -> str:
    return t.underlying or t.name


def embedded_name(t: Type) -> str:
    return t.name.lstrip("*").split(".")[-1]


def integral_float_const(e: Expr, other: Type) -> Expr:
    """An untyped float or complex constant with an integral value, met by an integer, is that
    integer (i < 1e5, x << (1+0i))."""
    if e.is_const and e.type in (T.UNTYPED_FLOAT, T.UNTYPED_COMPLEX) and other.is_int and not other.untyped:
        value = e.const
        if isinstance(value, constants.Complex):
            if value.im != 0:
                return e
            value = value.re
        assert isinstance(value, constants.Number)
        if constants.is_integral(value):
            return constant(constants.to_int(value), T.UNTYPED_INT)
    return e
