"""Leaf functions and the stack-check prologue: where cooperative preemption can happen.

The assembler back end (cmd/internal/obj/x86/obj6.go ``preprocess``) marks a function
NOSPLIT, with no ``CMPQ SP, 16(R14); JLS morestack`` prologue, when its frame is smaller than
``StackSmall`` (128 bytes) and its code contains no CALL.  Calls to the zero-argument panic
helpers (``panicdivide``, ``panicshift``, ``panicwrap``) do not count while the frame is
under 120 bytes.  ``//go:nosplit`` asks for the same explicitly.

So we list the calls left in a function's code after inlining and dead-call removal: calls
that were not inlined, the calls inside inlined bodies, and the runtime calls gc emits for
Go constructs (``go`` → newproc, channel operations, append → growslice, bounds checks →
panicIndex, string concatenation, …), and estimate the frame of what remains a leaf.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gmpsim.compiler.calls import CallKind, CallSite, classify
from gmpsim.compiler.stdlib import INTRINSICS, INTRINSICS_WITH_FALLBACK, std_callee
from gmpsim.compiler.syntax import (
    BASIC_SIZES,
    STD_POINTER_FREE,
    FuncSyntax,
    Node,
    Package,
    Scope,
    call_pos,
    element_types,
    need,
    unparen,
    walk,
)
from gmpsim.frontend import Pos

if TYPE_CHECKING:
    from gmpsim.compiler.inl import Analysis

STACK_SMALL = 128  # abi.StackSmall: frames below this may skip the check
_ZERO_ARG_PANIC_LIMIT = STACK_SMALL - 8
_NO_CALL_BUILTINS = frozenset({"len", "cap", "min", "max", "real", "imag", "complex"})


@dataclass(frozen=True)
class Prologue:
    leaf: bool
    has_prologue: bool
    reason: str


def decide_prologue(analysis: Analysis, fn: FuncSyntax, removed: set[Pos]) -> Prologue:
    if fn.body is None:
        return Prologue(False, True, "no Go body (assembly or linkname): not modelled, assumed checked")
    call = _first_call(analysis, fn.key, removed, frozenset())
    if "go:nosplit" in fn.pragmas:
        return Prologue(call is None, False, "marked //go:nosplit")
    if call is not None and not call.startswith("zero-arg "):
        return Prologue(False, True, f"not a leaf: {call}")
    frame, how = _frame_size(analysis, fn)
    limit = _ZERO_ARG_PANIC_LIMIT if call is not None else STACK_SMALL
    if frame >= limit:
        return Prologue(True, True, f"leaf, but its frame ({how}) is not below {limit} bytes")
    return Prologue(True, False, f"leaf with a small frame ({how}): NOSPLIT")


def _first_call(analysis: Analysis, key: str, removed: set[Pos], inlining: frozenset[str]) -> str | None:
    """Describe the first call left in ``key``'s code (zero-arg panic helpers prefixed)."""
    fn = analysis.pkg.funcs[key]
    assert fn.body is not None
    scope = analysis.scopes[key]
    helper: str | None = None
    for node in walk(fn.body):
        found = _construct_call(analysis, node, scope) or _store_call(analysis, fn, node, scope)
        if node.type == "call_expression":
            found = _site_call(analysis, classify(analysis.pkg, node, scope), key, removed, inlining)
        if found is None:
            continue
        if found.startswith("zero-arg "):
            helper = helper or found
            continue
        return found
    return helper


