"""Go's slices, maps and string indexing for generated code, with Go's panics.

A slice is a window (offset, length, capacity) on a shared Python list, so that ``append``
within capacity and re-slicing alias the same elements as in Go; ``append`` beyond capacity
grows the way the runtime's ``growslice`` does (double below 256 elements, then about 1.25x,
rounded up to the allocator's size class), so ``cap`` prints what Go prints.  The nil slice and
the nil map are ``None``.  Maps are dicts; ``range`` over one starts at a random entry drawn
from a generator seeded by the run's seed, as Go's ``mapiterinit`` starts at a random bucket.

Pointers: a struct or array value is a Python list that stays where it was created (assigning
to it overwrites it in place, ``assign``), so a pointer to one is the list itself.  A pointer
to any other value is a ``Cell`` (a variable whose address the program takes lives in one) or
a ``Ref`` to one element of a list (an array or slice element, a struct field); both hold
the value in ``.v``.  The nil pointer is ``None``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from types import MappingProxyType
from typing import Any

from gmpsim.codegen.support import (
    ASSERTION_ERROR,
    BOUNDS_ERROR,
    PLAIN_ERROR,
    GoPanic,
    SimulationLimit,
    nil_deref_panic,
    runtime_panic,
)

# runtime/sizeclasses.go: the bytes an allocation of each size class holds (same in go1.19 … 1.27)
SIZE_CLASSES = (
    0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320,
    352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048,
    2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240,
    10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768,
)  # fmt: skip
PAGE_SIZE = 8192
MAX_ALLOC = 1 << 48  # malloc.go's maxAlloc on linux/amd64: a larger slice panics
# gmpsim's own bounds, far below maxAlloc: a backing array is a Python list of one reference per
# element however small the element is in Go, and an array or struct element is a list of its own
MAX_BACKING_ELEMENTS = 1 << 26
MAX_BACKING_BYTES = 1 << 32


class GoSlice:
    """A slice header: ``arr[off : off + len]`` is visible, ``arr[off : off + cap]`` is usable."""

    __slots__ = ("arr", "cap", "len", "off")

    def __init__(self, arr: list[Any], off: int, length: int, cap: int) -> None:
        self.arr = arr
        self.off = off
        self.len = length
        self.cap = cap

    def __iter__(self) -> Iterator[Any]:
        return iter(self.arr[self.off : self.off + self.len])

    def __len__(self) -> int:
        return self.len


def index_panic(i: int, length: int) -> GoPanic:
    if i < 0:
        return runtime_panic(f"runtime error: index out of range [{i}]", BOUNDS_ERROR)
    return runtime_panic(f"runtime error: index out of range [{i}] with length {length}", BOUNDS_ERROR)


def sindex(s: GoSlice | None, i: int) -> Any:
    """s[i] for a slice."""
    if s is None or not 0 <= i < s.len:
        raise index_panic(i, 0 if s is None else s.len)
    return s.arr[s.off + i]


def sstore(s: GoSlice | None, i: int, value: Any) -> None:
    """s[i] = value for a slice."""
    if s is None or not 0 <= i < s.len:
        raise index_panic(i, 0 if s is None else s.len)
    s.arr[s.off + i] = value


def bindex(s: bytes, i: int) -> int:
    """s[i] for a string: the byte."""
    if not 0 <= i < len(s):
        raise index_panic(i, len(s))
    return s[i]


def olen(x: GoSlice | dict[Any, Any] | None) -> int:
    """len of a slice or map (0 for nil)."""
    return 0 if x is None else len(x)


def scap(s: GoSlice | None) -> int:
    return 0 if s is None else s.cap


def make_slice(length: int, cap: int | None, zero: Any, elem_size: int) -> GoSlice:
    """make([]T, length, cap) (cap None: make([]T, length)): makeslice's checks in its order,
    then gmpsim's own bounds."""
    if cap is None:
        cap = length
    if length < 0 or length * elem_size > MAX_ALLOC:
        raise runtime_panic("runtime error: makeslice: len out of range")
    if cap < length or cap * elem_size > MAX_ALLOC:
        raise runtime_panic("runtime error: makeslice: cap out of range")
    _check_backing(cap, elem_size)
    if isinstance(zero, (GoStruct, GoArray)):  # each element is a value of its own
        return GoSlice([zero.copy() for _ in range(cap)], 0, length, cap)
    return GoSlice([zero] * cap, 0, length, cap)


