"""The standard library as gc's inliner sees it from the user's package.

A call to a library function or method costs the callee's own inline cost if gc inlines it,
and 57 if it stays a call.  Methods are named as gc names them, by import path:
``sync.(*Mutex).Lock``, ``container/ring.(*Ring).Next``.  These costs were measured with
``-gcflags=-m=2`` on go1.19, go1.22.10 and go1.27.3 (one wrapper function per library
function; the wrapper's cost minus its own nodes, which agrees with the cost -m=2 prints for
the library package itself); ``versions.py`` says which measured table a release uses.  Before Go 1.12 only
library functions that call nothing could be inlined, so that table keeps just those.

``calls_when_inlined`` is False where the inlined body makes no call at all, so a function
calling it can still be a NOSPLIT leaf.
"""

from __future__ import annotations

from dataclasses import dataclass

from gmpsim.golib.registry import FUNCS


@dataclass(frozen=True)
class StdCallee:
    inline_cost: int | None  # cost of its inlinable body; None: not inlinable, a call remains
    calls_when_inlined: bool = True


@dataclass(frozen=True)
class StdSignature:
    """What the inliner's count needs of a signature: variadic ``...any`` packing and
    implicit conversions to interface parameters."""

    fixed: int  # parameters before the ``...`` one
    interface_params: frozenset[int] = frozenset()


# Functions the SSA back end turns into instructions (ssagen intrinsics) on amd64: a call
# costs one node.  A release's table below takes precedence (go1.22 made math.Sqrt an
# inlinable wrapper of the intrinsic).
INTRINSICS = frozenset(
    {
        "math.Sqrt",
        "math.Floor",
        "math.Ceil",
        "math.Trunc",
        "math.FMA",
        "math/bits.LeadingZeros64",
        "math/bits.TrailingZeros64",
        "math/bits.OnesCount64",
        "math/bits.Len64",
        "runtime.KeepAlive",
    }
    | {
        f"sync/atomic.{op}{t}"
        for op in ("Add", "Load", "Store", "Swap", "CompareAndSwap")
        for t in ("Int32", "Int64", "Uint32", "Uint64", "Uintptr")
    }
)

VARIADIC_ANY: dict[str, StdSignature] = {
    **{f"fmt.{f}": StdSignature(0) for f in ("Print", "Println", "Sprint", "Sprintln")},
    **{f"fmt.{f}": StdSignature(1) for f in ("Printf", "Sprintf", "Errorf")},
    "fmt.Fprint": StdSignature(1, frozenset({0})),
    "fmt.Fprintln": StdSignature(1, frozenset({0})),
    "fmt.Fprintf": StdSignature(2, frozenset({0})),
}
# Intrinsics that keep a call to a fallback for CPUs without the instruction (amd64 v1).
INTRINSICS_WITH_FALLBACK = frozenset(
    {"math.Floor", "math.Ceil", "math.Trunc", "math.FMA", "math/bits.OnesCount64"}
)
INTERFACE_PARAMS: dict[str, frozenset[int]] = {
    "sort.Slice": frozenset({0}),
    "sort.SliceStable": frozenset({0}),
    "runtime.SetFinalizer": frozenset({0, 1}),
    "container/heap.Init": frozenset({0}),
    "container/heap.Push": frozenset({0, 1}),
    "container/heap.Pop": frozenset({0}),
    "container/heap.Remove": frozenset({0}),
    "container/heap.Fix": frozenset({0}),
    "sync.NewCond": frozenset({0}),  # a sync.Locker
    **{f"container/list.(*List).{m}": frozenset({0}) for m in ("PushFront", "PushBack")},
    **{f"container/list.(*List).{m}": frozenset({0}) for m in ("InsertBefore", "InsertAfter")},
}
# Result types the model follows through expressions (uint64(math.Float32bits(x)) converts
# a uint32), and fields of library structs, with types named by import path.
_RING_PTR = "*container/ring.Ring"
_ELEMENT_PTR = "*container/list.Element"
_LIST = "container/list.(*List)"
STD_RESULTS: dict[str, str] = {
    "math.Float64bits": "uint64",
    "math.Float32bits": "uint32",
    "math.Float64frombits": "float64",
    "math.Float32frombits": "float32",
    "math.NaN": "float64",
    "math.Copysign": "float64",
    "math.Exp": "float64",
    "math.Signbit": "bool",
    "runtime/debug.SetGCPercent": "int",
    "runtime.NumGoroutine": "int",
    "runtime.NumCPU": "int",
    "runtime.GOMAXPROCS": "int",
    "math/rand.Uint32": "uint32",
    "math/rand.Int63": "int64",
    "math/rand.Intn": "int",
    "math/rand.Int": "int",
    "math/rand.Float64": "float64",
    "sync.NewCond": "*sync.Cond",
    "time.Now": "time.Time",
    "time.Since": "time.Duration",
    "time.Until": "time.Duration",
    "container/ring.New": _RING_PTR,
    **{f"container/ring.(*Ring).{m}": _RING_PTR for m in ("Next", "Prev", "Move", "Link", "Unlink")},
    "container/ring.(*Ring).Len": "int",
    "container/heap.Pop": "any",
    "container/heap.Remove": "any",
    "container/list.New": "*container/list.List",
    f"{_LIST}.Init": "*container/list.List",
    f"{_LIST}.Len": "int",
    f"{_LIST}.Remove": "any",
    **{f"{_LIST}.{m}": _ELEMENT_PTR for m in ("Front", "Back", "PushFront", "PushBack")},
    **{f"{_LIST}.{m}": _ELEMENT_PTR for m in ("InsertBefore", "InsertAfter")},
    **{f"container/list.(*Element).{m}": _ELEMENT_PTR for m in ("Next", "Prev")},
}
STD_FIELDS: dict[str, dict[str, str]] = {
    "container/ring.Ring": {"Value": "any"},
    "container/list.Element": {"Value": "any"},
}

