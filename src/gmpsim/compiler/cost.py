"""gc's hairy visitor: the inliner's node count for one function body, or why it refuses it.

gc counts the nodes of its IR after type checking: about one per expression and statement,
plus fixed extras (a call that stays a call costs 57 more, a call to an inlinable function
costs that function's own cost).  We count the same nodes on the tree-sitter tree, mapping
each Go construct to the IR nodes gc builds for it (``x := e`` is an ODCL and an OAS;
``time.Second * 1`` is one folded literal).  The mapping was measured against the real
compiler's ``-m=2`` costs (see tests/gmpsim/test_compiler_oracle.py).

What the file does not tell us (the type of an expression whose declaration we do not
follow, the cost of a library function nobody measured) is carried as an interval: a cost is
``lo..hi``.  The caller decides whether the uncertainty changes a decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gmpsim.compiler.stdlib import INTERFACE_PARAMS, INTRINSICS, VARIADIC_ANY, std_callee
from gmpsim.compiler.syntax import (
    BUILTIN_FUNCS,
    Field,
    FuncSyntax,
    Method,
    Node,
    Package,
    Scope,
    element_types,
    need,
    unparen,
)
from gmpsim.versions import InlinerRules

INLINE_MAX_BUDGET = 80  # inlineMaxBudget
CLOSURE_COST = 15  # hairyVisitor's charge for an OCLOSURE
# Type arguments of make and new, which the visitor does not charge.
_TYPE_NODES = frozenset(
    {"type_identifier", "qualified_type", "pointer_type", "slice_type", "map_type"}
    | {"channel_type", "array_type"}
)
# Conversions between these types share a representation: gc emits OCONVNOP (cost 0).
_SAME_REPR = (frozenset({"int", "int64"}), frozenset({"uint", "uint64", "uintptr"}))


class Blocked(Exception):
    """The inliner refuses the function outright; ``reason`` is gc's wording."""

    def __init__(self, reason: str, node: Node) -> None:
        super().__init__(reason)
        self.reason = reason
        self.node = node


@dataclass
class Unknown:
    """A part of the cost we could not pin down, kept to explain an undecidable function."""

    node: Node
    what: str


@dataclass(frozen=True)
class CalleeCost:
    """What the visitor needs to know about a function of the package it may call."""

    cost: tuple[int, int] | None  # inline cost interval if inlinable, else None


