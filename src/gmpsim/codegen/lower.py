"""Lower a Go file to Python source: one generator function per Go function.

The generated code keeps Go's semantics for the supported subset (integers wrap at their size,
strings are bytes, division truncates) and talks to the runtime model through ``ops``: it adds
each basic block's cost to ``g.clock``, begins every function that has a stack-check prologue
with ``if g.clock >= g.stackguard: yield CHECK_MORESTACK`` (the compiler model decides which do),
checks ``g.asyncguard`` at loop back-edges (where a signal may preempt), and yields a request for
every operation another goroutine could observe.  Calls follow the compiler model's decisions:
an inlined call runs the callee's body without its prologue, a removed call disappears.

Functions that can never yield become plain Python functions, which are much cheaper to call.
Anything outside the subset raises ``GoSyntaxError`` with ``unsupported: <what>``.

Pointers (see ``containers``): a variable lives in a ``Cell`` only if the program takes its
address, which ``Escapes`` finds from the syntax before the function is lowered (``&x``, or
``x.m()`` for a method on ``*T`` of a non-struct type T); every other variable stays a plain
Python local.  Struct and array variables need no cell, as their list is their storage: when
their storage may be shared (``&x``, ``&x.f``, ``x[:]``, a method call) assigning to them
overwrites the list in place rather than binding a new one.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import tree_sitter

from gmpsim.codegen.containers import SCOPE_MARK
from gmpsim.codegen.effects import EffectAnalysis
from gmpsim.codegen.initorder import InitializationCycle, PackageObject, init_order
from gmpsim.codegen.labels import (
    FunctionLabels,
    function_labels,
    jump_problem,
    label_name,
    label_position,
    sibling_statements,
)
from gmpsim.codegen.support import rune_string
from gmpsim.compiler import CompileResult
from gmpsim.compiler.syntax import call_pos, unparen
from gmpsim.frontend import GoSyntaxError, Pos, SourceFile, constants, literals
from gmpsim.frontend import types as T
from gmpsim.frontend.tree import descendants as _descendants
from gmpsim.frontend.tree import statements as _statements
from gmpsim.frontend.tree import walk as _walk
from gmpsim.frontend.tree import walk_own as _walk_own
from gmpsim.frontend.types import Type
from gmpsim.golib import fmt as gofmt
from gmpsim.golib import lowering as golib
from gmpsim.golib import time as gotime
from gmpsim.golib.registry import PACKAGES as LIBRARY_PACKAGES
from gmpsim.golib.registry import STRUCTS as LIBRARY_STRUCTS
from gmpsim.golib.registry import package_name
from gmpsim.golib.structs import is_exported

Node = tree_sitter.Node

SUPPORTED_IMPORTS = frozenset({"fmt", "time", "runtime", "os", "sync"})
TIME_UNITS = {
    "Nanosecond": 1,
    "Microsecond": 1_000,
    "Millisecond": 1_000_000,
    "Second": 1_000_000_000,
    "Minute": 60_000_000_000,
    "Hour": 3_600_000_000_000,
}
CALL_COST = 2  # a call that is not inlined: argument moves, CALL, RET
PRINT_COST = 300  # fmt's formatting before the write
YIELDING_STATEMENTS = frozenset(
    {"for_statement", "go_statement", "send_statement", "select_statement", "func_literal", "defer_statement"}
)
PURE_BUILTINS = frozenset({"len", "cap", "make"})
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
RUNTIME_ERROR = Type(
    "runtime.Error",
    "interface",
    elems=(T.func_of([], T.STRING), T.func_of([], T.VOID)),
    fields=("Error", "RuntimeError"),
)
# assignment targets other than variables
ELEMENT_TARGETS = frozenset({"index_expression", "selector_expression", "unary_expression"})
ARITH_OPS = {"+", "-", "*", "/", "%", "&", "|", "^", "&^", "<<", ">>"}
# Python's parser allows 200 nested brackets: an expression whose syntax tree is taller than
# this computes its operands into temporaries (a level of tree is at most about 3 brackets)
MAX_INLINE_HEIGHT = 40
MAX_INDENT = 90  # Python allows 100 levels of indentation
MAX_ARRAY_LENGTH = 1 << 24  # an array is a Python list: 8 bytes an element, however small in Go
PLAIN_NAME = re.compile(r"\w+")
COMPARE_OPS = {"==", "!=", "<", "<=", ">", ">="}
# kinds whose values the builtin print shows as addresses
ADDRESS_KINDS = frozenset({"chan", "func", "ptr", "slice", "map", "interface", "timer"})
# the kinds of types a declaration may spell out, by the syntax node that does
COMPOSITE_KINDS = {
    "struct_type": "struct",
    "interface_type": "interface",
    "pointer_type": "ptr",
    "slice_type": "slice",
    "map_type": "map",
    "channel_type": "chan",
    "function_type": "func",
    "array_type": "array",
}


@dataclass
class Expr:
    code: str
    type: Type
    const: object = None  # the value, for constants
    is_const: bool = False


@dataclass
class Local:
    py: str  # Python name (the value's expression ``c.v`` for a variable in a cell)
    type: Type
    const: object = None
    is_const: bool = False
    per_iteration: bool = False  # a loop variable that is new in each iteration (Go >= 1.22)
    cell: str | None = None  # the Cell's Python name, when the variable's address is taken
    pinned: bool = False  # a struct or array whose storage may be shared: assigned in place
    is_type: bool = False  # a type declared inside the function (type is the type itself)

    @property
    def store(self) -> str:
        """The assignment target, or a template with ``{}`` for an assignment in place."""
        return f"{self.py}.assign({{}})" if self.pinned else self.py


@dataclass(frozen=True)
class Escapes:
    """The names a function (with its literals) takes addresses through, from its syntax:
    ``direct_address`` of ``&x``, ``direct_receiver`` of ``x.m()`` and ``x.m``, and ``rooted``
    of every variable at the root of ``&x.f[i]``, ``x.f[:]`` or ``x.f.m``; and ``loop_captured``, the
    names declared in a loop's body (or in a block a goto may repeat) and used by a function
    literal, which must capture that iteration's variable (a Python closure would see the name's
    latest binding)."""

    direct_address: frozenset[str]
    direct_receiver: frozenset[str]
    rooted: frozenset[str]
    loop_captured: frozenset[str] = frozenset()

    @classmethod
    def of(cls, node: Node, text: Callable[[Node], str]) -> Escapes:
        direct_address: set[str] = set()
        direct_receiver: set[str] = set()
        rooted: set[str] = set()
        in_literals = {
            text(n)
            for literal in _descendants(node, "func_literal")
            for n in _descendants(literal, "identifier")
        }
        in_loops: set[str] = set()
        for loop in _descendants(node, "for_statement"):
            body = loop.child_by_field_name("body")
            for decl in _walk(body) if body is not None else ():
                in_loops |= {text(name) for name in _declared_names(decl)}
        goto_targets = {label_name(n, text) for n in _descendants(node, "goto_statement")}
        for labeled in _descendants(node, "labeled_statement"):
            if label_name(labeled, text) in goto_targets:
                for decl in (d for stmt in sibling_statements(labeled) for d in _walk(stmt)):
                    in_loops |= {text(name) for name in _declared_names(decl)}
        for n in _walk(node):
            operand: Node | None = None
            direct = direct_address
            if n.type == "unary_expression" and text(n).startswith("&"):
                operand = n.child_by_field_name("operand")
            elif n.type == "slice_expression":
                operand, direct = n.child_by_field_name("operand"), set()
            elif n.type == "selector_expression":  # x.m() or the method value x.m (or a field)
                operand, direct = n.child_by_field_name("operand"), direct_receiver
            if operand is None:
                continue
            operand = unparen(operand)
            if operand.type == "identifier":
                direct.add(text(operand))
            while operand.type in ("selector_expression", "index_expression", "parenthesized_expression"):
                inner = operand.child_by_field_name("operand") or operand.named_children[0]
                operand = inner
            if operand.type == "identifier":
                rooted.add(text(operand))
        loop_captured = frozenset(in_literals & in_loops)
        return cls(frozenset(direct_address), frozenset(direct_receiver), frozenset(rooted), loop_captured)


def _declared_names(decl: Node) -> list[Node]:
    """The identifiers a declaring statement or clause (``:=``, ``var``, ``range``, ``case v :=``) names."""
    if decl.type == "var_spec":
        return decl.children_by_field_name("name")
    if decl.type in ("short_var_declaration", "range_clause", "receive_statement"):
        left = decl.child_by_field_name("left")
        return [n for n in left.named_children if n.type == "identifier"] if left is not None else []
    return []


@dataclass
class FuncInfo:
    name: str
    node: Node
    params: list[tuple[str, Type]]
    results: list[tuple[str | None, Type]]
    declared: frozenset[str]
    yields_full: bool = False  # the version with the prologue can yield
    yields_body: bool = False  # the body alone (as when inlined) can yield
    used_inlined: bool = False
    go_target: bool = False
    pointer_receiver: bool = False  # a method on *T (its first parameter is the receiver)
    variadic: bool = False  # the last parameter is ...T (a []T inside)

    @property
    def py(self) -> str:
        """The name as part of a Python identifier: (*T).M becomes P_T_M."""
        return self.name.replace("(*", "P_").replace(")", "").replace(".", "_")

    @property
    def result_type(self) -> Type:
        return T.tuple_of([t for _, t in self.results])


@dataclass(frozen=True)
class ConstSpec:
    """One constant of a const declaration: its name, type (if written) and value, with iota."""

    name: Node
    type: Node | None
    value: Node
    iota: int


@dataclass
class PackageVar:
    """A package-level var spec, declared (typed) when first needed, so before its first use."""

    spec: Node
    names: list[Node]
    type: Node | None
    values: list[Node]
    state: str = "new"  # "typing" while its initialiser is being typed, then "declared"
    init: int | None = None  # its entry in package_inits, if main assigns it


@dataclass(frozen=True)
class PackageInit:
    """Variables main assigns before its body (their initialisers are not constant)."""

    targets: list[Local | None]  # each variable (None: a blank), one per name
    values: list[Node]  # one per target, or one multi-value expression
    types: list[Type]  # what each value is assigned as (a blank's too)

    @property
    def stores(self) -> list[str]:
        return ["_" if v is None else v.py for v in self.targets]


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


@dataclass
class Module:
    """What generation produced: Python source and the names the runtime needs."""

    source: str
    main: str  # Python name of main.main's generator function
    funcs: dict[str, FuncInfo] = field(default_factory=dict)


def kind_of(t: Type) -> str:
    """How fmt should print a value of type t (see gmpsim.golib.fmt)."""
    t = t.default()
    if t.kind == "struct" and t.fields:
        return t.name
    if t.kind in ("int", "float", "complex", "string", "bool") and t.underlying:
        return f"{t.name}={t.underlying}"  # fmt prints the underlying value, %T the name
    if t.kind in ("slice", "array", "map", "func", "chan") and t.name.startswith("main."):
        return f"{t.name}={kind_of(Type(t.underlying, t.kind, elems=t.elems, length=t.length))}"
    if t.kind == "slice":
        return "[]" + kind_of(t.elems[0])
    if t.kind == "array":
        return f"[{t.length}]" + kind_of(t.elems[0])
    if t.kind == "map":
        return f"map[{kind_of(t.elems[0])}]{kind_of(t.elems[1])}"
    return t.name


def wrap(t: Type, code: str) -> str:
    """Wrap an integer expression to t's size, as Go's fixed-size arithmetic does; round a
    float32 one to single precision, and both parts of a complex64 one."""
    if t.kind == "float" and _underlying(t) == "float32":
        return f"f32({code})"
    if t.kind == "complex" and _underlying(t) == "complex64":
        return f"c64({code})"
    if not t.is_int or t.untyped:
        return code
    mask = (1 << t.bits) - 1
    if not t.signed:
        return f"(({code}) & {mask})"
    half = 1 << (t.bits - 1)
    return f"((({code}) + {half} & {mask}) - {half})"


def constant(value: object, t: Type) -> Expr:
    """The constant ``value`` (exact: see gmpsim.frontend.constants) of type t."""
    return Expr(constants.py_code(value), t, value, True)


def fold_wrap(t: Type, value: int) -> int:
    mask = (1 << t.bits) - 1
    value &= mask
    if t.signed and value >= 1 << (t.bits - 1):
        value -= 1 << t.bits
    return value


class Lowerer:
    """Generates the Python module for one file under one set of compiler decisions."""

    def __init__(self, unit: SourceFile, decisions: CompileResult, per_iteration_loopvars: bool) -> None:
        self.unit = unit
        self.decisions = decisions
        self.per_iteration_loopvars = per_iteration_loopvars
        self.imports: dict[str, str] = {}  # the name a file uses for a package -> the package's name
        self.consts: dict[str, Local] = {}
        self.globals: dict[str, Local] = {}
        self.funcs: dict[str, FuncInfo] = {}
        self.named_types: dict[str, Type] = {}  # declared types by the name the program writes
        self.methods: dict[tuple[str, str], str] = {}  # (type, method) -> key in funcs
        self.declaring: dict[str, Node] = {}  # the package's type specs by name, declared on first use
        self.in_progress: set[str] = set()  # the package types being declared (met again: themselves)
        self.declared_types: dict[tuple[str, int], Type] = {}  # every declared type by name and scope
        self.type_scopes = 0  # type declarations met inside functions so far
        self.fn_stack: list[FuncLowerer] = []  # the functions being lowered (their local types)
        self.struct_lines: dict[str, str] = {}  # Python class of each struct type met -> its definition
        self.table_lines: dict[str, str] = {}  # method set of each type boxed in an interface
        self.lines: list[str] = []
        self.counter = 0  # makes generated Python names unique across nested functions
        self.literal_names: dict[str, str] = {}  # Python name of a function literal -> Go's name
        # package variables with non-constant initialisers, which main evaluates before its
        # body in the spec's order, as runtime.main runs the package's init first
        self.package_inits: list[PackageInit] = []
        # package-level constants and variables, defined when first referred to: a declaration
        # may use one declared further down
        self.pending_consts: dict[str, ConstSpec] = {}
        self.defining_consts: dict[str, ConstSpec] = {}  # those whose values are being evaluated
        self.package_const_specs: list[ConstSpec] = []
        self.package_vars: list[PackageVar] = []
        self.package_var_named: dict[str, PackageVar] = {}
        self.active: FuncLowerer | None = None  # the function whose statement is being lowered
        self.effects: EffectAnalysis
        self.escapes = Escapes(frozenset(), frozenset(), frozenset())  # the package variables'
        self.gosched_loop_calls: set[int] = set()  # where the calls effects.gosched_loop found start
        self.heights: dict[int, int] = {}  # syntax tree heights, by node id

    # ---- errors and helpers ------------------------------------------------------------------

    def unsupported(self, node: Node, what: str) -> GoSyntaxError:
        return GoSyntaxError(self.unit.path, Pos.of(node), f"unsupported: {what}")

    def error(self, node: Node, message: str) -> GoSyntaxError:
        return GoSyntaxError(self.unit.path, Pos.of(node), message)

    def text(self, node: Node) -> str:
        return self.unit.text(node)

    def height(self, node: Node) -> int:
        """The height of node's syntax tree (a leaf's is 1)."""
        heights = self.heights
        stack = [(node, False)]
        while stack:  # in post-order, without recursion: trees may be deep
            n, children_done = stack.pop()
            if children_done:
                heights[n.id] = 1 + max((heights[c.id] for c in n.named_children), default=0)
            elif n.id not in heights:
                stack.append((n, True))
                stack.extend((c, False) for c in n.named_children)
        return heights[node.id]

    # ---- the file ----------------------------------------------------------------------------

    def module(self) -> Module:
        root = self.unit.tree.root_node
        decls = [c for c in root.named_children if c.type != "comment"]
        self.escapes = Escapes.of(root, self.text)
        for decl in decls:
            if decl.type == "const_declaration":
                for c in self.const_specs(decl):
                    self.pending_consts[self.text(c.name)] = c
                    self.package_const_specs.append(c)
            elif decl.type == "var_declaration":
                self._collect_package_vars(decl)
        for decl in decls:
            if decl.type == "import_declaration":
                self._imports(decl)
        for decl in decls:  # a type may use one declared further down
            if decl.type == "type_declaration":
                for spec in self._type_specs(decl):
                    name_node = spec.child_by_field_name("name")
                    assert name_node is not None
                    self.declaring[self.text(name_node)] = spec
        for name in self.declaring:
            self._declare_package_type(name)
        for decl in decls:
            if decl.type == "package_clause":
                if self.text(decl.named_children[0]) != "main":
                    raise self.unsupported(decl, "package other than main")
            elif decl.type == "import_declaration":
                pass  # first, above
            elif decl.type == "const_declaration":
                for c in self.const_specs(decl):
                    self.package_constant(self.text(c.name))
            elif decl.type == "function_declaration":
                self._declare_func(decl)
            elif decl.type == "var_declaration":
                pass  # after functions are known, below
            elif decl.type == "method_declaration":
                self._declare_func(decl)
            elif decl.type == "type_declaration":
                pass  # declared first, above
            else:
                raise self.unsupported(decl, decl.type.replace("_", " "))
        if "main" not in self.funcs:
            raise self.error(root, "function main is undeclared in the main package")
        bodies = {name: (f.node.child_by_field_name("body"), f.declared) for name, f in self.funcs.items()}
        self.effects = EffectAnalysis(
            self.unit, self.decisions, {k: (b, d) for k, (b, d) in bodies.items() if b is not None}
        )
        self.funcs["main"].go_target = True
        self._find_go_targets_and_inlining()
        self._decide_yields()
        if any(init.yields_full for init in self.init_funcs()):  # main calls them first
            self.funcs["main"].yields_body = self.funcs["main"].yields_full = True
        for var in self.package_vars:
            self._declare_package_var(var)
        self._order_package_inits()
        for info in self.funcs.values():
            FuncLowerer(self, info, inlined=False).emit()
            if info.used_inlined and self.has_prologue(info.name):
                FuncLowerer(self, info, inlined=True).emit()
            if info.go_target and not info.yields_full:
                self._emit_go_wrapper(info)
        lines = list(self.struct_lines.values()) + self.lines + list(self.table_lines.values())
        return Module("\n".join(lines) + "\n", self.entry_name(self.funcs["main"]), self.funcs)

    def init_funcs(self) -> list[FuncInfo]:
        """The file's func init declarations, in source order."""
        return [f for key, f in self.funcs.items() if key.startswith("init.")]

    def _type_specs(self, decl: Node) -> list[Node]:
        """The specs of a type declaration: ``type Name Underlying`` (not aliases, not generic)."""
        specs = []
        for spec in decl.named_children:
            if spec.type == "type_alias":
                raise self.unsupported(spec, "type aliases")
            if spec.type != "type_spec":
                continue
            if spec.child_by_field_name("type_parameters") is not None:
                raise self.unsupported(spec, "generics")
            specs.append(spec)
        return specs

    def _declare_package_type(self, name: str) -> Type:
        """A package-level type, declared when first used (a type may use one declared below);
        met again while it is being declared, it stands for itself (see ``resolve``)."""
        if name in self.named_types:
            return self.named_types[name]
        spec = self.declaring[name]
        if name in self.in_progress:
            placeholder = self.placeholder(name, spec, 0)
            if placeholder is None:
                raise self.error(spec, f"invalid recursive type {name}")
            return placeholder
        self.in_progress.add(name)
        type_node = spec.child_by_field_name("type")
        assert type_node is not None
        t = self.declare_type(name, self.type_of(type_node), 0)
        self.in_progress.discard(name)
        self.named_types[name] = t
        return t

    def declare_type(self, name: str, underlying: Type, scope: int) -> Type:
        t = T.declared("main." + name, underlying, scope)
        self.declared_types[(t.name, scope)] = t
        self.register_struct(t)
        return t

    def placeholder(self, name: str, spec: Node, scope: int) -> Type | None:
        """What a type being declared is while its declaration refers to itself: its name and
        kind (None if it is not a composite type, which cannot refer to itself)."""
        type_node = spec.child_by_field_name("type")
        assert type_node is not None
        if type_node.type not in COMPOSITE_KINDS:
            return None
        return Type("main." + name, COMPOSITE_KINDS[type_node.type], scope=scope)

    def package_type_kind(self, name: str, seen: frozenset[str] = frozenset()) -> str | None:
        """The kind of a package type from its declaration alone (``type T2 T1`` has T1's)."""
        type_node = self.declaring[name].child_by_field_name("type")
        assert type_node is not None
        if type_node.type in COMPOSITE_KINDS:
            return COMPOSITE_KINDS[type_node.type]
        base = self.text(type_node)
        if base in self.declaring and base not in seen:
            return self.package_type_kind(base, seen | {name})
        return T.NAMED[base].kind if base in T.NAMED else None

    def pointer(self, base: Type) -> Type:
        """*base; a declared type is named, not spelled out, so that it may refer to itself."""
        if base.name.startswith("main.") or base.name in LIBRARY_STRUCTS:
            return T.pointer_to(Type(base.name, base.kind, scope=base.scope))
        return T.pointer_to(base)

    def pointee(self, ptr: Type) -> Type:
        return self.resolve(ptr.elems[0])

    def resolve(self, t: Type) -> Type:
        """A declared type as declared, also where it stands for itself while being declared."""
        if t.name.startswith("main."):
            return self.declared_types.get((t.name, t.scope), t)
        return golib.library_struct(t.name) or t

    def method_table(self, t: Type) -> str:
        """The Python dict of t's method set (methods on T; on *T also those on *T; and those
        promoted from embedded fields), defined after the functions: name -> generator
        function(g, receiver, *args)."""
        pointer = t.kind == "ptr"
        base = self.pointee(t) if pointer else t
        type_name = base.name.removeprefix("main.") + (f"_{base.scope}" if base.scope else "")
        py = "MT_" + ("P_" if pointer else "") + re.sub(r"\W", "_", type_name)
        if py in self.table_lines:
            return py
        entries = []
        el = ExprLowerer(self, None)
        for method in sorted(self.method_names(t)):
            resolved = el.resolve_method(Expr("r", t), method, None)
            assert resolved is not None
            info, receiver = resolved
            entry = f"f_{info.py}" if info.yields_full else f"as_generator(f_{info.py})"
            if pointer and not info.pointer_receiver:
                # a value method through a nil pointer panics in the compiler's wrapper (panicwrap)
                wrapped = f"(r or panicwrap({base.name.removeprefix('main.')!r}, {method!r}))"
                guarded = el.resolve_method(Expr(wrapped, t), method, None)
                assert guarded is not None
                receiver = guarded[1]
            if receiver == "r":
                entries.append(f"{method!r}: {entry}")
            else:
                entries.append(f"{method!r}: lambda g, r, *a: {entry}(g, {receiver}, *a)")
        # "name signature" keys as well, for the checks that an interface's methods are there
        signed = ", ".join(
            f"{m + ' ' + sig!r}: {py}[{m!r}]" for m, sig in sorted(self.method_signatures(t).items())
        )
        self.table_lines[py] = f"{py} = {{{', '.join(entries)}}}\n{py}.update({{{signed}}})"
        return py

    def method_signatures(self, t: Type) -> dict[str, str]:
        """The methods of t's method set with their signatures (func(int) string)."""
        out = {}
        for method in self.method_names(t):
            resolved = ExprLowerer(self, None).resolve_method(Expr("r", t), method, None)
            assert resolved is not None
            info = resolved[0]
            out[method] = T.func_of([pt for _, pt in info.params[1:]], info.result_type).name
        return out

    def missing_methods(self, t: Type, iface: Type) -> list[str]:
        """The methods of interface iface that t lacks, or has with another signature."""
        have = {f"{m} {sig}" for m, sig in self.method_signatures(t).items()}
        if t.kind == "interface":
            have = set(interface_methods(t))
        return [m.split(" ", 1)[0] for m in interface_methods(iface) if m not in have]

    def variable(self, name: str, t: Type, escapes: Escapes, py: str, initial: str) -> tuple[Local, str]:
        """A variable named ``name`` of type t as the Python name py, and the statement that
        creates it with the value ``initial``: in a Cell if its address is taken."""
        loop_captured = name in escapes.loop_captured
        if is_value_aggregate(t):
            pinned = name in escapes.rooted or loop_captured
            return Local(py, t, pinned=pinned, per_iteration=loop_captured), f"{py} = {initial}"
        in_cell = (name in escapes.direct_address or loop_captured) and t.kind not in ("sync", "timer")
        if name in escapes.direct_receiver and self.has_pointer_methods(t):
            in_cell = True
        if in_cell:
            return Local(f"{py}.v", t, cell=py), f"{py} = Cell({initial})"
        return Local(py, t, per_iteration=loop_captured), f"{py} = {initial}"

    def has_pointer_methods(self, t: Type) -> bool:
        owner = t.name.removeprefix("main.")
        return (
            t.name.startswith("main.")
            and not t.scope
            and any(self.funcs[key].pointer_receiver for (o, _), key in self.methods.items() if o == owner)
        )

    def method_names(self, t: Type) -> set[str]:
        """t's method set: the methods on T (and on *T when t is *T), then those of embedded
        fields not hidden by a shallower one (on *E too when reached through a pointer)."""
        pointer = t.kind == "ptr"
        level = [(self.pointee(t) if pointer else t, pointer)]
        names: set[str] = set()
        seen: set[str] = set()  # embedded types met already (type T struct{ *T } is allowed)
        while level:
            found: set[str] = set()
            level = [(base, through) for base, through in level if base.name not in seen]
            seen |= {base.name for base, _ in level}
            for base, through_pointer in level:
                if base.name.startswith("main.") and not base.scope:
                    owner = base.name.removeprefix("main.")
                    found |= {
                        m
                        for (o, m), key in self.methods.items()
                        if o == owner and (through_pointer or not self.funcs[key].pointer_receiver)
                    }
            names |= found
            level = [
                (self.pointee(f) if f.kind == "ptr" else self.resolve(f), through_pointer or f.kind == "ptr")
                for base, through_pointer in level
                if base.kind == "struct"
                for i, f in enumerate(base.elems)
                if i < len(base.fields) and base.fields[i] == _embedded_name(f)
            ]
        return names

    def register_struct(self, t: Type) -> None:
        """Define the Python class of struct type t (once) before the functions that use it."""
        if t.kind != "struct" or not t.fields or t.name in LIBRARY_STRUCTS:  # the library has its class
            return
        py = struct_py(t)
        if py not in self.struct_lines:
            kinds = tuple(kind_of(f) for f in t.elems)
            nested = tuple(i for i, f in enumerate(t.elems) if is_value_aggregate(f))
            self.struct_lines[py] = f"{py} = struct_class({t.name!r}, {t.fields!r}, {kinds!r}, {nested!r})"

    def struct_type(self, node: Node) -> Type:
        fields: list[tuple[str, Type]] = []
        declarations = [d for c in node.named_children for d in c.named_children]  # not a nested struct's
        for decl in (d for d in declarations if d.type == "field_declaration"):
            type_node = decl.child_by_field_name("type")
            assert type_node is not None
            t = self.type_of(type_node)
            names = decl.children_by_field_name("name")
            if names:
                fields.extend((self.text(n), t) for n in names)
            else:  # embedded: the field is named after its type
                if any(c.type == "*" for c in decl.children):
                    t = self.pointer(t)
                fields.append((self.text(type_node).lstrip("*").split(".")[-1], t))
        t = T.struct_of(fields)
        self.register_struct(t)
        return t

    def _imports(self, decl: Node) -> None:
        for spec in _descendants(decl, "import_spec"):
            path_node = spec.child_by_field_name("path")
            assert path_node is not None
            path = literals.string_value(self.text(path_node)).decode()
            alias = spec.child_by_field_name("name")
            if alias is not None and self.text(alias) == ".":
                raise self.unsupported(spec, "dot imports")
            if alias is not None and self.text(alias) == "_":
                continue  # imported for its initialisation only, which gmpsim's packages do not have
            if path not in SUPPORTED_IMPORTS | LIBRARY_PACKAGES:
                raise self.unsupported(spec, f'import "{path}"')
            self.imports[self.text(alias) if alias is not None else package_name(path)] = package_name(path)

    def imported(self, package: str) -> bool:
        """Whether the file imports the package of that name (under any name)."""
        return package in self.imports.values()

    def qualified(self, text: str) -> str:
        """A qualified name (f.Println, s.Mutex, *s.Mutex) with the package's own name in place of
        the name the file imports it as."""
        star = text[: len(text) - len(text.lstrip("*"))]
        local, dot, rest = text[len(star) :].partition(".")
        return f"{star}{self.imports[local]}.{rest}" if dot and local in self.imports else text

    def _declare_func(self, decl: Node) -> None:
        name_node = decl.child_by_field_name("name")
        assert name_node is not None
        name = self.text(name_node)
        if decl.child_by_field_name("type_parameters") is not None:
            raise self.unsupported(decl, "generics")
        if decl.child_by_field_name("body") is None:
            raise self.unsupported(decl, "functions without a body")
        param_list = decl.child_by_field_name("parameters")
        params = self._fields(param_list, variadic_ok=True)
        variadic = param_list is not None and any(
            c.type == "variadic_parameter_declaration" for c in param_list.named_children
        )
        pointer_receiver = False
        if decl.type == "method_declaration":
            name, receiver, pointer_receiver = self._receiver(decl, name)
            params = [receiver, *params]
        result_node = decl.child_by_field_name("result")
        if result_node is None:
            results: list[tuple[str | None, Type]] = []
        elif result_node.type == "parameter_list":
            results = list(self._fields(result_node))
        else:
            results = [(None, self.type_of(result_node))]
        if name == "main" and (params or results):
            raise self.error(decl, "func main must have no arguments and no return values")
        declared: set[str] = {p for p, _ in params if p is not None} | {
            r for r, _ in results if r is not None
        }
        body = decl.child_by_field_name("body")
        assert body is not None
        for node in _walk(body):
            if node.type in ("short_var_declaration",):
                left = node.child_by_field_name("left")
                if left is not None:
                    declared |= {self.text(n) for n in left.named_children}
            elif node.type == "var_spec":
                declared |= {self.text(n) for n in node.children_by_field_name("name")}
        if name == "init":  # a file may have several; gc numbers them init.0, init.1, …
            if params or results:
                raise self.error(decl, "func init must have no arguments and no return values")
            name = f"init.{len(self.init_funcs())}"
        self.funcs[name] = FuncInfo(
            name,
            decl,
            [(p or "_", t) for p, t in params],
            results,
            frozenset(declared),
            pointer_receiver=pointer_receiver,
            variadic=variadic,
        )

    def _receiver(self, decl: Node, name: str) -> tuple[str, tuple[str | None, Type], bool]:
        """A method's key as the compiler model names it ((*T).M or T.M), its receiver parameter
        (named ``_recv`` when the method does not name it) and whether it is a pointer."""
        recv = decl.child_by_field_name("receiver")
        assert recv is not None
        fields = self._fields(recv)
        if len(fields) != 1:
            raise self.error(recv, "method has multiple receivers")
        recv_name, t = fields[0]
        base = self.pointee(t) if t.kind == "ptr" else t
        if not base.name.startswith("main."):
            raise self.error(recv, f"cannot define new methods on non-local type {base}")
        type_name = base.name.removeprefix("main.")
        pointer = t.kind == "ptr"
        key = f"(*{type_name}).{name}" if pointer else f"{type_name}.{name}"
        if (type_name, name) in self.methods:
            raise self.error(decl, f"method {type_name}.{name} already declared")
        self.methods[(type_name, name)] = key
        return key, (recv_name if recv_name not in (None, "_") else "_recv", t), pointer

    def _fields(self, plist: Node | None, variadic_ok: bool = False) -> list[tuple[str | None, Type]]:
        """Parameters or results; a declared function's final ``...T`` is a []T parameter."""
        out: list[tuple[str | None, Type]] = []
        if plist is None:
            return out
        decls = [d for d in plist.named_children if d.type != "comment"]
        # names are all present or all absent: the grammar reads the a, b of (a, b, c int) as types
        named = any(d.children_by_field_name("name") for d in decls)
        waiting: list[str] = []
        for decl in decls:
            if decl.type == "variadic_parameter_declaration" and not variadic_ok:
                raise self.unsupported(decl, "variadic function types")
            type_node = decl.child_by_field_name("type")
            assert type_node is not None
            names = decl.children_by_field_name("name")
            if named and not names and type_node.type == "type_identifier":
                waiting.append(self.text(type_node))
                continue
            t = self.type_of(type_node)
            if decl.type == "variadic_parameter_declaration":
                t = T.slice_of(t)
            if names:
                out.extend((name, t) for name in [*waiting, *(self.text(n) for n in names)])
                waiting = []
            else:
                out.append((None, t))
        return out

    def _signature(self, node: Node) -> Type:
        """The function type of a function type or an interface's method."""
        params = [t for _, t in self._fields(node.child_by_field_name("parameters"))]
        result_node = node.child_by_field_name("result")
        if result_node is None:
            result = T.VOID
        elif result_node.type == "parameter_list":
            result = T.tuple_of([t for _, t in self._fields(result_node)])
        else:
            result = self.type_of(result_node)
        return T.func_of(params, result)

    def type_of(self, node: Node) -> Type:
        name = (
            self.qualified(self.text(node))
            if node.type in ("qualified_type", "pointer_type")
            else self.text(node)
        )
        if node.type in ("identifier", "selector_expression", "unary_expression", "parenthesized_expression"):
            return self._type_of_expression(node)
        if node.type == "parenthesized_type":
            return self.type_of(node.named_children[0])
        if node.type == "function_type":
            return self._signature(node)
        if node.type == "pointer_type" and name.replace(" ", "") in ("*time.Timer", "*time.Ticker"):
            return T.TIMER if name.endswith("Timer") else T.TICKER
        if node.type == "pointer_type":
            base_node = node.named_children[0]
            base_name = self.text(base_node)
            if base_node.type == "type_identifier" and base_name not in self.named_types:
                kind = self.package_type_kind(base_name) if base_name in self.declaring else None
                if kind is not None and self.declared_type_here(base_name) is None:
                    # a pointer needs only the name: the type may be declared later, or be this one
                    return self.pointer(Type("main." + base_name, kind))
            base = self.type_of(base_node)
            return T.pointer_to(base) if base.kind == "sync" else self.pointer(base)
        if node.type == "struct_type" and name.replace(" ", "") == "struct{}":
            return T.EMPTY_STRUCT
        if node.type == "struct_type":
            return self.struct_type(node)
        if node.type == "type_identifier":
            declared = self.declared_type(name)
            if declared is not None:
                return declared
        if name in T.SYNC_TYPES and self.imported(name.split(".")[0]):
            return T.SYNC_TYPES[name]
        if node.type == "channel_type":
            elem_node = node.child_by_field_name("value")
            assert elem_node is not None
            direction = "send" if name.startswith("chan<-") else "recv" if name.startswith("<-") else ""
            return T.chan_of(self.type_of(elem_node), direction)
        if node.type == "qualified_type":
            if name == "time.Duration":
                return T.DURATION
            if name == "time.Time":
                return T.TIME
            if name == "runtime.Error" and self.imported("runtime"):
                return RUNTIME_ERROR
            if name == "runtime.MemStats" and self.imported("runtime"):
                self.register_struct(T.MEMSTATS)
                return T.MEMSTATS
            library = self.library_type(name)
            if library is not None:
                return library
        elif node.type == "type_identifier" and name in T.NAMED:
            return T.NAMED[name]
        if node.type == "slice_type":
            elem = node.child_by_field_name("element")
            assert elem is not None
            return T.slice_of(self.type_of(elem))
        if node.type == "interface_type" or (node.type == "type_identifier" and name == "any"):
            if any(c.type not in ("method_elem", "comment") for c in node.named_children):
                raise self.unsupported(node, "interfaces embedding other interfaces or type sets")
            sigs = sorted(
                (self.text(m.child_by_field_name("name") or m), self._signature(m))
                for m in _descendants(node, "method_elem")
            )
            name = (
                "interface {}"
                if not sigs
                else "interface { " + "; ".join(f"{m}{str(f).removeprefix('func')}" for m, f in sigs) + " }"
            )
            return Type(name, "interface", elems=tuple(f for _, f in sigs), fields=tuple(m for m, _ in sigs))
        if node.type == "array_type":
            length_node, elem = node.child_by_field_name("length"), node.child_by_field_name("element")
            assert length_node is not None and elem is not None
            n = _integral_float_const(ConstEval(self, 0).expr(length_node), T.INT)
            if not isinstance(n.const, int) or n.const < 0:
                raise self.error(length_node, f"invalid array length {self.text(length_node)}")
            if n.const > MAX_ARRAY_LENGTH:
                raise self.unsupported(length_node, f"arrays of more than {MAX_ARRAY_LENGTH} elements")
            return T.array_of(n.const, self.type_of(elem))
        if node.type == "map_type":
            key, value = node.child_by_field_name("key"), node.child_by_field_name("value")
            assert key is not None and value is not None
            return T.map_of(self.type_of(key), self.type_of(value))
        if node.type in ("generic_type", "type_parameter_list"):
            raise self.unsupported(node, "generics")
        if name.startswith("unsafe."):
            raise self.unsupported(node, "package unsafe")
        raise self.unsupported(node, f"type {name}")

    def library_type(self, name: str) -> Type | None:
        """The library's type ``pkg.T`` (a struct or an interface) if the file imports pkg."""
        return golib.named_type(name) if self.imported(name.split(".")[0]) else None

    def declared_type_here(self, name: str) -> Local | None:
        """What name means in the function being lowered, if declared there (a type or not)."""
        return self.fn_stack[-1].lookup(name) if self.fn_stack else None

    def declared_type(self, name: str) -> Type | None:
        """The type the program declares as name where it is used: local ones first."""
        local = self.declared_type_here(name)
        if local is not None:
            return local.type if local.is_type else None
        if name in self.declaring:
            return self._declare_package_type(name)
        return None

    def _type_of_expression(self, node: Node) -> Type:
        """A type written where the grammar sees an expression: new(int), make(T, n), new(*int)."""
        if node.type == "identifier":
            name = self.text(node)
            declared = self.declared_type(name)
            if declared is not None:
                return declared
            if name in T.NAMED:
                return T.NAMED[name]
        elif node.type == "selector_expression" and self.qualified(self.text(node)) == "time.Duration":
            return T.DURATION
        elif node.type == "selector_expression" and self.qualified(self.text(node)) in T.SYNC_TYPES:
            return T.SYNC_TYPES[self.qualified(self.text(node))]
        elif (
            node.type == "selector_expression"
            and self.library_type(self.qualified(self.text(node))) is not None
        ):
            return self.type_of(node)
        elif node.type == "unary_expression" and self.text(node).startswith("*"):
            operand = node.child_by_field_name("operand")
            assert operand is not None
            base = self.type_of(operand)
            return T.pointer_to(base) if base.kind == "sync" else self.pointer(base)
        elif node.type == "parenthesized_expression":
            return self.type_of(node.named_children[0])
        raise self.error(node, f"{self.text(node)} is not a type")

    def comparable(self, t: Type) -> bool:
        """Whether == is defined on values of t (not on slices, maps, funcs and what holds them)."""
        if t.kind in ("slice", "map", "func"):
            return False
        if t.kind == "ptr":
            return True
        if t.kind == "struct" and t.name.startswith("main.") and not t.fields:
            t = self.named_types.get(t.name.removeprefix("main."), t)  # a declared struct, by name
        return all(self.comparable(e) for e in t.elems) if t.kind in ("struct", "array") else True

    def has_prologue(self, name: str) -> bool:
        decision = self.decisions.funcs.get(name)
        return decision is not None and decision.has_prologue

    def _find_go_targets_and_inlining(self) -> None:
        for info in self.funcs.values():
            body = info.node.child_by_field_name("body")
            assert body is not None
            for node in _walk(body):
                if node.type == "go_statement":
                    call = node.named_children[0]
                    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
                    if fn is not None and fn.type == "identifier" and self.text(fn) in self.funcs:
                        self.funcs[self.text(fn)].go_target = True
                    elif fn is not None and fn.type == "selector_expression":
                        # go v.M(): the receiver's type is known only when lowering, so every
                        # method M gets an entry point
                        method = self.text(fn.child_by_field_name("field") or fn)
                        for (_, name), key in self.methods.items():
                            if name == method:
                                self.funcs[key].go_target = True
                elif node.type == "identifier" and self.text(node) in self.funcs and _used_as_value(node):
                    self.funcs[self.text(node)].go_target = True  # needs a generator entry point
                elif node.type == "call_expression":
                    fn = node.child_by_field_name("function")
                    decision = self.decisions.calls.get(call_pos(node))
                    if fn is not None and decision is not None and decision.inlined:
                        # the model names methods as their key, (*T).M or T.M
                        callee = self.funcs.get(self.text(fn)) or self.funcs.get(decision.callee)
                        if callee is not None:
                            callee.used_inlined = True

    def _decide_yields(self) -> None:
        """A function yields if it has a prologue, a loop, an operation, or calls one that yields."""
        direct: dict[str, bool] = {}
        calls: dict[str, list[tuple[str, bool]]] = {}
        for name, info in self.funcs.items():
            body = info.node.child_by_field_name("body")
            assert body is not None
            direct[name] = False
            calls[name] = []
            for node in _walk(body):
                if node.type in YIELDING_STATEMENTS or self.text(node).startswith("<-"):
                    direct[name] = True
                elif node.type == "call_expression":
                    fn = node.child_by_field_name("function")
                    if fn is None:
                        continue
                    callee = self.text(fn)
                    if fn.type == "identifier" and callee in self.funcs:
                        decision = self.decisions.calls.get(call_pos(node))
                        if decision is not None and decision.removed:
                            continue
                        calls[name].append((callee, decision is not None and decision.inlined))
                    elif callee not in PURE_BUILTINS and callee not in T.NAMED:
                        direct[name] = True  # library, runtime or function-value calls may yield
        for info in self.funcs.values():
            info.yields_body = direct[info.name]
            info.yields_full = info.yields_body or self.has_prologue(info.name)
        changed = True
        while changed:
            changed = False
            for info in self.funcs.values():
                body_yields = info.yields_body or any(
                    self.funcs[c].yields_body if inl else self.funcs[c].yields_full
                    for c, inl in calls[info.name]
                )
                full = body_yields or self.has_prologue(info.name)
                if (body_yields, full) != (info.yields_body, info.yields_full):
                    info.yields_body, info.yields_full = body_yields, full
                    changed = True

    def entry_name(self, info: FuncInfo) -> str:
        """The generator function newproc starts for ``go f()`` (and for main)."""
        return f"f_{info.py}" if info.yields_full else f"go_{info.py}"

    def _emit_go_wrapper(self, info: FuncInfo) -> None:
        params = ", ".join(f"p{i}" for i in range(len(info.params)))
        self.lines.append(f"def go_{info.py}(g{', ' if params else ''}{params}):")
        # the entry point of go f() and of f used as a value, which returns f's results
        self.lines.append(f"    return f_{info.py}(g{', ' if params else ''}{params})")
        self.lines.append("    yield")
        self.lines.append("")

    # ---- constants and package variables -----------------------------------------------------

    def const_specs(self, decl: Node) -> list[ConstSpec]:
        """The constants a const declaration declares; a spec without values repeats the
        previous spec's type and expressions."""
        out: list[ConstSpec] = []
        iota = 0
        previous: tuple[Node | None, list[Node]] | None = None
        for spec in decl.named_children:
            if spec.type != "const_spec":
                continue
            # the grammar files a const spec's commas under "name" too
            names = [n for n in spec.children_by_field_name("name") if n.is_named]
            type_node = spec.child_by_field_name("type")
            value_list = spec.child_by_field_name("value")
            values = value_list.named_children if value_list is not None else None
            if values is None:
                if previous is None:
                    raise self.error(spec, "missing init expr for const declaration")
                type_node, values = previous
            else:
                previous = (type_node, values)
            if len(values) != len(names):
                raise self.error(spec, "wrong number of initializers in const declaration")
            out.extend(ConstSpec(name, type_node, value, iota) for name, value in zip(names, values))
            iota += 1
        return out

    def define_const(self, c: ConstSpec) -> Local:
        e = ConstEval(self, c.iota).expr(c.value)
        t = e.type
        if c.type is not None:
            t = self.type_of(c.type)
            e = self.convert_const(e, t, c.value)
        return Local(e.code, t, e.const, True)

    def package_constant(self, name: str) -> Local | None:
        """The package-level constant ``name``, evaluated now if it was not yet."""
        if name in self.defining_consts:
            raise self.error(self.defining_consts[name].name, f"initialization cycle for {name}")
        pending = self.pending_consts.pop(name, None)
        if pending is not None:
            self.defining_consts[name] = pending
            self.consts[name] = self.define_const(pending)
            del self.defining_consts[name]
        return self.consts.get(name)

    def constant_scope_lookup(self, name: str) -> Local | None:
        """What an identifier in a constant expression names: in the function being lowered,
        whatever is in scope there; at package level, a package constant."""
        if self.active is not None:
            return self.active.lookup(name)
        return self.package_constant(name)

    def convert_const(self, e: Expr, t: Type, node: Node) -> Expr:
        """Constant e as a value of type t: an integer must fit, a float is rounded to t, a
        complex number's parts each to t's, and only one without imaginary part is real."""
        value = e.const
        if isinstance(value, constants.Complex) and t.kind in ("int", "float"):
            value = self.real_constant(value, t, node)
            e = constant(value, T.UNTYPED_FLOAT)
        if t.is_int:
            if e.type.kind == "float":
                assert isinstance(value, constants.Number)
                if not constants.is_integral(value):
                    raise self.error(node, f"constant {constants.to_python(value)} truncated to integer")
                value = constants.to_int(value)
            if isinstance(value, int) and not isinstance(value, bool):
                lo, hi = (
                    (-(1 << (t.bits - 1)), (1 << (t.bits - 1)) - 1) if t.signed else (0, (1 << t.bits) - 1)
                )
                if not lo <= value <= hi:
                    raise self.error(
                        node,
                        f"cannot use {self.text(node)} (untyped int constant {value}) "
                        f"as {t} value (overflows)",
                    )
        elif t.kind == "float" and isinstance(value, constants.Number):
            rounded = constants.round_float(value, _underlying(t))
            if rounded is None:
                raise self.error(node, f"cannot use {self.text(node)} (constant overflows {t})")
            value = rounded
        elif t.kind == "complex" and isinstance(value, (constants.Number, constants.Complex)):
            rounded_complex = constants.round_complex(value, _underlying(t))
            if rounded_complex is None:
                raise self.error(node, f"cannot use {self.text(node)} (constant overflows {t})")
            value = rounded_complex
        return constant(value, t)

    def real_constant(self, value: constants.Complex, t: Type, node: Node) -> constants.Number:
        """A complex constant that must become an integer or float: it must have no imaginary part."""
        if value.im != 0:
            re, im = (
                gofmt.format_v(constants.to_python(p), "float64").decode() for p in (value.re, value.im)
            )
            raise self.error(
                node, f"cannot use {self.text(node)} (untyped complex constant ({re} + {im}i)) as {t} value"
            )
        return value.re

    def _collect_package_vars(self, decl: Node) -> None:
        for spec in own_var_specs(decl):
            value_list = spec.child_by_field_name("value")
            var = PackageVar(
                spec,
                spec.children_by_field_name("name"),
                spec.child_by_field_name("type"),
                value_list.named_children if value_list is not None else [],
            )
            self.package_vars.append(var)
            self.package_var_named.update((self.text(n), var) for n in var.names if self.text(n) != "_")

    def package_var(self, name: str) -> Local | None:
        """The package-level variable ``name``, declared now if it was not yet."""
        var = self.package_var_named.get(name)
        if var is not None:
            self._declare_package_var(var)
        return self.globals.get(name)

    def package_var_type(self, name: str, node: Node) -> Type | None:
        """The type of package variable ``name`` (None: there is none) where only its declared
        type can be known: in package-level constant expressions, evaluated before functions."""
        var = self.package_var_named.get(name)
        if var is None or var.state == "declared":
            return None if var is None else self.globals[name].type
        if var.type is None:
            raise self.unsupported(node, f"{name}, a package variable without a declared type, in a constant")
        return self.type_of(var.type)

    def _declare_package_var(self, var: PackageVar) -> None:
        """Type a var spec's variables (from its initialiser, lowered in a scratch copy of main
        only to learn its type and whether it is constant) and give them their start values."""
        if var.state == "declared":
            return
        if var.state == "typing":
            raise self.error(var.names[0], f"initialization cycle for {self.text(var.names[0])}")
        var.state = "typing"
        outer, self.active = self.active, None  # it may be first needed inside some function
        names, values = [self.text(n) for n in var.names], var.values
        declared = self.type_of(var.type) if var.type is not None else None
        scratch = ExprLowerer(self, FuncLowerer(self, self.funcs["main"], inlined=False))
        inits: list[str] = []
        if len(values) == len(names):
            exprs = [scratch.expr(unparen(v)) for v in values]
            types = [declared or e.type.default() for e in exprs]
            if all(e.is_const for e in exprs):
                inits = [self.convert_const(e, t, v).code for e, t, v in zip(exprs, types, values)]
        elif len(values) == 1:
            multi = scratch.rhs(values, len(names))[0]  # v, ok = <-c, m[k] or x.(T) too
            if multi.type.kind != "tuple" or len(multi.type.elems) != len(names):
                raise self.error(var.spec, f"assignment mismatch: {len(names)} variables but 1 value")
            types = [declared or t for t in multi.type.elems]
        elif values:
            raise self.error(
                var.spec, f"assignment mismatch: {len(names)} variables but {len(values)} values"
            )
        else:
            assert declared is not None
            types = [declared] * len(names)
        targets: list[Local | None] = []  # None: a blank
        for i, (name, t) in enumerate(zip(names, types)):
            if name == "_":
                targets.append(None)
                continue
            start = inits[i] if inits else zero_value(t)
            local, create = self.variable(name, t, self.escapes, f"G_{name}", start)
            self.globals[name] = local
            self.lines.append(create)
            targets.append(local)
        if values and not inits:
            var.init = len(self.package_inits)
            self.package_inits.append(PackageInit(targets, values, types))
            self.funcs["main"].yields_body = self.funcs["main"].yields_full = True
        var.state = "declared"
        self.active = outer

    def _order_package_inits(self) -> None:
        declared = [
            (c.name, PackageObject(self.text(c.name), None, (c.value,))) for c in self.package_const_specs
        ]
        for var in self.package_vars:
            declared.extend((n, PackageObject(self.text(n), var.init, tuple(var.values))) for n in var.names)
        declared.sort(key=lambda named: named[0].start_byte)
        bodies = {name: f.node for name, f in self.funcs.items()}

        def methods_named(name: str) -> list[str]:
            return [key for (_, method), key in self.methods.items() if method == name]

        try:
            order = init_order([o for _, o in declared], bodies, methods_named, self.text)
        except InitializationCycle as cycle:
            name = declared[cycle.index][0]
            raise self.error(name, f"initialization cycle for {self.text(name)}") from None
        self.package_inits = [self.package_inits[i] for i in order]


