"""Go types of the supported subset, with the facts the code generator needs about each.

A :class:`Type` knows how its values are represented in generated Python (integers as ``int``
wrapped to their size, strings as ``bytes``, floats as ``float``, complex numbers as
``complex``), how ``fmt`` prints it, and
whether it is an untyped constant's type, which takes the type of whatever it meets.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Type:
    name: str  # as Go spells it: "int", "time.Duration", "untyped int"
    kind: str  # "int", "float", "complex", "string", "bool", "tuple" or "void"
    bits: int = 0  # integers: 8 … 64
    signed: bool = True
    untyped: bool = False
    elems: tuple[Type, ...] = ()  # a function's results, for kind "tuple"
    fields: tuple[str, ...] = ()  # a struct's field names, beside their types in elems
    underlying: str = ""  # a declared type (type Celsius float64): its underlying type's name
    length: int = 0  # an array's
    scope: int = 0  # a type declared inside a function: which declaration (its name may repeat)

    def __str__(self) -> str:
        return self.name

    @property
    def is_int(self) -> bool:
        return self.kind == "int"

    def default(self) -> Type:
        """The type an untyped constant gets where no other type is implied."""
        return UNTYPED_DEFAULTS.get(self.name, self)


def _int(name: str, bits: int, signed: bool = True) -> Type:
    return Type(name, "int", bits, signed)


INT = _int("int", 64)
INT64 = _int("int64", 64)
UINT = _int("uint", 64, False)
DURATION = _int("time.Duration", 64)
RUNE = _int("int32", 32)
BYTE = _int("uint8", 8, False)
FLOAT64 = Type("float64", "float")
COMPLEX128 = Type("complex128", "complex")
COMPLEX64 = Type("complex64", "complex")
STRING = Type("string", "string")
BOOL = Type("bool", "bool")
VOID = Type("void", "void")

UNTYPED_INT = Type("untyped int", "int", 64, True, untyped=True)
UNTYPED_RUNE = Type("untyped rune", "int", 32, True, untyped=True)
UNTYPED_FLOAT = Type("untyped float", "float", untyped=True)
UNTYPED_COMPLEX = Type("untyped complex", "complex", untyped=True)
UNTYPED_STRING = Type("untyped string", "string", untyped=True)
UNTYPED_BOOL = Type("untyped bool", "bool", untyped=True)

UNTYPED_DEFAULTS = {
    "untyped int": INT,
    "untyped rune": RUNE,
    "untyped float": FLOAT64,
    "untyped complex": COMPLEX128,
    "untyped string": STRING,
    "untyped bool": BOOL,
}

# Predeclared and standard types by the name a program writes.
NAMED: dict[str, Type] = {
    "int": INT,
    "int8": _int("int8", 8),
    "int16": _int("int16", 16),
    "int32": RUNE,
    "rune": RUNE,
    "int64": INT64,
    "uint": UINT,
    "uint8": BYTE,
    "byte": BYTE,
    "uint16": _int("uint16", 16, False),
    "uint32": _int("uint32", 32, False),
    "uint64": _int("uint64", 64, False),
    "uintptr": _int("uintptr", 64, False),
    "float64": FLOAT64,
    "float32": Type("float32", "float"),
    "complex128": COMPLEX128,
    "complex64": COMPLEX64,
    "string": STRING,
    "bool": BOOL,
    "time.Duration": DURATION,
    # the predeclared interface; its values are Python objects with an Error() method, nil is None
    "error": Type("error", "interface"),
    "any": Type("interface {}", "interface"),
}


def tuple_of(results: list[Type]) -> Type:
    if not results:
        return VOID
    if len(results) == 1:
        return results[0]
    return Type("(" + ", ".join(t.name for t in results) + ")", "tuple", elems=tuple(results))


EMPTY_STRUCT = Type("struct{}", "struct")
TIME = Type("time.Time", "time")
NAMED["time.Time"] = TIME
TIMER = Type("*time.Timer", "timer")
TICKER = Type("*time.Ticker", "timer")
# sync's and sync/atomic's types, strings.Builder and bytes.Buffer: shared by reference (Go forbids copying
# them once used; a pointer to one is the value itself, an atomic.Int32 a Cell), with the Python
# expression of each one's zero value
SYNC_ZERO = {
    "strings.Builder": "StringBuilder()",
    "bytes.Buffer": "StringBuilder()",
    "sync.WaitGroup": "WaitGroup()",
    "sync.Mutex": "Mutex()",
    "sync.RWMutex": "RWMutex()",
    "sync.Once": "Once()",
    "sync.Cond": "Cond(None)",
    "sync.Locker": "None",  # a Cond's L: a *Mutex or *RWMutex
    "atomic.Int32": "Cell(0)",
    "atomic.Int64": "Cell(0)",
    "atomic.Uint32": "Cell(0)",
    "atomic.Uint64": "Cell(0)",
    "atomic.Bool": "Cell(False)",
    "atomic.Value": "Cell(None)",
}
SYNC_TYPES = {name: Type(name, "sync") for name in SYNC_ZERO}


def pointer_to(base: Type) -> Type:
    return Type("*" + base.name, "ptr", elems=(base,))


def chan_of(elem: Type, direction: str = "") -> Type:
    """A channel type; direction "send" (chan<- T), "recv" (<-chan T) or "" (both)."""
    name = {"send": f"chan<- {elem}", "recv": f"<-chan {elem}"}.get(direction, f"chan {elem}")
    return Type(name, "chan", elems=(elem,))


def func_of(params: list[Type], result: Type) -> Type:
    """A function type: elems holds the parameter tuple and the result."""
    name = "func(" + ", ".join(p.name for p in params) + ")"
    if result.kind != "void":
        name += " " + result.name
    return Type(name, "func", elems=(Type("params", "tuple", elems=tuple(params)), result))


UNTYPED_NIL = Type("untyped nil", "nil", untyped=True)
# kinds of types that type literals spell out (the predeclared error is an interface, but named)
LITERAL_KINDS = frozenset({"array", "slice", "map", "chan", "func", "ptr", "struct", "interface"})
# kinds whose zero value is nil (pointers, slices, maps, interfaces as the code generator names them)
NILABLE_KINDS = frozenset({"chan", "func", "ptr", "slice", "map", "interface", "timer"})


def assignable(value: Type, to: Type) -> bool:
    """Assignability of non-constant values beyond identical types: nil, identical underlying
    types where one is a type literal, channel directions."""
    if value == to:
        return True
    if value.kind == "nil":
        return to.kind in NILABLE_KINDS
    same_underlying = (value.underlying or value.name) == (to.underlying or to.name)
    if same_underlying and (is_literal(value) or is_literal(to)):  # []byte and type B []byte
        return True
    return (
        value.kind == to.kind == "chan"
        and value.elems == to.elems
        and not value.name.startswith(("chan<-", "<-"))
    )


def is_literal(t: Type) -> bool:
    """A type written as a type literal ([]int, struct{…}, func()), not named by a declaration
    or predeclared."""
    return not t.underlying and not t.untyped and t.kind in LITERAL_KINDS and t.name != "error"


def unify(a: Type, b: Type) -> Type | None:
    """The type of a binary operation's operands, or None if they do not match."""
    if a == b:
        return a
    if a.kind == "nil" or b.kind == "nil":  # x == nil compares x with its type's nil
        other = b if a.kind == "nil" else a
        return other if other.kind in NILABLE_KINDS else None
    if a.untyped and b.untyped:
        if a.kind == b.kind or {a.kind, b.kind} <= NUMERIC_KINDS:
            order = ["untyped int", "untyped rune", "untyped float", "untyped complex"]
            if a.name in order and b.name in order:
                return a if order.index(a.name) >= order.index(b.name) else b
            return a
        return None
    if a.untyped and _assignable_const(a, b):
        return b
    if b.untyped and _assignable_const(b, a):
        return a
    return None


