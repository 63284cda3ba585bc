"""Lower the statements of one Go function body to the lines of its Python function.

``FuncLowerer`` declares the function's variables, adds each basic block's cost to ``g.clock``,
checks ``g.asyncguard`` at loop back-edges, and maps Go's control flow onto Python's: for,
switch and select run as Python loops (``Breakable`` carries a break or continue out through the
inner ones), a block with goto targets as a loop over states; a go statement yields a request
to the runtime model.  Expressions are ``expressions.ExprLowerer``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gmpsim.codegen.escapes import Escapes
from gmpsim.codegen.expressions import ExprLowerer
from gmpsim.codegen.labels import (
    FunctionLabels,
    function_labels,
    jump_problem,
    label_name,
    label_position,
)
from gmpsim.codegen.values import (
    CALL_COST,
    Expr,
    FuncInfo,
    Local,
    Node,
    box_code,
    interface_methods,
    is_boxed_interface,
    is_value_aggregate,
    own_var_specs,
    type_identity,
    wrap,
    zero_value,
)
from gmpsim.compiler.syntax import unparen
from gmpsim.frontend import Pos
from gmpsim.frontend import types as T
from gmpsim.frontend.tree import statements as _statements
from gmpsim.frontend.tree import walk_own as _walk_own
from gmpsim.frontend.types import Type
from gmpsim.golib import lowering as golib

if TYPE_CHECKING:
    from gmpsim.codegen.lower import Lowerer


# assignment targets other than variables
ELEMENT_TARGETS = frozenset({"index_expression", "selector_expression", "unary_expression"})
MAX_INDENT = 90  # Python allows 100 levels of indentation


@dataclass
class Breakable:
    """An enclosing for loop, select or switch (the last two run as one-pass Python loops).

    A break or continue aimed at a breakable further out than the innermost Python loop stores
    its action in ``exit_var`` and breaks; after each inner breakable closes, the code checks
    the variables of those further out and passes the jump on, one Python loop at a time.
    """

    post: list[Node] | None  # a for loop's post statement (None: select or switch)
    exit_var: str  # "break" or "continue" while a jump to this breakable is on its way
    label: str | None = None
    jumped_to: bool = False  # some jump from an inner breakable aims here
    renew: tuple[str, ...] = ()  # statements making per-iteration loop variables whose address may be
    # taken new, from the last iteration's, before each post statement
    goto_block: bool = False  # the loop running a block with goto targets (see FuncLowerer.goto_block)

    @property
    def is_loop(self) -> bool:
        return self.post is not None


def assignment(target: str, value: str) -> str:
    """The statement storing value into target: a Python name or a template with ``{}``."""
    return target.format(value) if "{}" in target else f"{target} = {value}"


def store_into(place: Expr) -> str:
    """The store template of an addressable place: a struct or array is overwritten in place."""
    if is_value_aggregate(place.type):
        return f"{place.code}.assign({{}})"
    return f"{place.code} = {{}}"


class FuncLowerer:
    """Emits one Go function (or its inlined body variant) as a Python function."""

    def __init__(
        self, lowerer: Lowerer, info: FuncInfo, inlined: bool, parent: FuncLowerer | None = None
    ) -> None:
        self.lw = lowerer
        self.info = info
        self.inlined = inlined
        self.parent = parent  # the enclosing function of a function literal
        self.scopes: list[dict[str, Local]] = [{}]
        self.indent = 1
        self.out: list[str] = []
        self.pending = 0  # cost not yet added to g.clock
        self.loops: list[Breakable] = []  # the enclosing loops, selects and switches, innermost last
        self.pending_label: str | None = None  # the label of the statement about to be lowered
        self.globals_assigned: set[str] = set()
        self.nonlocals: set[str] = set()  # enclosing functions' variables a literal assigns
        self.literals = 0  # function literals so far (Go names them main.f.func1, func2, …)
        self.py_override: str | None = None
        self.extra_params: list[str] = []  # a deferred call's arguments, evaluated at the defer
        self.overrides: dict[tuple[int, int], Expr] = {}  # expressions already evaluated, by span
        self.captured: set[str] = set()  # per-iteration loop variables a literal copies
        self.has_defers = False  # the body has defer statements: returns run the deferred calls
        self.deferred_call: Node | None = None  # in a deferred call's wrapper: that call
        self.result_slots: list[str] = []  # the variables holding the results (named, or for defers)
        self._escapes: Escapes | None = None
        self._labels: FunctionLabels | None = None
        # goto targets in the blocks being lowered: label -> (the block's loop, its state variable, state)
        self.goto_states: dict[str, tuple[Breakable, str, int]] = {}

    @property
    def escapes(self) -> Escapes:
        """Whose addresses the whole Go function, literals included, takes."""
        root = self.root()
        if root._escapes is None:
            root._escapes = Escapes.of(root.info.node, self.lw.text)
        return root._escapes

    def py_name(self) -> str:
        if self.py_override is not None:
            return self.py_override
        return f"i_{self.info.py}" if self.inlined else f"f_{self.info.py}"

    def emit(self) -> None:
        self.lw.lines.extend(self.function_lines())

    def function_lines(self) -> list[str]:
        self.lw.fn_stack.append(self)
        try:
            return self._function_lines()
        finally:
            self.lw.fn_stack.pop()

    def _function_lines(self) -> list[str]:
        info = self.info
        params = []
        for i, (name, t) in enumerate(info.params):
            if name == "_":  # unnamed or blank
                params.append(Local(self.temp(), t).py)
                continue
            local = self.declare(name, t, initial=f"a{i}")
            params.append(f"a{i}" if local.cell is not None or local.py == "_" else local.py)
        body = info.node.child_by_field_name("body")
        assert body is not None
        self.has_defers = any(n.type == "defer_statement" for n in _walk_own(body))
        for i, (rname, t) in enumerate(info.results):
            if rname and rname != "_":
                slot = self.declare(rname, t).py
            elif rname or self.has_defers:  # a blank result, or one deferred calls may leave as it is
                slot = f"_r{i}"
            else:
                continue
            self.result_slots.append(slot)
            self.line(f"{slot} = {zero_value(t)}")
        self.cost(CALL_COST)
        if self.parent is not None or (not self.inlined and self.lw.has_prologue(info.name)):
            self.flush()
            self.line("if g.clock >= g.stackguard:")
            self.line("    yield CHECK_MORESTACK")
        if self.parent is None and not self.inlined and info.name == "main":
            for init in self.lw.package_inits:
                el = ExprLowerer(self.lw, self)
                types = init.types
                if len(init.values) == len(types):
                    codes = [
                        el.assignable(el.expr(unparen(v)), t, v).code for v, t in zip(init.values, types)
                    ]
                else:
                    codes = [
                        el.values_assignable(el.rhs(init.values, len(types))[0], types, init.values[0]).code
                    ]
                self.flush()
                self.line(f"{', '.join(init.stores)} = {', '.join(codes)}")
                self.globals_assigned.update(v.py for v in init.targets if v is not None and v.cell is None)
            for package_init in self.lw.init_funcs():  # after the variables, before main's body
                call = f"f_{package_init.py}(g)"
                self.flush()
                self.line(f"yield from {call}" if package_init.yields_full else call)
        if self.has_defers:  # deferred calls run when the function returns, panics or Goexits
            self.flush()
            self.line("_d = []")
            self.line("try:")
            self.indent += 1
        self.block_statements(body)
        self.flush()
        if self.has_defers:
            self.line("yield from run_defers(g, _d)")
            self.indent -= 1
            self.line("except GoUnwind as _e:")
            self.line("    yield from run_defers(g, _d, _e)")  # returns only if a deferred call recovered
            self.line(f"    return {self.results_code()}".rstrip())
        copies = "".join(f", {v}={v}" for v in sorted(self.captured))
        head = f"def {self.py_name()}(g{''.join(', ' + p for p in params + self.extra_params)}{copies}):"
        lines = [head]
        if self.globals_assigned:
            lines.append("    global " + ", ".join(sorted(self.globals_assigned)))
        if self.nonlocals:
            lines.append("    nonlocal " + ", ".join(sorted(self.nonlocals)))
        lines.extend(self.out or ["    pass"])
        yields = self.info.yields_body if self.inlined else self.info.yields_full
        must_yield = self.parent is not None or yields
        if must_yield:
            # callers resume it with ``yield from`` (library calls count as maybe yielding), so it
            # must be a generator even when nothing in it yields (the lines of a function literal
            # defined in it may yield without making it a generator)
            lines += ["    return", "    yield"]
        lines.append("")
        return lines

    # ---- output --------------------------------------------------------------------------------

    def line(self, text: str) -> None:
        self.out.append("    " * self.indent + text)

    def cost(self, n: int) -> None:
        self.pending += n

    def flush(self) -> None:
        if self.pending:
            self.line(f"g.clock += {self.pending}")
            self.pending = 0

    def temp(self) -> str:
        self.lw.counter += 1
        return f"t{self.lw.counter}"

    # ---- scopes ------------------------------------------------------------------------------------

    def declare(self, name: str, t: Type, initial: str | None = None) -> Local:
        """A new variable; one that lives in a cell gets it here, holding ``initial`` (a
        parameter's Python name) or the zero value."""
        if name == "_":
            return Local("_", t)
        self.lw.counter += 1
        local, create = self.lw.variable(
            name, t, self.escapes, f"v_{name}_{self.lw.counter}", initial or zero_value(t)
        )
        if local.cell is not None:
            self.line(create)
        self.scopes[-1][name] = local
        return local

    def lookup(self, name: str) -> Local | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        if self.parent is not None:
            outer = self.parent.lookup(name)
            if outer is not None and (outer.per_iteration or outer.cell is not None):
                self.captured.add(outer.cell or outer.py)  # a closure in the loop keeps this iteration's
            return outer
        return self.lw.package_constant(name) or self.lw.package_var(name)

    def is_local(self, name: str) -> bool:
        return any(name in scope for scope in self.scopes)

    # ---- statements ----------------------------------------------------------------------------

    def block_statements(self, block: Node) -> None:
        self.statement_list(_statements(block))

    @property
    def labels(self) -> FunctionLabels:
        if self._labels is None:
            body = self.info.node.child_by_field_name("body")
            self._labels = function_labels(body, self.lw.text, self.lw.error)
        return self._labels

    def statement_list(self, stmts: list[Node]) -> None:
        """The statements of a block or case clause; a goto_block if a goto jumps to one."""
        starts = [
            i
            for i, stmt in enumerate(stmts)
            if stmt.type == "labeled_statement" and label_name(stmt, self.lw.text) in self.labels.goto_targets
        ]
        if starts:
            self.goto_block(stmts, starts)
            return
        for stmt in stmts:
            self.statement(stmt)

    def goto_block(self, stmts: list[Node], targets: list[int]) -> None:
        """Statements some of which a goto jumps to, as a loop over a state variable: each goto
        target begins a part ``if state == k:``, which the part before falls into, and a goto sets
        the state and starts the loop over (from a nested loop, passing the jump out as a break
        or continue does: see Breakable).  The loop ends after the last part."""
        starts = targets if targets[0] == 0 else [0, *targets]
        self.flush()
        state = self.temp()
        self.line(f"{state} = 0")
        dispatch = self._open_breakable([])
        dispatch.goto_block = True
        for k, start in enumerate(starts):
            name = label_name(stmts[start], self.lw.text)
            if name is not None and start in targets:
                self.goto_states[name] = (dispatch, state, k)
        self.line("while True:")
        self.indent += 1
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(stmts)
            self.flush()
            self.line(f"if {state} == {k}:")
            self.indent += 1
            for stmt in stmts[start:end]:
                self.statement(stmt)
            self.flush()
            self.line(f"{state} = {k + 1}")
            self.indent -= 1
        self.line("break")
        self.indent -= 1
        for start in starts:
            self.goto_states.pop(label_name(stmts[start], self.lw.text) or "", None)
        self._close_breakable(dispatch)

    def stmt_goto_statement(self, stmt: Node) -> None:
        name = label_name(stmt, self.lw.text)
        assert name is not None
        problem = jump_problem(stmt, self.labels.defined[name], self.lw.text)
        if problem is not None:
            raise self.lw.error(label_position(stmt), problem)
        dispatch, state, k = self.goto_states[name]
        self.cost(1)
        self.flush()
        self.line(f"{state} = {k}")
        if dispatch is self.loops[-1]:
            self._back_edge(dispatch)
            self.line("continue")
            return
        dispatch.jumped_to = True
        self.line(f"{dispatch.exit_var} = 'continue'")
        self.line("break")

    def nested_block(self, block: Node) -> None:
        self.scopes.append({})
        self.block_statements(block)
        self.scopes.pop()
        self.flush()

    def statement(self, stmt: Node) -> None:
        if self.indent > MAX_INDENT:
            raise self.lw.unsupported(stmt, f"statements nested more than {MAX_INDENT} blocks deep")
        t = stmt.type
        handler = getattr(self, "stmt_" + t, None)
        if handler is None:
            raise self.lw.unsupported(stmt, t.replace("_", " "))
        outer, self.lw.active = self.lw.active, self
        handler(stmt)
        self.lw.active = outer

    def stmt_empty_statement(self, stmt: Node) -> None:
        pass

    def stmt_block(self, stmt: Node) -> None:
        self.flush()
        self.nested_block(stmt)

    def stmt_expression_statement(self, stmt: Node) -> None:
        expr = unparen(stmt.named_children[0])
        operand = expr.child_by_field_name("operand") if expr.type == "unary_expression" else None
        if operand is not None and self.lw.text(expr).startswith("<-"):
            received = ExprLowerer(self.lw, self).receive(operand, comma_ok=True)
            self.line(received.code)
            return
        if expr.type != "call_expression":
            raise self.lw.error(stmt, f"{self.lw.text(expr)} (value) is not used")
        code = ExprLowerer(self.lw, self).call(expr, statement=True)
        if code is not None:
            self.line(code.code)

    def stmt_go_statement(self, stmt: Node) -> None:
        call = unparen(stmt.named_children[0])
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if call.type != "call_expression" or fn is None or args is None:
            raise self.lw.error(stmt, "expression in go must be function call")
        el = ExprLowerer(self.lw, self)
        name = self.lw.text(fn)
        method = self._go_method(el, fn, args)
        if method is not None:
            entry, values, go_name = method
        elif fn.type == "identifier" and self.lookup(name) is None and name in self.lw.funcs:
            info = self.lw.funcs[name]
            values = el.arguments(args, [t for _, t in info.params], fn)
            entry, go_name = self.lw.entry_name(info), f"main.{info.name}"
        else:
            # any other function value: a literal, a variable, a field, a call's result
            f = el.expr(fn)
            if f.type.kind != "func":
                raise self.lw.unsupported(fn, f"go statement calling {name}")
            values = el.arguments(args, list(f.type.elems[0].elems), fn)
            entry, go_name = f.code, self.literal_go_name(f.code)
        self.cost(1)
        self.flush()
        arg_tuple = "(" + "".join(v + ", " for v in values) + ")"
        pos = Pos.of(stmt)
        self.line(f"yield (GO, {entry}, {arg_tuple}, {go_name!r}, Pos({pos.line}, {pos.col}))")

    def _go_method(self, el: ExprLowerer, fn: Node, args: Node) -> tuple[str, list[str], str] | None:
        """``go v.M(args)``: the entry point, its arguments (the receiver first, evaluated now, as
        Go evaluates the receiver and arguments in the calling goroutine) and the goroutine's
        function name; None if fn is not a method of a value."""
        operand, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
        if fn.type != "selector_expression" or operand is None or field is None:
            return None
        text = self.lw.text(operand)
        if operand.type == "identifier" and self.lookup(text) is None and text in self.lw.imports:
            return None  # a package's function
        recv, name = el.place(operand), self.lw.text(field)
        if is_boxed_interface(recv.type) and name in recv.type.fields:
            params, _ = recv.type.elems[recv.type.fields.index(name)].elems
            values = el.arguments(args, list(params.elems), fn)
            go_name = f"main.{recv.type.name.removeprefix('main.')}.{name}"
            return "icall", [recv.code, repr(name), *values], go_name
        resolved = el.resolve_method(recv, name, operand)
        if resolved is None:
            return None
        info, receiver = resolved
        values = el.arguments(args, [t for _, t in info.params][1:], fn)
        return self.lw.entry_name(info), [receiver, *values], f"main.{info.name}"

    def literal_go_name(self, py: str) -> str:
        return self.lw.literal_names.get(py, f"main.{self.root().info.name}.func")

    def root(self) -> FuncLowerer:
        return self if self.parent is None else self.parent.root()

    def function_literal(self, node: Node) -> Expr:
        """A closure: a nested generator function defined just before the statement using it."""
        root = self.root()
        root.literals += 1
        go_name = f"main.{root.info.name}.func{root.literals}"
        params = self.lw._fields(node.child_by_field_name("parameters"))
        result_node = node.child_by_field_name("result")
        if result_node is None:
            results: list[tuple[str | None, Type]] = []
        elif result_node.type == "parameter_list":
            results = self.lw._fields(result_node)
        else:
            results = [(None, self.lw.type_of(result_node))]
        info = FuncInfo(go_name, node, [(p or "_", t) for p, t in params], results, frozenset())
        child = FuncLowerer(self.lw, info, inlined=False, parent=self)
        self.lw.counter += 1
        child.py_override = f"c_{self.lw.counter}"
        self.lw.literal_names[child.py_override] = go_name
        lines = child.function_lines()
        self.flush()
        for text in lines[:-1]:
            self.out.append("    " * self.indent + text)
        ftype = T.func_of([t for _, t in params], info.result_type)
        return Expr(child.py_override, ftype)

    def stmt_short_var_declaration(self, stmt: Node) -> None:
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        assert left is not None and right is not None
        names = [self.lw.text(n) for n in left.named_children]
        el = ExprLowerer(self.lw, self)
        rhs = el.rhs(right.named_children, len(names))
        types = self._rhs_types(stmt, rhs, len(names))
        if not any(n != "_" and n not in self.scopes[-1] for n in names):
            raise self.lw.error(stmt, "no new variables on left side of :=")
        locals_: list[Local] = []
        targets = []
        for name, t in zip(names, types):
            existing = self.scopes[-1].get(name)
            local = existing if existing is not None else self.declare(name, t.default())
            locals_.append(local)
            targets.append(local.store if existing is not None else local.py)
        if len(rhs) == len(names):  # an untyped constant becomes a value of the variable's type
            rhs = [
                el.assignable(e, local.type, n) if e.is_const and e.type.untyped and local.py != "_" else e
                for e, local, n in zip(rhs, locals_, right.named_children)
            ]
        self._assign(targets, rhs, types)

    def _rhs_types(self, stmt: Node, rhs: list[Expr], n: int) -> list[Type]:
        if len(rhs) == 1 and n > 1:
            if rhs[0].type.kind != "tuple" or len(rhs[0].type.elems) != n:
                raise self.lw.error(stmt, f"assignment mismatch: {n} variables but {len(rhs)} value")
            return list(rhs[0].type.elems)
        if len(rhs) != n:
            raise self.lw.error(stmt, f"assignment mismatch: {n} variables but {len(rhs)} values")
        for e in rhs:
            if e.type.kind in ("tuple", "void"):
                raise self.lw.error(stmt, "multiple-value or no-value expression in single-value context")
        return [e.type for e in rhs]

    def _assign(self, targets: list[str], rhs: list[Expr], types: list[Type]) -> None:
        """targets: Python names, or templates with ``{}`` (Local.store) for stores in place."""
        if any("{}" in t for t in targets):
            values = [self.temp() for _ in targets]
            self._assign(values, rhs, types)
            for target, value in zip(targets, values):
                self.line(assignment(target, value))
            return
        self.cost(len(targets))
        if len(rhs) == 1 and len(targets) > 1:
            self.line(f"{', '.join(targets)} = {rhs[0].code}")
        elif len(targets) == 1:
            self.line(f"{targets[0]} = {rhs[0].code}")
        else:
            self.line(f"{', '.join(targets)} = {', '.join(e.code for e in rhs)}")

    def stmt_var_declaration(self, stmt: Node) -> None:
        for spec in own_var_specs(stmt):
            names = [self.lw.text(n) for n in spec.children_by_field_name("name")]
            type_node = spec.child_by_field_name("type")
            declared = self.lw.type_of(type_node) if type_node is not None else None
            value_list = spec.child_by_field_name("value")
            if value_list is None:
                assert declared is not None
                for name in names:
                    local = self.declare(name, declared)
                    self.line(f"{local.py} = {zero_value(declared)}")
                continue
            el = ExprLowerer(self.lw, self)
            rhs = el.rhs(value_list.named_children, len(names))
            types = self._rhs_types(spec, rhs, len(names))
            if declared is not None and len(rhs) == len(names):
                rhs = [el.assignable(e, declared, v) for e, v in zip(rhs, value_list.named_children)]
            elif declared is not None:
                rhs = [el.values_assignable(rhs[0], [declared] * len(names), value_list.named_children[0])]
            if declared is not None:
                types = [declared] * len(names)
            elif len(rhs) == len(names):  # an untyped constant becomes a value of its default type
                rhs = [
                    el.assignable(e, e.type.default(), v) if e.is_const and e.type.untyped else e
                    for e, v in zip(rhs, value_list.named_children)
                ]
            targets = [self.declare(n, t.default()).py for n, t in zip(names, types)]
            self._assign(targets, rhs, types)

    def stmt_const_declaration(self, stmt: Node) -> None:
        for c in self.lw.const_specs(stmt):
            self.scopes[-1][self.lw.text(c.name)] = self.lw.define_const(c)

    def stmt_type_declaration(self, stmt: Node) -> None:
        """Types declared in a function: scoped like variables, named main.T as Go prints them."""
        for spec in self.lw._type_specs(stmt):
            name_node, type_node = spec.child_by_field_name("name"), spec.child_by_field_name("type")
            assert name_node is not None and type_node is not None
            name = self.lw.text(name_node)
            self.lw.type_scopes += 1
            scope = self.lw.type_scopes
            placeholder = self.lw.placeholder(name, spec, scope)
            if placeholder is not None:  # from its name on, the declaration may refer to the type
                self.scopes[-1][name] = Local("", placeholder, is_type=True)
            t = self.lw.declare_type(name, self.lw.type_of(type_node), scope)
            self.scopes[-1][name] = Local("", t, is_type=True)

    def _target(self, node: Node) -> Local:
        node = unparen(node)
        if node.type != "identifier":
            raise self.lw.unsupported(node, f"assignment to {node.type.replace('_', ' ')}")
        name = self.lw.text(node)
        if name == "_":
            return Local("_", T.VOID)
        local = self.lookup(name)
        if local is None:
            raise self.lw.error(node, f"undefined: {name}")
        if local.is_const or local.is_type:
            raise self.lw.error(
                node, f"cannot assign to {name} (neither addressable nor a map index expression)"
            )
        if local.cell is not None:
            return local  # assigned through its cell
        if local.py.startswith("G_"):
            self.globals_assigned.add(local.py)
        elif local.py.startswith("v_") and not self.is_local(name) and local.py not in self.captured:
            self.nonlocals.add(local.py)
        return local

    def stmt_assignment_statement(self, stmt: Node) -> None:
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        op_node = stmt.child_by_field_name("operator")
        assert left is not None and right is not None and op_node is not None
        op = op_node.type
        if any(unparen(n).type in ELEMENT_TARGETS for n in left.named_children):
            self._assign_elements(stmt, left.named_children, right.named_children, op)
            return
        targets = [self._target(n) for n in left.named_children]
        el = ExprLowerer(self.lw, self)
        if op == "=":
            rhs = el.rhs(right.named_children, len(targets))
            types = self._rhs_types(stmt, rhs, len(targets))
            wanted = [tgt.type if tgt.py != "_" else None for tgt in targets]
            if len(rhs) == len(targets):
                rhs = [
                    el.assignable(e, t, n) if t is not None else e
                    for e, t, n in zip(rhs, wanted, right.named_children)
                ]
            else:
                rhs = [el.values_assignable(rhs[0], wanted, right.named_children[0])]
            self._assign([t.store for t in targets], rhs, types)
            return
        if len(targets) != 1 or len(right.named_children) != 1:
            raise self.lw.error(stmt, f"assignment operation {op} requires single-valued expressions")
        target = targets[0]
        current = Expr(target.py, target.type)
        value = el.binary_values(op[:-1], current, el.expr(right.named_children[0]), stmt)
        self.cost(1)
        self.line(f"{target.py} = {value.code}")

    def _assignment_target(self, node: Node) -> str:
        """Where ``node = value`` stores (a Python name or a template), its operands evaluated now."""
        if unparen(node).type in ELEMENT_TARGETS:
            return self._element(unparen(node))[2]
        return self._target(node).store

    def _element(self, node: Node) -> tuple[Type, str, str]:
        """An assignable element (slice or map index, struct field, ``*p``; operands in
        temporaries): type, read, store."""
        el = ExprLowerer(self.lw, self)
        if node.type == "unary_expression":
            operand = node.child_by_field_name("operand")
            assert operand is not None
            if not self.lw.text(node).startswith("*"):
                raise self.lw.error(
                    node,
                    f"cannot assign to {self.lw.text(node)} (neither addressable nor a map index expression)",
                )
            p = el.pointer_operand(operand)
            holder = self.temp()
            self.line(f"{holder} = {p.code}")
            target = el.deref(Expr(holder, p.type))
            return target.type, target.code, store_into(target)
        if node.type == "selector_expression":
            operand, name = node.child_by_field_name("operand"), node.child_by_field_name("field")
            assert operand is not None and name is not None
            if operand.type == "identifier" and self.lookup(self.lw.text(operand)) is None:
                variable = (
                    golib.library_variable(self.lw.qualified(self.lw.text(node)))
                    if self.lw.text(operand) in self.lw.imports
                    else None
                )
                if variable is None:
                    raise self.lw.unsupported(node, f"assignment to {self.lw.text(node)}")
                self.globals_assigned.add(variable.code)
                return variable.type, variable.code, f"{variable.code} = {{}}"
            base = el.place(operand)
            if base.type.kind not in ("struct", "ptr"):
                raise self.lw.unsupported(node, f"assignment to {self.lw.text(node)}")
            holder = self.temp()
            self.line(f"{holder} = {base.code}")
            f = el.field(Expr(holder, base.type), self.lw.text(name), node)
            return f.type, f.code, store_into(f)
        operand, index = node.child_by_field_name("operand"), node.child_by_field_name("index")
        assert operand is not None and index is not None
        x = el.through_pointer(el.place(operand))  # an array element is stored into the array itself
        container, key = self.temp(), self.temp()
        if x.type.kind == "map":
            t = x.type.elems[1]
            k = el.assignable(el.expr(index), x.type.elems[0], index)
            self.line(f"{container}, {key} = {x.code}, {k.code}")
            read = f"({container} or EMPTY_MAP).get({key}, {zero_value(t)})"
            return t, read, f"mstore({container}, {key}, {{}})"
        if x.type.kind == "array":
            i = el.index_operand(index)
            if i.is_const:
                el.check_array_index(index, i, x.type)
            self.line(f"{container}, {key} = {x.code}, {i.code}")
            elem = Expr(f"aindex({container}, {key})", x.type.elems[0])
            if is_value_aggregate(elem.type):
                return elem.type, elem.code, store_into(elem)
            return elem.type, elem.code, f"astore({container}, {key}, {{}})"
        if x.type.kind != "slice":
            what = "string" if x.type.kind == "string" else str(x.type)
            raise self.lw.error(
                node,
                f"cannot assign to {self.lw.text(node)} (neither addressable nor a map index expression)"
                if what == "string"
                else f"unsupported: assignment to an element of {what}",
            )
        i = el.index_operand(index)
        self.line(f"{container}, {key} = {x.code}, {i.code}")
        elem = Expr(f"sindex({container}, {key})", x.type.elems[0])
        if is_value_aggregate(elem.type):
            return elem.type, elem.code, store_into(elem)
        return elem.type, elem.code, f"sstore({container}, {key}, {{}})"

    def _assign_elements(self, stmt: Node, left: list[Node], right: list[Node], op: str) -> None:
        """Assignments where some target is a slice or map element."""
        el = ExprLowerer(self.lw, self)
        stores: list[tuple[Type, str | None, str]] = []  # type, read (elements only), store template
        for n in left:
            if unparen(n).type in ELEMENT_TARGETS:
                stores.append(self._element(unparen(n)))
            else:
                local = self._target(n)
                store = local.store if "{}" in local.store else f"{local.py} = {{}}"
                stores.append((local.type, None, store if local.py != "_" else "pass"))
        self.cost(len(stores))
        if op != "=":
            if len(stores) != 1 or len(right) != 1:
                raise self.lw.error(stmt, f"assignment operation {op} requires single-valued expressions")
            t, current, store = stores[0]
            assert current is not None
            value = el.binary_values(op[:-1], Expr(current, t), el.expr(right[0]), stmt)
            self.line(store.format(value.code))
            return
        rhs = el.rhs(right, len(stores))
        types = self._rhs_types(stmt, rhs, len(stores))
        wanted = [t if store != "pass" else None for t, _, store in stores]
        if len(rhs) == len(stores):
            rhs = [el.assignable(e, t, n) if t is not None else e for e, t, n in zip(rhs, wanted, right)]
        else:
            rhs = [el.values_assignable(rhs[0], wanted, right[0])]
        values = [self.temp() for _ in stores]
        self._assign(values, rhs, types)
        for (_, _, store), temp in zip(stores, values):
            self.line(store.format(temp))

    def stmt_inc_statement(self, stmt: Node) -> None:
        self._incdec(stmt, "+")

    def stmt_dec_statement(self, stmt: Node) -> None:
        self._incdec(stmt, "-")

    def _incdec(self, stmt: Node, op: str) -> None:
        if unparen(stmt.named_children[0]).type in ELEMENT_TARGETS:
            t, read, store = self._element(unparen(stmt.named_children[0]))
            if t.kind not in T.NUMERIC_KINDS:
                raise self.lw.error(
                    stmt, f"invalid operation: non-numeric {self.lw.text(stmt.named_children[0])}"
                )
            self.cost(1)
            self.line(store.format(wrap(t, f"{read} {op} 1")))
            return
        target = self._target(stmt.named_children[0])
        if target.type.kind not in T.NUMERIC_KINDS:
            raise self.lw.error(
                stmt, f"invalid operation: non-numeric {self.lw.text(stmt.named_children[0])}"
            )
        self.cost(1)
        self.line(f"{target.py} = {wrap(target.type, f'{target.py} {op} 1')}")

    def stmt_if_statement(self, stmt: Node) -> None:
        """if / else if … / else.  The else-ifs are elif clauses rather than nested blocks, as
        Python allows only 100 levels of them; a clause is charged the cost of the conditions it
        was reached through when it runs (no else: an else that charges them).  An else-if whose
        init or condition needs statements of its own is nested in an else block instead."""
        clause: Node | None = stmt
        clauses = nested = 0  # nested: else blocks opened for such else-ifs
        reached = 0  # the cost of the failed conditions, not charged yet
        while clause is not None and clause.type == "if_statement":
            first = clauses == 0
            clauses += 1
            self.scopes.append({})  # the init's variables are seen by every later clause
            mark = len(self.out)
            self.pending += reached
            self.indent += 0 if first else 1  # where its statements go if it must be nested
            init = clause.child_by_field_name("initializer")
            if init is not None:
                self.statement(init)
            cond_node = clause.child_by_field_name("condition")
            assert cond_node is not None
            cond = ExprLowerer(self.lw, self).expr(cond_node)
            if cond.type.kind != "bool":
                raise self.lw.error(cond_node, "non-boolean condition in if statement")
            self.cost(1)
            self.indent -= 0 if first else 1
            if first or len(self.out) > mark:  # an if of its own
                if not first:
                    self.out.insert(mark, "    " * self.indent + "else:")
                    self.indent += 1
                    nested += 1
                self.flush()
                self.line(f"if {cond.code}:")
                reached = 0
            else:
                self.line(f"elif {cond.code}:")
                reached = self.pending  # charged in this clause's body, and in every later one
            self._indented_block(clause.child_by_field_name("consequence"))
            clause = clause.child_by_field_name("alternative")
        if clause is not None or reached:
            self.line("else:")
            self.pending += reached
            self.indent += 1
            if clause is not None:
                self.nested_block(clause)
            self.flush()
            self.line("pass")
            self.indent -= 1
        self.indent -= nested
        del self.scopes[-clauses:]

    def _indented_block(self, block: Node | None) -> None:
        assert block is not None
        self.indent += 1
        self.nested_block(block)
        self.line("pass")
        self.indent -= 1

    def stmt_for_statement(self, stmt: Node) -> None:
        body = stmt.child_by_field_name("body")
        assert body is not None
        clauses = [c for c in stmt.named_children if c != body and c.type != "comment"]
        self.scopes.append({})
        self.flush()
        spin = self.lw.effects.spin(stmt, self.is_local) if not clauses else None
        if spin is not None:
            self.line("while True:")
            self.line("    yield SPIN_COOP" if spin.coop else "    yield SPIN_NOCOOP")
            self.scopes.pop()
            return
        gosched = self.lw.effects.gosched_loop(stmt, self.is_local) if not clauses else None
        if gosched is not None:
            self.lw.gosched_loop_calls.add(gosched.start_byte)
        cond: Node | None = None
        post: list[Node] = []
        renew: tuple[str, ...] = ()
        if clauses and clauses[0].type == "range_clause":
            self._range_loop(clauses[0], body)
            self.scopes.pop()
            return
        if clauses:
            clause = clauses[0]
            if clause.type == "for_clause":
                init = clause.child_by_field_name("initializer")
                if init is not None:
                    self.statement(init)
                    self.flush()
                    if self.lw.per_iteration_loopvars:
                        for local in self.scopes[-1].values():
                            local.per_iteration = True
                        renew = tuple(
                            f"{local.cell} = Cell({local.cell}.v)"
                            if local.cell
                            else f"{local.py} = {local.py}.copy()"
                            for local in self.scopes[-1].values()
                            if local.cell or local.pinned
                        )
                cond = clause.child_by_field_name("condition")
                update = clause.child_by_field_name("update")
                post = [update] if update is not None else []
            else:
                cond = clause
        loop = self._open_breakable(post, renew)
        self.line("while True:")
        self.indent += 1
        if cond is not None:
            c = ExprLowerer(self.lw, self).expr(cond)
            if c.type.kind != "bool":
                raise self.lw.error(cond, "non-boolean condition in for statement")
            self.cost(1)
            self.flush()
            self.line(f"if not ({c.code}):")
            self.line("    break")
        self._loop_body(body, loop)
        self.indent -= 1
        self._close_breakable(loop)
        self.scopes.pop()

    def _loop_body(self, body: Node, loop: Breakable) -> None:
        self.nested_block(body)
        self._back_edge(loop)

    def _open_breakable(self, post: list[Node] | None, renew: tuple[str, ...] = ()) -> Breakable:
        """Start a loop, select or switch (before its Python loop is written)."""
        target = Breakable(post, self.temp(), self.pending_label, renew=renew)
        self.pending_label = None
        self.flush()
        self.line(f"{target.exit_var} = None")
        self.loops.append(target)
        return target

    def _close_breakable(self, closed: Breakable) -> None:
        """After a breakable's Python loop: pass on jumps aimed further out."""
        assert self.loops.pop() is closed
        for target in reversed(self.loops):
            if not target.jumped_to:
                continue
            var = target.exit_var
            self.line(f"if {var} is not None:")
            self.indent += 1
            if target is self.loops[-1]:
                self.line(f"if {var} == 'break':")
                self.line(f"    {var} = None")
                self.line("    break")
                self.line(f"{var} = None")
                self._back_edge(target)
                self.line("continue")
            else:
                self.line("break")
            self.indent -= 1

    def _jump(self, stmt: Node, action: str) -> None:
        """break or continue, with or without a label."""
        label = self.lw.text(stmt.named_children[0]) if stmt.named_children else None
        candidates = [b for b in self.loops if not b.goto_block and (action == "break" or b.is_loop)]
        if label is not None:
            candidates = [b for b in candidates if b.label == label]
        if not candidates:
            what = f"invalid {action} label {label}" if label else f"{action} is not in a loop"
            raise self.lw.error(
                stmt, what if action == "continue" or label else "break is not in a loop, switch, or select"
            )
        target = candidates[-1]
        self.flush()
        if target is self.loops[-1]:
            if action == "continue":
                self._back_edge(target)
            self.line(action)
            return
        target.jumped_to = True
        self.line(f"{target.exit_var} = {action!r}")
        self.line("break")

    def _range_loop(self, clause: Node, body: Node) -> None:
        """for v := range ch: receive until the channel is closed and drained."""
        right = clause.child_by_field_name("right")
        assert right is not None
        el = ExprLowerer(self.lw, self)
        c = el.expr(right)
        left = clause.child_by_field_name("left")
        names = left.named_children if left is not None else []
        if c.type.kind == "ptr" and self.lw.pointee(c.type).kind == "array":
            # the elements are read as the loop reaches them; a nil pointer only matters for them
            reads = len(names) > 1 and self.lw.text(names[1]) != "_"
            c = el.deref(c) if reads else Expr(c.code, self.lw.pointee(c.type))
        if c.type.kind in ("slice", "map", "string", "array"):
            self._range_container(clause, c, names, body)
            return
        if c.type.kind != "chan":
            raise self.lw.unsupported(right, f"range over {c.type}")
        if len(names) > 1:
            raise self.lw.error(
                names[1], f"range over {self.lw.text(right)} permits only one iteration variable"
            )
        chan = self.temp()
        self.line(f"{chan} = {c.code}")
        received = self.temp()
        shared = self._shared_range_variables(clause, names, [c.type.elems[0]])
        loop = self._open_breakable([])
        self.line("while True:")
        self.indent += 1
        el.runtime_call_check()
        self.line(f"{received} = yield (CHANRECV, {chan})")
        self.line(f"if not {received}[1]:")
        self.line("    break")
        if names:
            operator = next((ch.type for ch in clause.children if ch.type in (":=", "=")), "=")
            if operator == ":=":
                var = shared.get(0) or self.declare(self.lw.text(names[0]), c.type.elems[0])
                var.per_iteration = self.lw.per_iteration_loopvars
                target = var.store if shared else var.py
            else:
                target = self._assignment_target(names[0])
            self.line(assignment(target, f"{received}[0]"))
        self._loop_body(body, loop)
        self.indent -= 1
        self._close_breakable(loop)

    def _range_container(self, clause: Node, c: Expr, names: list[Node], body: Node) -> None:
        """for k, v := range over a slice (by index), a map (random start) or a string (by rune)."""
        if len(names) > 2:
            raise self.lw.error(names[2], "range clause permits at most two iteration variables")
        seq, key, value = self.temp(), self.temp(), self.temp()
        self.line(f"{seq} = {c.code}")
        if c.type.kind == "slice":
            types = [T.INT, c.type.elems[0]]
            head = f"for {key} in range(olen({seq})):"
            fetch = f"{value} = {seq}.arr[{seq}.off + {key}]"
        elif c.type.kind == "array":  # ranges over a copy (c is one) of the array
            types = [T.INT, c.type.elems[0]]
            head = f"for {key} in range({c.type.length}):"
            fetch = f"{value} = {seq}[{key}]"
        elif c.type.kind == "map":
            types = list(c.type.elems)
            head = f"for {key} in map_keys({seq}):"
            fetch = f"{value} = {seq}.get({key}, {zero_value(types[1])})"
        else:
            types = [T.INT, T.RUNE]
            head = f"for {key}, {value} in string_runes({seq}):"
            fetch = ""
        if is_value_aggregate(types[1]):  # the iteration variable is a copy
            fetch += ".copy()"
        shared = self._shared_range_variables(clause, names, types)
        loop = self._open_breakable([])
        self.line(head)
        self.indent += 1
        if c.type.kind == "map":  # an entry deleted before the loop reaches it is not produced
            self.line(f"if {key} not in {seq}:")
            self.line("    continue")
        if len(names) == 2 and fetch and self.lw.text(names[1]) != "_":
            self.line(fetch)
        operator = next((ch.type for ch in clause.children if ch.type in (":=", "=")), "=")
        key_var = f"{key}.copy()" if is_value_aggregate(types[0]) else key  # a map's own key stays
        stores = []  # every target's operands are evaluated before the first is assigned
        for i, (name, t, src) in enumerate(zip(names, types, (key_var, value))):
            if self.lw.text(name) == "_":
                continue
            if operator == ":=":
                var = shared.get(i) or self.declare(self.lw.text(name), t)
                var.per_iteration = self.lw.per_iteration_loopvars
                stores.append(assignment(var.store if i in shared else var.py, src))
            else:
                stores.append(assignment(self._assignment_target(name), src))
        for store in stores:
            self.line(store)
        self._loop_body(body, loop)
        self.indent -= 1
        self._close_breakable(loop)

    def _shared_range_variables(self, clause: Node, names: list[Node], types: list[Type]) -> dict[int, Local]:
        """Before Go 1.22 a range loop's variables are declared once, before it: those whose
        address is taken (which must then be the same in every iteration), by their position."""
        operator = next((ch.type for ch in clause.children if ch.type in (":=", "=")), "=")
        if operator != ":=" or self.lw.per_iteration_loopvars:
            return {}
        shared = {}
        for i, (name, t) in enumerate(zip(names, types)):
            local, _ = self.lw.variable(self.lw.text(name), t, self.escapes, "", "")
            if local.cell is not None or local.pinned:
                shared[i] = self.declare(self.lw.text(name), t)
                if local.pinned:
                    self.line(f"{shared[i].py} = {zero_value(t)}")
        return shared

    def _back_edge(self, loop: Breakable) -> None:
        for statement in loop.renew:  # the next iteration's variable, initialised from this one's
            self.line(statement)
        assert loop.post is not None
        for p in loop.post:
            self.statement(p)
        self.cost(1)
        self.flush()
        self.line("if g.clock >= g.asyncguard:")
        self.line("    yield CHECK_ASYNC")

    def stmt_continue_statement(self, stmt: Node) -> None:
        self._jump(stmt, "continue")

    def stmt_break_statement(self, stmt: Node) -> None:
        self._jump(stmt, "break")

    def stmt_send_statement(self, stmt: Node) -> None:
        el = ExprLowerer(self.lw, self)
        c, value = el.send_operands(stmt)
        el.runtime_call_check()
        self.line(f"yield (CHANSEND, {c}, {value})")

    def stmt_select_statement(self, stmt: Node) -> None:
        """select: one SELECT request, then the chosen case's body inside a one-pass loop."""
        el = ExprLowerer(self.lw, self)
        cases: list[tuple[Node, Node | None]] = []  # (case node, communication or None for default)
        operands: list[tuple[bool, str, str]] = []  # (is send, channel, value to send)
        for case in stmt.named_children:
            if case.type == "communication_case":
                comm = case.child_by_field_name("communication")
                assert comm is not None
                if comm.type == "send_statement":
                    c, value = el.send_operands(comm)
                    operands.append((True, c, value))
                else:
                    right = comm.child_by_field_name("right")
                    assert right is not None
                    right = unparen(right)  # case x := (<-c):
                    operand = right.child_by_field_name("operand")
                    if right.type != "unary_expression" or operand is None:
                        raise self.lw.error(comm, "select case must be receive, send or assign recv")
                    operands.append((False, el.chan_operand(operand).code, "None"))
                cases.append((case, comm))
            elif case.type == "default_case":
                cases.append((case, None))
        has_default = any(comm is None for _, comm in cases)
        chosen = self.temp()
        el.runtime_call_check()
        if len(cases) == 1 and not has_default:  # gc compiles a one-case select to the plain operation
            is_send, c, value = operands[0]
            if is_send:
                self.line(f"yield (CHANSEND, {c}, {value})")
                self.line(f"{chosen} = (0, None, True)")
            else:
                self.line(f"{chosen} = (0, *(yield (CHANRECV, {c})))")
        else:
            cases_code = "".join(f"({send}, {c}, {value}), " for send, c, value in operands)
            self.line(f"{chosen} = yield (SELECT, ({cases_code}), {has_default})")
        block = self._open_breakable(None)
        self.line("for _ in (0,):")
        self.indent += 1
        index = 0
        for case, comm in cases:
            if comm is None:
                self.line(f"if {chosen}[0] == -1:")
            else:
                self.line(f"if {chosen}[0] == {index}:")
                index += 1
            self.indent += 1
            self.scopes.append({})
            if comm is not None and comm.type == "receive_statement":
                self._select_receive_targets(comm, chosen)
            for child in case.named_children:
                if child.type == "statement_list":
                    self.block_statements(child)
            self.flush()
            self.scopes.pop()
            self.line("pass")
            self.indent -= 1
        self.line("pass")  # select {} has no cases
        self.indent -= 1
        self._close_breakable(block)

    def stmt_expression_switch_statement(self, stmt: Node) -> None:
        """switch: find the matching clause's index first, then run the bodies from it on while
        they end in fallthrough, inside a one-pass loop that break leaves."""
        self.scopes.append({})
        init = stmt.child_by_field_name("initializer")
        if init is not None:
            self.statement(init)
        el = ExprLowerer(self.lw, self)
        tag_node = stmt.child_by_field_name("value")
        tag: Expr | None = None
        if tag_node is not None:
            tag_value = el.expr(tag_node)
            tag = Expr(self.temp(), tag_value.type.default())
            self.line(f"{tag.code} = {tag_value.code}")
        clauses = [c for c in stmt.named_children if c.type in ("expression_case", "default_case")]
        chosen = self.temp()
        default = next((i for i, c in enumerate(clauses) if c.type == "default_case"), -1)
        self.flush()
        self.line(f"{chosen} = {default}")
        self.line("for _ in (0,):")  # case expressions are evaluated in order until one matches
        self.indent += 1
        for i, clause in enumerate(clauses):
            values = clause.child_by_field_name("value")
            if clause.type == "default_case" or values is None:
                continue
            for value_node in values.named_children:
                value = el.expr(value_node)
                if tag is None and value.type.kind == "bool":
                    test = value.code
                elif tag is None:  # a switch without a tag compares each case with true
                    true = Expr("True", T.UNTYPED_BOOL, True, True)
                    if not (is_boxed_interface(value.type) and el.implements(T.BOOL, value.type)):
                        raise self.lw.error(value_node, f"invalid case {self.lw.text(value_node)} in switch")
                    test = el.binary_values("==", true, value, value_node).code
                else:
                    test = el.binary_values("==", tag, value, value_node).code
                self.flush()
                self.line(f"if {test}:")
                self.line(f"    {chosen} = {i}")
                self.line("    break")
        self.line("pass")
        self.indent -= 1
        block = self._open_breakable(None)
        self.line("for _ in (0,):")
        self.indent += 1
        for i, clause in enumerate(clauses):
            body = [c for c in clause.named_children if c.type == "statement_list"]
            stmts = _statements(body[0]) if body else []
            falls = bool(stmts) and stmts[-1].type == "fallthrough_statement"
            self.line(f"if {chosen} == {i}:")
            self.indent += 1
            self.scopes.append({})
            self.statement_list(stmts[:-1] if falls else stmts)
            if falls:
                if i == len(clauses) - 1:
                    raise self.lw.error(stmts[-1], "cannot fallthrough final case in switch")
                self.line(f"{chosen} = {i + 1}")
            self.flush()
            self.scopes.pop()
            self.line("pass")
            self.indent -= 1
        self.line("pass")  # a switch may have no clauses at all
        self.indent -= 1
        self._close_breakable(block)
        self.scopes.pop()

    def stmt_type_switch_statement(self, stmt: Node) -> None:
        """switch v := x.(type): the first clause whose type matches the dynamic type; in a
        one-type clause v is the value as that type, elsewhere the interface value."""
        self.scopes.append({})
        init = stmt.child_by_field_name("initializer")
        if init is not None:
            self.statement(init)
        el = ExprLowerer(self.lw, self)
        value_node = stmt.child_by_field_name("value")
        assert value_node is not None
        x = el.expr(value_node)
        if x.type.kind != "interface":
            raise self.lw.error(
                value_node, f"{self.lw.text(value_node)} (variable of type {x.type}) is not an interface"
            )
        alias = stmt.child_by_field_name("alias")
        bound = self.lw.text(alias.named_children[0]) if alias is not None else None
        box = self.temp()
        self.line(f"{box} = {box_code(x)}")
        block = self._open_breakable(None)
        self.line("for _ in (0,):")
        self.indent += 1
        clauses = [c for c in stmt.named_children if c.type in ("type_case", "default_case")]
        ordered = [c for c in clauses if c.type == "type_case"] + [
            c for c in clauses if c.type == "default_case"
        ]
        for i, clause in enumerate(ordered):
            types = [
                self.lw.type_of(n) if self.lw.text(n) != "nil" else None
                for n in clause.children_by_field_name("type")
                if n.is_named
            ]
            tests = []
            for t in types:
                if t is None:
                    tests.append(f"{box} is None")
                elif t.kind == "interface":
                    tests.append(f"implements({box}, {interface_methods(t)!r})")
                else:
                    tests.append(f"({box} is not None and {box}.tname == {type_identity(t)!r})")
            keyword = "if" if i == 0 else "elif"
            self.flush()
            self.line(f"{keyword} {' or '.join(tests)}:" if tests else ("else:" if i else "if True:"))
            self.indent += 1
            self.scopes.append({})
            if bound is not None:
                single = types[0] if len(types) == 1 and types[0] is not None else None
                var = self.declare(bound, single or x.type)
                value = box if var.type.kind == "interface" else f"{box}.v"
                if var.type.kind == "interface" and not is_boxed_interface(var.type):
                    value = f"error_of({box})"
                self.line(f"{var.py} = {value}")
            body = [c for c in clause.named_children if c.type == "statement_list"]
            self.statement_list(_statements(body[0]) if body else [])
            self.flush()
            self.scopes.pop()
            self.line("pass")
            self.indent -= 1
        self.line("pass")
        self.indent -= 1
        self._close_breakable(block)
        self.scopes.pop()

    def stmt_fallthrough_statement(self, stmt: Node) -> None:
        raise self.lw.error(stmt, "fallthrough statement out of place")

    def _select_receive_targets(self, comm: Node, chosen: str) -> None:
        left = comm.child_by_field_name("left")
        if left is None:
            return
        right = comm.child_by_field_name("right")
        operand = unparen(right).child_by_field_name("operand") if right is not None else None
        assert operand is not None
        elem = ExprLowerer(self.lw, self).chan_operand(operand).type.elems[0]
        names = left.named_children
        define = any(ch.type == ":=" for ch in comm.children)
        types = [elem, T.BOOL][: len(names)]
        for i, (name_node, t) in enumerate(zip(names, types)):
            value = Expr(f"{chosen}[{i + 1}]", t)
            if define:
                target = self.declare(self.lw.text(name_node), t).py
            elif unparen(name_node).type in ELEMENT_TARGETS:  # evaluated once the case is chosen
                elem_type, _, target = self._element(unparen(name_node))
                value = ExprLowerer(self.lw, self).assignable(value, elem_type, name_node)
            else:
                local = self._target(name_node)
                target = local.store
                if local.py != "_":
                    value = ExprLowerer(self.lw, self).assignable(value, local.type, name_node)
            self.line(assignment(target, value.code))

    def stmt_return_statement(self, stmt: Node) -> None:
        """return: with deferred calls, the values go to the result variables first (deferred
        calls may change named ones), then the calls run, then the variables are returned."""
        values: list[Node] = []
        for child in stmt.named_children:
            values.extend(child.named_children if child.type == "expression_list" else [child])
        results = self.info.results
        el = ExprLowerer(self.lw, self)
        if not values:
            if results and not all(r for r, _ in results):
                raise self.lw.error(stmt, "not enough return values")
            codes = []
        else:
            exprs = [el.expr(v) for v in values]
            if len(exprs) == 1 and len(results) > 1 and exprs[0].type.kind == "tuple":
                if len(exprs[0].type.elems) != len(results):
                    raise self.lw.error(stmt, "wrong number of return values")
                codes = [el.values_assignable(exprs[0], [t for _, t in results], values[0]).code]
            else:
                if len(exprs) != len(results):
                    raise self.lw.error(stmt, "wrong number of return values")
                codes = [el.assignable(e, t, v).code for e, (_, t), v in zip(exprs, results, values)]
        self.flush()
        if self.has_defers or not codes:
            if codes:
                self.line(f"{', '.join(self.result_slots)} = {', '.join(codes)}")
            if self.has_defers:
                self.line("yield from run_defers(g, _d)")
            self.line(f"return {self.results_code()}".rstrip())
        elif len(codes) == 1:
            self.line(f"return {codes[0]}")
        else:
            self.line(f"return ({', '.join(codes)})")

    def results_code(self) -> str:
        """The function's results read from its result variables ('' when it has none)."""
        slots = self.result_slots
        return slots[0] if len(slots) == 1 else f"({', '.join(slots)})" if slots else ""

    def stmt_defer_statement(self, stmt: Node) -> None:
        """defer f(args): evaluate the function value (or method receiver) and the arguments
        now, and queue a wrapper generator that makes the call when the function ends."""
        call = unparen(stmt.named_children[0])
        fn = call.child_by_field_name("function") if call.type == "call_expression" else None
        args = call.child_by_field_name("arguments") if call.type == "call_expression" else None
        if fn is None or args is None:
            raise self.lw.error(stmt, "expression in defer must be function call")
        el = ExprLowerer(self.lw, self)
        child = FuncLowerer(self.lw, FuncInfo("defer", stmt, [], [], frozenset()), inlined=False, parent=self)
        child.deferred_call = call
        now = [*self._deferred_callee(el, fn)]
        for arg in args.named_children:
            if arg.type != "comment":
                arg = arg.named_children[0] if arg.type == "variadic_argument" else arg
                now.append((arg, el.expr(arg)))
        for node, value in now:
            if value.is_const:
                continue
            tmp = self.temp()
            self.line(f"{tmp} = {value.code}")
            child.extra_params.append(tmp)
            child.overrides[(node.start_byte, node.end_byte)] = Expr(tmp, value.type)
        self.lw.counter += 1
        child.py_override = f"d_{self.lw.counter}"
        child.scopes.append({})
        code = ExprLowerer(self.lw, child).call(call, statement=True)
        if code is not None:
            child.line(code.code)
        child.flush()
        child.line("return")
        child.line("yield")
        head = f"def {child.py_override}(g{''.join(', ' + p for p in child.extra_params)}):"
        self.flush()
        self.line(head)
        for text in child.out:
            self.out.append("    " * self.indent + text)
        self.line(f"_d.append(({child.py_override}, ({''.join(p + ', ' for p in child.extra_params)})))")

    def _deferred_callee(self, el: ExprLowerer, fn: Node) -> list[tuple[Node, Expr]]:
        """What Go evaluates of a deferred call's callee at the defer statement: a function value,
        or a method's receiver (nothing for declared functions, builtins and packages).  A
        method's receiver is the variable itself for a pointer receiver or an interface, a copy
        of a struct for a value receiver."""
        inner = unparen(fn)
        if inner.type == "identifier":
            local = self.lookup(self.lw.text(inner))
            return [(fn, el.expr(fn))] if local is not None and not local.is_const else []
        if inner.type != "selector_expression":
            return [(fn, el.expr(fn))]
        operand, name = inner.child_by_field_name("operand"), inner.child_by_field_name("field")
        assert operand is not None and name is not None
        if operand.type == "identifier" and self.lookup(self.lw.text(operand)) is None:
            return []  # a package's function
        recv = el.place(operand)
        method = el.resolve_method(recv, self.lw.text(name), operand)
        if method is not None and not method[0].pointer_receiver and is_value_aggregate(recv.type):
            recv = Expr(f"{recv.code}.copy()", recv.type)
        elif recv.type.kind == "interface":  # the method value of a nil interface panics now
            recv = Expr(f"({recv.code} or nil_deref())", recv.type)
        return [(operand, recv)]

    def stmt_labeled_statement(self, stmt: Node) -> None:
        """A label: on a loop, select or switch for break and continue; a goto target (which
        statement_list has made the start of a part of its block) on any statement."""
        label_node = stmt.child_by_field_name("label")
        inner = [c for c in stmt.named_children if c != label_node and c.type != "comment"]
        assert label_node is not None
        name = self.lw.text(label_node)
        labels = self.labels  # checked (declared once, used) before any is used
        breakable = (
            "for_statement",
            "select_statement",
            "expression_switch_statement",
            "type_switch_statement",
        )
        if inner and inner[0].type in breakable:
            self.pending_label = name
        elif name not in labels.goto_targets:
            raise self.lw.error(label_node, f"invalid break label {name}")  # only a break or continue uses it
        if inner:
            self.statement(inner[0])