def own_var_specs(decl: Node) -> list[Node]:
    """A var declaration's specs (grouped or not), not those inside function literals in their values."""
    grouped = [c for c in decl.named_children if c.type == "var_spec_list"]
    return [c for c in (grouped[0] if grouped else decl).named_children if c.type == "var_spec"]


def interface_methods(t: Type) -> tuple[str, ...]:
    """An interface's methods as the method tables also key them: "name signature" (the
    predeclared error's is its Error method)."""
    if not is_boxed_interface(t):
        return ("Error func() string",)
    return tuple(f"{m} {f.name}" for m, f in zip(t.fields, t.elems))


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


def is_boxed_interface(t: Type) -> bool:
    """Interfaces whose values are Boxes (the predeclared error keeps its own representation)."""
    return t.kind == "interface" and "error" not in (t.name, t.underlying)


def type_identity(t: Type) -> str:
    """How Boxes name dynamic type t: its Go name, and for a type declared in a function (or a
    pointer to one) which declaration, as such a type may share its name with another."""
    base = t.elems[0] if t.kind == "ptr" and t.elems else t
    return f"{t.name}{SCOPE_MARK}{base.scope}" if base.scope else t.name


def box_code(x: Expr) -> str:
    """Interface value x as a Box or None, as type assertions and switches inspect it (an error
    value as its dynamic value's Box)."""
    return x.code if is_boxed_interface(x.type) else f"error_box({x.code})"