def _check_backing(cap: int, elem_size: int) -> None:
    if cap > MAX_BACKING_ELEMENTS or cap * elem_size > MAX_BACKING_BYTES:
        raise SimulationLimit(
            f"a slice of {cap} elements of {elem_size} bytes is more than gmpsim simulates (at most"
            f" {MAX_BACKING_ELEMENTS} elements and {MAX_BACKING_BYTES >> 30} GiB: a backing array is a"
            " Python list)"
        )


def slice_of(values: list[Any]) -> GoSlice:
    """A slice literal's backing array."""
    return GoSlice(values, 0, len(values), len(values))


def _bounds(low: int, high: int, limit: int, what: str, three: bool) -> None:
    """Go's slicing checks, innermost bound first, with the runtime's messages."""
    if not 0 <= high <= limit:
        colon = "::" if three else ":"
        raise runtime_panic(
            f"runtime error: slice bounds out of range [{colon}{high}] with {what} {limit}", BOUNDS_ERROR
        )
    if not 0 <= low <= high:
        tail = f":{high}" if not three else f":{high}:"
        raise runtime_panic(f"runtime error: slice bounds out of range [{low}{tail}]", BOUNDS_ERROR)


def reslice(s: GoSlice | None, low: int, high: int | None, limit: int | None) -> GoSlice | None:
    """s[low:high] or s[low:high:limit]."""
    cap = 0 if s is None else s.cap
    if limit is not None:
        if not 0 <= limit <= cap:
            raise runtime_panic(
                f"runtime error: slice bounds out of range [::{limit}] with capacity {cap}", BOUNDS_ERROR
            )
        hi = limit if high is None else high
        if not 0 <= hi <= limit:
            raise runtime_panic(f"runtime error: slice bounds out of range [:{hi}:{limit}]", BOUNDS_ERROR)
        if not 0 <= low <= hi:
            raise runtime_panic(f"runtime error: slice bounds out of range [{low}:{hi}:]", BOUNDS_ERROR)
        new_cap = limit - low
    else:
        hi = (0 if s is None else s.len) if high is None else high
        _bounds(low, hi, cap, "capacity", False)
        new_cap = cap - low
    if s is None:
        return None
    return GoSlice(s.arr, s.off + low, hi - low, new_cap)


def substring(s: bytes, low: int, high: int | None) -> bytes:
    """s[low:high] for a string."""
    hi = len(s) if high is None else high
    _bounds(low, hi, len(s), "length", False)
    return s[low:hi]


def grow_cap(old_cap: int, new_len: int, elem_size: int) -> int:
    """growslice's new capacity: doubling, then ~1.25x from 256, rounded to a size class."""
    new_cap = old_cap
    double = old_cap + old_cap
    if new_len > double:
        new_cap = new_len
    elif old_cap < 256:
        new_cap = double
    else:
        while new_cap < new_len:
            new_cap += (new_cap + 3 * 256) >> 2
    if elem_size == 0:
        return new_cap
    return _roundupsize(new_cap * elem_size) // elem_size


def _roundupsize(size: int) -> int:
    if size <= SIZE_CLASSES[-1]:
        lo, hi = 0, len(SIZE_CLASSES) - 1
        while lo < hi:  # the smallest class that holds size
            mid = (lo + hi) // 2
            if SIZE_CLASSES[mid] >= size:
                hi = mid
            else:
                lo = mid + 1
        return SIZE_CLASSES[lo]
    return (size + PAGE_SIZE - 1) // PAGE_SIZE * PAGE_SIZE


def sappend(s: GoSlice | None, values: tuple[Any, ...] | list[Any] | bytes, elem_size: int) -> GoSlice | None:
    """append(s, values...): in place within capacity, else into a grown copy."""
    n = len(values)
    if s is None:
        if n == 0:
            return None
        cap = grow_cap(0, n, elem_size)
        arr = list(values)
        arr.extend(_zero_like(arr[0]) for _ in range(cap - n))
        return GoSlice(arr, 0, n, cap)
    new_len = s.len + n
    if new_len <= s.cap:
        start = s.off + s.len
        s.arr[start : start + n] = values
        return GoSlice(s.arr, s.off, new_len, s.cap)
    cap = grow_cap(s.cap, new_len, elem_size)
    _check_backing(cap, elem_size)  # reached long before growslice's own maxAlloc panic
    arr = s.arr[s.off : s.off + s.len]
    arr.extend(values)
    filler = arr[0] if arr else None
    arr.extend(_zero_like(filler) for _ in range(cap - new_len))
    return GoSlice(arr, 0, new_len, cap)