def _site_call(
    analysis: Analysis, site: CallSite, key: str, removed: set[Pos], inlining: frozenset[str]
) -> str | None:
    inliner = analysis.behaviour.inliner
    where = f"{site.line_col}"
    if site.go_or_defer:
        return None  # the go/defer statement itself is charged by _construct_call
    if site.kind is CallKind.CONVERSION:
        return _conversion_call(analysis, site)
    if site.kind is CallKind.BUILTIN:
        return _builtin_call(analysis, site, analysis.scopes[key])
    if site.kind is CallKind.STD and analysis.scopes[key].is_const(site.node):
        return None  # unsafe.Sizeof(x) and friends are constants
    if site.kind is CallKind.STD:
        std = std_callee(inliner.stdlib_table, site.callee)
        if std is None and site.callee in INTRINSICS:
            if site.callee in INTRINSICS_WITH_FALLBACK:
                return f"{site.callee} at {where} keeps a call to its fallback"
            return None
        inlined = std is not None and std.inline_cost is not None and not analysis.flags.no_inline
        if inlined and std is not None and not std.calls_when_inlined:
            return None
        return f"calls {site.callee} at {where}" + (" (inlined; its body calls)" if inlined else "")
    if site.kind is CallKind.OWN:
        if site.pos in removed:
            return None
        callee = analysis.inlined_callee(site, key)
        if callee is not None and callee not in inlining:
            inner = _first_call(analysis, callee, removed, inlining | {key})
            return None if inner is None else f"{inner} (inlined from {callee} at {where})"
        return f"calls {site.callee} at {where} (not inlined)"
    return f"calls {site.callee} at {where} (a function value)"


def _builtin_call(analysis: Analysis, site: CallSite, scope: Scope) -> str | None:
    where = site.line_col
    if site.callee in _NO_CALL_BUILTINS:
        return None
    args = need(site.node, "arguments").named_children
    if site.callee == "new" and not _escapes(site.node, analysis):
        return None  # escape analysis keeps it on the stack
    # A constant-size slice that does not escape lives in the frame.
    constant_size = all(scope.is_const(a) for a in args[1:])
    made_slice = site.callee == "make" and analysis.pkg.text(args[0]).startswith("[]")
    if made_slice and constant_size and not _escapes(site.node, analysis):
        return None
    return f"{site.callee} at {where} calls into the runtime"


def _escapes(node: Node, analysis: Analysis) -> bool:
    """Escape analysis, roughly: a new value escapes if it is returned, passed to a call that
    is not inlined, sent, or stored anywhere but a local variable."""
    child, parent = node, node.parent
    while parent is not None:
        t = parent.type
        if t == "argument_list" and parent.parent is not None:
            # An inlined callee is assumed not to leak it (its result is another value).
            return call_pos(parent.parent) not in analysis.inlined
        if t in ("return_statement", "send_statement", "go_statement", "defer_statement"):
            return True
        if t in ("assignment_statement", "short_var_declaration", "var_spec"):
            left = parent.child_by_field_name("left") or parent.child_by_field_name("name")
            if left is not None and left.id == child.id:
                return False
            targets = left.named_children if left is not None and left.type == "expression_list" else []
            return any(target.type != "identifier" for target in targets)
        if t in ("block", "statement_list", "expression_statement"):
            return False
        child, parent = parent, parent.parent
    return False


def _conversion_call(analysis: Analysis, site: CallSite) -> str | None:
    target = analysis.pkg.text(unparen(need(site.node, "function")))
    if target in ("string", "[]byte", "[]rune"):
        return f"conversion to {target} at {site.line_col} calls into the runtime"
    return None