def is_value_aggregate(t: Type) -> bool:
    """Structs and arrays: Python lists that assignment must copy."""
    return t.kind == "array" or (t.kind == "struct" and bool(t.fields))


def is_own_pointer(t: Type) -> bool:
    """Types whose values a pointer to them is (no Cell or Ref): structs and arrays, whose list
    is their storage, and the library's types shared by reference (sync.Mutex, strings.Builder)."""
    return is_value_aggregate(t) or t.kind == "sync"


def assignment(target: str, value: str) -> str:
    """The statement storing value into target: a Python name or a template with ``{}``."""
    return target.format(value) if "{}" in target else f"{target} = {value}"


def store_into(place: Expr) -> str:
    """The store template of an addressable place: a struct or array is overwritten in place."""
    if is_value_aggregate(place.type):
        return f"{place.code}.assign({{}})"
    return f"{place.code} = {{}}"


def struct_py(t: Type) -> str:
    """The Python class generated for struct type t."""
    if t.name.startswith("main."):
        return "S_" + t.name.removeprefix("main.") + (f"_{t.scope}" if t.scope else "")
    if t.name in LIBRARY_STRUCTS:
        return LIBRARY_STRUCTS[t.name].py_name
    return f"S_anon_{zlib.crc32(t.name.encode()):08x}"