class HairyVisitor:
    """Counts one function's nodes like gc's ``hairyVisitor`` of one release."""

    def __init__(
        self,
        pkg: Package,
        fn: FuncSyntax,
        rules: InlinerRules,
        callee: Callable[[str], CalleeCost | None],
    ) -> None:
        self.pkg = pkg
        self.fn = fn
        self.rules = rules
        self.scope = Scope.of(pkg, fn)
        self.callee = callee  # None: not decided yet (same recursive cycle)
        self.lo = 0
        self.hi = 0
        self.unknowns: list[Unknown] = []
        self.results = fn.results  # of the function whose return statements are being counted

    # --- entry point -------------------------------------------------------------------

    def count(self) -> tuple[int, int]:
        """Count the body; raise :class:`Blocked` if gc refuses it whatever the budget."""
        assert self.fn.body is not None
        self.block(self.fn.body)
        return self.lo, self.hi

    # --- bookkeeping --------------------------------------------------------------------

    def add(self, n: int, hi: int | None = None) -> None:
        self.lo += n
        self.hi += n if hi is None else hi

    def unknown(self, node: Node, what: str, lo: int, hi: int) -> None:
        self.unknowns.append(Unknown(node, what))
        self.add(lo, hi)

    def refuse(self, op: str, node: Node) -> None:
        if op in self.rules.unhandled_ops:
            raise Blocked(f"unhandled op {op}", node)

    def text(self, node: Node) -> str:
        return self.pkg.text(node)

    # --- statements ---------------------------------------------------------------------

    def block(self, node: Node) -> None:
        for child in node.named_children:
            if child.type == "statement_list":
                self.block(child)
            else:
                self.stmt(child)

    def stmt(self, node: Node) -> None:
        t = node.type
        if t in ("comment", "empty_statement", "const_declaration", "fallthrough_statement"):
            return
        if t == "block":
            self.block(node)
        elif t == "expression_statement":
            self.expr(node.named_children[0])
        elif t == "return_statement":
            self.add(1)
            values = _list(node)
            for e in values:
                self.expr(e)
            if len(values) == len(self.results):
                for e, (_, result_type) in zip(values, self.results):
                    self.implicit_conversion(e, result_type)
        elif t == "short_var_declaration":
            left = need(node, "left").named_children
            right = need(node, "right").named_children
            self.add(2 * sum(1 for n in left if self.text(n) != "_"))
            self.assign(left, right, node)
        elif t == "var_declaration":
            for spec in node.named_children:
                specs = spec.named_children if spec.type == "var_spec_list" else [spec]
                for s in specs:
                    if s.type == "var_spec":
                        self.var_spec(s)
        elif t == "assignment_statement":
            left = need(node, "left").named_children
            right = need(node, "right").named_children
            op = self.text(need(node, "operator"))
            if op == "=":
                targets = [self.scope.type_of(e) if self.text(e) != "_" else None for e in left]
                self.assign(left, right, node, targets)
            else:  # OASOP
                self.add(1)
                self.expr(left[0])
                self.expr(right[0])
        elif t in ("inc_statement", "dec_statement"):
            self.add(2)  # OASOP and the literal 1
            self.expr(node.named_children[0])
        elif t == "send_statement":
            self.add(1)
            self.expr(need(node, "channel"))
            self.expr(need(node, "value"))
        elif t == "if_statement":
            self.if_stmt(node)
        elif t == "for_statement":
            self.for_stmt(node)
        elif t == "labeled_statement":
            body = node.named_children[-1]
            if self.rules.labeled_control_blocks and body.type == "for_statement":
                raise Blocked("labeled control", node)
            self.add(1)
            if body.type != "label_name":  # a label at the end of a block labels no statement
                self.stmt(body)
        elif t in ("break_statement", "continue_statement"):
            if t == "break_statement":
                self.refuse("BREAK", node)
            if self.rules.labeled_control_blocks and node.named_children:
                raise Blocked("labeled control", node)
            self.add(1)
        elif t == "goto_statement":
            self.add(1)
        elif t == "expression_switch_statement":
            self.switch(node)
        elif t == "type_switch_statement":
            self.refuse("TYPESW", node)
            self.type_switch(node)
        elif t == "select_statement":
            self.refuse("SELECT", node)
            self.select(node)
        elif t == "go_statement":
            self.refuse(self.rules.go_op, node)
        elif t == "defer_statement":
            self.refuse("DEFER", node)
        elif t == "type_declaration":
            self.refuse("DCLTYPE", node)
        else:
            raise self.pkg.unsupported(node, f"{t.replace('_', ' ')} in the inliner's cost model")

    def var_spec(self, spec: Node) -> None:
        names = spec.children_by_field_name("name")
        values = spec.child_by_field_name("value")
        self.add(2 * len(names))  # ODCL + ONAME each
        if values is None:
            self.add(2 * len(names))  # OAS name = <zero>
        else:
            declared = spec.child_by_field_name("type")
            targets = [self.text(declared) if declared is not None else None] * len(names)
            self.assign(names, values.named_children, spec, targets)

    def assign(
        self, left: list[Node], right: list[Node], node: Node, targets: list[str | None] | None = None
    ) -> None:
        """An assignment; ``targets`` are the types of the left side where a value may be
        converted implicitly (``=`` and ``var x T = v``, not ``:=``)."""
        self.add(1)  # OAS or OAS2*
        for e in left:
            self.expr(e)
        for e in right:
            self.expr(e)
        if targets is not None and len(right) == len(targets):
            for e, target in zip(right, targets):
                if target is not None:
                    self.implicit_conversion(e, target)

    def implicit_conversion(self, value: Node, target: str) -> None:
        """The OCONVIFACE gc adds where a value is assigned or returned as an interface."""
        if self.scope.is_interface_type(target):
            self.iface_conv(value, target)

    def if_stmt(self, node: Node) -> None:
        init = node.child_by_field_name("initializer")
        cond = need(node, "condition")
        if init is not None:
            self.stmt(init)
        if self.scope.is_const(cond) and self.text(unparen(cond)) in ("true", "false"):
            # A constant condition costs nothing and only the taken branch counts.
            taken = "consequence" if self.text(unparen(cond)) == "true" else "alternative"
            branch = node.child_by_field_name(taken)
            if branch is not None:
                self.stmt(branch)
            return
        self.add(1)
        self.expr(cond)
        self.stmt(need(node, "consequence"))
        alt = node.child_by_field_name("alternative")
        if alt is not None:
            self.stmt(alt)

    def for_stmt(self, node: Node) -> None:
        clause = next((c for c in node.named_children if c.type != "block"), None)
        body = need(node, "body")
        if clause is not None and clause.type == "range_clause":
            self.refuse("RANGE", node)
            self.add(1)
            left = clause.child_by_field_name("left")
            over = need(clause, "right")
            self.expr(over)
            if left is not None:
                names = left.named_children
                self.add(len(names))
                if ":=" in self.pkg.unit.source[left.end_byte : over.start_byte].decode():
                    self.add(2 * sum(1 for n in names if self.text(n) != "_"))  # an ODCL each
            self.block(body)
            return
        self.refuse("FOR", node)
        self.add(1)
        if clause is not None and clause.type == "for_clause":
            for field in ("initializer", "condition", "update"):
                part = clause.child_by_field_name(field)
                if part is None:
                    continue
                if field == "condition":
                    self.expr(part)
                else:
                    self.stmt(part)
        elif clause is not None:
            self.expr(clause)
        self.block(body)

    def switch(self, node: Node) -> None:
        self.add(1)
        init = node.child_by_field_name("initializer")
        if init is not None:
            self.stmt(init)
        tag = node.child_by_field_name("value")
        if tag is not None:
            self.expr(tag)
        for case in node.named_children:
            if case.type not in ("expression_case", "default_case"):
                continue
            self.add(1)
            values = case.child_by_field_name("value")
            if values is not None:
                for v in values.named_children:
                    self.expr(v)
            self.case_body(case)

    def case_body(self, case: Node) -> None:
        for child in case.named_children:
            if child.type == "statement_list":
                self.block(child)

    def type_switch(self, node: Node) -> None:
        """OSWITCH with an OTYPESW guard; a bound variable is declared again in each case."""
        init = node.child_by_field_name("initializer")
        if init is not None:
            self.stmt(init)
        bound = 1 if node.child_by_field_name("alias") is not None else 0
        self.add(2 + bound)
        self.expr(need(node, "value"))
        for case in node.named_children:
            if case.type in ("type_case", "default_case"):
                self.add(1 + bound)
                if self.rules.extra_typecheck_nodes:  # go1.19 charges each type listed
                    self.add(sum(1 for t in case.children_by_field_name("type") if t.is_named))
                self.case_body(case)

    def select(self, node: Node) -> None:
        self.add(1)
        for case in node.named_children:
            if case.type == "default_case":
                self.add(1)
                self.case_body(case)
            elif case.type == "communication_case":
                self.add(1)
                comm = need(case, "communication")
                if comm.type == "send_statement":
                    self.stmt(comm)
                else:
                    left = comm.child_by_field_name("left")
                    self.expr(need(comm, "right"))
                    if left is not None:
                        names = left.named_children
                        declares = ":=" in self.text(comm)
                        # v := <-c becomes "v, _ = <-c" (OSELRECV2): the assignment, both
                        # operands and an ODCL per declared name.
                        self.add(3 + (2 * sum(1 for n in names if self.text(n) != "_") if declares else 0))
                self.case_body(case)

    # --- expressions --------------------------------------------------------------------

    def expr(self, node: Node) -> None:
        node = unparen(node)
        t = node.type
        if self.scope.is_const(node) and t != "call_expression":
            self.add(1)
            return
        if t in ("identifier", "nil", "true", "false", "iota", "blank_identifier"):
            self.add(1)
        elif t == "binary_expression":
            self.binary(node)
        elif t == "unary_expression":
            op = self.text(need(node, "operator"))
            if op != "+":
                self.add(1)
            operand = unparen(need(node, "operand"))
            if op == "&" and operand.type == "selector_expression":
                self.address_of_field(operand, ())
            self.expr(operand)
        elif t == "call_expression":
            self.call(node)
        elif t == "selector_expression":
            self.selector(node)
        elif t == "index_expression":
            self.add(1)
            self.expr(need(node, "operand"))
            self.expr(need(node, "index"))
        elif t == "slice_expression":
            self.add(1)
            for field in ("operand", "start", "end", "capacity"):
                part = node.child_by_field_name(field)
                if part is not None:
                    self.expr(part)
            if self.rules.superfluous_slice_free:
                self.add(-self.superfluous_slicing(node))
        elif t == "composite_literal":
            self.composite(node)
        elif t == "func_literal":
            self.refuse("CLOSURE", node)
            self.add(1 + CLOSURE_COST)
            if self.rules.closure_body_counted:
                outer, self.results = self.results, self.pkg.funcs[self.pkg.literals[node.id]].results
                self.block(need(node, "body"))
                self.results = outer
        elif t == "type_conversion_expression":  # []byte(s), func(int)(f): no call syntax
            self.conversion(node, need(node, "type"), [need(node, "operand")])
        elif t == "type_assertion_expression":
            self.add(1)
            self.expr(need(node, "operand"))
        else:
            raise self.pkg.unsupported(node, f"{t.replace('_', ' ')} in the inliner's cost model")

    def binary(self, node: Node) -> None:
        op = self.text(need(node, "operator"))
        if op == "+" and self.is_string(node):
            operands = self.concat_operands(node)
            self.add(1)  # one OADDSTR for the whole chain
            for e in operands:
                self.expr(e)
            return
        self.add(1)
        self.expr(need(node, "left"))
        self.expr(need(node, "right"))

    def is_string(self, node: Node) -> bool:
        return self.scope.type_of(node) == "string"

    def concat_operands(self, node: Node) -> list[Node]:
        node = unparen(node)
        if node.type == "binary_expression" and self.text(need(node, "operator")) == "+":
            return self.concat_operands(need(node, "left")) + self.concat_operands(need(node, "right"))
        return [node]

    def selector(self, node: Node) -> None:
        operand = unparen(need(node, "operand"))
        if operand.type == "identifier" and self.text(operand) in self.pkg.imports:
            self.add(1)  # a package-level variable such as os.Stdout
            return
        if operand.type == "identifier" and self.scope.is_type(operand):
            # A method expression such as point.sum: an OMETHEXPR, free since go1.20 [?].
            self.add(self.rules.extra_typecheck_nodes)
            return
        recv_type = self.scope.type_of(operand)
        field = self.text(need(node, "field"))
        if recv_type is not None and self.pkg.method_key(recv_type, field) is not None:
            self.refuse("CALLPART", node)  # a method value
            self.add(2)
            self.expr(operand)
            return
        promoted = self.pkg.field(recv_type, field) if recv_type is not None else None
        self.add(1 + (len(promoted.via) if promoted is not None else 0))  # ODOT / ODOTPTR each
        self.expr(operand)

    def superfluous_slicing(self, node: Node) -> int:
        """Nodes gc does not charge in s[0:len(s)]: 1 for the 0, 2 for len(s)."""
        start = node.child_by_field_name("start")
        end = node.child_by_field_name("end")
        free = 1 if start is not None and self.text(start) == "0" else 0
        operand = self.text(need(node, "operand"))
        if end is not None and self.text(end).replace(" ", "") == f"len({operand})":
            free += 2
        return free

    def composite(self, node: Node) -> None:
        self.composite_body(self.text(need(node, "type")), need(node, "body"))

    def composite_body(self, type_text: str, body: Node) -> None:
        elements = [e for e in body.named_children if e.type in ("keyed_element", "literal_element")]
        if type_text.startswith("*"):  # an elided &T{…} inside a literal of pointers
            self.add(1)  # OPTRLIT
            type_text = type_text[1:]
        if type_text.startswith("[]"):
            self.add(2)  # OSLICELIT counts twice
        else:
            self.add(1)  # OSTRUCTLIT, OARRAYLIT or OMAPLIT
        is_struct = not type_text.startswith(("[", "map["))
        key_type, elem_type = element_types(type_text)
        for e in elements:
            if e.type == "keyed_element":
                value = e.child_by_field_name("value") or e.named_children[-1]
                self.add(1)  # OSTRUCTKEY / OKEY
                if not is_struct:
                    self.element(e.child_by_field_name("key") or e.named_children[0], key_type)
                self.element(value, elem_type)
            else:
                if is_struct:
                    self.add(1)  # positional struct fields become OSTRUCTKEY too
                self.element(e, elem_type)

    def element(self, node: Node, elem_type: str | None) -> None:
        inner = node.named_children[0] if node.type == "literal_element" else node
        if inner.type != "literal_value":
            self.expr(inner)
        elif elem_type is None:
            raise self.pkg.unsupported(inner, "inline cost of an elided composite literal")
        else:
            self.composite_body(elem_type, inner)

    # --- calls --------------------------------------------------------------------------

    def call(self, node: Node) -> None:
        fun = unparen(need(node, "function"))
        args = need(node, "arguments").named_children
        if self.scope.is_const(node) and not self.scope.is_type(fun):
            self.add(1)  # unsafe.Sizeof(x) and friends: a constant
            return
        if self.scope.is_type(fun):
            self.conversion(node, fun, args)
            return
        if fun.type == "func_literal":
            self.expr(fun)  # the OCLOSURE, then the call of that function
            self.own_call(node, self.pkg.funcs[self.pkg.literals[fun.id]], args, receiver=None)
            self.add(-1)  # no ONAME for the callee
            return
        if fun.type == "identifier":
            name = self.text(fun)
            literal = self.scope.closures.get(name)
            if literal is not None and name not in self.scope.assigned:
                # A local closure that is never reassigned is inlined where it is called,
                # so gc charges its own cost.
                self.own_call(node, self.pkg.funcs[self.pkg.literals[literal.id]], args, receiver=None)
            elif name in self.scope.types:
                self.indirect_call(node, fun, args)
            elif name in BUILTIN_FUNCS:
                self.builtin(node, name, args)
            elif name in self.pkg.funcs:
                self.own_call(node, self.pkg.funcs[name], args, receiver=None)
            else:
                raise self.pkg.unsupported(fun, f"call of {name}, which is not declared in this file")
            return
        if fun.type == "selector_expression":
            operand = unparen(need(fun, "operand"))
            field = self.text(need(fun, "field"))
            if operand.type == "identifier" and self.text(operand) in self.pkg.imports:
                self.std_call(node, f"{self.pkg.imports[self.text(operand)]}.{field}", args)
                return
            recv_type = self.scope.type_of(operand)
            method = self.pkg.method(recv_type, field) if recv_type else None
            if method is not None and method.std:
                self.add(1 + self.rules.extra_typecheck_nodes)  # OCALLFUNC and its OMETHEXPR
                self.callee_temp(operand, dynamic=False)
                self.receiver(operand, method)
                self.std_callee(node, method.key, args)
                return
            if method is not None:
                self.callee_temp(operand, dynamic=False)
                self.own_call(node, self.pkg.funcs[method.key], args, receiver=(operand, method))
                return
            selected = self.pkg.field(recv_type, field) if recv_type else None
            if selected is not None and selected.type.startswith("func"):
                self.indirect_call(node, fun, args)  # a field holding a function
                return
            self.add(1)
            self.expr(operand)
            self.args(args)
            interface = recv_type is not None and self.scope.is_interface_type(recv_type)
            self.callee_temp(operand, dynamic=True if interface else None)
            if interface:
                # OCALLINTER and its ODOTINTER: an interface call is never inlined.
                self.add(1 + self.extra_call_cost(node, "non-leaf op CALLINTER"))
                return
            what = f"method {self.text(fun)} of a type this file does not declare"
            # Up to an OMETHEXPR and the receiver's &x or *p besides what any callee may add.
            self.unknown(node, what, 0, 2 + self.unknown_call_max(node, args))
            return
        self.indirect_call(node, fun, args)

    def callee_temp(self, evaluated: Node, dynamic: bool | None) -> None:
        """The temporary gc evaluates a receiver or function value into when that calls or
        receives; ``dynamic``: an interface or indirect call (None: a method that may be an
        interface's, for all the model knows)."""
        cost = self.rules.callee_temp_cost
        if not cost or not self.scope.calls_or_receives(evaluated):
            return
        if dynamic or self.rules.callee_temp_on_methods:
            self.add(cost)
        elif dynamic is None:
            self.unknown(evaluated, "whether the receiver's temporary is charged", 0, cost)

    def unknown_call_max(self, node: Node, args: list[Node]) -> int:
        """The most a callee the model knows nothing about adds to its call: its inlined body
        (at most the budget) or a call, a conversion to an interface per argument, and the
        slice that packs variadic arguments."""
        packing = 2 if self.rules.variadic_packed else 0
        return max(INLINE_MAX_BUDGET, self.extra_call_cost(node)) + len(args) + packing

    def extra_call_cost(self, node: Node, reason: str = "non-leaf function") -> int:
        if self.rules.extra_call_cost is None:
            raise Blocked(reason, node)
        return self.rules.extra_call_cost

    def indirect_call(self, node: Node, fun: Node, args: list[Node]) -> None:
        """A call of a function value (a variable, a field, an element…): never inlined, so it
        costs the OCALLFUNC, a call and the expression giving the function."""
        name = self.text(fun)
        extra = self.extra_call_cost(node, "non-leaf op CALL")
        self.callee_temp(fun, dynamic=True)
        if any(name == p for p, _ in self.fn.params) and self.rules.param_call_cost is not None:
            self.add(1 + min(extra, self.rules.param_call_cost))
        else:
            self.add(1 + extra)
        self.expr(fun)
        self.args(args)

    def own_call(
        self, node: Node, callee: FuncSyntax, args: list[Node], receiver: tuple[Node, Method] | None
    ) -> None:
        decided = self.callee(callee.key)
        # OCALLFUNC and the callee's ONAME, or for a method call its OMETHEXPR.
        self.add(2 if receiver is None else 1 + self.rules.extra_typecheck_nodes)
        if receiver is not None:
            self.receiver(*receiver)
        if decided is not None and decided.cost is not None:
            lo, hi = decided.cost
            if lo == hi:
                self.add(lo)
            else:  # inlinable whatever its uncertain parts cost, which this caller inherits
                self.unknown(node, f"the inline cost of {callee.key}", lo, hi)
        else:
            reason = "non-leaf method" if receiver is not None else "non-leaf function"
            self.add(self.extra_call_cost(node, reason))
        self.call_args(callee.params, callee.variadic, args, node)

    def receiver(self, operand: Node, method: Method) -> None:
        """The receiver argument: the operand, the embedded fields it selects implicitly, and
        gc's &v for a pointer method on a value or *p for a value method on a pointer."""
        self.expr(operand)
        self.add(len(method.via))  # ODOT / ODOTPTR each
        if method.pointer_receiver == method.receiver.startswith("*"):
            return
        self.add(1)  # OADDR / ODEREF
        if method.pointer_receiver and method.via:
            if len(method.via) == 1:
                self.address_of_field(operand, method.via)
        elif method.pointer_receiver and operand.type == "selector_expression":
            self.address_of_field(unparen(operand), ())

    def address_of_field(self, operand: Node, via: tuple[Field, ...]) -> None:
        """&x.f is free from go1.22 when x is a variable and f is at offset 0: ``via`` holds the
        field f when it is selected implicitly (x.M() of a method promoted from f), else
        ``operand`` is the selector x.f."""
        if not self.rules.zero_offset_addr_free:
            return
        if via:
            base, found = unparen(operand), via[0]
        else:
            base = unparen(need(operand, "operand"))
            base_type = self.scope.type_of(base)
            selected = self.pkg.field(base_type, self.text(need(operand, "field"))) if base_type else None
            if selected is None or selected.via:
                return
            found = selected
        if base.type != "identifier" or self.text(base) in self.pkg.imports:
            return
        if found.at_offset_zero is None:
            self.unknown(operand, "the offset of a field of unknown size", -2, 0)
        elif found.at_offset_zero:
            self.add(-2)  # the OADDR and the ODOT/ODOTPTR

    def std_call(self, node: Node, name: str, args: list[Node]) -> None:
        self.add(2)  # OCALLFUNC + ONAME
        self.std_callee(node, name, args)

    def std_callee(self, node: Node, name: str, args: list[Node]) -> None:
        """A library function's or method's share of its call: its cost and its arguments."""
        known = std_callee(self.rules.stdlib_table, name)
        if known is None and name in INTRINSICS:
            if not self.rules.intrinsics_cheap:
                self.add(self.extra_call_cost(node))
            self.args(args)
            return
        if known is None:
            self.args(args)
            if self.rules.extra_call_cost is None:
                raise Blocked("non-leaf function", node)  # library functions call something
            self.unknown(node, f"the inline cost of {name}", 0, self.unknown_call_max(node, args))
            return
        if known.inline_cost is not None:
            self.add(known.inline_cost)
        else:
            self.add(self.extra_call_cost(node))
        variadic = VARIADIC_ANY.get(name)
        fixed = variadic.fixed if variadic is not None else len(args)
        converted = (
            variadic.interface_params if variadic is not None else INTERFACE_PARAMS.get(name, frozenset())
        )
        for i, arg in enumerate(args[:fixed]):
            self.args([arg])
            if i in converted:
                self.iface_conv(arg)
        if variadic is not None and args[fixed:] and args[-1].type == "variadic_argument":
            self.args(args[fixed:])  # f(xs...) passes the slice as it is
        elif variadic is not None:
            self.variadic_args(args[fixed:], interface=True)

    def call_args(
        self, params: tuple[tuple[str, str], ...], variadic: bool, args: list[Node], node: Node
    ) -> None:
        fixed = len(params) - 1 if variadic else len(params)
        for arg, (_, ptype) in zip(args[:fixed], params[:fixed]):
            self.expr(arg)
            if self.scope.is_interface_type(ptype):
                self.iface_conv(arg, ptype)
        if variadic:
            if args and self.text(need(node, "arguments")).rstrip(") \n\t,").endswith("..."):
                self.args(args[fixed:])
            else:
                self.variadic_args(args[fixed:], interface=self.scope.is_interface_type(params[-1][1][2:]))

    def variadic_args(self, args: list[Node], interface: bool) -> None:
        if not self.rules.variadic_packed:
            for a in args:
                self.expr(a)
                if interface:
                    self.iface_conv(a)
            return
        if not args:
            self.add(1)  # a nil slice
            return
        self.add(2)  # OSLICELIT counts twice
        for a in args:
            self.expr(a)
            if interface:
                self.iface_conv(a)

    def iface_conv(self, arg: Node, target: str = "any") -> None:
        """OCONVIFACE for an argument passed as an interface of another type (a concrete
        value, or error passed as any); nothing if it already has that type."""
        arg_type = self.scope.type_of(arg)
        empty = ("any", "interface{}")
        if unparen(arg).type == "nil":
            return  # nil of the interface type itself
        if arg_type is None and not self.scope.is_const(arg):
            self.unknown(arg, "whether the argument is already an interface", 0, 1)
        elif arg_type != target and not (arg_type in empty and target in empty):
            self.add(1)

    def args(self, args: list[Node]) -> None:
        for a in args:
            if a.type == "variadic_argument":
                a = a.named_children[0]
            if a.type in _TYPE_NODES:
                continue  # make([]int, n): the type is not a node the visitor charges
            self.expr(a)

    def builtin(self, node: Node, name: str, args: list[Node]) -> None:
        if name == "recover":
            raise Blocked("call to recover" if self.rules.intrinsics_cheap else "non-leaf op RECOVER", node)
        if name == "panic":
            if self.rules.panic_cost is None:
                raise Blocked("non-leaf op PANIC", node)
            self.add(1 + self.rules.panic_cost)
            self.expr(args[0])  # its implicit OCONVIFACE is free (a compatibility hack in gc)
            return
        self.add(1 + (name == "new" and self.rules.extra_typecheck_nodes))
        self.args(args)

    def conversion(self, node: Node, fun: Node, args: list[Node]) -> None:
        if self.scope.is_const(node):
            self.add(1)
            return
        target = self.text(fun)
        source = self.scope.type_of(args[0])
        if source is None:
            self.unknown(node, f"whether converting to {target} changes the representation", 0, 1)
        elif not _same_representation(self.pkg, source, target):
            self.add(1)  # OCONV; identical representations give a free OCONVNOP
        self.expr(args[0])


def _same_representation(pkg: Package, a: str, b: str) -> bool:
    a = pkg.underlying(a)
    b = pkg.underlying(b)
    return a == b or any(a in group and b in group for group in _SAME_REPR)


def _list(node: Node) -> list[Node]:
    out: list[Node] = []
    for c in node.named_children:
        out.extend(c.named_children if c.type == "expression_list" else [c])
    return out