def _zero_like(value: Any) -> Any:
    """The zero value of value's type, for the unused tail of a grown backing array."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 0
    if isinstance(value, float):
        return 0.0
    if isinstance(value, complex):
        return 0j
    if isinstance(value, bytes):
        return b""
    if isinstance(value, GoStruct):
        return type(value)(
            _zero_like(v) if i in value.nested else _zero_scalar(v) for i, v in enumerate(value)
        )
    if isinstance(value, GoArray):
        return type(value)(_zero_like(v) if value.nested else _zero_scalar(v) for v in value)
    return None


def _zero_scalar(value: Any) -> Any:
    """The zero value of a field or element that is not itself a struct or array value (a pointer
    to one is a list too, whose zero is nil)."""
    return None if isinstance(value, list) else _zero_like(value)


def scopy(dst: GoSlice | None, src: GoSlice | bytes | None) -> int:
    """copy(dst, src): the number of elements copied, min of both lengths (overlap-safe)."""
    if dst is None or src is None:
        return 0
    if isinstance(src, bytes):
        n = min(dst.len, len(src))
        dst.arr[dst.off : dst.off + n] = list(src[:n])
        return n
    n = min(dst.len, src.len)
    dst.arr[dst.off : dst.off + n] = src.arr[src.off : src.off + n]
    return n


def bytes_of(s: bytes) -> GoSlice:
    """[]byte(s): a copy in an allocation rounded up to its size class."""
    cap = _roundupsize(len(s)) if s else 0
    return GoSlice(list(s) + [0] * (cap - len(s)), 0, len(s), cap)


def string_of(s: GoSlice | None) -> bytes:
    """string(b) for []byte or []rune (runes given as their UTF-8 encoding by the caller)."""
    return b"" if s is None else bytes(s.arr[s.off : s.off + s.len])


def mstore(m: dict[Any, Any] | None, key: Any, value: Any) -> None:
    """m[key] = value."""
    if m is None:
        raise runtime_panic("assignment to entry in nil map", PLAIN_ERROR)
    if type(key) in (float, complex):
        if key != key:
            key = _NaNFloat(key) if type(key) is float else _NaNComplex(key)
        elif key in m:
            del m[key]  # Go stores the new key over an equal one (0 and -0 differ when printed)
    m[key] = value


def float_keyed_map(pairs: list[tuple[Any, Any]]) -> dict[Any, Any]:
    """A map literal whose keys are floats or complex numbers, stored as mstore stores them."""
    m: dict[Any, Any] = {}
    for k, v in pairs:
        mstore(m, k, v)
    return m


class _NaNFloat(float):
    """A NaN stored as a map key: equal to nothing, so every store of NaN adds an entry that no
    lookup finds, as in Go."""

    __hash__ = object.__hash__

    def __eq__(self, other: object) -> bool:
        return False

    def __ne__(self, other: object) -> bool:
        return True


class _NaNComplex(complex):
    """A complex map key with a NaN part (see _NaNFloat)."""

    __hash__ = object.__hash__
    __eq__ = _NaNFloat.__eq__
    __ne__ = _NaNFloat.__ne__


def mlookup(m: dict[Any, Any] | None, key: Any, zero: Any) -> tuple[Any, bool]:
    """v, ok := m[key]."""
    if m and key in m:
        return m[key], True
    if isinstance(key, Box):
        hash(key)  # an interface key of an unhashable type panics even on an empty map
    return zero, False


def mdelete(m: dict[Any, Any] | None, key: Any) -> None:
    if m:
        m.pop(key, None)
    elif isinstance(key, Box):
        hash(key)  # an interface key of an unhashable type panics even on an empty map


class _Identity:
    """A pointer to a struct or array as a dict key: the same pointer, whatever the contents."""

    __slots__ = ("p",)

    def __init__(self, p: Any) -> None:
        self.p = p

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Identity) and other.p is self.p

    def __hash__(self) -> int:
        return id(self.p)


class IdentityMap(dict[Any, Any]):
    """A map whose keys are pointers to structs or arrays (lists, compared by their contents in
    Python): keys are told apart by identity, as Go compares pointers."""

    def __init__(self, pairs: list[tuple[Any, Any]]) -> None:
        super().__init__()
        for k, v in pairs:
            self[k] = v

    def __bool__(self) -> bool:
        return True  # generated code reads ``(m or EMPTY_MAP).get(k)``: only nil may stand aside

    def __getitem__(self, key: Any) -> Any:
        return super().__getitem__(_Identity(key))

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(_Identity(key), value)

    def __contains__(self, key: object) -> bool:
        return super().__contains__(_Identity(key))

    def get(self, key: Any, default: Any = None) -> Any:
        return super().get(_Identity(key), default)

    def pop(self, key: Any, *default: Any) -> Any:
        return super().pop(_Identity(key), *default)

    def __iter__(self) -> Iterator[Any]:
        return (k.p for k in super().__iter__())

    def keys(self) -> Any:
        return list(self)

    def items(self) -> Any:
        return [(k.p, v) for k, v in super().items()]


class MapOrder:
    """Where each ``range`` over a map starts: Go randomises it per loop from fastrand."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed ^ 0x6D6170)

    def keys(self, m: dict[Any, Any] | None) -> list[Any]:
        """The keys in iteration order: the dict's order rotated to a random start."""
        if m is None or len(m) == 0:
            return []
        keys = list(m)
        start = self.rng.randrange(len(keys))
        return keys[start:] + keys[:start]


