"""How the code generator calls the library of :mod:`gmpsim.golib.registry`.

``library_call`` checks a call's arguments against the Go signature (untyped constants take the
parameter's type, as in Go) and returns the expression that calls the Python implementation;
``library_constant`` gives ``math.Pi`` and friends as constants.  Kept apart from the code
generator so that adding a library function is a line in the registry, not a branch there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gmpsim.frontend import types as T
from gmpsim.golib.registry import CONSTS, FUNCS, STRUCTS, VARS, YIELDING, LibFunc, var_py_name

if TYPE_CHECKING:
    import tree_sitter

    from gmpsim.codegen.expressions import ExprLowerer
    from gmpsim.codegen.values import Expr

FMT_PRINTS = frozenset(
    f"fmt.{prefix}{suffix}" for prefix in ("Print", "Sprint", "Fprint") for suffix in ("", "ln", "f")
)
OUTPUT_FILES = {"os.Stdout": 1, "os.Stderr": 2}
LIBRARY_CALL_COST = 2  # a call that stays a call: argument moves, CALL, RET

_UNTYPED = {
    "untyped int": T.UNTYPED_INT,
    "untyped rune": T.UNTYPED_RUNE,
    "untyped float": T.UNTYPED_FLOAT,
    "string": T.STRING,
}


def lower_library_call(
    el: ExprLowerer, node: tree_sitter.Node, qual: str, args: list[tree_sitter.Node]
) -> Expr | None:
    """``pkg.F(args)`` for a library function gmpsim provides, or None if it has no such one."""
    if qual == "fmt.Errorf":
        return errorf_call(el, node, args)
    if qual == "sync.NewCond":
        return new_cond(el, node, args)
    lib = FUNCS.get(qual)
    return None if lib is None else library_call(el, node, lib, args)


def errorf_call(el: ExprLowerer, node: tree_sitter.Node, args: list[tree_sitter.Node]) -> Expr:
    """fmt.Errorf(format, operands...): Printf's formatting, then an error value (see fmt.errorf)."""
    from gmpsim.codegen.values import Expr, kind_of

    if not args:
        raise el.lw.error(node, "not enough arguments in call to fmt.Errorf")
    fmt = format_operand(el, args[0])
    pairs = []
    for a in args[1:]:
        e = el.expr(a)
        if e.type.kind in ("tuple", "void"):
            raise el.lw.unsupported(a, "multi-value arguments")
        pairs.append(el.fmt_operand(e, kind_of(e.type)) + ", ")
    el.cost(LIBRARY_CALL_COST)
    return Expr(f"fmt_errorf({fmt.code}, ({''.join(pairs)}))", T.NAMED["error"])


def format_operand(el: ExprLowerer, node: tree_sitter.Node, fmt: Expr | None = None) -> Expr:
    """A Printf-style format (``node``, or already lowered as ``fmt``): a string."""
    fmt = el.expr(node) if fmt is None else fmt
    if fmt.type.kind != "string":
        raise el.lw.error(node, "format must be a string")
    return fmt


def new_cond(el: ExprLowerer, node: tree_sitter.Node, args: list[tree_sitter.Node]) -> Expr:
    """sync.NewCond(l): l is a sync.Locker, which gmpsim knows as a *sync.Mutex or *sync.RWMutex."""
    from gmpsim.codegen.values import Expr

    if len(args) != 1:
        raise el.lw.error(node, "wrong number of arguments in call to sync.NewCond")
    locker = el.expr(args[0])
    if locker.type.kind == "nil":
        return Expr("Cond(None)", T.pointer_to(T.SYNC_TYPES["sync.Cond"]))
    if locker.type.kind != "ptr" or locker.type.elems[0].name not in ("sync.Mutex", "sync.RWMutex"):
        raise el.lw.unsupported(args[0], f"sync.Locker {locker.type} (only *sync.Mutex and *sync.RWMutex)")
    el.cost(LIBRARY_CALL_COST)
    return Expr(f"Cond({locker.code})", T.pointer_to(T.SYNC_TYPES["sync.Cond"]))


def _type(el: ExprLowerer, name: str, lib: LibFunc, node: tree_sitter.Node) -> T.Type:
    t = spelled_type(name)
    if t is None:
        raise el.lw.unsupported(node, f"{lib.qual} (its signature uses {name})")
    return t


ANY = T.Type("interface {}", "interface")
_SORT_METHODS = {
    "Len": T.func_of([], T.INT),
    "Less": T.func_of([T.INT, T.INT], T.BOOL),
    "Swap": T.func_of([T.INT, T.INT], T.VOID),
}
_HEAP_METHODS = _SORT_METHODS | {"Push": T.func_of([ANY], T.VOID), "Pop": T.func_of([], ANY)}