def _construct_call(analysis: Analysis, node: Node, scope: Scope) -> str | None:
    """The runtime call gc emits for a construct, if any."""
    pkg = analysis.pkg
    t = node.type
    where = f"{node.start_point[0] + 1}:{node.start_point[1] + 1}"
    if t == "type_conversion_expression" and pkg.text(need(node, "type")) in ("[]byte", "[]rune"):
        return f"conversion at {where} calls into the runtime"
    if t == "go_statement":
        return f"go statement at {where} calls newproc"
    if t == "defer_statement":
        return f"defer at {where} calls into the runtime"
    if t in ("send_statement", "select_statement"):
        return f"channel operation at {where} calls into the runtime"
    if t == "unary_expression" and pkg.text(need(node, "operator")) == "<-":
        return f"channel receive at {where} calls into the runtime"
    if t == "unary_expression" and pkg.text(need(node, "operator")) == "&":
        operand = unparen(need(node, "operand"))
        name = pkg.text(operand)
        # a package variable lives in static data: its address costs nothing where it goes
        package_var = name not in scope.types and name in pkg.globals
        if operand.type == "identifier" and not package_var and _escapes(node, analysis):
            return f"&{name} at {where} escapes: the variable is moved to the heap"
    if t == "selector_expression" and _escapes(node, analysis):
        recv = scope.type_of(need(node, "operand"))
        if recv is not None and pkg.method_key(recv, pkg.text(need(node, "field"))) is not None:
            parent = node.parent
            if parent is None or parent.type != "call_expression":
                return f"method value at {where} escapes: its closure is allocated"
    if t == "func_literal":
        if _escapes(node, analysis) and _captures(analysis, node, scope):
            return f"closure at {where} escapes: its captured variables are allocated"
        return None
    if t == "range_clause":
        over = scope.type_of(need(node, "right"))
        if over is None or over.startswith(("map[", "chan", "<-chan", "string")) or over == "string":
            return f"range at {where} calls into the runtime"
    if t == "index_expression":
        return _index_call(analysis, node, scope, where)
    if t == "slice_expression":
        return _bounds_call(analysis, f"slicing at {where} calls panicSlice on a bad bound")
    if t == "type_assertion_expression":
        statement = node.parent.parent if node.parent is not None else None
        left = statement.child_by_field_name("left") if statement is not None else None
        if left is not None and len(left.named_children) == 2:
            return None  # v, ok := x.(T) has no failure path
        return f"type assertion at {where} calls panicdottype when it fails"
    if t == "composite_literal":
        type_text = pkg.text(need(node, "type"))
        if type_text.startswith("map["):
            return f"map literal at {where} calls makemap"
        outer = node.parent if node.parent is not None else node
        taken = outer.type == "unary_expression" and pkg.text(need(outer, "operator")) == "&"
        if (taken or type_text.startswith("[]")) and _escapes(outer if taken else node, analysis):
            return f"composite literal at {where} escapes: newobject allocates it"
        _, elem_type = element_types(type_text)
        elided = any(c.type == "literal_value" for e in need(node, "body").named_children for c in e.children)
        pointers = elem_type is not None and elem_type.startswith(("[]", "*"))
        if pointers and elided and _escapes(node, analysis):
            return f"composite literal at {where} escapes with the slices or pointers inside it"
    if t == "binary_expression":
        op = pkg.text(need(node, "operator"))
        right = need(node, "right")
        string_op = scope.type_of(need(node, "left")) == "string"
        if op == "+" and string_op:
            return f"string concatenation at {where} calls concatstrings"
        if op in ("/", "%") and not scope.is_const(right):
            return f"zero-arg panicdivide check at {where}"
        if op in ("<<", ">>") and not scope.is_const(right):
            return f"zero-arg panicshift check at {where}"
        if string_op and op in ("==", "!=", "<", "<=", ">", ">="):
            return None if scope.is_const(right) else f"string comparison at {where} calls into the runtime"
    return None


def _store_call(analysis: Analysis, fn: FuncSyntax, node: Node, scope: Scope) -> str | None:
    """The runtime calls a store may need: gcWriteBarrier for a pointer stored outside the
    frame, convT* for a value boxed in an interface that outlives the frame."""
    pkg = analysis.pkg
    where = f"{node.start_point[0] + 1}:{node.start_point[1] + 1}"
    pairs: list[tuple[Node, str | None, bool]] = []  # value, type it is stored as, outside the frame
    if node.type == "assignment_statement" and pkg.text(need(node, "operator")) == "=":
        left = need(node, "left").named_children
        right = need(node, "right").named_children
        if len(left) == len(right):
            for target, value in zip(left, right):
                if pkg.text(target) != "_":
                    pairs.append((value, scope.type_of(target), not _in_frame(target, scope)))
    elif node.type == "return_statement" and fn.outer is None:
        values = [
            v for c in node.named_children for v in (c.named_children if c.type == "expression_list" else [c])
        ]
        if len(values) == len(fn.results):
            pairs.extend((value, result_type, True) for value, (_, result_type) in zip(values, fn.results))
    for value, stored_as, outside in pairs:
        if stored_as is None or not outside:
            continue
        if scope.is_interface_type(stored_as) and _boxing_calls(pkg, scope, value):
            return f"conversion to {stored_as} at {where} calls convT to box the value"
        if node.type != "assignment_statement" or not _has_pointers(pkg, stored_as):
            continue
        if analysis.flags.no_optimize or not _reslicing(pkg, value):
            return f"store at {where} calls the write barrier"
    return None


