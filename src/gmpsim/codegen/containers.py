"""Go's slices, maps and string indexing for generated code, with Go's panics.

A slice is a window (offset, length, capacity) on a shared Python list, so that ``append``
within capacity and re-slicing alias the same elements as in Go; ``append`` beyond capacity
grows the way the runtime's ``growslice`` does (double below 256 elements, then about 1.25x,
rounded up to the allocator's size class), so ``cap`` prints what Go prints.  The nil slice and
the nil map are ``None``.  Maps are dicts; ``range`` over one starts at a random entry drawn
from a generator seeded by the run's seed, as Go's ``mapiterinit`` starts at a random bucket.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from types import MappingProxyType
from typing import Any

from gmpsim.codegen.support import GoPanic

# runtime/sizeclasses.go: the bytes an allocation of each size class holds (same in go1.19 … 1.27)
SIZE_CLASSES = (
    0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320,
    352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048,
    2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240,
    10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768,
)  # fmt: skip
PAGE_SIZE = 8192


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
        return GoPanic(f"runtime error: index out of range [{i}]")
    return GoPanic(f"runtime error: index out of range [{i}] with length {length}")


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


def make_slice(length: int, cap: int, zero: Any) -> GoSlice:
    if length < 0:
        raise GoPanic("runtime error: makeslice: len out of range")
    if cap < length:
        raise GoPanic("runtime error: makeslice: cap out of range")
    return GoSlice([zero] * cap, 0, length, cap)


def slice_of(values: list[Any]) -> GoSlice:
    """A slice literal's backing array."""
    return GoSlice(values, 0, len(values), len(values))


def _bounds(low: int, high: int, limit: int, what: str, three: bool) -> None:
    """Go's slicing checks, innermost bound first, with the runtime's messages."""
    if not 0 <= high <= limit:
        colon = "::" if three else ":"
        raise GoPanic(f"runtime error: slice bounds out of range [{colon}{high}] with {what} {limit}")
    if not 0 <= low <= high:
        tail = f":{high}" if not three else f":{high}:"
        raise GoPanic(f"runtime error: slice bounds out of range [{low}{tail}]")


def reslice(s: GoSlice | None, low: int, high: int | None, limit: int | None) -> GoSlice | None:
    """s[low:high] or s[low:high:limit]."""
    cap = 0 if s is None else s.cap
    if limit is not None:
        if not 0 <= limit <= cap:
            raise GoPanic(f"runtime error: slice bounds out of range [::{limit}] with capacity {cap}")
        hi = limit if high is None else high
        if not 0 <= hi <= limit:
            raise GoPanic(f"runtime error: slice bounds out of range [:{hi}:{limit}]")
        if not 0 <= low <= hi:
            raise GoPanic(f"runtime error: slice bounds out of range [{low}:{hi}:]")
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
        arr.extend(arr[:0] if cap == n else [_zero_like(arr[0])] * (cap - n))
        return GoSlice(arr, 0, n, cap)
    new_len = s.len + n
    if new_len <= s.cap:
        start = s.off + s.len
        s.arr[start : start + n] = values
        return GoSlice(s.arr, s.off, new_len, s.cap)
    cap = grow_cap(s.cap, new_len, elem_size)
    arr = s.arr[s.off : s.off + s.len]
    arr.extend(values)
    filler = arr[0] if arr else None
    arr.extend([_zero_like(filler)] * (cap - new_len))
    return GoSlice(arr, 0, new_len, cap)