def _interface(name: str, methods: dict[str, T.Type]) -> T.Type:
    return T.Type(name, "interface", elems=tuple(methods.values()), fields=tuple(methods))


# library types beyond the predeclared ones, as the registry and SYNC_METHODS spell them
_SPELLED = {
    "": T.VOID,
    "any": ANY,
    "func()": T.func_of([], T.VOID),
    "func(any)": T.func_of([ANY], T.VOID),
    "func(int, int) bool": _SORT_METHODS["Less"],
    "sort.Interface": _interface("sort.Interface", _SORT_METHODS),
    "heap.Interface": _interface("heap.Interface", _HEAP_METHODS),
}
_STRUCT_TYPES: dict[str, T.Type] = {}


def library_struct(name: str) -> T.Type | None:
    """The struct type the library declares as ``name`` ("ring.Ring"; see golib.structs), or None."""
    lib = STRUCTS.get(name)
    if lib is None:
        return None
    if name not in _STRUCT_TYPES:
        fields = [(f, spelled_type(spelling)) for f, spelling in lib.fields]
        assert all(t is not None for _, t in fields), f"{name} has a field of an unknown type"
        _STRUCT_TYPES[name] = T.declared(name, T.struct_of([(f, t) for f, t in fields if t is not None]))
    return _STRUCT_TYPES[name]


def named_type(name: str) -> T.Type | None:
    """A type the library declares and a program may name (``ring.Ring``, ``heap.Interface``)."""
    return library_struct(name) or (_SPELLED.get(name) if "." in name else None)


def spelled_type(name: str) -> T.Type | None:
    """The type a library signature spells ``name`` ("[]string", "*int32", "(int, error)");
    None if the code generator cannot represent it."""
    if name.startswith("("):
        parts = [spelled_type(n) for n in name.strip("()").split(", ")]
        return None if None in parts else T.tuple_of([t for t in parts if t is not None])
    if name.startswith("*") and name[1:] in STRUCTS:  # named, as the struct may point to itself
        return T.pointer_to(T.Type(name[1:], "struct"))
    for prefix, compose in (("[]", T.slice_of), ("*", T.pointer_to)):
        if name.startswith(prefix):
            inner = spelled_type(name.removeprefix(prefix))
            return None if inner is None else compose(inner)
    return T.NAMED.get(name) or _SPELLED.get(name) or library_struct(name)


def library_call(
    el: ExprLowerer,
    node: tree_sitter.Node,
    lib: LibFunc,
    args: list[tree_sitter.Node],
    receiver: Expr | None = None,
) -> Expr:
    """``pkg.F(args)`` as a call of F's implementation; a method's receiver is its first argument."""
    from gmpsim.codegen.values import Expr

    params = [_type(el, p, lib, node) for p in lib.params]
    results = [_type(el, r, lib, node) for r in lib.results]
    codes = [] if receiver is None else [receiver.code]
    if len(args) != len(params) - len(codes):
        what = "not enough" if len(args) < len(params) - len(codes) else "too many"
        raise el.lw.error(node, f"{what} arguments in call to {lib.qual}")
    codes += [el.assignable(el.expr(a), t, a).code for a, t in zip(args, params[len(codes) :])]
    el.cost(LIBRARY_CALL_COST)
    if lib.qual in YIELDING:
        codes.insert(0, "g")
    call = f"{lib.py_name}({', '.join(codes)})"
    if len(results) == 1 and results[0].kind == "slice":  # the implementation returns a list
        call = f"slice_of({call})"
    if lib.qual in YIELDING:
        fl = el.fn
        if fl is None:
            raise el.lw.unsupported(node, "package-level initialisation with a non-constant value")
        fl.flush()
        call = f"(yield from {call})"
    return Expr(call, T.tuple_of(results))


def lower_library_method(
    el: ExprLowerer, node: tree_sitter.Node, recv: Expr, name: str, args: list[tree_sitter.Node]
) -> Expr | None:
    """``v.M(args)`` for a method of a library type (``time.Duration.Round``), or None.  A method
    on a pointer (``(*ring.Ring).Next``) is a library struct's, whose value is its own pointer."""
    pointer = recv.type.kind == "ptr"
    lib = FUNCS.get(f"{recv.type.elems[0].name if pointer else recv.type.name}.{name}")
    if lib is None or (pointer and not lib.params[0].startswith("*")):
        return None
    return library_call(el, node, lib, args, recv)