def string_runes(s: bytes) -> Iterator[tuple[int, int]]:
    """for i, r := range s: byte offsets and runes, U+FFFD (width 1) for bad UTF-8."""
    i, n = 0, len(s)
    while i < n:
        b = s[i]
        if b < 0x80:
            yield i, b
            i += 1
            continue
        width = (
            2
            if b >= 0xC0 and b < 0xE0
            else 3
            if b >= 0xE0 and b < 0xF0
            else 4
            if b >= 0xF0 and b < 0xF5
            else 0
        )
        chunk = s[i : i + width] if width else b""
        try:
            r = ord(chunk.decode("utf-8")) if len(chunk) == width and width else -1
        except UnicodeDecodeError:
            r = -1
        if r < 0:
            yield i, 0xFFFD
            i += 1
        else:
            yield i, r
            i += width


def namespace(seed: int) -> dict[str, Any]:
    """The names generated code uses for these operations."""
    return {
        "GoSlice": GoSlice,
        "Shown": Shown,
        "as_generator": as_generator,
        "Box": Box,
        "iface_arg": iface_arg,
        "iassert": iassert,
        "iassert_ok": iassert_ok,
        "iassert_iface": iassert_iface,
        "implements": implements,
        "iassert_iface_ok": iassert_iface_ok,
        "icall": icall,
        "error_box": error_box,
        "error_of": error_of,
        "GoArray": GoArray,
        "GoArrayOfValues": GoArrayOfValues,
        "Cell": Cell,
        "Ref": Ref,
        "aref": aref,
        "sref": sref,
        "ptr_eq": ptr_eq,
        "aindex": aindex,
        "astore": astore,
        "array_slice": array_slice,
        "struct_class": struct_class,
        "nil_deref": nil_deref,
        "panicwrap": panicwrap,
        "EMPTY_MAP": MappingProxyType({}),
        "IdentityMap": IdentityMap,
        "float_keyed_map": float_keyed_map,
        "sindex": sindex,
        "sstore": sstore,
        "bindex": bindex,
        "olen": olen,
        "scap": scap,
        "make_slice": make_slice,
        "slice_of": slice_of,
        "reslice": reslice,
        "substring": substring,
        "sappend": sappend,
        "scopy": scopy,
        "bytes_of": bytes_of,
        "string_of": string_of,
        "mstore": mstore,
        "mlookup": mlookup,
        "mdelete": mdelete,
        "map_keys": MapOrder(seed).keys,
        "string_runes": string_runes,
    }