def _zero_like(value: Any) -> Any:
    """The zero value of value's type, for the unused tail of a grown backing array."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 0
    if isinstance(value, float):
        return 0.0
    if isinstance(value, bytes):
        return b""
    return None


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
        raise GoPanic("assignment to entry in nil map")
    m[key] = value


def mlookup(m: dict[Any, Any] | None, key: Any, zero: Any) -> tuple[Any, bool]:
    """v, ok := m[key]."""
    if m is not None and key in m:
        return m[key], True
    return zero, False


def mdelete(m: dict[Any, Any] | None, key: Any) -> None:
    if m is not None:
        m.pop(key, None)


class MapOrder:
    """Where each ``range`` over a map starts: Go randomises it per loop from fastrand."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed ^ 0x6D6170)

    def keys(self, m: dict[Any, Any] | None) -> list[Any]:
        """The keys in iteration order: the dict's order rotated to a random start."""
        if not m:
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
        "GoArray": GoArray,
        "aindex": aindex,
        "astore": astore,
        "array_slice": array_slice,
        "struct_class": struct_class,
        "nil_deref": nil_deref,
        "Ref": Ref,
        "new_ref": new_ref,
        "load": load,
        "store": store,
        "EMPTY_MAP": MappingProxyType({}),
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
    copies it (``copy``), taking its address (``&v``) shares it."""

    go_type = "struct"
    go_fields: tuple[str, ...] = ()  # the field names, for fmt's %+v
    kinds: tuple[str, ...] = ()
    nested: frozenset[int] = frozenset()  # fields that are structs themselves, copied deeply

    def copy(self) -> GoStruct:
        if not self.nested:
            return type(self)(self)
        return type(self)(v.copy() if i in self.nested else v for i, v in enumerate(self))


class GoArray(list[Any]):
    """An array value: assigning it copies it (and the structs and arrays inside)."""

    def copy(self) -> GoArray:
        return GoArray(v.copy() if isinstance(v, (GoStruct, GoArray)) else v for v in self)


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
    attrs = {"go_type": go_type, "go_fields": names, "kinds": kinds, "nested": frozenset(nested)}
    return type(go_type, (GoStruct,), attrs)


def nil_deref() -> Any:
    raise GoPanic(
        "runtime error: invalid memory address or nil pointer dereference\n"
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]"
    )


class Ref:
    """A pointer to a variable that is not a struct (a struct pointer is the struct itself): the
    container that holds the variable and its key there.  A package variable's container is the
    generated module's globals and its key the Python name; a struct field's is the struct and
    the field's index; ``new(T)``'s and a flag's own value live in a one-element list."""

    __slots__ = ("c", "k")

    def __init__(self, c: Any, k: Any) -> None:
        self.c = c
        self.k = k

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ref) and self.c is other.c and self.k == other.k

    def __hash__(self) -> int:
        return hash((id(self.c), self.k))


def new_ref(value: Any) -> Ref:
    """A pointer to a new variable holding value (``new(int)``)."""
    return Ref([value], 0)


def load(p: Ref | None) -> Any:
    """``*p``."""
    r: Ref = p if p is not None else nil_deref()
    return r.c[r.k]


def store(p: Ref | None, value: Any) -> None:
    """``*p = value``."""
    r: Ref = p if p is not None else nil_deref()
    r.c[r.k] = value


class Box:
    """A non-nil interface value: the dynamic value, its Go type name (what type assertions and
    switches compare), its fmt kind, and its method set (name -> generator function taking g,
    the receiver and the arguments).  The nil interface is None."""

    __slots__ = ("kind", "methods", "tname", "v")

    def __init__(self, v: Any, tname: str, kind: str, methods: dict[str, Any]) -> None:
        self.v = v
        self.tname = tname
        self.kind = kind
        self.methods = methods

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Box) and self.tname == other.tname and self.v == other.v

    def __hash__(self) -> int:
        return hash((self.tname, self.v))


def iface_arg(box: Box | None, static_kind: str) -> tuple[Any, str]:
    """An interface operand of fmt: its dynamic value and kind."""
    if box is None:
        return None, static_kind
    if "String" in box.methods or "Error" in box.methods:
        return Shown(box.v, box.methods), box.kind
    return box.v, box.kind


def _conversion_panic(box: Box | None, iface: str, want: str, missing: str = "") -> GoPanic:
    if box is None:
        return GoPanic(f"interface conversion: {iface} is nil, not {want}")
    if missing:
        return GoPanic(f"interface conversion: {box.tname} is not {want}: missing method {missing}")
    return GoPanic(f"interface conversion: {iface} is {box.tname}, not {want}")


def iassert(box: Box | None, tname: str, iface: str) -> Any:
    """x.(T) for a concrete T: the value, else Go's panic."""
    if box is None or box.tname != tname:
        raise _conversion_panic(box, iface, tname)
    return box.v


def iassert_ok(box: Box | None, tname: str, zero: Any) -> tuple[Any, bool]:
    if box is None or box.tname != tname:
        return zero, False
    v = box.v
    return (v.copy() if isinstance(v, (GoStruct, GoArray)) else v), True


def implements(box: Box | None, methods: tuple[str, ...]) -> bool:
    return box is not None and all(m in box.methods for m in methods)


def iassert_iface_ok(box: Box | None, methods: tuple[str, ...]) -> tuple[Box | None, bool]:
    return (box, True) if implements(box, methods) else (None, False)


def iassert_iface(box: Box | None, methods: tuple[str, ...], want: str, iface: str) -> Box:
    """x.(I) for an interface I: the same value if its method set has I's methods."""
    if box is None:
        raise _conversion_panic(box, iface, want)
    missing = next((m for m in methods if m not in box.methods), "")
    if missing:
        raise _conversion_panic(box, iface, want, missing)
    return box


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
    raise GoPanic("unsupported: a String or Error method that blocks, called by fmt")


class Shown:
    """A value fmt shows through its Error or String method (fmt's handleMethods)."""

    __slots__ = ("Error", "String", "v")

    def __init__(self, v: Any, methods: dict[str, Any]) -> None:
        self.v = v
        for name in ("Error", "String"):
            if name in methods:
                setattr(self, name, lambda f=methods[name]: call_now(f(_FormattingG, v)))