NUMERIC_KINDS = frozenset({"int", "float", "complex"})


def _assignable_const(const: Type, to: Type) -> bool:
    """Whether an untyped constant of const's kind may take type to: any number may become any
    numeric type if its value fits (1.0 an int, 2+0i a float), which conversion checks."""
    if const.kind == to.kind:
        return True
    return (
        const.kind in NUMERIC_KINDS and to.kind in NUMERIC_KINDS and (const.kind, to.kind) != ("float", "int")
    )


def slice_of(elem: Type) -> Type:
    return Type("[]" + elem.name, "slice", elems=(elem,))


def array_of(length: int, elem: Type) -> Type:
    return Type(f"[{length}]{elem}", "array", elems=(elem,), length=length)


def map_of(key: Type, value: Type) -> Type:
    return Type(f"map[{key}]{value}", "map", elems=(key, value))


# bytes one value of each kind occupies in memory on amd64 (what growslice rounds with)
_SIZES = {
    "float": 8,
    "complex": 16,
    "string": 16,
    "bool": 1,
    "slice": 24,
    "interface": 16,
    "struct": 0,
    "tuple": 0,
}


def size_of(t: Type) -> int:
    if t.kind == "array":
        return t.length * size_of(t.elems[0])
    if t.kind == "struct":
        return sum(size_of(f) for f in t.elems)
    if t.is_int:
        return t.bits // 8
    if t.name == "float32":
        return 4
    if (t.underlying or t.name) == "complex64":
        return 8
    return _SIZES.get(t.kind, 8)


def declared(name: str, underlying: Type, scope: int = 0) -> Type:
    """``type name underlying``: a new type with the underlying one's representation."""
    return Type(
        name,
        underlying.kind,
        underlying.bits,
        underlying.signed,
        elems=underlying.elems,
        fields=underlying.fields,
        underlying=underlying.underlying or underlying.name,
        length=underlying.length,
        scope=scope,
    )


def struct_of(fields: list[tuple[str, Type]]) -> Type:
    name = "struct { " + "; ".join(f"{n} {t}" for n, t in fields) + " }" if fields else "struct {}"
    return Type(name, "struct", elems=tuple(t for _, t in fields), fields=tuple(n for n, _ in fields))


_U64, _U32 = NAMED["uint64"], NAMED["uint32"]
# runtime.MemStats without BySize (per-size-class counts gmpsim has no model of)
MEMSTATS = declared(
    "runtime.MemStats",
    struct_of(
        [
            (name, _U64)
            for name in (
                *("Alloc", "TotalAlloc", "Sys", "Lookups", "Mallocs", "Frees", "HeapAlloc", "HeapSys"),
                *("HeapIdle", "HeapInuse", "HeapReleased", "HeapObjects", "StackInuse", "StackSys"),
                *("MSpanInuse", "MSpanSys", "MCacheInuse", "MCacheSys", "BuckHashSys", "GCSys"),
                *("OtherSys", "NextGC", "LastGC", "PauseTotalNs"),
            )
        ]
        + [
            ("PauseNs", array_of(256, _U64)),
            ("PauseEnd", array_of(256, _U64)),
            ("NumGC", _U32),
            ("NumForcedGC", _U32),
            ("GCCPUFraction", FLOAT64),
            ("EnableGC", BOOL),
            ("DebugGC", BOOL),
        ]
    ),
)