@dataclass(frozen=True)
class SyncMethod:
    """A method of a sync or sync/atomic type: Go parameter and result types (as the registry
    spells them) and the code, with the receiver as ``{r}`` and the arguments as ``{0}``, ``{1}``.
    Code that starts with ``yield`` is a request to the runtime (a statement: none has a result)."""

    params: tuple[str, ...]
    result: str
    code: str

    @property
    def is_request(self) -> bool:
        return self.code.startswith("yield")


# writers fmt.Fprint can write to besides os.Stdout and os.Stderr (one representation)
BUFFERS = ("strings.Builder", "bytes.Buffer")


def _typed_atomic(name: str, go_type: str) -> dict[str, SyncMethod]:
    """atomic.Int32 and friends: the package's functions applied to the value's own variable."""
    fn = f"lib_atomic_{{}}{name}({{{{r}}}}{{}})"
    return {
        f"atomic.{name}.Load": SyncMethod((), go_type, fn.format("Load", "")),
        f"atomic.{name}.Store": SyncMethod((go_type,), "", fn.format("Store", ", {0}")),
        f"atomic.{name}.Add": SyncMethod((go_type,), go_type, fn.format("Add", ", {0}")),
        f"atomic.{name}.Swap": SyncMethod((go_type,), go_type, fn.format("Swap", ", {0}")),
        f"atomic.{name}.CompareAndSwap": SyncMethod(
            (go_type, go_type), "bool", fn.format("CompareAndSwap", ", {0}, {1}")
        ),
    }


SYNC_METHODS: dict[str, SyncMethod] = {
    "sync.WaitGroup.Add": SyncMethod(("int",), "", "yield (WG_ADD, {r}, {0})"),
    "sync.WaitGroup.Done": SyncMethod((), "", "yield (WG_ADD, {r}, -1)"),
    "sync.WaitGroup.Wait": SyncMethod((), "", "yield (WG_WAIT, {r})"),
    "sync.Mutex.Lock": SyncMethod((), "", "yield from lock_mutex({r})"),
    "sync.Mutex.Unlock": SyncMethod((), "", "yield (UNLOCK, {r})"),
    "sync.RWMutex.Lock": SyncMethod((), "", "yield from rw_lock({r})"),
    "sync.RWMutex.Unlock": SyncMethod((), "", "yield (RWUNLOCK, {r})"),
    "sync.RWMutex.RLock": SyncMethod((), "", "yield (RLOCK, {r})"),
    "sync.RWMutex.RUnlock": SyncMethod((), "", "yield (RUNLOCK, {r})"),
    "sync.Locker.Lock": SyncMethod((), "", "yield from locker_lock({r})"),
    "sync.Locker.Unlock": SyncMethod((), "", "yield from locker_unlock({r})"),
    "sync.Once.Do": SyncMethod(("func()",), "", "yield from once_do(g, {r}, {0})"),
    "sync.Cond.Wait": SyncMethod((), "", "yield from cond_wait({r})"),
    "sync.Cond.Signal": SyncMethod((), "", "yield (COND_SIGNAL, {r}, False)"),
    "sync.Cond.Broadcast": SyncMethod((), "", "yield (COND_SIGNAL, {r}, True)"),
    **{
        f"{writer}.{name}": method
        for writer in BUFFERS
        for name, method in {
            "WriteString": SyncMethod(("string",), "(int, error)", "{r}.write({0})"),
            "Write": SyncMethod(("[]byte",), "(int, error)", "{r}.write(string_of({0}))"),
            "WriteByte": SyncMethod(("byte",), "error", "{r}.write_byte({0})"),
            "WriteRune": SyncMethod(("rune",), "(int, error)", "{r}.write_rune({0})"),
            "String": SyncMethod((), "string", "bytes({r}.buf)"),
            "Len": SyncMethod((), "int", "len({r}.buf)"),
            "Reset": SyncMethod((), "", "{r}.buf.clear()"),
            "Grow": SyncMethod(("int",), "", f"{{r}}.grow({{0}}, {writer!r})"),
        }.items()
    },
    **_typed_atomic("Int32", "int32"),
    **_typed_atomic("Int64", "int64"),
    **_typed_atomic("Uint32", "uint32"),
    **_typed_atomic("Uint64", "uint64"),
    "atomic.Bool.Load": SyncMethod((), "bool", "lib_atomic_LoadInt32({r})"),
    "atomic.Bool.Store": SyncMethod(("bool",), "", "lib_atomic_StoreInt32({r}, {0})"),
    "atomic.Bool.Swap": SyncMethod(("bool",), "bool", "lib_atomic_SwapInt32({r}, {0})"),
    "atomic.Bool.CompareAndSwap": SyncMethod(
        ("bool", "bool"), "bool", "lib_atomic_CompareAndSwapInt32({r}, {0}, {1})"
    ),
    "atomic.Value.Load": SyncMethod((), "any", "lib_atomic_LoadInt32({r})"),
    "atomic.Value.Store": SyncMethod(("any",), "", "atomic_value_store({r}, {0})"),
    "atomic.Value.Swap": SyncMethod(("any",), "any", "atomic_value_swap({r}, {0})"),
    "atomic.Value.CompareAndSwap": SyncMethod(("any", "any"), "bool", "atomic_value_cas({r}, {0}, {1})"),
}


