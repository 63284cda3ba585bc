"""How the code generator calls the library of :mod:`gmpsim.golib.registry`.

``library_call`` checks a call's arguments against the Go signature (untyped constants take the
parameter's type, as in Go) and returns the expression that calls the Python implementation;
``library_constant`` gives ``math.Pi`` and friends as constants.  Kept apart from the code
generator so that adding a library function is a line in the registry, not a branch there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gmpsim.frontend import types as T
from gmpsim.golib.registry import CONSTS, FUNCS, VARS, YIELDING, LibFunc, var_py_name

if TYPE_CHECKING:
    import tree_sitter

    from gmpsim.codegen.lower import Expr, ExprLowerer

FMT_PRINTS = frozenset(
    f"fmt.{prefix}{suffix}" for prefix in ("Print", "Sprint", "Fprint") for suffix in ("", "ln", "f")
)
OUTPUT_FILES = {"os.Stdout": 1, "os.Stderr": 2}
LIBRARY_CALL_COST = 2  # a call that stays a call: argument moves, CALL, RET

_UNTYPED = {
    "untyped int": T.UNTYPED_INT,
    "untyped rune": T.UNTYPED_RUNE,
    "untyped float": T.UNTYPED_FLOAT,
}


def lower_library_call(
    el: ExprLowerer, node: tree_sitter.Node, qual: str, args: list[tree_sitter.Node]
) -> Expr | None:
    """``pkg.F(args)`` for a library function gmpsim provides, or None if it has no such one."""
    if qual == "fmt.Errorf":
        return errorf_call(el, node, args)
    lib = FUNCS.get(qual)
    return None if lib is None else library_call(el, node, lib, args)


def errorf_call(el: ExprLowerer, node: tree_sitter.Node, args: list[tree_sitter.Node]) -> Expr:
    """fmt.Errorf(format, operands...): Printf's formatting, then an error value (see fmt.errorf)."""
    from gmpsim.codegen.lower import Expr, kind_of

    if not args:
        raise el.lw.error(node, "not enough arguments in call to fmt.Errorf")
    fmt = el.expr(args[0])
    if fmt.type.kind != "string":
        raise el.lw.error(args[0], "format must be a string")
    pairs = []
    for a in args[1:]:
        e = el.expr(a)
        if e.type.kind in ("tuple", "void"):
            raise el.lw.unsupported(a, "multi-value arguments")
        pairs.append(f"({e.code}, {kind_of(e.type)!r}), ")
    el.cost(LIBRARY_CALL_COST)
    return Expr(f"fmt_errorf({fmt.code}, ({''.join(pairs)}))", T.NAMED["error"])


def _type(el: ExprLowerer, name: str, lib: LibFunc, node: tree_sitter.Node) -> T.Type:
    if name.startswith("[]"):
        return T.slice_of(_type(el, name[2:], lib, node))
    if name.startswith("*"):
        return T.pointer_to(_type(el, name[1:], lib, node))
    t = T.NAMED.get(name)
    if t is None:
        raise el.lw.unsupported(node, f"{lib.qual} (its signature uses {name})")
    return t


def library_call(el: ExprLowerer, node: tree_sitter.Node, lib: LibFunc, args: list[tree_sitter.Node]) -> Expr:
    """``pkg.F(args)`` as a call of F's implementation."""
    from gmpsim.codegen.lower import Expr

    params = [_type(el, p, lib, node) for p in lib.params]
    results = [_type(el, r, lib, node) for r in lib.results]
    if len(args) != len(params):
        what = "not enough" if len(args) < len(params) else "too many"
        raise el.lw.error(node, f"{what} arguments in call to {lib.qual}")
    codes = [el.assignable(el.expr(a), t, a).code for a, t in zip(args, params)]
    el.cost(LIBRARY_CALL_COST)
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


def library_constant(qual: str) -> Expr | None:
    """``math.Pi``, ``utf8.RuneError``… as constants, ``os.Args`` as the variable; None if the
    library has no such name."""
    from gmpsim.codegen.lower import Expr

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
    from gmpsim.codegen.lower import Expr

    known = VARS.get(qual)
    return None if known is None else Expr(var_py_name(qual), T.NAMED[known[0]])


def output_fd(el: ExprLowerer, node: tree_sitter.Node, args: list[tree_sitter.Node]) -> int:
    """The file descriptor of Fprint's writer: os.Stdout or os.Stderr (other writers are unsupported)."""
    if not args:
        raise el.lw.error(node, "not enough arguments in call to fmt.Fprint")
    writer = el.lw.text(args[0])
    if writer not in OUTPUT_FILES or "os" not in el.lw.imports:
        raise el.lw.unsupported(args[0], f"fmt.Fprint to {writer} (only os.Stdout and os.Stderr)")
    return OUTPUT_FILES[writer]


def interface_method_call(
    el: ExprLowerer, node: tree_sitter.Node, recv: Expr, name: str, args: list[tree_sitter.Node]
) -> Expr:
    """``err.Error()`` on the error interface (a nil error panics as in Go)."""
    from gmpsim.codegen.lower import Expr

    if recv.type.name != "error" or name != "Error":
        raise el.lw.unsupported(node, f"method {name} of {recv.type}")
    if args:
        raise el.lw.error(node, f"too many arguments in call to {el.lw.text(node)}")
    el.cost(LIBRARY_CALL_COST)
    return Expr(f"error_text({recv.code})", T.STRING)