class GoStruct(list[Any]):
    """A struct value: its fields in declaration order.  Each struct type gets a subclass
    (``struct_class``) that knows Go's name for it and its fields' fmt kinds; assigning a struct
    copies it (``copy``, or ``assign`` into a struct that is already somewhere), taking its
    address (``&v``) shares it.

    Two structs are equal when their non-blank fields are (blank ``_`` fields never count), and
    a struct of comparable fields is a valid map key: it hashes by those fields.  A map holds
    copies of its keys, so a key is never changed while it is in a map."""

    go_type = "struct"
    go_fields: tuple[str, ...] = ()  # the field names, for fmt's %+v
    kinds: tuple[str, ...] = ()
    nested: frozenset[int] = frozenset()  # fields that are struct or array values, copied deeply
    compared: tuple[int, ...] = ()  # the non-blank fields

    def copy(self) -> GoStruct:
        if not self.nested:
            return type(self)(self)
        return type(self)(v.copy() if i in self.nested else v for i, v in enumerate(self))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GoStruct):
            return NotImplemented
        return all(self[i] == other[i] for i in self.compared)  # == as Go's: NaN is unequal

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:  # type: ignore[override]  # list is unhashable; a Go key is not
        return hash(tuple(self[i] for i in self.compared))

    def assign(self, value: list[Any]) -> None:
        """``*p = value``: overwrite the fields in place, so pointers into this struct stay valid."""
        if not self.nested:
            self[:] = value
            return
        for i, v in enumerate(value):
            if i in self.nested:
                self[i].assign(v)
            else:
                self[i] = v


class GoArray(list[Any]):
    """An array value: assigning it copies it (and the structs and arrays inside).  Arrays of
    comparable elements compare element by element and are valid map keys."""

    nested = False  # its elements are struct or array values (GoArrayOfValues)

    def copy(self) -> GoArray:
        return type(self)(self)

    def assign(self, value: list[Any]) -> None:
        self[:] = value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GoArray):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:  # type: ignore[override]  # list is unhashable; a Go key is not
        return hash(tuple(self))


class GoArrayOfValues(GoArray):
    """An array whose elements are struct or array values, copied and assigned element by element."""

    nested = True

    def copy(self) -> GoArray:
        return type(self)(v.copy() for v in self)

    def assign(self, value: list[Any]) -> None:
        for mine, v in zip(self, value):
            mine.assign(v)


def aindex(a: list[Any], i: int) -> Any:
    """a[i] for an array (a variable index; constant ones are checked when compiling)."""
    if not 0 <= i < len(a):
        raise index_panic(i, len(a))
    return a[i]


def astore(a: list[Any], i: int, value: Any) -> None:
    if not 0 <= i < len(a):
        raise index_panic(i, len(a))
    a[i] = value


def array_slice(a: GoArray) -> GoSlice:
    """a[:] before the bounds: a slice sharing the array."""
    return GoSlice(a, 0, len(a), len(a))


def struct_class(
    go_type: str, names: tuple[str, ...], kinds: tuple[str, ...], nested: tuple[int, ...]
) -> type[GoStruct]:
    compared = tuple(i for i, name in enumerate(names) if name != "_")
    attrs = {
        "go_type": go_type,
        "go_fields": names,
        "kinds": kinds,
        "nested": frozenset(nested),
        "compared": compared,
    }
    return type(go_type, (GoStruct,), attrs)


def aref(a: list[Any], i: int) -> Ref:
    """&a[i] for an array of values other than structs and arrays."""
    if not 0 <= i < len(a):
        raise index_panic(i, len(a))
    return Ref(a, i)


def sref(s: GoSlice | None, i: int) -> Ref:
    """&s[i] for a slice of values other than structs and arrays."""
    if s is None or not 0 <= i < s.len:
        raise index_panic(i, 0 if s is None else s.len)
    return Ref(s.arr, s.off + i)


class Cell:
    """A variable whose address is taken, or a value made by new(T) or &T{…}: ``.v`` is its value."""

    __slots__ = ("v",)

    def __init__(self, v: Any) -> None:
        self.v = v


class Ref:
    """A pointer to element ``i`` of the list ``seq``: an array or slice element or a struct field."""

    __slots__ = ("i", "seq")

    def __init__(self, seq: list[Any], i: int) -> None:
        self.seq = seq
        self.i = i

    @property
    def v(self) -> Any:
        return self.seq[self.i]

    @v.setter
    def v(self, value: Any) -> None:
        self.seq[self.i] = value

    @property
    def address_key(self) -> tuple[int, int]:
        """What fmt's fake address is drawn for: the element, not this Python object."""
        return id(self.seq), self.i

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ref) and other.seq is self.seq and other.i == self.i

    def __hash__(self) -> int:
        return hash((id(self.seq), self.i))


