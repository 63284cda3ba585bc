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

This module lowers the package level: imports, type declarations, functions and methods,
constants, package variables and the order main initialises them in, and it assembles the
module.  ``statements`` lowers each function body and ``expressions`` the expressions in it;
``values`` holds what they share (``Expr``, ``Local``, how a type's values look in Python) and
``escapes`` finds which variables need a cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from gmpsim.codegen.effects import EffectAnalysis
from gmpsim.codegen.escapes import Escapes
from gmpsim.codegen.expressions import ExprLowerer
from gmpsim.codegen.initorder import InitializationCycle, PackageObject, init_order
from gmpsim.codegen.statements import FuncLowerer
from gmpsim.codegen.values import (
    Expr,
    FuncInfo,
    Local,
    Node,
    constant,
    embedded_name,
    integral_float_const,
    interface_methods,
    is_value_aggregate,
    kind_of,
    own_var_specs,
    struct_py,
    underlying_name,
    zero_value,
)
from gmpsim.compiler import CompileResult
from gmpsim.compiler.syntax import call_pos, unparen
from gmpsim.frontend import GoSyntaxError, Pos, SourceFile, constants, literals
from gmpsim.frontend import types as T
from gmpsim.frontend.tree import descendants as _descendants
from gmpsim.frontend.tree import walk as _walk
from gmpsim.frontend.types import Type
from gmpsim.golib import fmt as gofmt
from gmpsim.golib import lowering as golib
from gmpsim.golib.registry import PACKAGES as LIBRARY_PACKAGES
from gmpsim.golib.registry import STRUCTS as LIBRARY_STRUCTS
from gmpsim.golib.registry import package_name

SUPPORTED_IMPORTS = frozenset({"fmt", "time", "runtime", "os", "sync"})
YIELDING_STATEMENTS = frozenset(
    {"for_statement", "go_statement", "send_statement", "select_statement", "func_literal", "defer_statement"}
)
PURE_BUILTINS = frozenset({"len", "cap", "make"})
RUNTIME_ERROR = Type(
    "runtime.Error",
    "interface",
    elems=(T.func_of([], T.STRING), T.func_of([], T.VOID)),
    fields=("Error", "RuntimeError"),
)
MAX_ARRAY_LENGTH = 1 << 24  # an array is a Python list: 8 bytes an element, however small in Go
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
class Module:
    """What generation produced: Python source and the names the runtime needs."""

    source: str
    main: str  # Python name of main.main's generator function
    funcs: dict[str, FuncInfo] = field(default_factory=dict)


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
                if i < len(base.fields) and base.fields[i] == embedded_name(f)
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
            n = integral_float_const(ConstEval(self, 0).expr(length_node), T.INT)
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
            rounded = constants.round_float(value, underlying_name(t))
            if rounded is None:
                raise self.error(node, f"cannot use {self.text(node)} (constant overflows {t})")
            value = rounded
        elif t.kind == "complex" and isinstance(value, (constants.Number, constants.Complex)):
            rounded_complex = constants.round_complex(value, underlying_name(t))
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


def _used_as_value(ident: Node) -> bool:
    """An identifier naming a function anywhere but as the callee of a call."""
    parent = ident.parent
    return not (
        parent is not None
        and parent.type == "call_expression"
        and parent.child_by_field_name("function") == ident
    )
