"""Lower Go expressions to Python expressions (``ExprLowerer``).

Operators keep Go's semantics (wrapping at the type's size, truncating division) and fold when
their operands are constant; conversions, composite literals, selectors and indexing follow the
representation in ``values``; calls follow the compiler model's decisions (an inlined call runs
the callee's body, a removed one disappears); builtins become calls of the support code
(``containers``, ``support``) and library functions go through ``golib.lowering``.  Without a
function (``fn`` None) it evaluates constant expressions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from gmpsim.codegen.support import rune_string
from gmpsim.codegen.values import (
    CALL_COST,
    Expr,
    FuncInfo,
    Local,
    Node,
    box_code,
    constant,
    embedded_name,
    holds_all,
    integral_float_const,
    interface_methods,
    is_boxed_interface,
    is_value_aggregate,
    kind_of,
    struct_py,
    type_identity,
    underlying_name,
    wrap,
    zero_value,
)
from gmpsim.compiler.syntax import call_pos, unparen
from gmpsim.frontend import Pos, constants, literals
from gmpsim.frontend import types as T
from gmpsim.frontend.tree import walk as _walk
from gmpsim.frontend.types import Type
from gmpsim.golib import fmt as gofmt
from gmpsim.golib import lowering as golib
from gmpsim.golib.registry import STRUCTS as LIBRARY_STRUCTS
from gmpsim.golib.structs import is_exported

if TYPE_CHECKING:
    from gmpsim.codegen.lower import Lowerer
    from gmpsim.codegen.statements import FuncLowerer


TIME_UNITS = {
    "Nanosecond": 1,
    "Microsecond": 1_000,
    "Millisecond": 1_000_000,
    "Second": 1_000_000_000,
    "Minute": 60_000_000_000,
    "Hour": 3_600_000_000_000,
}
PRINT_COST = 300  # fmt's formatting before the write
TIMER_CONSTRUCTORS = {
    "time.NewTimer": T.TIMER,
    "time.NewTicker": T.TICKER,
    "time.After": T.TIME,
    "time.Tick": T.TIME,
}
# expressions naming a variable (or part of one): a struct read from them is copied
COPIED_ON_READ = frozenset(
    {"identifier", "selector_expression", "index_expression", "unary_expression", "type_assertion_expression"}
)
EMPTY_INTERFACE = Type("interface {}", "interface")
ARITH_OPS = {"+", "-", "*", "/", "%", "&", "|", "^", "&^", "<<", ">>"}
# Python's parser allows 200 nested brackets: an expression whose syntax tree is taller than
# this computes its operands into temporaries (a level of tree is at most about 3 brackets)
MAX_INLINE_HEIGHT = 40
PLAIN_NAME = re.compile(r"\w+")
COMPARE_OPS = {"==", "!=", "<", "<=", ">", ">="}
# kinds whose values the builtin print shows as addresses
ADDRESS_KINDS = frozenset({"chan", "func", "ptr", "slice", "map", "interface", "timer"})


def fold_wrap(t: Type, value: int) -> int:
    mask = (1 << t.bits) - 1
    value &= mask
    if t.signed and value >= 1 << (t.bits - 1):
        value -= 1 << t.bits
    return value


def map_of_items(t: Type, pairs: list[tuple[str, str]]) -> str:
    """A new map of type t holding the (key, value) code pairs; pointers to structs and arrays
    as keys need an IdentityMap, as the lists they are compare by contents, and float keys Go's
    treatment of NaN and -0 (float_keyed_map)."""
    key = t.elems[0]
    if key.kind == "ptr" and key.elems[0].kind in ("struct", "array"):
        return f"IdentityMap([{''.join(f'({k}, {v}), ' for k, v in pairs)}])"
    if key.kind in ("float", "complex") and pairs:
        return f"float_keyed_map([{''.join(f'({k}, {v}), ' for k, v in pairs)}])"
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


def is_own_pointer(t: Type) -> bool:
    """Types whose values a pointer to them is (no Cell or Ref): structs and arrays, whose list
    is their storage, and the library's types shared by reference (sync.Mutex, strings.Builder)."""
    return is_value_aggregate(t) or t.kind == "sync"


def array_class(t: Type) -> str:
    """The Python class of array type t's values."""
    return "GoArrayOfValues" if is_value_aggregate(t.elems[0]) else "GoArray"


