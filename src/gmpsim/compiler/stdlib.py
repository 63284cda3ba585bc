"""The standard library as gc's inliner sees it from the user's package.

A call to a library function costs the callee's own inline cost if gc inlines it, and 57 if
it stays a call.  These costs were measured with ``-gcflags=-m=2`` on go1.19, go1.22.10 and
go1.27.3 (one wrapper function per library function; the wrapper's cost minus its own
nodes); ``versions.py`` says which measured table a release uses.  Before Go 1.12 only
library functions that call nothing could be inlined, so that table keeps just those.

``calls_when_inlined`` is False where the inlined body makes no call at all, so a function
calling it can still be a NOSPLIT leaf.
"""

from __future__ import annotations

from dataclasses import dataclass


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
}

_CALL = StdCallee(None)


def _table(costs: dict[str, int | None], no_calls: frozenset[str]) -> dict[str, StdCallee]:
    return {
        name: StdCallee(cost, calls_when_inlined=name not in no_calls) if cost is not None else _CALL
        for name, cost in costs.items()
    }


_NO_CALLS = frozenset(
    {"runtime.NumCPU", "runtime.UnlockOSThread", "runtime.NumGoroutine", "math.Inf", "math.IsNaN"}
    | {"math.Abs", "math.Sqrt"}
    | {"unicode/utf8.RuneLen"}
    | {"flag.Args", "flag.NArg", "flag.NFlag", "flag.Parsed"}
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
    "runtime.ReadMemStats": None,
    "sort.SliceStable": None,
    "sort.Sort": None,
    "sort.Stable": None,
    "errors.As": None,
    "errors.Unwrap": 75,
    "sync.NewCond": 5,
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
    "errors.Unwrap": 75,
}
# Before mid-stack inlining only bodies without calls were inlinable; their go1.19 cost is
# assumed [?].
_LEAVES_ONLY = {name: (cost if name in _NO_CALLS else None) for name, cost in _COMMON.items()}

TABLES: dict[str, dict[str, StdCallee]] = {
    "leaves": _table(_LEAVES_ONLY, _NO_CALLS),
    "go1.19": _table(_COMMON, _NO_CALLS),
    "go1.22": _table(_GO122, _NO_CALLS),
    "go1.27": _table(_GO127, _NO_CALLS),
}


def std_callee(table: str, name: str) -> StdCallee | None:
    """The inliner's view of library function ``name`` (``"fmt.Println"``); None if unknown."""
    return TABLES[table].get(name)