_CALL = StdCallee(None)


def _table(costs: dict[str, int | None], no_calls: frozenset[str]) -> dict[str, StdCallee]:
    return {
        name: StdCallee(cost, calls_when_inlined=name not in no_calls) if cost is not None else _CALL
        for name, cost in costs.items()
    }


_RING = "container/ring.(*Ring)"
# container/list's methods that only read fields (Init's pointer stores have write barriers)
_LIST_FIELDS_ONLY = frozenset(
    {f"{_LIST}.{m}" for m in ("Len", "Front", "Back")}
    | {f"container/list.(*Element).{m}" for m in ("Next", "Prev")}
)
_NO_CALLS = frozenset(
    {"runtime.NumCPU", "runtime.UnlockOSThread", "runtime.NumGoroutine", "math.Inf", "math.IsNaN"}
    | {"math.Abs", "math.Sqrt", "math.Signbit", "math.NaN", "math.Copysign"}
    | {f"math.{f}" for f in ("Float64bits", "Float32bits", "Float64frombits", "Float32frombits")}
    | {"unicode/utf8.RuneLen"}
    | {f"time.Duration.{m}" for m in ("Truncate", "Abs", "Seconds", "Minutes", "Hours")}
    | {f"time.Duration.{m}" for m in ("Milliseconds", "Microseconds", "Nanoseconds")}
    | {f"time.Time.{m}" for m in ("IsZero", "Unix", "UnixMilli", "UnixNano")}
    | {"flag.Args", "flag.NArg", "flag.NFlag", "flag.Parsed"}
    | _LIST_FIELDS_ONLY
)
_FLAG_KINDS = ("Bool", "Int", "Int64", "Uint", "Uint64", "String", "Float64", "Duration")
# None: not inlinable (57 at the call).  Shared by the three measured releases unless noted.
_COMMON: dict[str, int | None] = {
    "time.Sleep": None,
    "time.Now": None,
    "time.Since": None,
    "time.NewTimer": None,
    "time.NewTicker": None,
    "time.After": 62,
    "time.Tick": 68,
    "runtime.GOMAXPROCS": None,
    "runtime.Gosched": 62,
    "runtime.Goexit": None,
    "runtime.LockOSThread": None,
    "runtime.UnlockOSThread": 48,
    "runtime.NumCPU": 3,
    "os.Exit": None,
    "os.Getenv": None,
    "os.LookupEnv": None,
    "fmt.Println": 72,
    "fmt.Print": 72,
    "fmt.Printf": 73,
    "fmt.Sprint": None,
    "fmt.Sprintln": None,
    "fmt.Sprintf": None,
    "fmt.Errorf": None,
    "fmt.Fprint": None,
    "fmt.Fprintln": None,
    "fmt.Fprintf": None,
    "strings.Repeat": None,
    "strings.Contains": 64,
    "strings.HasPrefix": 14,
    "strings.HasSuffix": 16,
    "strings.Index": None,
    "strings.Join": None,
    "strings.Split": 64,
    "strings.ToUpper": None,
    "strings.ToLower": None,
    "strings.TrimSpace": None,
    "strings.Fields": None,
    "strings.Count": None,
    "strings.Replace": None,
    "strings.ReplaceAll": 64,
    "strings.EqualFold": None,
    "strconv.Itoa": 62,
    "strconv.Atoi": None,
    "strconv.FormatInt": None,
    "strconv.Quote": 80,
    "errors.New": 6,
    "errors.Is": None,
    "math.Max": 62,
    "math.Min": 62,
    "math.Pow": 62,
    "math.Inf": 21,
    "math.IsNaN": 4,
    "math.Abs": 14,
    "sort.Ints": 61,
    "sort.Strings": 61,
    "sort.Slice": None,
    "unicode/utf8.RuneLen": 43,
    "unicode/utf8.RuneCountInString": None,
    "unicode/utf8.DecodeRuneInString": None,
    "unicode/utf8.ValidString": None,
    "runtime.NumGoroutine": 44,
    "runtime.GC": None,
    "runtime.SetFinalizer": None,
    "runtime/debug.SetGCPercent": 63,
    "math.Signbit": 11,
    "math.Float64bits": 3,
    "math.Float32bits": 3,
    "math.Float64frombits": 3,
    "math.Float32frombits": 3,
    "math.NaN": 7,
    "math.Copysign": 23,
    "math.Exp": 61,
    "sync.(*Mutex).Lock": 69,
    "sync.(*Mutex).Unlock": 75,
    "sync.(*RWMutex).Lock": None,
    "sync.(*RWMutex).Unlock": None,
    "sync.(*RWMutex).RLock": 73,
    "sync.(*RWMutex).RUnlock": 75,
    "sync.(*WaitGroup).Add": None,
    "sync.(*WaitGroup).Done": 61,
    "sync.(*WaitGroup).Wait": None,
    "sync.(*Once).Do": 69,
    "sync.NewCond": 5,
    "sync.(*Cond).Wait": None,
    "sync.(*Cond).Signal": None,
    "sync.(*Cond).Broadcast": None,
    "runtime.ReadMemStats": None,
    "math/rand.Int": None,
    "math/rand.Float64": None,
    "math/rand.Uint32": 73,
    "math/rand.Int63": 66,
    "math/rand.Intn": 62,
    **{f"container/heap.{f}": None for f in ("Init", "Push", "Pop", "Remove", "Fix")},
    "container/ring.New": 50,
    f"{_RING}.Next": 22,
    f"{_RING}.Prev": 22,
    f"{_RING}.Move": 52,
    f"{_RING}.Len": 54,
    f"{_RING}.Link": 80,
    f"{_RING}.Unlink": None,
    f"{_RING}.Do": None,
    "container/list.New": 25,
    f"{_LIST}.Init": 20,
    f"{_LIST}.Len": 3,
    f"{_LIST}.Front": 11,
    f"{_LIST}.Back": 11,
    f"{_LIST}.Remove": 40,
    f"{_LIST}.PushFront": 78,
    f"{_LIST}.PushBack": 78,
    f"{_LIST}.InsertBefore": 52,
    f"{_LIST}.InsertAfter": 51,
    f"{_LIST}.MoveToFront": 55,
    f"{_LIST}.MoveToBack": 55,
    f"{_LIST}.MoveBefore": 57,
    f"{_LIST}.MoveAfter": 56,
    f"{_LIST}.PushBackList": None,
    f"{_LIST}.PushFrontList": None,
    "container/list.(*Element).Next": 22,
    "container/list.(*Element).Prev": 22,
    "time.Until": None,
    "time.Duration.Round": None,
    "time.Duration.Truncate": 12,
    "time.Duration.Abs": 17,
    "time.Duration.Seconds": 22,
    "time.Duration.Minutes": 22,
    "time.Duration.Hours": 22,
    "time.Duration.Milliseconds": 4,
    "time.Duration.Microseconds": 4,
    "time.Duration.Nanoseconds": 2,
    "time.Duration.String": None,
    "time.Time.Sub": None,
    "time.Time.Add": None,
    "time.Time.Before": None,
    "time.Time.After": None,
    "time.Time.Equal": None,
    "time.Time.IsZero": 40,
    "time.Time.Unix": 31,
    "time.Time.UnixMilli": 47,
    "time.Time.UnixNano": 45,
    "time.Time.String": None,
    "sort.SliceStable": None,
    "sort.Sort": None,
    "sort.Stable": None,
    "errors.As": None,
    "errors.Unwrap": 75,
    "bytes.Equal": 6,
    "bytes.Contains": 64,
    **{f"flag.{kind}": 64 for kind in _FLAG_KINDS},
    **{f"flag.{kind}Var": 73 for kind in _FLAG_KINDS},
    "flag.Parse": 63,
    "flag.PrintDefaults": 60,
    "flag.Args": 3,
    "flag.NArg": 4,
    "flag.NFlag": 4,
    "flag.Arg": 22,
    "flag.Parsed": 7,
}
_FLAG122: dict[str, int | None] = {
    **{f"flag.{kind}": 63 for kind in _FLAG_KINDS},
    **{f"flag.{kind}Var": 72 for kind in _FLAG_KINDS},
    **{"flag.Parse": 62, "flag.PrintDefaults": 59, "flag.Arg": 21, "flag.Parsed": 6},
}
_GO122: dict[str, int | None] = {
    **_COMMON,
    **_FLAG122,
    "sort.Ints": 60,
    "sort.Strings": 60,
    "runtime.NumGoroutine": 46,
    "math.Sqrt": 4,
    "sync.(*Mutex).Lock": 66,
    "sync.(*Mutex).Unlock": 72,
    "sync.(*RWMutex).RLock": 77,
    "sync.(*RWMutex).RUnlock": 78,
    "sync.(*WaitGroup).Done": 60,
    "math/rand.Uint32": None,  # go1.20's top-level functions check for a seeded source first
    "math/rand.Int63": None,
    "math/rand.Intn": None,
    "container/ring.New": 49,
    f"{_RING}.Next": 21,
    f"{_RING}.Prev": 21,
    f"{_RING}.Move": 51,
    f"{_RING}.Len": 52,
    f"{_RING}.Link": 76,
    "container/list.New": 19,
    f"{_LIST}.Init": 16,
    f"{_LIST}.Remove": 39,
    f"{_LIST}.PushFront": 68,
    f"{_LIST}.PushBack": 70,
    f"{_LIST}.InsertBefore": 50,
    f"{_LIST}.InsertAfter": 49,
    f"{_LIST}.MoveToFront": 52,
    f"{_LIST}.MoveToBack": 54,
    f"{_LIST}.MoveBefore": 56,
    f"{_LIST}.MoveAfter": 55,
    "time.Duration.String": 75,
    "time.Time.IsZero": 38,
    "time.Time.Unix": 29,
    "time.Time.UnixMilli": 44,
    "time.Time.UnixNano": 42,
    "errors.Unwrap": 79,
}
_GO127 = {
    **_GO122,
    "strings.Contains": 69,
    "strings.HasPrefix": 18,
    "strings.HasSuffix": 21,
    "strings.Index": 62,
    "strconv.Itoa": 66,
    "strconv.FormatInt": 62,
    "fmt.Errorf": 79,
    "sort.Ints": None,
    "sort.Strings": None,
    "unicode/utf8.RuneCountInString": 7,
    "unicode/utf8.DecodeRuneInString": 80,
    "runtime.NumGoroutine": 57,
    "math.Signbit": 10,
    "sync.(*Mutex).Lock": 68,  # a wrapper of internal/sync's, which it inlines
    "sync.(*Mutex).Unlock": 74,
    "sync.(*Once).Do": 70,
    "time.Time.IsZero": 10,
    "errors.Unwrap": 75,
}
# Bodies with a for loop, which gc refused to inline before Go 1.16 ("unhandled op FOR").
_LOOPS = frozenset({"container/ring.New", f"{_RING}.Move", f"{_RING}.Len"})
_BEFORE_LOOPS = {name: (None if name in _LOOPS else cost) for name, cost in _COMMON.items()}
# Before mid-stack inlining only bodies without calls were inlinable; their go1.19 cost is
# assumed [?].
_LEAVES_ONLY = {name: (cost if name in _NO_CALLS else None) for name, cost in _BEFORE_LOOPS.items()}