class ExprLowerer:
    """Lowers expressions; ``fn`` is None for constant contexts (no variables, no calls)."""

    def __init__(
        self,
        lowerer: Lowerer,
        fn: FuncLowerer | None,
        iota: int | None = None,
        const_lookup: Callable[[str], Local | None] | None = None,
    ) -> None:
        self.lw = lowerer
        self.fn = fn
        self.iota = iota  # inside a constant declaration: the value of iota
        # the expression being lowered is too deep for one line of Python: its operands are
        # computed into temporaries, in the order Go evaluates them
        self.spilling = False
        # outside functions (fn None): where names are looked up (a function's constants, or
        # the package's)
        self.const_lookup = const_lookup or lowerer.consts.get

    def cost(self, n: int) -> None:
        if self.fn is not None:
            self.fn.cost(n)

    def expr(self, node: Node) -> Expr:
        if self.fn is not None and self.fn.overrides:
            known = self.fn.overrides.get((node.start_byte, node.end_byte))
            if known is not None:
                return known
        node = unparen(node) if node.type == "parenthesized_expression" else node
        if node.type == "parenthesized_expression":
            return self.expr(node)
        return self.lowered(node, lambda: self._value(node))

    def _value(self, node: Node) -> Expr:
        result = self.place(node)
        if is_value_aggregate(result.type) and node.type in COPIED_ON_READ:
            return Expr(f"{result.code}.copy()", result.type)
        return result

    def lowered(self, node: Node, lower: Callable[[], Expr]) -> Expr:
        """lower() of node, into a temporary when the expression node is part of is too deep."""
        spill = self.spilling
        self.spilling = self.fn is not None and self.lw.height(node) > MAX_INLINE_HEIGHT
        try:
            result = lower()
        finally:
            self.spilling = spill
        if not spill or result.is_const or PLAIN_NAME.fullmatch(result.code):
            return result
        assert self.fn is not None
        temp = self.fn.temp()
        self.fn.line(f"{temp} = {result.code}")
        return Expr(temp, result.type)

    def place(self, node: Node) -> Expr:
        """An expression without the copy a struct value gets when read (for ``v.f`` and ``&v``)."""
        if self.fn is not None and self.fn.overrides:
            known = self.fn.overrides.get((node.start_byte, node.end_byte))
            if known is not None:
                return known
        node = unparen(node) if node.type == "parenthesized_expression" else node
        handler = getattr(self, "x_" + node.type, None)
        if handler is None:
            raise self.lw.unsupported(node, node.type.replace("_", " "))
        result: Expr = handler(node)
        resolved = self.lw.resolve(result.type)
        if resolved is not result.type:
            result = Expr(result.code, resolved, result.const, result.is_const)
        return result

    def x_int_literal(self, node: Node) -> Expr:
        value = literals.int_value(self.lw.text(node))
        return Expr(repr(value), T.UNTYPED_INT, value, True)

    def x_float_literal(self, node: Node) -> Expr:
        return constant(constants.float_literal(self.lw.text(node)), T.UNTYPED_FLOAT)

    def x_imaginary_literal(self, node: Node) -> Expr:
        return constant(constants.imaginary_literal(self.lw.text(node)), T.UNTYPED_COMPLEX)

    def x_rune_literal(self, node: Node) -> Expr:
        value = literals.rune_value(self.lw.text(node))
        return Expr(repr(value), T.UNTYPED_RUNE, value, True)

    def x_interpreted_string_literal(self, node: Node) -> Expr:
        value = literals.string_value(self.lw.text(node))
        return Expr(repr(value), T.UNTYPED_STRING, value, True)

    x_raw_string_literal = x_interpreted_string_literal

    def redeclared(self, node: Node) -> Expr | None:
        """The program's own declaration of a predeclared name the grammar reads as a keyword
        (true, false, nil, iota), which shadows the predeclared one."""
        name = self.lw.text(node)
        found = self.fn.lookup(name) if self.fn is not None else self.lw.constant_scope_lookup(name)
        return self.x_identifier(node) if found is not None else None

    def x_iota(self, node: Node) -> Expr:
        shadowing = self.redeclared(node)
        if shadowing is not None:
            return shadowing
        if self.iota is None:
            raise self.lw.error(node, "cannot use iota outside constant declaration")
        return Expr(repr(self.iota), T.UNTYPED_INT, self.iota, True)

    def x_nil(self, node: Node) -> Expr:
        return self.redeclared(node) or Expr("None", T.UNTYPED_NIL)

    def x_true(self, node: Node) -> Expr:
        return self.redeclared(node) or Expr("True", T.UNTYPED_BOOL, True, True)

    def x_false(self, node: Node) -> Expr:
        return self.redeclared(node) or Expr("False", T.UNTYPED_BOOL, False, True)

    def x_identifier(self, node: Node) -> Expr:
        name = self.lw.text(node)
        local = self.fn.lookup(name) if self.fn is not None else self.lw.constant_scope_lookup(name)
        if local is None:
            if name in self.lw.funcs and self.fn is not None:
                info = self.lw.funcs[name]
                return Expr(
                    self.lw.entry_name(info), T.func_of([t for _, t in info.params], info.result_type)
                )
            raise self.lw.error(node, f"undefined: {name}")
        if local.is_const:
            return constant(local.const, local.type)
        if local.is_type:
            raise self.lw.error(node, f"{name} (type) is not an expression")
        if self.fn is None:  # in a constant declaration
            raise self.lw.error(node, f"{name} (variable of type {local.type}) is not constant")
        return Expr(local.py, local.type)

    def length_operand(self, node: Node) -> Expr:
        """The operand of len or cap; in a constant expression a variable stands for its type,
        as the length of an array variable is a constant ([len(a)]T)."""
        inner = unparen(node)
        if self.fn is None and inner.type == "identifier":
            name = self.lw.text(inner)
            local = self.lw.constant_scope_lookup(name)
            if local is not None and not local.is_const and not local.is_type:
                return Expr(local.py, local.type)
            declared = self.lw.package_var_type(name, inner) if local is None else None
            if declared is not None:
                return Expr(name, declared)
        return self.expr(node)

    def x_selector_expression(self, node: Node) -> Expr:
        operand = node.child_by_field_name("operand")
        field_node = node.child_by_field_name("field")
        assert operand is not None and field_node is not None
        pkg, name = self.lw.text(operand), self.lw.text(field_node)
        local = self.fn.lookup(pkg) if self.fn is not None and operand.type == "identifier" else None
        if local is None and pkg in self.lw.imports:
            pkg = self.lw.imports[pkg]
            return self.package_member(node, pkg, name)
        if self.fn is not None and (local is not None or operand.type != "identifier"):
            x = self.lowered(operand, lambda: self.place(operand))
            is_struct = x.type.kind == "struct" or (x.type.kind == "ptr" and x.type.elems[0].kind == "struct")
            if (
                is_struct
                and field_path(
                    self.lw.pointee(x.type) if x.type.kind == "ptr" else x.type, name, self.lw.pointee
                )
                is not None
            ):
                return self.field(x, name, node)
            if name == "L" and (x.type.elems[0] if x.type.kind == "ptr" else x.type).name == "sync.Cond":
                self.cost(1)
                return Expr(f"({x.code} or nil_deref()).L", T.SYNC_TYPES["sync.Locker"])
            method = self.resolve_method(x, name, operand)
            if method is not None:
                return self.method_value(*method)
            if is_struct:
                return self.field(x, name, node)  # reports that there is no such field
        if local is not None and local.type.kind == "timer" and name == "C":
            return Expr(f"{local.py}.C", T.chan_of(T.TIME, "recv"))
        raise self.lw.unsupported(node, f"{pkg}.{name}")

    def package_member(self, node: Node, pkg: str, name: str) -> Expr:
        """pkg.name of an imported package that is not a call: a constant or variable."""
        if pkg == "time" and name in TIME_UNITS:
            value = TIME_UNITS[name]
            return Expr(repr(value), T.DURATION, value, True)
        known = golib.library_constant(f"{pkg}.{name}")
        if known is not None and isinstance(known.const, float):  # math.Pi: exact from here on
            return constant(Fraction(known.const), known.type)
        if known is not None:
            return known
        raise self.lw.unsupported(node, f"{pkg}.{name}")

    def method_value(self, info: FuncInfo, receiver: str) -> Expr:
        """x.m as a function value: the method bound to the receiver as it is now."""
        entry = f"f_{info.py}" if info.yields_full else f"as_generator(f_{info.py})"
        self.cost(4)
        ftype = T.func_of([t for _, t in info.params[1:]], info.result_type)
        return Expr(f"(lambda _m, _r: lambda g, *a: _m(g, _r, *a))({entry}, {receiver})", ftype)

    def field(self, x: Expr, name: str, node: Node) -> Expr:
        """x.name for a struct or a pointer to one, through embedded structs (promoted fields)."""
        container, index, t = self.field_location(x, name, node)
        return Expr(f"{container}[{index}]", t)

    def field_location(self, x: Expr, name: str, node: Node) -> tuple[str, int, Type]:
        """The struct holding field x.name (its code), the field's index in it and its type."""
        path = field_path(self.lw.pointee(x.type) if x.type.kind == "ptr" else x.type, name, self.lw.pointee)
        if path is None:
            raise self.lw.error(
                node, f"{self.lw.text(node)} undefined (type {x.type} has no field or method {name})"
            )
        self.cost(1)
        code, t = x.code, x.type
        for index, ft in path[:-1]:
            if t.kind == "ptr":
                code = f"({code} or nil_deref())"
            code, t = f"{code}[{index}]", ft
        if t.kind == "ptr":
            code = f"({code} or nil_deref())"
        index, ft = path[-1]
        return code, index, self.lw.resolve(ft)

    def x_unary_expression(self, node: Node) -> Expr:
        op_node = node.child_by_field_name("operator")
        operand_node = node.child_by_field_name("operand")
        assert op_node is not None and operand_node is not None
        op = op_node.type
        if op == "<-":
            return self.receive(operand_node, comma_ok=False)
        if op == "&":
            return self.address(operand_node)
        if op == "*":
            self.cost(1)
            return self.deref(self.pointer_operand(operand_node))
        x = self.expr(operand_node)
        self.cost(1)
        if op == "!":
            if x.type.kind != "bool":
                raise self.lw.error(
                    node, f"invalid operation: operator ! not defined on {self.lw.text(operand_node)}"
                )
            if x.is_const:
                return Expr(repr(not x.const), x.type, not x.const, True)
            return Expr(f"(not {x.code})", x.type)
        if op in ("-", "+") and x.type.kind == "complex":
            return self.complex_negation(op, x)
        if op in ("-", "+", "^"):
            if x.type.kind not in ("int", "float"):
                raise self.lw.error(
                    node, f"invalid operation: operator {op} not defined on {self.lw.text(operand_node)}"
                )
            if x.is_const:  # exact: -0.0 is zero, as Go's constants have no negative zero
                assert isinstance(x.const, constants.Number)
                value = x.const if op == "+" else -x.const
                if op == "^":
                    if not isinstance(x.const, int):
                        raise self.lw.error(node, f"invalid operation: operator ^ not defined on {x.type}")
                    value = ~x.const
                if x.type.is_int and not x.type.untyped:
                    value = fold_wrap(x.type, int(value))
                return constant(value, x.type)
            code = x.code if op == "+" else f"(-{x.code})" if op == "-" else f"(~{x.code})"
            # +x, and ^x of a signed integer, stay in x's range; -x may not (the minimum)
            in_range = x.type.is_int and not x.type.untyped and (op == "+" or (op == "^" and x.type.signed))
            return Expr(code if in_range else wrap(x.type, code), x.type)
        raise self.lw.unsupported(node, f"operator {op}")

    def complex_negation(self, op: str, x: Expr) -> Expr:
        """+x and -x of a complex number: each part's sign flips (exactly, for a constant)."""
        if op == "+":
            return x
        if x.is_const:
            c = constants.as_complex(x.const)  # type: ignore[arg-type]
            return constant(constants.Complex(-c.re, -c.im), x.type)
        return Expr(f"(-{x.code})", x.type)

    def pointer_operand(self, node: Node) -> Expr:
        p = self.expr(node)
        if p.type.kind != "ptr":
            raise self.lw.error(
                node, f"invalid operation: cannot indirect {self.lw.text(node)} (variable of type {p.type})"
            )
        return p

    def deref(self, p: Expr) -> Expr:
        """*p (panicking on nil as Go does): the struct or array itself, or the value in the cell."""
        base = self.lw.pointee(p.type)
        if is_own_pointer(base):
            return Expr(f"({p.code} or nil_deref())", base)
        return Expr(f"({p.code} or nil_deref()).v", base)

    def through_pointer(self, x: Expr) -> Expr:
        """x, or the array x points to (indexing, slicing, len and range go through it)."""
        if x.type.kind == "ptr" and self.lw.pointee(x.type).kind == "array":
            return self.deref(x)
        return x

    def address(self, node: Node) -> Expr:
        """&x: a variable's cell, a struct or array itself, a Ref to an element or field."""
        node = unparen(node)
        fl = self.fn
        if node.type == "composite_literal":
            lit = self.expr(node)
            code = lit.code if is_own_pointer(lit.type) else f"Cell({lit.code})"
            return Expr(code, self.lw.pointer(lit.type))
        if fl is not None and node.type == "identifier":
            local = fl.lookup(self.lw.text(node))
            if local is not None and not local.is_const:
                if is_own_pointer(local.type):
                    return Expr(local.py, self.lw.pointer(local.type))
                if local.cell is not None:
                    return Expr(local.cell, self.lw.pointer(local.type))
        if fl is not None and node.type == "selector_expression":
            operand, field_node = node.child_by_field_name("operand"), node.child_by_field_name("field")
            assert operand is not None and field_node is not None
            x = self.place(operand)
            if x.type.kind == "struct" or (x.type.kind == "ptr" and self.lw.pointee(x.type).kind == "struct"):
                container, index, t = self.field_location(x, self.lw.text(field_node), node)
                if is_own_pointer(t):
                    return Expr(f"{container}[{index}]", self.lw.pointer(t))
                return Expr(f"Ref({container}, {index})", self.lw.pointer(t))
        if fl is not None and node.type == "index_expression":
            operand, index_node = node.child_by_field_name("operand"), node.child_by_field_name("index")
            assert operand is not None and index_node is not None
            x = self.through_pointer(self.place(operand))
            if x.type.kind in ("array", "slice"):
                elem = x.type.elems[0]
                i = self.index_operand(index_node)
                if x.type.kind == "array" and i.is_const:
                    self.check_array_index(index_node, i, x.type)
                self.cost(1)
                if is_own_pointer(elem):
                    how = "aindex" if x.type.kind == "array" else "sindex"
                else:
                    how = "aref" if x.type.kind == "array" else "sref"
                return Expr(f"{how}({x.code}, {i.code})", self.lw.pointer(elem))
        if node.type == "unary_expression" and self.lw.text(node).startswith("*"):
            operand = node.child_by_field_name("operand")
            assert operand is not None
            p = self.pointer_operand(operand)
            return Expr(f"({p.code} or nil_deref())", p.type)
        raise self.lw.error(node, f"invalid operation: cannot take address of {self.lw.text(node)}")

    def x_binary_expression(self, node: Node) -> Expr:
        op_node = node.child_by_field_name("operator")
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        assert op_node is not None and left is not None and right is not None
        if op_node.type in ("&&", "||") and self.spilling:
            return self._short_circuit(op_node.type, left, right, node)
        return self.binary_values(op_node.type, self.expr(left), self.expr(right), node, (left, right))

    def _short_circuit(self, op: str, left: Node, right: Node, node: Node) -> Expr:
        """a && b or a || b through a temporary: b's temporaries only if it is evaluated."""
        fl = self._need_fn(node)
        a = self.expr(left)
        result = fl.temp()
        fl.line(f"{result} = {a.code}")
        fl.line(f"if {'' if op == '&&' else 'not '}{result}:")
        fl.indent += 1
        b = self.expr(right)
        fl.flush()
        fl.line(f"{result} = {b.code}")
        fl.indent -= 1
        if a.type.kind != "bool" or b.type.kind != "bool":
            raise self.lw.error(node, f"invalid operation: operator {op} not defined on non-booleans")
        self.cost(1)
        return Expr(result, T.unify(a.type, b.type) or T.BOOL)

    def binary_values(
        self, op: str, a: Expr, b: Expr, node: Node, operands: tuple[Node, Node] | None = None
    ) -> Expr:
        """a op b; ``operands``, the operands' nodes, place an error about one of them as gc does."""
        self.cost(1)
        if op in ("&&", "||"):
            if a.type.kind != "bool" or b.type.kind != "bool":
                raise self.lw.error(node, f"invalid operation: operator {op} not defined on non-booleans")
            t = T.unify(a.type, b.type) or T.BOOL
            if a.is_const and b.is_const:
                value = (a.const and b.const) if op == "&&" else (a.const or b.const)
                return Expr(repr(value), t, value, True)
            return Expr(f"({a.code} {'and' if op == '&&' else 'or'} {b.code})", t)
        if op in ("<<", ">>"):
            # untyped constants with integral values shift and count as integers (1.0 << s, x << 2.)
            a, b = integral_float_const(a, T.INT), integral_float_const(b, T.UINT)
            if not a.type.is_int or not b.type.is_int:
                raise self.lw.error(node, "invalid operation: shift of non-integer")
            shifted = a.type
            if a.is_const and b.is_const:
                assert isinstance(a.const, int) and isinstance(b.const, int)
                value = a.const << b.const if op == "<<" else a.const >> b.const
                if not shifted.untyped:
                    value = fold_wrap(shifted, value)
                return Expr(repr(value), shifted, value, True)
            code = self.shift_code(op, a, b, node)
            # an untyped constant shifted by a variable takes its type from the context, which
            # wraps it again (assignable): 64 bits hold any integer type's bits until then
            return Expr(wrap(T.INT if shifted.untyped else shifted, code) if op == "<<" else code, shifted)
        a, b = integral_float_const(a, b.type), integral_float_const(b, a.type)
        common = T.unify(a.type, b.type)
        if common is None and op in COMPARE_OPS:
            self.refuse_incomparable_operand(a, b, operands)
            a, b = self.interface_operands(a, b, node)
            common = T.unify(a.type, b.type)
        if common is None:
            self.refuse_constant_operand(a, b, operands)
            raise self.lw.error(
                node, f"invalid operation: {self.lw.text(node)} (mismatched types {a.type} and {b.type})"
            )
        t = common
        if not t.untyped:  # an untyped constant operand takes the other operand's type
            a, b = (self.lw.convert_const(e, t, node) if e.is_const and e.type.untyped else e for e in (a, b))
        if op in COMPARE_OPS:
            self.check_comparable(op, a, b, t, node)
            if a.is_const and b.is_const:
                value = _compare(op, a.const, b.const)
                return Expr(repr(value), T.UNTYPED_BOOL, value, True)
            if t.kind == "ptr" and op in ("==", "!="):  # identity, not the pointed-to values
                negate = "" if op == "==" else "not "
                if T.size_of(self.lw.pointee(t)) == 0:  # Go allocates all zero-size values at one address
                    return Expr(f"({negate}(({a.code}) is None) == (({b.code}) is None))", T.UNTYPED_BOOL)
                return Expr(f"({negate}ptr_eq({a.code}, {b.code}))", T.UNTYPED_BOOL)
            return Expr(f"({a.code} {op} {b.code})", T.UNTYPED_BOOL)
        if op not in ARITH_OPS:
            raise self.lw.unsupported(node, f"operator {op}")
        if t.kind == "string":
            if op != "+":
                raise self.lw.error(node, f"invalid operation: operator {op} not defined on strings")
            if a.is_const and b.is_const:
                assert isinstance(a.const, bytes) and isinstance(b.const, bytes)
                return Expr(repr(a.const + b.const), t, a.const + b.const, True)
            return Expr(f"({a.code} + {b.code})", t)
        if t.kind == "bool":
            raise self.lw.error(node, f"invalid operation: operator {op} not defined on booleans")
        if t.kind == "complex":
            return self.complex_arith(op, a, b, t, node)
        if t.kind == "float":
            if op in ("%", "&", "|", "^", "&^"):
                raise self.lw.error(node, f"invalid operation: operator {op} not defined on floats")
            if a.is_const and b.is_const:
                assert isinstance(a.const, constants.Number) and isinstance(b.const, constants.Number)
                if op == "/" and b.const == 0:
                    raise self.lw.error(node, "invalid operation: division by zero")
                exact = constants.arith(op, a.const, b.const)
                result = constant(exact, t)
                return result if t.untyped else self.lw.convert_const(result, t, node)
            if op == "/":
                return Expr(wrap(t, f"fdiv({a.code}, {b.code})"), t)
            return Expr(wrap(t, f"({a.code} {op} {b.code})"), t)
        # integers
        if a.is_const and b.is_const:
            assert isinstance(a.const, int) and isinstance(b.const, int)
            if op in ("/", "%") and b.const == 0:
                raise self.lw.error(node, "invalid operation: division by zero")
            value = _int_op(op, a.const, b.const)
            if not t.untyped:
                value = fold_wrap(t, value)
            return Expr(repr(value), t, value, True)
        # the bitwise operators keep two values of a typed integer type in its range, and so
        # does unsigned division; an untyped operand that is not constant may be out of it
        typed = not a.type.untyped and not b.type.untyped
        if op == "/":
            code = f"idiv({a.code}, {b.code})"
            return Expr(code if typed and not t.signed else wrap(t, code), t)
        if op == "%":
            return Expr(f"imod({a.code}, {b.code})", t)
        if op == "&^":
            return Expr(f"({a.code} & ~{b.code})", t)
        code = f"({a.code} {op} {b.code})"
        return Expr(wrap(t, code) if op in ("+", "-", "*") or not (t.signed or typed) else code, t)

    def shift_code(self, op: str, a: Expr, b: Expr, node: Node) -> str:
        """a << b or a >> b in Python: a count of 64 or more shifts every bit out (Python would
        build the huge number first); a negative variable count panics."""
        if b.is_const:
            assert isinstance(b.const, int)
            if b.const < 0:
                raise self.lw.error(node, f"invalid shift count {b.const} (must be non-negative)")
            return f"({a.code} {op} {min(b.const, 64)})"
        if op == "<<" or b.type.signed:
            return f"shift({a.code}, {b.code}, {op == '<<'})"
        return f"({a.code} >> {b.code})"

    def complex_arith(self, op: str, a: Expr, b: Expr, t: Type, node: Node) -> Expr:
        """a op b on complex numbers: constants exact; division as the runtime's complex128div
        (Inf and NaN rather than a panic), and complex64 computed in complex128 and rounded."""
        if op not in ("+", "-", "*", "/"):
            raise self.lw.error(node, f"invalid operation: operator {op} not defined on complex numbers")
        if a.is_const and b.is_const:
            assert isinstance(a.const, (constants.Number, constants.Complex))
            assert isinstance(b.const, (constants.Number, constants.Complex))
            if op == "/" and constants.is_zero(b.const):
                raise self.lw.error(node, "invalid operation: division by zero")
            result = constant(constants.complex_arith(op, a.const, b.const), t)
            return result if t.untyped else self.lw.convert_const(result, t, node)
        code = f"cdiv({a.code}, {b.code})" if op == "/" else f"({a.code} {op} {b.code})"
        return Expr(wrap(t, code), t)

    def values_assignable(self, e: Expr, types: Sequence[Type | None], node: Node) -> Expr:
        """A multi-value expression with each value converted implicitly to its type in types
        (None: kept as it is), in one expression so that it is evaluated where it stands."""
        if e.type.kind != "tuple" or len(e.type.elems) != len(types):
            raise self.lw.error(node, f"assignment mismatch: {len(types)} variables but 1 value")
        parts = [Expr(f"_t[{i}]", t) for i, t in enumerate(e.type.elems)]
        codes = [p.code if t is None else self.assignable(p, t, node).code for p, t in zip(parts, types)]
        result = T.tuple_of([t or p.type for p, t in zip(parts, types)])
        if codes == [p.code for p in parts]:
            return Expr(e.code, result)
        return Expr(f"(lambda _t: ({''.join(c + ', ' for c in codes)}))({e.code})", result)

    def refuse_constant_operand(self, a: Expr, b: Expr, operands: tuple[Node, Node] | None) -> None:
        """An untyped constant that the other operand's type cannot hold is the error, at the constant."""
        if operands is None:
            return
        for const, other, node in ((a, b, operands[0]), (b, a, operands[1])):
            if const.is_const and const.type.untyped and not other.type.untyped:
                raise self.lw.error(
                    node,
                    f"cannot convert {self.lw.text(node)} ({const.type} constant) to type {other.type}",
                )

    def refuse_incomparable_operand(self, a: Expr, b: Expr, operands: tuple[Node, Node] | None) -> None:
        """A slice, map or function compared with an interface value: it compares only with nil."""
        if operands is None:
            return
        for x, other, node in ((a, b, operands[0]), (b, a, operands[1])):
            if x.type.kind in ("slice", "map", "func") and is_boxed_interface(other.type):
                raise self.lw.error(
                    node,
                    f"invalid operation: {self.lw.text(node.parent or node)} "
                    f"({x.type.kind} can only be compared to nil)",
                )

    def interface_operands(self, a: Expr, b: Expr, node: Node) -> tuple[Expr, Expr]:
        """Comparing an interface value with a value that implements the interface compares two
        interface values (the spec: either operand must be assignable to the other's type), so
        a nil pointer of a type with the methods is a non-nil interface value there."""
        if a.type.kind == "interface" and self.implements(b.type, a.type):
            return a, self.boxed(b, a.type, node)
        if b.type.kind == "interface" and self.implements(a.type, b.type):
            return self.boxed(a, b.type, node), b
        return a, b

    def implements(self, t: Type, iface: Type) -> bool:
        """Values of t can be assigned to interface type iface (nil and multiple values cannot be boxed)."""
        if t.kind in ("nil", "tuple", "void"):
            return False
        return not self.lw.missing_methods(t.default(), iface)

    def check_comparable(self, op: str, a: Expr, b: Expr, t: Type, node: Node) -> None:
        """Ordered operators need numbers or strings; slices, maps and functions compare only with nil."""
        if op not in ("==", "!=") and t.kind not in ("int", "float", "string"):
            raise self.lw.error(
                node, f"invalid operation: {self.lw.text(node)} (operator {op} not defined on {t.kind})"
            )
        if t.kind in ("slice", "map", "func") and "nil" not in (a.type.kind, b.type.kind):
            raise self.lw.error(
                node, f"invalid operation: {self.lw.text(node)} ({t.kind} can only be compared to nil)"
            )

    def assignable(self, e: Expr, t: Type, node: Node) -> Expr:
        """e converted implicitly to t (untyped constants), or an error if Go would refuse."""
        t = self.lw.resolve(t)
        if e.type == t:
            return e
        if t.kind == "interface" and e.type.kind not in ("nil", "tuple", "void"):
            return self.boxed(e, t, node)
        if T.assignable(e.type, t):
            return Expr(e.code, t)
        if e.type.untyped and T.unify(e.type, t) == t:
            return self.lw.convert_const(e, t, node) if e.is_const else Expr(wrap(t, e.code), t)
        if e.is_const and e.type == T.UNTYPED_FLOAT and t.is_int:  # var n int = 1e3
            return self.lw.convert_const(e, t, node)
        raise self.lw.error(node, f"cannot use {self.lw.text(node)} (value of type {e.type}) as {t} value")

    def fmt_operand(self, e: Expr, kind: str) -> str:
        """An operand of fmt: (value, kind); an interface value's dynamic value and kind, and a
        value with an Error or String method shown through it."""
        if is_boxed_interface(e.type):
            return f"iface_arg({e.code}, {kind!r})"
        if {"Error", "String"} & self.lw.method_names(e.type):
            table = self.lw.method_table(e.type)
            return f"(Shown({e.code}, {table}), {kind!r})"
        return f"({e.code}, {kind!r})"

    def boxed(self, e: Expr, t: Type, node: Node) -> Expr:
        """A concrete value as a value of interface type t (an interface value stays as it is,
        changing representation between error and the other interfaces)."""
        if e.type.kind == "interface":
            if self.lw.missing_methods(e.type, t):
                raise self.lw.unsupported(node, f"converting {e.type} to {t}")
            if is_boxed_interface(e.type) == is_boxed_interface(t):
                return Expr(e.code, t)
            return Expr(f"error_box({e.code})" if is_boxed_interface(t) else f"error_of({e.code})", t)
        concrete = e.type.default()
        if e.is_const:
            e = self.lw.convert_const(e, concrete, node)
        lacking = sorted(self.lw.missing_methods(concrete, t))
        if lacking:
            raise self.lw.error(
                node,
                f"cannot use {self.lw.text(node)} (value of type {concrete}) as {t} value: "
                f"{concrete} does not implement {t} (missing method {lacking[0]})",
            )
        table = self.lw.method_table(concrete) if concrete.name.lstrip("*").startswith("main.") else "{}"
        self.cost(2)
        uncomparable = "" if self.lw.comparable(concrete) else ", False"
        box = f"Box({e.code}, {type_identity(concrete)!r}, {kind_of(concrete)!r}, {table}{uncomparable})"
        return Expr(box if is_boxed_interface(t) else f"error_of({box})", t)

    def arguments(self, args: Node, params: list[Type], where: Node, variadic: bool = False) -> list[str]:
        """The arguments' code; for a variadic callee the extra ones are packed into a slice
        (nil when there are none) unless the last is passed on with ``s...``."""
        values = [a for a in args.named_children if a.type != "comment"]
        if values and values[-1].type == "variadic_argument":
            if not variadic or len(values) != len(params):
                raise self.lw.error(values[-1], f"have (...) arguments in call to {self.lw.text(where)}")
            rest = values[-1].named_children[0]
            fixed = [self.assignable(self.expr(v), t, v).code for v, t in zip(values[:-1], params)]
            return [*fixed, self.assignable(self.expr(rest), params[-1], rest).code]
        exprs = [self.expr(v) for v in values]
        if len(exprs) == 1 and exprs[0].type.kind == "tuple":  # f(g()) passes on g's results
            return [self.spread_arguments(exprs[0], params, where, args, variadic)]
        return self.argument_codes(exprs, values, params, where, args, variadic)

    def argument_codes(
        self,
        exprs: list[Expr],
        nodes: list[Node],
        params: list[Type],
        where: Node,
        args: Node,
        variadic: bool,
    ) -> list[str]:
        """Arguments converted to their parameters' types, a variadic callee's extra ones packed;
        gc places a count error at the first extra argument, or at the call's closing paren."""
        if variadic and len(exprs) >= len(params) - 1:
            fixed = [self.assignable(e, t, v).code for e, v, t in zip(exprs, nodes, params[:-1])]
            elem = params[-1].elems[0]
            rest = zip(exprs[len(params) - 1 :], nodes[len(params) - 1 :])
            extra = [self.assignable(e, elem, v).code for e, v in rest]
            return [*fixed, f"slice_of([{', '.join(extra)}])" if extra else "None"]
        if len(exprs) < len(params):
            raise self.lw.error(args.children[-1], f"not enough arguments in call to {self.lw.text(where)}")
        if len(exprs) > len(params):
            raise self.lw.error(nodes[len(params)], f"too many arguments in call to {self.lw.text(where)}")
        return [self.assignable(e, t, v).code for e, v, t in zip(exprs, nodes, params)]

    def spread_arguments(self, e: Expr, params: list[Type], where: Node, args: Node, variadic: bool) -> str:
        """The results of one multi-value call as a callee's arguments: ``*`` of their tuple,
        converted (in a lambda, so that the call is evaluated where it stands) if need be."""
        parts = [Expr(f"_t[{i}]", t) for i, t in enumerate(e.type.elems)]
        node = args.named_children[0]
        codes = self.argument_codes(parts, [node] * len(parts), params, where, args, variadic)
        if codes == [p.code for p in parts]:
            return f"*{e.code}"
        return f"*(lambda _t: ({''.join(c + ', ' for c in codes)}))({e.code})"

    def chan_operand(self, node: Node) -> Expr:
        c = self.expr(node)
        if c.type.kind != "chan":
            raise self.lw.error(
                node, f"invalid operation: {self.lw.text(node)} (variable of type {c.type}) is not a channel"
            )
        return c

    def receive(self, operand: Node, comma_ok: bool) -> Expr:
        """<-c: the value, or (value, ok) for ``v, ok := <-c``."""
        c = self.chan_operand(operand)
        if c.type.name.startswith("chan<-"):
            raise self.lw.error(
                operand, f"invalid operation: cannot receive from send-only channel {self.lw.text(operand)}"
            )
        self.runtime_call_check()
        elem = c.type.elems[0]
        code = f"(yield (CHANRECV, {c.code}))"
        if comma_ok:
            return Expr(code, T.tuple_of([elem, T.BOOL]))
        return Expr(f"{code}[0]", elem)

    def send_operands(self, stmt: Node) -> tuple[str, str]:
        chan_node = stmt.child_by_field_name("channel")
        value_node = stmt.child_by_field_name("value")
        assert chan_node is not None and value_node is not None
        c = self.chan_operand(chan_node)
        if c.type.name.startswith("<-"):
            raise self.lw.error(
                stmt, f"invalid operation: cannot send to receive-only channel {self.lw.text(chan_node)}"
            )
        value = self.assignable(self.expr(value_node), c.type.elems[0], value_node)
        return c.code, value.code

    def runtime_call_check(self) -> None:
        """A call into the runtime (chansend1, selectgo, …): it has a prologue, so it may be preempted."""
        fl = self.fn
        assert fl is not None
        self._call_prologue(fl)

    def rhs(self, nodes: list[Node], targets: int) -> list[Expr]:
        """Right-hand sides; ``v, ok := <-c`` asks the receive for its ok."""
        if targets == 2 and len(nodes) == 1:
            node = unparen(nodes[0])
            op = node.child_by_field_name("operator") if node.type == "unary_expression" else None
            operand = node.child_by_field_name("operand")
            if op is not None and op.type == "<-" and operand is not None:
                return [self.receive(operand, comma_ok=True)]
            lookup = self.map_lookup(node)
            if lookup is not None:
                return [lookup]
            if node.type == "type_assertion_expression":
                return [self.assertion(node, comma_ok=True)]
        return [self.expr(n) for n in nodes]

    def x_index_expression(self, node: Node) -> Expr:
        operand, index = node.child_by_field_name("operand"), node.child_by_field_name("index")
        assert operand is not None and index is not None
        # the element is copied (by expr) if need be, not the whole array (a temporary holding
        # a deep operand holds the array itself)
        x = self.through_pointer(self.lowered(operand, lambda: self.place(operand)))
        self.cost(1)
        if x.type.kind == "map":
            key, value = x.type.elems
            k = self.assignable(self.expr(index), key, index)
            return Expr(f"({x.code} or EMPTY_MAP).get({k.code}, {zero_value(value)})", value)
        i = self.index_operand(index)
        if x.type.kind == "slice":
            return Expr(f"sindex({x.code}, {i.code})", x.type.elems[0])
        if x.type.kind == "array":
            if i.is_const:
                self.check_array_index(index, i, x.type)
                return Expr(f"{x.code}[{i.code}]", x.type.elems[0])
            return Expr(f"aindex({x.code}, {i.code})", x.type.elems[0])
        if x.type.kind == "string":
            if x.is_const and i.is_const:
                assert isinstance(x.const, bytes) and isinstance(i.const, int)
                if not 0 <= i.const < len(x.const):
                    raise self.lw.error(
                        index, f"invalid argument: index {i.const} out of bounds [0:{len(x.const)}]"
                    )
                return Expr(repr(x.const[i.const]), T.BYTE, x.const[i.const], True)
            return Expr(f"bindex({x.code}, {i.code})", T.BYTE)
        raise self.lw.unsupported(node, f"indexing {x.type}")

    def check_array_index(self, node: Node, i: Expr, t: Type) -> None:
        assert isinstance(i.const, int)
        if i.const >= t.length:
            raise self.lw.error(node, f"invalid argument: index {i.const} out of bounds [0:{t.length}]")

    def index_operand(self, node: Node) -> Expr:
        """An index, or a size for make: of any integer type, or an untyped constant an int holds."""
        i = integral_float_const(self.expr(node), T.INT)
        if not i.type.is_int:
            raise self.lw.error(
                node, f"invalid argument: index {self.lw.text(node)} (type {i.type}) must be integer"
            )
        if i.is_const:
            assert isinstance(i.const, int)
            if i.const < 0:
                raise self.lw.error(
                    node,
                    f"invalid argument: index {self.lw.text(node)} (constant of type int) "
                    "must not be negative",
                )
            return Expr(repr(i.const), T.INT, i.const, True)
        return i

    def x_slice_expression(self, node: Node) -> Expr:
        operand = node.child_by_field_name("operand")
        assert operand is not None
        x = self.expr(operand)
        bounds = [node.child_by_field_name(f) for f in ("start", "end", "capacity")]
        low, high, limit = (self.index_operand(b).code if b is not None else None for b in bounds)
        self.cost(2)
        if x.type.kind == "string":
            if limit is not None:
                raise self.lw.error(node, "invalid operation: 3-index slice of string")
            return Expr(f"substring({x.code}, {low or 0}, {high})", x.type.default())
        if x.type.kind == "ptr":
            x = self.through_pointer(x)
        elif x.type.kind == "array":  # shares the array: take it as it is, not a copy
            x = self.place(operand)
        if x.type.kind == "array":
            return Expr(
                f"reslice(array_slice({x.code}), {low or 0}, {high}, {limit})", T.slice_of(x.type.elems[0])
            )
        if x.type.kind != "slice":
            raise self.lw.unsupported(node, f"slicing {x.type}")
        return Expr(f"reslice({x.code}, {low or 0}, {high}, {limit})", x.type)

    def x_type_assertion_expression(self, node: Node) -> Expr:
        return self.assertion(node, comma_ok=False)

    def assertion(self, node: Node, comma_ok: bool) -> Expr:
        """x.(T): T's value (or x itself for an interface T), panicking as Go; with comma_ok
        the pair (value or zero, ok)."""
        operand, type_node = node.child_by_field_name("operand"), node.child_by_field_name("type")
        assert operand is not None and type_node is not None
        x = self.expr(operand)
        if x.type.kind != "interface":
            raise self.lw.error(
                operand,
                f"invalid operation: {self.lw.text(operand)} (variable of type {x.type}) is not an interface",
            )
        t = self.lw.type_of(type_node)
        self.cost(2)
        static = x.type.name
        x = Expr(box_code(x), x.type)
        if t.kind == "interface":
            methods = interface_methods(t)
            if comma_ok:
                pair = f"iassert_iface_ok({x.code}, {methods!r})"
                if not is_boxed_interface(t):  # error: the value as an error value
                    pair = f"(lambda box, ok: (error_of(box), ok))(*{pair})"
                return Expr(pair, T.tuple_of([t, T.BOOL]))
            value = f"iassert_iface({x.code}, {methods!r}, {t.name!r}, {static!r})"
            return Expr(value if is_boxed_interface(t) else f"error_of({value})", t)
        missing = sorted(self.lw.missing_methods(t, x.type))
        if missing:
            raise self.lw.error(
                node,
                f"impossible type assertion: {self.lw.text(node)}\n\t{t} does not implement {x.type} "
                f"(missing method {missing[0]})",
            )
        identity = type_identity(t)
        if comma_ok:
            return Expr(f"iassert_ok({x.code}, {identity!r}, {zero_value(t)})", T.tuple_of([t, T.BOOL]))
        return Expr(f"iassert({x.code}, {identity!r}, {static!r})", t)

    def map_lookup(self, node: Node) -> Expr | None:
        """``v, ok := m[k]``: the (value, ok) pair, or None if node is no map index."""
        node = unparen(node)
        if node.type != "index_expression":
            return None
        operand, index = node.child_by_field_name("operand"), node.child_by_field_name("index")
        assert operand is not None and index is not None
        x = self.expr(operand)
        if x.type.kind != "map":
            return None
        key, value = x.type.elems
        k = self.assignable(self.expr(index), key, index)
        self.cost(1)
        return Expr(f"mlookup({x.code}, {k.code}, {zero_value(value)})", T.tuple_of([value, T.BOOL]))

    def x_type_conversion_expression(self, node: Node) -> Expr:
        type_node, operand = node.child_by_field_name("type"), node.child_by_field_name("operand")
        assert type_node is not None and operand is not None
        t = self.lw.type_of(type_node)
        x = self.expr(operand)
        self.cost(3)
        return self.converted(x, t, node, operand)

    def element_values(self, body: Node, elem: Type) -> list[str]:
        """The elements of a slice or array literal, in index order (``{2: x}`` places x at
        index 2, the next one unkeyed after it), the ones not given zero."""
        values = self.in_source_order(
            {index: self.element(value, elem) for index, value in self.indexed_elements(body).items()}
        )
        length = max(values) + 1 if values else 0
        return [values[i] if i in values else zero_value(elem) for i in range(length)]

    def in_source_order(self, elements: dict[int, Expr]) -> dict[int, str]:
        """A literal's elements by position, given in source order: evaluated in that order
        (into temporaries first when the positions are out of order and some are not constant)."""
        positions = list(elements)
        if positions == sorted(positions) or self.fn is None or all(e.is_const for e in elements.values()):
            return {i: e.code for i, e in elements.items()}
        codes = {}
        for i, e in elements.items():
            codes[i] = e.code if e.is_const else self.fn.temp()
            if not e.is_const:
                self.fn.line(f"{codes[i]} = {e.code}")
        return codes

    def indexed_elements(self, body: Node) -> dict[int, Node]:
        """The value nodes of a slice or array literal by their index."""
        values: dict[int, Node] = {}
        index = 0
        for item in body.named_children:
            if item.type == "comment":
                continue
            value = item.named_children[0] if item.type == "literal_element" else item
            if item.type == "keyed_element":
                key_node, value_node = (c.named_children[0] for c in item.named_children[:2])
                key = self.index_operand(key_node)
                if not key.is_const:
                    raise self.lw.error(key_node, f"index {self.lw.text(key_node)} must be integer constant")
                assert isinstance(key.const, int)
                index, value = key.const, value_node
            if index in values:
                raise self.lw.error(item, f"duplicate index {index} in array or slice literal")
            values[index] = value
            index += 1
        return values

    def element(self, node: Node, t: Type) -> Expr:
        """A literal's element of type t; ``{…}`` without a type takes t (or *t for &T)."""
        if node.type == "literal_value":
            if t.kind == "ptr":
                return self.lowered(node, lambda: Expr(self.literal_of(self.lw.pointee(t), node).code, t))
            return self.lowered(node, lambda: self.literal_of(t, node))
        return self.assignable(self.expr(node), t, node)

    def literal_of(self, t: Type, body: Node) -> Expr:
        """The composite literal T{…} with body ``{…}``."""
        self.cost(4)
        if t.kind == "struct" and t.fields:
            return self.struct_literal(t, body)
        if t.kind in ("struct", "sync"):  # struct{}{}, sync.Mutex{}
            if any(c.type != "comment" for c in body.named_children):
                raise self.lw.error(body, f"too many values in {t}{{…}}")
            return Expr(zero_value(t), t)
        if t.kind == "slice":
            return Expr(f"slice_of([{', '.join(self.element_values(body, t.elems[0]))}])", t)
        if t.kind == "array":
            values = self.element_values(body, t.elems[0])
            if len(values) > t.length:
                raise self.lw.error(body, f"array index {t.length} out of bounds [0:{t.length}]")
            values += [zero_value(t.elems[0])] * (t.length - len(values))
            return Expr(f"{array_class(t)}([{', '.join(values)}])", t)
        if t.kind != "map":
            raise self.lw.unsupported(body, f"composite literal of {t}")
        key, value = t.elems
        pairs = []
        for item in body.named_children:
            if item.type == "comment":
                continue
            if item.type != "keyed_element":
                raise self.lw.error(item, "missing key in map literal")
            k_node, v_node = (c.named_children[0] for c in item.named_children[:2])
            pairs.append((self.element(k_node, key).code, self.element(v_node, value).code))
        return Expr(map_of_items(t, pairs), t)

    def struct_literal(self, t: Type, body: Node) -> Expr:
        """T{a, b} or T{F: a}: every field, the missing ones zero."""
        items = [c for c in body.named_children if c.type != "comment"]
        values = [zero_value(f) for f in t.elems]
        keyed = [c.type == "keyed_element" for c in items]
        if any(keyed) and not all(keyed):
            raise self.lw.error(body, "mixture of field:value and value elements in struct literal")
        hidden = [f for f in t.fields if t.name in LIBRARY_STRUCTS and not is_exported(f)]
        if items and not keyed[0] and hidden:
            raise self.lw.error(body, f"implicit assignment to unexported field {hidden[0]} in {t} literal")
        if items and not keyed[0] and len(items) != len(t.fields):
            raise self.lw.error(
                body,
                f"too {'few' if len(items) < len(t.fields) else 'many'} values in struct literal of type {t}",
            )
        given: dict[int, Expr] = {}
        for i, item in enumerate(items):
            if keyed[0]:
                key_node, value_node = (c.named_children[0] for c in item.named_children[:2])
                key = self.lw.text(key_node)
                if key not in t.fields or key in hidden:
                    raise self.lw.error(key_node, f"unknown field {key} in struct literal of type {t}")
                i = t.fields.index(key)
            else:
                value_node = item.named_children[0] if item.type == "literal_element" else item
            given[i] = self.element(value_node, t.elems[i])
        for i, code in self.in_source_order(given).items():
            values[i] = code
        self.cost(len(values))
        return Expr(f"{struct_py(t)}([{', '.join(values)}])", t)

    def x_composite_literal(self, node: Node) -> Expr:
        type_node = node.child_by_field_name("type")
        body = node.child_by_field_name("body")
        assert type_node is not None and body is not None
        if type_node.type == "generic_type":
            raise self.lw.unsupported(type_node, "generics")
        literal_types = (
            "slice_type",
            "map_type",
            "type_identifier",
            "qualified_type",
            "struct_type",
            "array_type",
        )
        if type_node.type in literal_types:
            return self.literal_of(self.lw.type_of(type_node), body)
        if type_node.type == "implicit_length_array_type":  # [...]T{…}
            elem = type_node.child_by_field_name("element")
            assert elem is not None
            elem_type = self.lw.type_of(elem)
            n = max(self.indexed_elements(body), default=-1) + 1
            return self.literal_of(T.array_of(n, elem_type), body)
        if self.lw.text(type_node).replace(" ", "") != "struct{}":
            raise self.lw.unsupported(node, "composite literals")
        if body is not None and body.named_children:
            raise self.lw.error(body, "too many values in struct{}{…}")
        return Expr("()", T.EMPTY_STRUCT)

    def x_func_literal(self, node: Node) -> Expr:
        fl = self._need_fn(node)
        return fl.function_literal(node)

    def x_call_expression(self, node: Node) -> Expr:
        e = self.call(node, statement=False)
        assert e is not None
        return e

    def call(self, node: Node, statement: bool) -> Expr | None:
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        assert fn is not None and args is not None
        evaluated = self.fn.overrides.get((fn.start_byte, fn.end_byte)) if self.fn is not None else None
        if evaluated is not None:  # a deferred call's function value
            return self.value_call(node, evaluated, args, statement)
        if fn.type == "identifier":
            name = self.lw.text(fn)
            local = self.fn.lookup(name) if self.fn is not None else None
            if local is not None and local.is_type:
                return self.conversion(node, local.type, args)
            if local is not None:
                return self.value_call(node, Expr(local.py, local.type), args, statement)
            if name in self.lw.funcs:
                return self.user_call(node, self.lw.funcs[name], args, statement)
            if name in T.NAMED:
                return self.conversion(node, T.NAMED[name], args)
            if name in self.lw.named_types:
                return self.conversion(node, self.lw.named_types[name], args)
            return self.builtin_call(node, name, args, statement)
        if fn.type == "parenthesized_expression" and self.names_type(unparen(fn)):
            return self.conversion(node, self.lw.type_of(unparen(fn)), args)  # (*T)(p)
        if fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            field_node = fn.child_by_field_name("field")
            assert operand is not None and field_node is not None
            pkg, name = self.lw.text(operand), self.lw.text(field_node)
            if self.fn is not None and (operand.type != "identifier" or self.fn.lookup(pkg) is not None):
                return self.method_call(node, operand, self.place(operand), name, args, statement)
            if pkg in self.lw.imports and (self.fn is None or self.fn.lookup(pkg) is None):
                pkg = self.lw.imports[pkg]
                if pkg == "time" and name == "Duration":
                    return self.conversion(node, T.DURATION, args)
                return self.std_call(node, pkg, name, args, statement)
        if fn.type in ("func_literal", "call_expression", "parenthesized_expression", "index_expression"):
            return self.value_call(node, self.expr(fn), args, statement)
        raise self.lw.unsupported(fn, f"call of {self.lw.text(fn)}")

    def names_type(self, node: Node) -> bool:
        """Whether an expression is a type's name (``*T`` in ``(*T)(p)``), not a value."""
        if node.type.endswith("_type"):
            return True
        if node.type == "unary_expression" and self.lw.text(node).startswith("*"):
            operand = node.child_by_field_name("operand")
            return operand is not None and self.names_type(unparen(operand))
        if node.type == "identifier":
            name = self.lw.text(node)
            local = self.fn.lookup(name) if self.fn is not None else None
            if local is not None:
                return local.is_type
            return name in self.lw.declaring or name in T.NAMED
        return False

    def method_call(
        self, node: Node, operand: Node, recv: Expr, name: str, args: Node, statement: bool
    ) -> Expr | None:
        """The program's methods; methods of sync.WaitGroup and sync.Mutex (on the value or
        through a pointer), timers."""
        base = recv.type.elems[0] if recv.type.kind == "ptr" else recv.type
        values = [a for a in args.named_children if a.type != "comment"]
        if is_boxed_interface(recv.type):
            if name not in recv.type.fields:
                raise self.lw.error(
                    node, f"{self.lw.text(node)} undefined (type {recv.type} has no field or method {name})"
                )
            params, result = recv.type.elems[recv.type.fields.index(name)].elems
            codes = self.arguments(args, list(params.elems), node.child_by_field_name("function") or node)
            if not statement and result.kind == "void":
                raise self.lw.error(node, f"{self.lw.text(node)} (no value) used as value")
            fl = self._need_fn(node)
            fl.cost(CALL_COST + 2)
            fl.flush()
            return Expr(
                f"(yield from icall(g, {recv.code}, {name!r}{''.join(', ' + v for v in codes)}))", result
            )
        resolved = self.resolve_method(recv, name, operand)
        if resolved is not None:
            info, receiver = resolved
            return self.user_call(node, info, args, statement, receiver)
        if recv.type.kind == "timer" and name in ("Stop", "Reset"):
            self.runtime_call_check()
            if name == "Stop":
                self._none(node, values)
                return Expr(f"(yield (STOPTIMER, {recv.code}))", T.BOOL)
            d = self.assignable(self.expr(self._one(node, values)), T.DURATION, values[0])
            return Expr(f"(yield (RESETTIMER, {recv.code}, {d.code}))", T.BOOL)
        if recv.type.kind == "interface":
            return golib.interface_method_call(self, node, recv, name, values)
        library = golib.lower_library_method(self, node, recv, name, values)
        if library is not None:
            return library
        method = golib.SYNC_METHODS.get(f"{base.name}.{name}")
        if method is None:
            raise self.lw.unsupported(node, f"method {name} of {recv.type}")
        return golib.sync_method_call(self, node, recv, method, values, statement)

    def resolve_method(self, recv: Expr, name: str, operand: Node | None) -> tuple[FuncInfo, str] | None:
        """The method ``name`` of recv's type, or of an embedded field's (promoted), and the
        receiver argument: the pointer (taking the address of the addressable value ``operand``
        or of a field) or a copy."""
        lw = self.lw
        t = lw.pointee(recv.type) if recv.type.kind == "ptr" else recv.type
        # (type, value or pointer code, is a pointer, code of a pointer to the value if known)
        level: list[tuple[Type, str, bool, str | None]] = [(t, recv.code, recv.type.kind == "ptr", None)]
        seen: set[str] = set()  # embedded types met already (type T struct{ *T } is allowed)
        while level:
            level = [entry for entry in level if entry[0].name not in seen]
            seen |= {entry[0].name for entry in level}
            for base, code, is_ptr, addr in level:
                key = None if base.scope else lw.methods.get((base.name.removeprefix("main."), name))
                if key is None:
                    continue
                info = lw.funcs[key]
                if info.pointer_receiver:
                    if is_ptr or is_own_pointer(base):
                        return info, code
                    if addr is None:
                        assert operand is not None, "a method table lists no pointer method of a value"
                        addr = self.address(operand).code
                    return info, addr
                value = self.deref(Expr(code, lw.pointer(base))).code if is_ptr else code
                return info, f"{value}.copy()" if is_value_aggregate(base) else value
            if any(base.kind == "struct" and name in base.fields for base, _, _, _ in level):
                return None  # a field of that name hides the methods of deeper embedded types
            next_level: list[tuple[Type, str, bool, str | None]] = []
            for base, code, is_ptr, _ in level:
                if base.kind != "struct":
                    continue
                container = f"({code} or nil_deref())" if is_ptr else code
                for i, f in enumerate(base.elems):
                    if i < len(base.fields) and base.fields[i] == embedded_name(f):
                        f = lw.resolve(f)
                        value = f"{container}[{i}]"
                        pointed = lw.pointee(f) if f.kind == "ptr" else f
                        address = value if is_value_aggregate(f) else f"Ref({container}, {i})"
                        next_level.append((pointed, value, f.kind == "ptr", address))
            level = next_level
        return None

    def value_call(self, node: Node, f: Expr, args: Node, statement: bool) -> Expr | None:
        """A call of a function value (every function literal is a generator function)."""
        fl = self._need_fn(node)
        if f.type.kind != "func":
            raise self.lw.error(node, f"invalid operation: cannot call non-function {self.lw.text(node)}")
        params, result = f.type.elems
        values = self.arguments(args, list(params.elems), node.child_by_field_name("function") or node)
        fl.cost(CALL_COST)
        fl.flush()
        if not statement and result.kind == "void":
            raise self.lw.error(node, f"{self.lw.text(node)} (no value) used as value")
        call = f"({f.code} or nil_deref())(g{''.join(', ' + v for v in values)})"
        return Expr(f"(yield from {call})", result)

    def _need_fn(self, node: Node) -> FuncLowerer:
        if self.fn is None:
            raise self.lw.unsupported(node, "package-level initialisation with a non-constant value")
        return self.fn

    def user_call(
        self, node: Node, info: FuncInfo, args: Node, statement: bool, receiver: str | None = None
    ) -> Expr | None:
        fl = self._need_fn(node)
        decision = self.lw.decisions.calls.get(call_pos(node))
        params = [t for _, t in info.params][1 if receiver is not None else 0 :]
        values = self.arguments(args, params, node.child_by_field_name("function") or node, info.variadic)
        if receiver is not None:
            values = [receiver, *values]
        if statement and decision is not None and decision.removed:
            return None
        inlined = decision is not None and decision.inlined
        if not inlined:
            fl.cost(CALL_COST)
        py = f"i_{info.py}" if inlined and self.lw.has_prologue(info.name) else f"f_{info.py}"
        yields = info.yields_body if inlined else info.yields_full
        call = f"{py}(g{''.join(', ' + v for v in values)})"
        if yields:
            fl.flush()
            call = f"(yield from {call})"
        rt = info.result_type
        if not statement and rt.kind == "void":
            raise self.lw.error(node, f"{self.lw.text(node)} (no value) used as value")
        return Expr(call, rt)

    def conversion(self, node: Node, t: Type, args: Node) -> Expr:
        values = args.named_children
        if len(values) != 1:
            raise self.lw.error(node, f"wrong argument count in conversion to {t}")
        return self.converted(self.expr(values[0]), t, node, values[0])

    def converted(self, x: Expr, t: Type, node: Node, operand: Node) -> Expr:
        """T(x) by the spec's conversion rules: x assignable to T (interfaces, nil), numbers to
        numbers, integers and byte or rune slices to strings and back, same underlying types."""
        self.cost(1)
        if x.type.kind == "slice" and t.kind == "ptr":
            raise self.lw.unsupported(node, "converting a slice to an array pointer")
        if t.kind == "interface" or x.type.kind == "nil":
            return self.assignable(x, t, operand)
        if t.kind == "string" and x.type.is_int:
            if x.is_const:
                assert isinstance(x.const, int)
                value = rune_string(x.const)
                return Expr(repr(value), t.default(), value, True)
            return Expr(f"rune_string({x.code})", t.default())
        if t.kind == "string" and x.type.kind == "string":
            return Expr(x.code, t, x.const, x.is_const)
        elements = _bytes_or_runes(x.type)
        if t.kind == "string" and elements == "uint8":
            return Expr(f"string_of({x.code})", t)
        if t.kind == "string" and elements == "int32":
            return Expr(f"b''.join(map(rune_string, {x.code} or ()))", t)
        if x.type.kind == "string" and _bytes_or_runes(t) == "uint8":
            return Expr(f"bytes_of({x.code})", t)
        if x.type.kind == "string" and _bytes_or_runes(t) == "int32":
            return Expr(f"slice_of([r for _, r in string_runes({x.code})])", t)
        if {t.kind, x.type.kind} <= T.NUMERIC_KINDS and "complex" in (t.kind, x.type.kind):
            return self.complex_conversion(x, t, operand)
        if t.is_int and x.type.kind in ("int", "float"):
            if x.is_const:
                return self.lw.convert_const(x, t, node)
            if x.type.kind == "float":
                return Expr(wrap(t, f"float_to_int({x.code}, {t.bits}, {t.signed})"), t)
            return Expr(x.code if holds_all(t, x.type) else wrap(t, x.code), t)
        if t.kind == "float" and x.type.kind in ("int", "float"):
            single = underlying_name(t) == "float32"
            if x.is_const:
                return self.lw.convert_const(x, t, node)
            return Expr(f"f32({x.code})" if single else f"float({x.code})", t)
        if t.kind == "bool" and x.type.kind == "bool":
            return Expr(x.code, t, x.const, x.is_const)
        if x.type.name == t.name or underlying_name(x.type) == underlying_name(t):
            return Expr(x.code, t, x.const, x.is_const)
        raise self.lw.error(operand, f"cannot convert {self.lw.text(operand)} (type {x.type}) to type {t}")

    def complex_conversion(self, x: Expr, t: Type, operand: Node) -> Expr:
        """T(x) where T or x is complex: any numeric constant that T can represent, and complex
        values between complex64 (rounded part by part) and complex128."""
        if x.is_const:
            return self.lw.convert_const(x, t, operand)
        if t.kind == x.type.kind:
            return Expr(wrap(t, x.code) if underlying_name(t) != underlying_name(x.type) else x.code, t)
        raise self.lw.error(
            operand, f"cannot convert {self.lw.text(operand)} (variable of type {x.type}) to type {t}"
        )

    def _fmt_args(self, args: Node) -> list[tuple[Expr, str]]:
        nodes = [a for a in args.named_children if a.type != "comment"]
        return self._fmt_args_of([self.expr(a) for a in nodes], nodes)

    def _print_op(self, node: Node, fd: int, data: Expr, statement: bool) -> Expr | None:
        fl = self._need_fn(node)
        if not statement:
            raise self.lw.unsupported(node, "using the results of a print call")
        fl.cost(PRINT_COST)
        fl.flush()
        fl.line("if g.clock >= g.stackguard:")
        fl.line("    yield CHECK_MORESTACK")
        return Expr(f"yield (WRITE, {fd}, {data.code})", T.VOID)

    def _formatted(self, func: str, args: list[tuple[Expr, str]], fmt: Expr | None = None) -> Expr:
        """Call a gmpsim.golib.fmt function, or apply it now when every argument is constant."""
        shown = any({"Error", "String"} & self.lw.method_names(e.type) for e, _ in args)
        if all(e.is_const for e, _ in args) and (fmt is None or fmt.is_const) and not shown:
            consts = tuple((constants.to_python(e.const), k) for e, k in args)
            value = getattr(gofmt, func)(consts) if fmt is None else gofmt.sprintf(fmt.const, consts)  # type: ignore[arg-type]
            return Expr(repr(value), T.STRING, value, True)
        pairs = "(" + "".join(self.fmt_operand(e, k) + ", " for e, k in args) + ")"
        if fmt is None:
            return Expr(f"fmt_{func}({pairs})", T.STRING)
        return Expr(f"fmt_sprintf({fmt.code}, {pairs})", T.STRING)

    def std_call(self, node: Node, pkg: str, name: str, args: Node, statement: bool) -> Expr | None:
        fl = self._need_fn(node)
        qual = f"{pkg}.{name}"
        values = [a for a in args.named_children if a.type != "comment"]
        if qual in golib.FMT_PRINTS:
            fd = 1
            builder = golib.builder_writer(self, values) if name.startswith("F") else None
            if builder is not None:  # Fprint(&b, …) to a strings.Builder
                values, name = values[1:], "S" + name[1:]
            elif name.startswith("F"):  # Fprint(os.Stdout|os.Stderr, …)
                fd, values, name = golib.output_fd(self, node, values), values[1:], name[1:]
            operands, spread = self.spread_operands(values)  # Print(f()) prints all f's results
            if name.endswith("f"):
                if not operands:
                    raise self.lw.error(node, f"not enough arguments in call to {qual}")
                golib.format_operand(self, values[0], operands[0])
                data = self._formatted("sprintf", self._fmt_args_of(operands[1:], values[1:]), operands[0])
            else:
                joiner = "sprintln" if name.endswith("ln") else "sprint"
                data = self._formatted(joiner, self._fmt_args_of(operands, values))
            data = Expr(spread(data.code), data.type, data.const, data.is_const)
            if builder is not None:
                fl.cost(PRINT_COST)
                return Expr(
                    f"({builder.code} or nil_deref()).write({data.code})",
                    T.tuple_of([T.INT, T.NAMED["error"]]),
                )
            if name.startswith("S"):
                fl.cost(PRINT_COST)
                return data
            return self._print_op(node, fd, data, statement)
        if qual in TIMER_CONSTRUCTORS:
            d = self.assignable(self.expr(self._one(node, values)), T.DURATION, values[0])
            self._call_prologue(fl)
            period = "0" if qual in ("time.NewTimer", "time.After") else d.code
            handle = f"(yield (NEWTIMER, {d.code}, {period}))"
            if qual in ("time.After", "time.Tick"):
                return Expr(f"{handle}.C", T.chan_of(T.TIME, "recv"))
            return Expr(handle, TIMER_CONSTRUCTORS[qual])
        if qual == "time.Now":
            self._none(node, values)
            self._call_prologue(fl)
            return Expr("g.clock", T.TIME)  # the goroutine's clock: the virtual time of this call
        if qual in ("time.Since", "time.Until"):
            t = self.assignable(self.expr(self._one(node, values)), T.TIME, values[0])
            self._call_prologue(fl)
            since = qual == "time.Since"
            return Expr(f"(g.clock - {t.code})" if since else f"({t.code} - g.clock)", T.DURATION)
        if qual == "time.Sleep":
            d = self.assignable(self.expr(self._one(node, values)), T.DURATION, values[0])
            self._call_prologue(fl)
            return Expr(f"yield (SLEEP, {d.code})", T.VOID)
        if qual == "runtime.GOMAXPROCS":
            n = self.assignable(self.expr(self._one(node, values)), T.INT, values[0])
            self._call_prologue(fl)
            return Expr(f"(yield (GOMAXPROCS, {n.code}))", T.INT)
        if qual == "runtime.Gosched":
            self._none(node, values)
            self._call_prologue(fl)
            op = "GOSCHED_LOOP_OP" if node.start_byte in self.lw.gosched_loop_calls else "GOSCHED_OP"
            return Expr(f"yield {op}", T.VOID)
        if qual == "runtime.NumGoroutine":
            self._none(node, values)
            self._call_prologue(fl)
            return Expr("(yield NUMGOROUTINE_OP)", T.INT)
        if qual == "runtime.NumCPU":
            self._none(node, values)
            return Expr("NCPU", T.INT)
        if qual == "runtime.Goexit":
            self._none(node, values)
            self._call_prologue(fl)
            return Expr("raise GoExit()", T.VOID)
        if qual in ("runtime.LockOSThread", "runtime.UnlockOSThread"):
            self._none(node, values)
            self._call_prologue(fl)
            return Expr(f"yield (LOCKOSTHREAD, {name == 'LockOSThread'})", T.VOID)
        if qual == "runtime.GC":
            self._none(node, values)
            self._call_prologue(fl)
            return Expr("yield GC_OP", T.VOID)
        if qual == "runtime.ReadMemStats":
            stats_type = self.lw.pointer(T.MEMSTATS)
            stats = self.assignable(self.expr(self._one(node, values)), stats_type, values[0])
            self._call_prologue(fl)
            return Expr(f"yield (READMEMSTATS, {stats.code} or nil_deref())", T.VOID)
        if qual == "os.Exit":
            code = self.assignable(self.expr(self._one(node, values)), T.INT, values[0])
            self._call_prologue(fl)
            return Expr(f"yield (EXIT, {code.code})", T.VOID)
        library = golib.lower_library_call(self, node, qual, values)
        if library is not None:
            return library
        raise self.lw.unsupported(node.child_by_field_name("function") or node, qual)

    def _fmt_args_of(self, operands: list[Expr], nodes: list[Node]) -> list[tuple[Expr, str]]:
        """Operands of print or fmt, an untyped constant as a value of its default type."""
        for e, a in zip(operands, nodes):
            if e.type.kind in ("tuple", "void"):
                raise self.lw.unsupported(a, "multi-value arguments")
        out = []
        for i, e in enumerate(operands):  # a spread call's results are typed: never constants
            if e.is_const and e.type.untyped:
                e = self.lw.convert_const(e, e.type.default(), nodes[i])
            out.append((e, kind_of(e.type)))
        return out

    def spread_operands(self, nodes: list[Node]) -> tuple[list[Expr], Callable[[str], str]]:
        """The operands of a call; when the only one is a multi-value call, its results as
        ``_t[i]``, with what wraps the code using them so that the call is made where it stands."""
        exprs = [self.expr(n) for n in nodes]
        if len(exprs) != 1 or exprs[0].type.kind != "tuple":
            return exprs, lambda code: code
        results = exprs[0]
        parts = [Expr(f"_t[{i}]", t) for i, t in enumerate(results.type.elems)]
        return parts, lambda code: f"(lambda _t: {code})({results.code})"

    def _call_prologue(self, fl: FuncLowerer) -> None:
        """Library functions that stay calls have a prologue: a cooperative preemption point."""
        fl.cost(CALL_COST)
        fl.flush()
        fl.line("if g.clock >= g.stackguard:")
        fl.line("    yield CHECK_MORESTACK")

    def _one(self, node: Node, values: list[Node]) -> Node:
        if len(values) != 1:
            raise self.lw.error(node, f"wrong number of arguments in call to {self._callee_text(node)}")
        return values[0]

    def _none(self, node: Node, values: list[Node]) -> None:
        if values:
            raise self.lw.error(node, f"too many arguments in call to {self._callee_text(node)}")

    def _callee_text(self, call: Node) -> str:
        return self.lw.text(call.child_by_field_name("function") or call)

    def builtin_call(self, node: Node, name: str, args: Node, statement: bool) -> Expr | None:
        values = [a for a in args.named_children if a.type != "comment"]
        if name in ("make", "new") and values:
            t = self.lw.type_of(values[0])
            if name == "new":
                self._one(node, values)
                self.cost(4)
                zero = zero_value(t)
                return Expr(zero if is_own_pointer(t) else f"Cell({zero})", self.lw.pointer(t))
            if t.kind in ("slice", "map"):
                return self.make_container(node, t, values)
        if name in ("append", "copy", "delete"):
            return self.container_builtin(node, name, values, statement)
        if name == "complex":
            return self.complex_builtin(node, values)
        if name in ("real", "imag"):
            return self.complex_part(node, name, self.expr(self._one(node, values)), values[0])
        if name in ("len", "cap") and values:
            x = self.length_operand(values[0])
            if x.type.kind == "ptr" and self.lw.pointee(x.type).kind == "array":
                n = self.lw.pointee(x.type).length  # even when nil; evaluated only if it calls or receives
                if any(
                    d.type == "call_expression" or self.lw.text(d).startswith("<-") for d in _walk(values[0])
                ):
                    return Expr(f"({x.code}, {n})[1]", T.INT)
                x = Expr(x.code, self.lw.pointee(x.type))
            if x.type.kind == "array":
                return Expr(repr(x.type.length), T.INT, x.type.length, True)
            if self.fn is None and not x.is_const:  # a slice's, map's or variable string's length
                raise self.lw.error(node, f"{self.lw.text(node)} (value of type int) is not constant")
            if x.type.kind == "slice" or (x.type.kind == "map" and name == "len"):
                self.cost(1)
                return Expr(f"{'olen' if name == 'len' else 'scap'}({x.code})", T.INT)
        if name == "make":
            if not values:
                raise self.lw.error(node, "not enough arguments for make() (expected 1, found 0)")
            t = self.lw.type_of(values[0])
            if t.kind != "chan":
                raise self.lw.error(values[0], f"invalid argument: cannot make {self.lw.text(values[0])}")
            size = self.index_operand(values[1]).code if len(values) > 1 else "0"
            self.cost(20)
            return Expr(f"makechan({size}, {zero_value(t.elems[0])})", t)
        if name == "close":
            c = self.chan_operand(self._one(node, values))
            if not statement:
                raise self.lw.error(node, "close(…) (no value) used as value")
            self.runtime_call_check()
            return Expr(f"yield (CLOSE, {c.code})", T.VOID)
        if name in ("len", "cap") and values:
            x = self.expr(values[0])
            if x.type.kind == "chan":
                self.cost(1)
                return Expr(f"chan_{name}({x.code})", T.INT)
        if name == "len":
            x = self.expr(self._one(node, values))
            if x.type.kind != "string":
                raise self.lw.unsupported(node, f"len of {x.type}")
            if x.is_const:
                assert isinstance(x.const, bytes)
                return Expr(repr(len(x.const)), T.INT, len(x.const), True)
            self.cost(1)
            return Expr(f"len({x.code})", T.INT)
        if name == "panic":
            value = self.expr(self._one(node, values))
            if value.type.kind in ("tuple", "void"):
                raise self.lw.error(node, "panic needs one value")
            if not statement:
                raise self.lw.error(node, "panic(…) (no value) used as value")
            boxed = self.assignable(value, EMPTY_INTERFACE, values[0])
            return Expr(f"raise gopanic({boxed.code})", T.VOID)
        if name == "recover":
            self._none(node, values)
            self.cost(CALL_COST)
            deferred = self.fn is not None and self.fn.deferred_call == node  # defer recover()
            return Expr("gorecover_deferred(g)" if deferred else "gorecover(g)", EMPTY_INTERFACE)
        if name in ("println", "print"):
            nodes = [a for a in args.named_children if a.type != "comment"]
            operands = [self.print_operand(e, k, a, node) for (e, k), a in zip(self._fmt_args(args), nodes)]
            pairs = "(" + "".join(f"({operand}), " for operand in operands) + ")"
            data = Expr(f"builtin_{name}({pairs})", T.STRING)
            return self._print_op(node, 2, data, statement)
        raise self.lw.unsupported(node.child_by_field_name("function") or node, f"builtin {name}")

    def complex_builtin(self, node: Node, values: list[Node]) -> Expr:
        """complex(r, i): two floats of one type (untyped constants take the other's) make a
        complex128 or complex64; two untyped constants an untyped complex constant."""
        operands, spread = self.spread_operands(values)  # complex(f()) of a two-result f
        if len(operands) != 2:
            what = "not enough" if len(operands) < 2 else "too many"
            raise self.lw.error(node, f"{what} arguments for {self.lw.text(node)}")
        values = [values[0]] * 2 if len(values) == 1 else values
        re, im = (self.real_operand(e, v) for e, v in zip(operands, values))
        t = T.unify(re.type, im.type)
        if t is None:
            raise self.lw.error(
                node, f"invalid operation: {self.lw.text(node)} (mismatched types {re.type} and {im.type})"
            )
        if t.untyped and t.kind in ("int", "float") and re.is_const and im.is_const:
            assert isinstance(re.const, constants.Number) and isinstance(im.const, constants.Number)
            return constant(constants.Complex(re.const, im.const), T.UNTYPED_COMPLEX)
        t = T.FLOAT64 if t.untyped else t
        if t.kind != "float":
            raise self.lw.error(node, f"invalid argument: arguments have type {t}, expected floating-point")
        re, im = (self.assignable(e, t, v) for e, v in ((re, values[0]), (im, values[1])))
        result = T.COMPLEX64 if underlying_name(t) == "float32" else T.COMPLEX128
        if re.is_const and im.is_const:
            assert isinstance(re.const, constants.Number) and isinstance(im.const, constants.Number)
            return constant(constants.Complex(re.const, im.const), result)
        self.cost(1)
        return Expr(spread(f"complex({re.code}, {im.code})"), result)

    def real_operand(self, e: Expr, node: Node) -> Expr:
        """An untyped complex constant without imaginary part, as complex's operand: a float."""
        if e.is_const and isinstance(e.const, constants.Complex):
            return constant(self.lw.real_constant(e.const, T.UNTYPED_FLOAT, node), T.UNTYPED_FLOAT)
        return e

    def complex_part(self, node: Node, name: str, x: Expr, operand: Node) -> Expr:
        """real(x) and imag(x): float64 of a complex128, float32 of a complex64, an untyped float
        constant of an untyped numeric constant."""
        if x.is_const and x.type.untyped and x.type.kind in T.NUMERIC_KINDS:
            c = constants.as_complex(x.const)  # type: ignore[arg-type]
            return constant(Fraction(c.re if name == "real" else c.im), T.UNTYPED_FLOAT)
        if x.type.kind != "complex":
            raise self.lw.error(
                operand,
                f"invalid argument: argument has type {x.type}, expected complex type",
            )
        t = T.NAMED["float32"] if underlying_name(x.type) == "complex64" else T.FLOAT64
        if x.is_const:
            c = constants.as_complex(x.const)  # type: ignore[arg-type]
            return constant(c.re if name == "real" else c.im, t)
        self.cost(1)
        return Expr(f"({x.code}).{name}", t)

    def print_operand(self, e: Expr, kind: str, arg: Node, node: Node) -> str:
        """A value and its kind for the builtin print; the runtime prints pointers, slices, maps,
        channels, functions and interfaces as addresses: exactly for nil, else unsupported."""
        if e.type.kind == "nil":
            raise self.lw.error(arg, f"use of untyped nil in argument to {self._callee_text(node)}")
        if e.type.kind not in ADDRESS_KINDS:
            return f"{e.code}, {kind!r}"
        nil_text = {"slice": b"[0/0]0x0", "interface": b"(0x0,0x0)"}.get(e.type.kind, b"0x0")
        pos = Pos.of(node)
        where = f"{self.lw.unit.path!r}, Pos({pos.line}, {pos.col})"
        return f"print_address({e.code}, {nil_text!r}, {where}), 'string'"

    def make_container(self, node: Node, t: Type, values: list[Node]) -> Expr:
        """make([]T, len[, cap]) or make(map[K]V[, hint])."""
        sizes = [self.index_operand(v).code for v in values[1:]]
        self.cost(20)
        if t.kind == "map":
            return Expr(map_of_items(t, []), t)
        if not sizes:
            raise self.lw.error(
                node, f"invalid operation: {self.lw.text(node)} expects 2 or 3 arguments; found 1"
            )
        cap = sizes[1] if len(sizes) > 1 else "None"  # (the length, evaluated once)
        elem = t.elems[0]
        return Expr(f"make_slice({sizes[0]}, {cap}, {zero_value(elem)}, {T.size_of(elem)})", t)

    def container_builtin(self, node: Node, name: str, values: list[Node], statement: bool) -> Expr | None:
        """append, copy and delete."""
        if not values:
            raise self.lw.error(node, f"not enough arguments for {self.lw.text(node)}")
        if name in ("copy", "delete"):
            operands, spread = self.spread_operands(values)
            if len(operands) != 2:
                what = "not enough" if len(operands) < 2 else "too many"
                raise self.lw.error(node, f"{what} arguments for {self.lw.text(node)}")
            first, second = operands
        else:
            first = self.expr(values[0])
            if first.type.kind == "tuple":
                raise self.lw.unsupported(values[0], f"multi-value arguments to {name}")
        self.cost(4)
        if name == "delete":
            if first.type.kind != "map":
                raise self.lw.error(node, f"invalid argument: {self.lw.text(node)}")
            k = self.assignable(second, first.type.elems[0], values[-1])
            return Expr(spread(f"mdelete({first.code}, {k.code})"), T.VOID)
        if first.type.kind != "slice":
            raise self.lw.error(
                values[0],
                f"invalid argument: {self.lw.text(values[0])} (variable of type {first.type}) is not a slice",
            )
        if name == "copy":
            return Expr(spread(f"scopy({first.code}, {second.code})"), T.INT)
        elem = first.type.elems[0]
        size = T.size_of(elem)
        if not statement and values[-1].type == "variadic_argument":
            if len(values) != 2:
                raise self.lw.error(node, "can only use ... with final argument in list")
            rest = self.expr(values[1].named_children[0])
            if rest.type.kind == "string" and elem == T.BYTE:
                return Expr(f"sappend({first.code}, {rest.code}, {size})", first.type)
            rest = self.assignable(rest, first.type, values[1])
            return Expr(f"sappend({first.code}, tuple({rest.code} or ()), {size})", first.type)
        if statement:
            raise self.lw.error(node, f"{self.lw.text(node)} (value of type {first.type}) is not used")
        items = [self.assignable(self.expr(v), elem, v).code for v in values[1:]]
        return Expr(f"sappend({first.code}, ({''.join(i + ', ' for i in items)}), {size})", first.type)