def array_class(t: Type) -> str:
    """The Python class of array type t's values."""
    return "GoArrayOfValues" if is_value_aggregate(t.elems[0]) else "GoArray"


def zero_value(t: Type) -> str:
    if t.kind == "array":
        elem = t.elems[0]
        if is_value_aggregate(elem):
            return f"GoArrayOfValues([{zero_value(elem)} for _ in range({t.length})])"
        return f"GoArray([{zero_value(elem)}] * {t.length})"
    if t.kind == "struct" and t.fields:
        return f"{struct_py(t)}([{', '.join(zero_value(f) for f in t.elems)}])"
    if t.kind == "sync":
        return T.SYNC_ZERO[t.name]
    if t.kind == "time":
        return str(gotime.ZERO_TIME)
    return {
        "int": "0",
        "float": "0.0",
        "complex": "0j",
        "string": "b''",
        "bool": "False",
        "struct": "()",
    }.get(t.kind, "None")


class ConstEval:
    """Constant expressions: constants' values and array lengths (no calls, no variables)."""

    def __init__(
        self, lowerer: Lowerer, iota: int, lookup: Callable[[str], Local | None] | None = None
    ) -> None:
        self.lw = lowerer
        self.iota = iota
        self.lookup = lookup

    def expr(self, node: Node) -> Expr:
        lw = self.lw
        node = unparen(node)
        e = ExprLowerer(lw, None, self.iota, self.lookup).expr(node)
        if not e.is_const:
            raise lw.unsupported(node, "package-level initialisation with a non-constant value")
        return e


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
            return Expr(wrap(x.type, code), x.type)
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
            a, b = _integral_float_const(a, T.INT), _integral_float_const(b, T.UINT)
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
        a, b = _integral_float_const(a, b.type), _integral_float_const(b, a.type)
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
        if op == "/":
            return Expr(wrap(t, f"idiv({a.code}, {b.code})"), t)
        if op == "%":
            return Expr(f"imod({a.code}, {b.code})", t)
        if op == "&^":
            return Expr(f"({a.code} & ~{b.code})", t)
        code = f"({a.code} {op} {b.code})"
        return Expr(wrap(t, code) if op in ("+", "-", "*") or not t.signed else code, t)

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
        i = _integral_float_const(self.expr(node), T.INT)
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
                    if i < len(base.fields) and base.fields[i] == _embedded_name(f):
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
            return Expr(f"b''.join(rune_string(r) for r in ({x.code} or ()))", t)
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
            return Expr(wrap(t, x.code) if (x.type.bits, x.type.signed) != (t.bits, t.signed) else x.code, t)
        if t.kind == "float" and x.type.kind in ("int", "float"):
            single = _underlying(t) == "float32"
            if x.is_const:
                return self.lw.convert_const(x, t, node)
            return Expr(f"f32({x.code})" if single else f"float({x.code})", t)
        if t.kind == "bool" and x.type.kind == "bool":
            return Expr(x.code, t, x.const, x.is_const)
        if x.type.name == t.name or _underlying(x.type) == _underlying(t):
            return Expr(x.code, t, x.const, x.is_const)
        raise self.lw.error(operand, f"cannot convert {self.lw.text(operand)} (type {x.type}) to type {t}")

    def complex_conversion(self, x: Expr, t: Type, operand: Node) -> Expr:
        """T(x) where T or x is complex: any numeric constant that T can represent, and complex
        values between complex64 (rounded part by part) and complex128."""
        if x.is_const:
            return self.lw.convert_const(x, t, operand)
        if t.kind == x.type.kind:
            return Expr(wrap(t, x.code) if _underlying(t) != _underlying(x.type) else x.code, t)
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
        result = T.COMPLEX64 if _underlying(t) == "float32" else T.COMPLEX128
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
        t = T.NAMED["float32"] if _underlying(x.type) == "complex64" else T.FLOAT64
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