def ptr_eq(a: Any, b: Any) -> bool:
    """p == q for pointers: the same variable or element (two Refs to it are equal)."""
    return a is b or (type(a) is Ref and a == b)


def nil_deref() -> Any:
    raise nil_deref_panic()


def panicwrap(type_name: str, method: str) -> Any:
    """A value method called through a nil pointer (the compiler's wrapper of it panics)."""
    raise runtime_panic(
        f"value method main.{type_name}.{method} called using nil *{type_name} pointer", PLAIN_ERROR
    )


# In a Box's type name, separates the Go name of a type declared in a function from which
# declaration it is (a NUL, which no Go type's spelling holds)
SCOPE_MARK = "\x00"


class Box:
    """A non-nil interface value: the dynamic value, its Go type name (what type assertions and
    switches compare), its fmt kind, and its method set (name -> generator function taking g,
    the receiver and the arguments).  The nil interface is None.  Comparing two values of an
    uncomparable dynamic type (slices, maps, funcs, structs holding them), or using one as a
    map key, panics as in Go."""

    __slots__ = ("comparable", "kind", "methods", "tname", "v")

    def __init__(
        self, v: Any, tname: str, kind: str, methods: dict[str, Any], comparable: bool = True
    ) -> None:
        self.v = v
        self.tname = tname
        self.kind = kind
        self.methods = methods
        self.comparable = comparable

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Box) or self.tname != other.tname:
            return False
        if not self.comparable:
            raise runtime_panic(f"runtime error: comparing uncomparable type {shown_type(self.tname)}")
        return ptr_eq(self.v, other.v) if self.tname.startswith("*") else bool(self.v == other.v)

    def __hash__(self) -> int:
        if not self.comparable:
            raise runtime_panic(f"runtime error: hash of unhashable type {shown_type(self.tname)}")
        # a pointer hashes by what it points to (its identity; a Ref by its element's)
        pointer = self.tname.startswith("*") and type(self.v) is not Ref
        return hash((self.tname, id(self.v) if pointer else self.v))

    def fmt_operand(self) -> tuple[Any, str]:
        """What fmt prints for this value: the dynamic value (through its String or Error
        method if it has one) and its kind; fmt asks this of interface values inside others."""
        if "String" in self.methods or "Error" in self.methods:
            return Shown(self.v, self.methods), self.kind
        return self.v, self.kind


def string_panic(text: str) -> GoPanic:
    """panic("…") of a string, as library code panics."""
    return GoPanic(Box(text.encode(), "string", "string", {}))


def iface_arg(box: Box | None, static_kind: str) -> tuple[Any, str]:
    """An interface operand of fmt: its dynamic value and kind."""
    if box is None:
        return None, static_kind
    return box.fmt_operand()


def shown_type(tname: str) -> str:
    """A Box's type as Go prints it: without the declaration number of a type declared in a
    function (see ``SCOPE_MARK``)."""
    return tname.partition(SCOPE_MARK)[0]


def _conversion_panic(box: Box | None, iface: str, want: str, missing: str = "") -> GoPanic:
    wanted = shown_type(want)
    if box is None:
        return runtime_panic(f"interface conversion: {iface} is nil, not {wanted}", ASSERTION_ERROR)
    have = shown_type(box.tname)
    if missing:
        return runtime_panic(
            f"interface conversion: {have} is not {wanted}: missing method {missing}", ASSERTION_ERROR
        )
    # two types of one name (a package's and a function's, or two functions') are told apart
    scopes = " (types from different scopes)" if have == wanted else ""
    return runtime_panic(f"interface conversion: {iface} is {have}, not {wanted}{scopes}", ASSERTION_ERROR)


def iassert(box: Box | None, tname: str, iface: str) -> Any:
    """x.(T) for a concrete T: the value, else Go's panic."""
    if box is None or box.tname != tname:
        raise _conversion_panic(box, iface, tname)
    return box.v


def iassert_ok(box: Box | None, tname: str, zero: Any) -> tuple[Any, bool]:
    if box is None or box.tname != tname:
        return zero, False
    v = box.v
    copies = isinstance(v, (GoStruct, GoArray)) and not tname.startswith("*")  # not a pointer to one
    return (v.copy() if copies else v), True