def _bytes_or_runes(t: Type) -> str:
    """ "uint8" or "int32" for a slice type whose elements' underlying type is byte or rune."""
    if t.kind != "slice":
        return ""
    elem = underlying_name(t.elems[0])
    return elem if elem in ("uint8", "int32") else ""


def field_path(t: Type, name: str, pointee: Callable[[Type], Type]) -> list[tuple[int, Type]] | None:
    """The indexes leading to field ``name`` of struct t: its own, else the shallowest promoted one."""
    level: list[tuple[Type, list[tuple[int, Type]]]] = [(t, [])]
    while level:
        found = [
            [*path, (i, f)]
            for s, path in level
            for i, (n, f) in enumerate(zip(s.fields, s.elems))
            if n == name and (is_exported(n) or s.name not in LIBRARY_STRUCTS)  # the program's to name
        ]
        if found:
            return found[0]
        level = [
            (pointee(f) if f.kind == "ptr" else f, [*path, (i, f)])
            for s, path in level
            for i, f in enumerate(s.elems)
            if (f.elems[0] if f.kind == "ptr" and f.elems else f).kind == "struct"
            and s.fields[i] == embedded_name(f)
        ]
    return None


def _compare(op: str, a: object, b: object) -> bool:
    numbers = (constants.Number, constants.Complex)
    if isinstance(a, numbers) and isinstance(b, numbers):
        return constants.compare(op, a, b)
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    assert isinstance(a, bytes) and isinstance(b, bytes)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _int_op(op: str, a: int, b: int) -> int:
    if op == "/":
        q = abs(a) // abs(b)
        return q if (a >= 0) == (b >= 0) else -q
    if op == "%":
        r = abs(a) % abs(b)
        return r if a >= 0 else -r
    return {
        "+": a + b,
        "-": a - b,
        "*": a * b,
        "&": a & b,
        "|": a | b,
        "^": a ^ b,
        "&^": a & ~b,
    }[op]