def _method_type(name: str) -> T.Type:
    t = spelled_type(name)
    assert t is not None, f"SYNC_METHODS spells an unknown type {name}"
    return t


def sync_method_call(
    el: ExprLowerer,
    node: tree_sitter.Node,
    recv: Expr,
    method: SyncMethod,
    args: list[tree_sitter.Node],
    statement: bool,
) -> Expr:
    """``mu.Lock()``, ``n.Add(1)``…: on the value or through a pointer (both share the value)."""
    from gmpsim.codegen.values import Expr

    if len(args) != len(method.params):
        what = "not enough" if len(args) < len(method.params) else "too many"
        callee = el.lw.text(node.child_by_field_name("function") or node)
        raise el.lw.error(node, f"{what} arguments in call to {callee}")
    codes = [el.assignable(el.expr(a), _method_type(p), a).code for a, p in zip(args, method.params)]
    result = _method_type(method.result)
    if not statement and result.kind == "void":
        raise el.lw.error(node, f"{el.lw.text(node)} (no value) used as value")
    receiver = f"({recv.code} or nil_deref())" if recv.type.kind == "ptr" else recv.code
    if method.is_request:
        el.runtime_call_check()
    else:
        el.cost(LIBRARY_CALL_COST)
    return Expr(method.code.format(*codes, r=receiver), result)


def library_constant(qual: str) -> Expr | None:
    """``math.Pi``, ``utf8.RuneError``… as constants, ``os.Args`` as the variable; None if the
    library has no such name."""
    from gmpsim.codegen.values import Expr

    if qual == "os.Args":  # a variable: the program's name and arguments
        return Expr("OS_ARGS", T.slice_of(T.STRING))
    variable = library_variable(qual)
    if variable is not None:
        return variable
    known = CONSTS.get(qual)
    if known is None:
        return None
    type_name, value = known
    return Expr(repr(value), _UNTYPED[type_name], value, True)


def library_variable(qual: str) -> Expr | None:
    """A package variable of the library (``runtime.MemProfileRate``) as its global, or None."""
    from gmpsim.codegen.values import Expr

    known = VARS.get(qual)
    return None if known is None else Expr(var_py_name(qual), T.NAMED[known[0]])


def builder_writer(el: ExprLowerer, args: list[tree_sitter.Node]) -> Expr | None:
    """Fprint's writer when it is a *strings.Builder or *bytes.Buffer (``&b``), else None."""
    if not args or el.lw.qualified(el.lw.text(args[0])) in OUTPUT_FILES:
        return None
    writer = el.expr(args[0])
    if writer.type.kind == "ptr" and writer.type.elems[0].name in BUFFERS:
        return writer
    return None


def output_fd(el: ExprLowerer, node: tree_sitter.Node, args: list[tree_sitter.Node]) -> int:
    """The file descriptor of Fprint's writer: os.Stdout or os.Stderr (other writers are unsupported)."""
    if not args:
        raise el.lw.error(node, "not enough arguments in call to fmt.Fprint")
    writer = el.lw.qualified(el.lw.text(args[0]))
    if writer not in OUTPUT_FILES or not el.lw.imported("os"):
        raise el.lw.unsupported(args[0], f"fmt.Fprint to {writer} (only os.Stdout and os.Stderr)")
    return OUTPUT_FILES[writer]


def interface_method_call(
    el: ExprLowerer, node: tree_sitter.Node, recv: Expr, name: str, args: list[tree_sitter.Node]
) -> Expr:
    """``err.Error()`` on the error interface (a nil error panics as in Go)."""
    from gmpsim.codegen.values import Expr

    if recv.type.name != "error" or name != "Error":
        raise el.lw.unsupported(node, f"method {name} of {recv.type}")
    if args:
        raise el.lw.error(node, f"too many arguments in call to {el.lw.text(node)}")
    el.cost(LIBRARY_CALL_COST)
    return Expr(f"error_text({recv.code})", T.STRING)