TABLES: dict[str, dict[str, StdCallee]] = {
    "leaves": _table(_LEAVES_ONLY, _NO_CALLS),
    "go1.12": _table(_BEFORE_LOOPS, _NO_CALLS),
    "go1.19": _table(_COMMON, _NO_CALLS),
    "go1.22": _table(_GO122, _NO_CALLS),
    "go1.27": _table(_GO127, _NO_CALLS),
}


def std_callee(table: str, name: str) -> StdCallee | None:
    """The inliner's view of library function ``name`` (``"fmt.Println"``); None if unknown."""
    return TABLES[table].get(name)


def std_method(std_type: str, name: str) -> tuple[str, bool] | None:
    """gc's name for method ``name`` of library type ``std_type`` (``"sync.Mutex"``) and whether
    its receiver is a pointer; None if no table knows it."""
    path, _, type_name = std_type.rpartition(".")
    for key, pointer in ((f"{path}.(*{type_name}).{name}", True), (f"{path}.{type_name}.{name}", False)):
        if key in _GO127:
            return key, pointer
    return None


def std_result(name: str) -> str | None:
    """The result type of library function or method ``name``, types named by import path."""
    if name in STD_RESULTS:
        return STD_RESULTS[name]
    path, _, func = name.rpartition(".")
    lib = FUNCS.get(f"{path.rsplit('/', 1)[-1]}.{func}")
    return lib.results[0] if lib is not None and len(lib.results) == 1 else None