def _reslicing(pkg: Package, value: Node) -> bool:
    """x = x[:j] (or x[0:j]) keeps x's pointer: optimising, gc writes back only the length and
    capacity."""
    value = unparen(value)
    if value.type != "slice_expression":
        return False
    start = value.child_by_field_name("start")
    statement = value.parent.parent if value.parent is not None else None
    left = statement.child_by_field_name("left") if statement is not None else None
    right = statement.child_by_field_name("right") if statement is not None else None
    if left is None or right is None or value not in right.named_children:
        return False
    target = left.named_children[right.named_children.index(value)]
    same = pkg.text(unparen(need(value, "operand"))) == pkg.text(unparen(target))
    return same and (start is None or pkg.text(start) == "0")


def _in_frame(target: Node, scope: Scope) -> bool:
    """Is the assigned variable or element in the function's own frame (a local, or part of a
    local array or struct)?"""
    target = unparen(target)
    while target.type in ("selector_expression", "index_expression"):
        operand = unparen(need(target, "operand"))
        operand_type = scope.type_of(operand)
        if operand_type is None or operand_type.startswith(("*", "[]", "map[")):
            return False
        target = operand
    return target.type == "identifier" and scope.pkg.text(target) in scope.types


def _boxing_calls(pkg: Package, scope: Scope, value: Node) -> bool:
    """Does converting ``value`` to an interface allocate (runtime.convT*)?  Not for constants,
    values that are interfaces or pointer-shaped already, nor one-byte and empty values."""
    if scope.is_const(value) or unparen(value).type == "nil":
        return False
    value_type = scope.type_of(value)
    if value_type is None or scope.is_interface_type(value_type):
        return False
    underlying = pkg.underlying(value_type)
    if underlying.startswith(("*", "chan", "<-chan", "map[", "func")):
        return False
    size = pkg.size_of(underlying)
    return size is not None and size > 1


def _has_pointers(pkg: Package, type_text: str) -> bool:
    """Does a value of this type hold a pointer the garbage collector must see?"""
    t = pkg.underlying(type_text.strip())
    if t in BASIC_SIZES:
        return t in ("string", "error", "any")
    if t.startswith(("*", "[]", "map[", "chan", "<-chan", "func", "interface")):
        return True
    if t.startswith("["):
        return _has_pointers(pkg, element_types(t)[1] or "")
    fields = pkg.fields(t)
    if fields is not None:
        return any(_has_pointers(pkg, field_type) for _, field_type, _ in fields)
    return pkg.std_type(t) not in STD_POINTER_FREE


def _captures(analysis: Analysis, literal: Node, outer: Scope) -> bool:
    own = Scope(analysis.pkg)
    own.add_block(need(literal, "body"))
    params = {n for n, _ in analysis.pkg.funcs[analysis.pkg.literals[literal.id]].params}
    return any(
        node.type == "identifier"
        and (name := analysis.pkg.text(node)) in outer.types
        and name not in own.types
        and name not in params
        for node in walk(literal)
    )


def _index_call(analysis: Analysis, node: Node, scope: Scope, where: str) -> str | None:
    pkg = analysis.pkg
    operand = unparen(need(node, "operand"))
    index = unparen(need(node, "index"))
    operand_type = scope.type_of(operand) or ""
    if operand_type.startswith("map["):
        return f"map access at {where} calls into the runtime"
    if operand_type.startswith("[") and not operand_type.startswith("[]") and scope.is_const(index):
        return None  # constant index into an array: checked at compile time
    if _proved_in_bounds(pkg.text(operand), index, scope):
        return None
    return _bounds_call(analysis, f"index at {where} calls panicIndex on a bad index")


def _bounds_call(analysis: Analysis, what: str) -> str:
    return what if analysis.behaviour.bounds_checks_break_leaves else f"zero-arg {what}"