def converts_implicitly(x: Expr, t: Type) -> bool:
    """T(x) that is an assignment's conversion: to an interface type (interface{}(0)), or nil."""
    return t.kind == "interface" or x.type.kind == "nil"


def _underlying(t: Type) -> str:
    return t.underlying or t.name


def _bytes_or_runes(t: Type) -> str:
    """ "uint8" or "int32" for a slice type whose elements' underlying type is byte or rune."""
    if t.kind != "slice":
        return ""
    elem = _underlying(t.elems[0])
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
            and s.fields[i] == _embedded_name(f)
        ]
    return None


def _embedded_name(t: Type) -> str:
    return t.name.lstrip("*").split(".")[-1]


def _used_as_value(ident: Node) -> bool:
    """An identifier naming a function anywhere but as the callee of a call."""
    parent = ident.parent
    return not (
        parent is not None
        and parent.type == "call_expression"
        and parent.child_by_field_name("function") == ident
    )


def _integral_float_const(e: Expr, other: Type) -> Expr:
    """An untyped float or complex constant with an integral value, met by an integer, is that
    integer (i < 1e5, x << (1+0i))."""
    if e.is_const and e.type in (T.UNTYPED_FLOAT, T.UNTYPED_COMPLEX) and other.is_int and not other.untyped:
        value = e.const
        if isinstance(value, constants.Complex):
            if value.im != 0:
                return e
            value = value.re
        assert isinstance(value, constants.Number)
        if constants.is_integral(value):
            return constant(constants.to_int(value), T.UNTYPED_INT)
    return e


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