def implements(box: Box | None, methods: tuple[str, ...]) -> bool:
    return box is not None and all(m in box.methods for m in methods)


def iassert_iface_ok(box: Box | None, methods: tuple[str, ...]) -> tuple[Box | None, bool]:
    return (box, True) if implements(box, methods) else (None, False)


def iassert_iface(box: Box | None, methods: tuple[str, ...], want: str, iface: str) -> Box:
    """x.(I) for an interface I: the same value if its method set has I's methods."""
    if box is None:
        raise _conversion_panic(box, iface, want)
    missing = next((m for m in methods if m not in box.methods), "")
    if missing:  # "name signature"
        raise _conversion_panic(box, iface, want, missing.split(" ", 1)[0])
    return box


def _error_method(g: Any, err: Any) -> Any:
    """The Error method of an error value the library or the runtime made, in a method table."""
    return err.Error()
    yield  # unreachable: makes it a generator function, as method tables hold


def _runtime_error_method(g: Any, err: Any) -> Any:
    """runtime.Error's marker method."""
    return None
    yield  # unreachable: makes it a generator function, as method tables hold


# by name, and by "name signature" as interface checks look them up
ERROR_METHODS = {"Error": _error_method, "Error func() string": _error_method}
RUNTIME_ERROR_METHODS = {
    **ERROR_METHODS,
    "RuntimeError": _runtime_error_method,
    "RuntimeError func()": _runtime_error_method,
}


class BoxedError:
    """A value of type error whose dynamic type is the program's (a Box with an Error method):
    values of type error are objects with an ``Error() -> bytes`` method, see gmpsim.golib.errors."""

    __slots__ = ("box",)

    def __init__(self, box: Box) -> None:
        self.box = box

    @property
    def go_type(self) -> str:
        return shown_type(self.box.tname)

    def Error(self) -> bytes:
        return method_text(self.box, "Error")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BoxedError) and self.box == other.box

    def __hash__(self) -> int:
        return hash(self.box)


def error_box(err: Any) -> Box | None:
    """A value of type error as a value of another interface type (interface{}, runtime.Error)."""
    if err is None:
        return None
    if isinstance(err, BoxedError):
        return err.box
    methods = RUNTIME_ERROR_METHODS if hasattr(err, "RuntimeError") else ERROR_METHODS
    return Box(err, err.go_type, err.go_type, methods)


def error_of(box: Box | None) -> Any:
    """An interface value known to have an Error method as a value of type error."""
    if box is None:
        return None
    if box.methods is ERROR_METHODS or box.methods is RUNTIME_ERROR_METHODS:
        return box.v
    return BoxedError(box)


def icall(g: Any, box: Box | None, name: str, *args: Any) -> Any:
    """A method call through an interface (a nil one dereferences nil)."""
    if box is None:
        nil_deref()
    assert box is not None
    return (yield from box.methods[name](g, box.v, *args))


def as_generator(f: Any) -> Any:
    """A plain (never yielding) generated function as a generator function returning its result,
    so that a method table can call every method with ``yield from``."""

    def call(g: Any, *args: Any) -> Any:
        return f(g, *args)
        yield  # unreachable: makes call a generator function

    return call


class _FormattingG:
    """The goroutine a String or Error method runs on while fmt formats: fmt calls it in the
    middle of an operation, so its cost is not charged to the virtual clock."""

    clock = 0
    stackguard = asyncguard = float("inf")


def call_now(gen: Any) -> Any:
    """Run a method that completes without yielding to the runtime; its result."""
    try:
        gen.send(None)
    except StopIteration as done:
        return done.value
    raise string_panic("unsupported: a String or Error method that blocks, called by fmt")


def method_text(box: Box, name: str) -> bytes:
    """What the Error or String method of an interface value returns (for fmt or a panic)."""
    text = call_now(box.methods[name](_FormattingG, box.v))
    assert isinstance(text, bytes)
    return text


class Shown:
    """A value fmt shows through its Error or String method (fmt's handleMethods)."""

    __slots__ = ("Error", "String", "v")

    def __init__(self, v: Any, methods: dict[str, Any]) -> None:
        self.v = v
        for name in ("Error", "String"):
            if name in methods:
                setattr(self, name, lambda f=methods[name]: call_now(f(_FormattingG, v)))

    def without_methods(self) -> Any:
        """The value itself, for the verbs fmt does not print through Error or String."""
        return self.v