def _proved_in_bounds(operand: str, index: Node, scope: Scope) -> bool:
    """The prove pass's easy case: ``i`` ranges over ``x`` (``for i := range x`` or
    ``for i := 0; i < len(x); i++``) and indexes ``x``."""
    if index.type != "identifier":
        return False
    name = scope.pkg.text(index)
    loop = index.parent
    while loop is not None and loop.type != "function_declaration":
        if loop.type == "for_statement":
            clause = next((c for c in loop.named_children if c.type != "block"), None)
            text = scope.pkg.text(clause) if clause is not None else ""
            compact = text.replace(" ", "")
            if clause is not None and clause.type == "range_clause":
                if compact.startswith((f"{name}:=range{operand}", f"{name},")) and compact.endswith(
                    f"range{operand}"
                ):
                    return True
            elif f"{name}<len({operand})" in compact and compact.startswith(f"{name}:=0;"):
                return True
        loop = loop.parent
    return False


def _frame_size(analysis: Analysis, fn: FuncSyntax) -> tuple[int, str]:
    """Estimate the bytes of stack frame the function needs (locals living in memory).

    Optimised code keeps scalars and small structs in registers; arrays of more than one
    element (which SSA cannot hold) live in the frame.  Under -N every named local, and
    under the register ABI every result, has a stack slot.
    """
    pkg = analysis.pkg
    assert fn.body is not None
    scope = analysis.scopes[fn.key]
    if fn.outer is not None:  # captured variables live in the closure, not in its frame
        scope = Scope(pkg)
        scope.add_block(fn.body)
    params = {name for name, _ in fn.params}
    total = 0
    unknown = 0
    for name, type_text in scope.types.items():
        if name in params or name == "_":
            continue
        is_result = any(name == r for r, _ in fn.results)
        size = pkg.size_of(type_text)
        if analysis.flags.no_optimize:
            if is_result and not analysis.behaviour.register_abi:
                continue
            total += size if size is not None else 8
            unknown += size is None
        elif type_text is not None and type_text.startswith("[") and not type_text.startswith("[]"):
            if size is None:
                raise pkg.unsupported(fn.name_node, f"frame size of {fn.key}: array type {type_text}")
            total += size if not type_text.startswith(("[0]", "[1]")) else 0
    if analysis.flags.no_optimize and analysis.behaviour.register_abi:
        total += 8 * sum(1 for r, _ in fn.results if r == "_")
    if analysis.flags.no_optimize:
        total += _temporaries(fn.body) + _inlined_slots(analysis, fn.key, frozenset({fn.key}))
    how = f"about {total} bytes" + (", guessing 8 per untyped local" if unknown else "")
    return total, how


def _temporaries(body: Node) -> int:
    """Stack temporaries -N keeps for a body: a range loop's copy of the slice, index and
    length, and a slice literal's backing array and header."""
    total = 0
    for node in walk(body):
        if node.type == "range_clause":
            total += 40
        elif node.type == "composite_literal" and node.text is not None and node.text.startswith(b"[]"):
            elements = need(node, "body").named_children
            total += 24 + 8 * len(elements)
    return total


def _inlined_slots(analysis: Analysis, key: str, inlining: frozenset[str]) -> int:
    """Under -N each inlined call keeps its parameters, results and locals in the caller's
    frame (and a variadic call its argument array)."""
    total = 0
    for site in analysis.sites.get(key, []):
        callee = analysis.inlined_callee(site, key)
        if callee is None or callee in inlining:
            continue
        fn = analysis.pkg.funcs[callee]
        scope = analysis.scopes[callee]
        sizes = [analysis.pkg.size_of(t) for name, t in scope.types.items() if name != "_"]
        total += sum(size if size is not None else 8 for size in sizes)
        total += 8 * sum(1 for r, _ in fn.results if r == "_")
        if fn.body is not None:
            total += _temporaries(fn.body)
        if fn.variadic:
            total += 8 * len(need(site.node, "arguments").named_children)
        total += _inlined_slots(analysis, callee, inlining | {callee})
    return total
