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
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import tree_sitter

from gmpsim.codegen.effects import EffectAnalysis
from gmpsim.codegen.support import f32, rune_string
from gmpsim.compiler import CompileResult
from gmpsim.compiler.syntax import call_pos, unparen
from gmpsim.frontend import GoSyntaxError, Pos, SourceFile, literals
from gmpsim.frontend import types as T
from gmpsim.frontend.tree import descendants as _descendants
from gmpsim.frontend.tree import statements as _statements
from gmpsim.frontend.tree import walk as _walk
from gmpsim.frontend.tree import walk_own as _walk_own
from gmpsim.frontend.types import Type
from gmpsim.golib import fmt as gofmt
from gmpsim.golib import lowering as golib
from gmpsim.golib.registry import PACKAGES as LIBRARY_PACKAGES
from gmpsim.golib.registry import package_name

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
# assignment targets other than variables
ELEMENT_TARGETS = frozenset({"index_expression", "selector_expression", "unary_expression"})
ARITH_OPS = {"+", "-", "*", "/", "%", "&", "|", "^", "&^", "<<", ">>"}
COMPARE_OPS = {"==", "!=", "<", "<=", ">", ">="}
# pointees a pointer reaches through a Ref (a struct pointer is the struct itself)
REF_KINDS = frozenset({"int", "float", "string", "bool"})


@dataclass
class Expr:
    code: str
    type: Type
    const: object = None  # the value, for constants
    is_const: bool = False


@dataclass
class Local:
    py: str  # Python name
    type: Type
    const: object = None
    is_const: bool = False
    per_iteration: bool = False  # a loop variable that is new in each iteration (Go >= 1.22)


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
    if t.kind in ("int", "float", "string", "bool") and t.underlying:
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
    """Wrap an integer expression to t's size, as Go's fixed-size arithmetic does."""
    if not t.is_int or t.untyped:
        return code
    mask = (1 << t.bits) - 1
    if not t.signed:
        return f"(({code}) & {mask})"
    half = 1 << (t.bits - 1)
    return f"((({code}) + {half} & {mask}) - {half})"


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
        self.imports: set[str] = set()
        self.consts: dict[str, Local] = {}
        self.globals: dict[str, Local] = {}
        self.funcs: dict[str, FuncInfo] = {}
        self.named_types: dict[str, Type] = {}  # declared types by the name the program writes
        self.methods: dict[tuple[str, str], str] = {}  # (type, method) -> key in funcs
        self.declaring: set[str] = set()  # the type declaration's names, which may refer to themselves
        self.struct_lines: dict[str, str] = {}  # Python class of each struct type met -> its definition
        self.table_lines: dict[str, str] = {}  # method set of each type boxed in an interface
        self.lines: list[str] = []
        self.counter = 0  # makes generated Python names unique across nested functions
        self.literal_names: dict[str, str] = {}  # Python name of a function literal -> Go's name
        # package variables with non-constant initialisers: (Python name, type, value), which
        # main evaluates before its body, as runtime.main runs the package's init first
        self.package_inits: list[tuple[str, Type, Node]] = []
        self.effects: EffectAnalysis

    # ---- errors and helpers ------------------------------------------------------------------

    def unsupported(self, node: Node, what: str) -> GoSyntaxError:
        return GoSyntaxError(self.unit.path, Pos.of(node), f"unsupported: {what}")

    def error(self, node: Node, message: str) -> GoSyntaxError:
        return GoSyntaxError(self.unit.path, Pos.of(node), message)

    def text(self, node: Node) -> str:
        return self.unit.text(node)

    # ---- the file ----------------------------------------------------------------------------

    def module(self) -> Module:
        root = self.unit.tree.root_node
        decls = [c for c in root.named_children if c.type != "comment"]
        for decl in decls:  # a type may point to one declared further down
            if decl.type == "type_declaration":
                names = (spec.child_by_field_name("name") for spec in _descendants(decl, "type_spec"))
                self.declaring |= {self.text(n) for n in names if n is not None}
        for decl in decls:  # types may name the imported packages' (sync.Mutex)
            if decl.type == "import_declaration":
                self._imports(decl)
        for decl in decls:
            if decl.type == "type_declaration":
                self._declare_types(decl)
        for decl in decls:
            if decl.type == "package_clause":
                if self.text(decl.named_children[0]) != "main":
                    raise self.unsupported(decl, "package other than main")
            elif decl.type == "import_declaration":
                pass  # above
            elif decl.type == "const_declaration":
                self.const_decl(decl, self.consts)
            elif decl.type == "function_declaration":
                self._declare_func(decl)
            elif decl.type == "var_declaration":
                pass  # after functions are known, in source order below
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
        package_init = self.funcs.get("init")
        if package_init is not None and package_init.yields_full:  # main calls it first
            self.funcs["main"].yields_body = self.funcs["main"].yields_full = True
        for decl in decls:
            if decl.type == "var_declaration":
                self._global_var_decl(decl)
        for info in self.funcs.values():
            FuncLowerer(self, info, inlined=False).emit()
            if info.used_inlined and self.has_prologue(info.name):
                FuncLowerer(self, info, inlined=True).emit()
            if info.go_target and not info.yields_full:
                self._emit_go_wrapper(info)
        lines = list(self.struct_lines.values()) + self.lines + list(self.table_lines.values())
        return Module("\n".join(lines) + "\n", self.entry_name(self.funcs["main"]), self.funcs)

    def _declare_types(self, decl: Node) -> None:
        """``type Name Underlying`` (not aliases, not generic)."""
        for spec in decl.named_children:
            if spec.type == "type_alias":
                raise self.unsupported(spec, "type aliases")
            if spec.type != "type_spec":
                continue
            if spec.child_by_field_name("type_parameters") is not None:
                raise self.unsupported(spec, "generics")
            name_node, type_node = spec.child_by_field_name("name"), spec.child_by_field_name("type")
            assert name_node is not None and type_node is not None
            name = self.text(name_node)
            self.named_types[name] = T.declared("main." + name, self.type_of(type_node))
            self.register_struct(self.named_types[name])

    def pointer(self, base: Type) -> Type:
        """*base; a declared struct is named, not spelled out, so that it may refer to itself."""
        if base.name.startswith("main."):
            return T.pointer_to(Type(base.name, base.kind))
        return T.pointer_to(base)

    def pointee(self, ptr: Type) -> Type:
        base = ptr.elems[0]
        return (
            self.named_types.get(base.name.removeprefix("main."), base)
            if base.name.startswith("main.")
            else base
        )

    def method_table(self, t: Type) -> str:
        """The Python dict of t's method set (methods on T; on *T also those on *T), defined
        after the functions: name -> generator function(g, receiver, *args)."""
        pointer = t.kind == "ptr"
        base = self.pointee(t) if pointer else t
        type_name = base.name.removeprefix("main.")
        py = "MT_" + ("P_" if pointer else "") + re.sub(r"\W", "_", type_name)
        if py in self.table_lines:
            return py
        entries = []
        copies = is_value_aggregate(base)
        for (owner, method), key in sorted(self.methods.items()):
            if owner != type_name or not base.name.startswith("main."):
                continue
            info = self.funcs[key]
            entry = f"f_{info.py}" if info.yields_full else f"as_generator(f_{info.py})"
            if info.pointer_receiver and not pointer:
                continue  # not in a value's method set
            if info.pointer_receiver or (not copies and not pointer):
                entries.append(f"{method!r}: {entry}")
            elif pointer:
                value = "(p or nil_deref())" + (".copy()" if copies else "")
                entries.append(f"{method!r}: lambda g, p, *a: {entry}(g, {value}, *a)")
            else:
                entries.append(f"{method!r}: lambda g, v, *a: {entry}(g, v.copy(), *a)")
        self.table_lines[py] = f"{py} = {{{', '.join(entries)}}}"
        return py

    def method_names(self, t: Type) -> set[str]:
        pointer = t.kind == "ptr"
        base = self.pointee(t) if pointer else t
        return {
            m
            for (owner, m), key in self.methods.items()
            if "main." + owner == base.name and (pointer or not self.funcs[key].pointer_receiver)
        }

    def register_struct(self, t: Type) -> None:
        """Define the Python class of struct type t (once) before the functions that use it."""
        if t.kind != "struct" or not t.fields:
            return
        py = struct_py(t)
        if py not in self.struct_lines:
            kinds = tuple(kind_of(f) for f in t.elems)
            nested = tuple(i for i, f in enumerate(t.elems) if f.kind == "struct" and f.fields)
            self.struct_lines[py] = f"{py} = struct_class({t.name!r}, {t.fields!r}, {kinds!r}, {nested!r})"

    def struct_type(self, node: Node) -> Type:
        fields: list[tuple[str, Type]] = []
        for decl in _descendants(node, "field_declaration"):
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
            if spec.child_by_field_name("name") is not None:
                raise self.unsupported(spec, "named imports")
            if path not in SUPPORTED_IMPORTS | LIBRARY_PACKAGES:
                raise self.unsupported(spec, f'import "{path}"')
            self.imports.add(package_name(path))

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
        if name == "init" and name in self.funcs:
            raise self.unsupported(decl, "more than one func init")
        self.funcs[name] = FuncInfo(
            name,
            decl,
            [(p, t) for p, t in params if p],
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
        for decl in plist.named_children:
            if decl.type == "comment":
                continue
            if decl.type == "variadic_parameter_declaration" and not variadic_ok:
                raise self.unsupported(decl, "variadic function types")
            type_node = decl.child_by_field_name("type")
            assert type_node is not None
            t = self.type_of(type_node)
            if decl.type == "variadic_parameter_declaration":
                t = T.slice_of(t)
            names = decl.children_by_field_name("name")
            if names:
                out.extend((self.text(n), t) for n in names)
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
        name = self.text(node)
        if node.type == "parenthesized_type":
            return self.type_of(node.named_children[0])
        if node.type == "function_type":
            return self._signature(node)
        if node.type == "pointer_type" and name.replace(" ", "") in ("*time.Timer", "*time.Ticker"):
            return T.TIMER if name.endswith("Timer") else T.TICKER
        if node.type == "pointer_type":
            base_node = node.named_children[0]
            if base_node.type == "type_identifier" and self.text(base_node) in self.declaring:
                return self.pointer(T.Type("main." + self.text(base_node), "struct"))
            base = self.type_of(base_node)
            if base.kind == "struct":
                return self.pointer(base)
            if base.kind not in ("sync", *REF_KINDS):
                raise self.unsupported(node, f"pointer type {name}")
            return T.pointer_to(base)
        if node.type == "struct_type" and name.replace(" ", "") == "struct{}":
            return T.EMPTY_STRUCT
        if node.type == "struct_type":
            return self.struct_type(node)
        if node.type == "type_identifier" and name in self.named_types:
            return self.named_types[name]
        if name in T.SYNC_TYPES and name.split(".")[0] in self.imports:
            return T.SYNC_TYPES[name]
        if node.type == "channel_type":
            elem_node = node.child_by_field_name("value")
            assert elem_node is not None
            direction = "send" if name.startswith("chan<-") else "recv" if name.startswith("<-") else ""
            return T.chan_of(self.type_of(elem_node), direction)
        if node.type == "qualified_type":
            if name == "time.Duration":
                return T.DURATION
            if name == "runtime.MemStats" and "runtime" in self.imports:
                self.register_struct(T.MEMSTATS)
                return T.MEMSTATS
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
            n = ConstEval(self, 0).expr(length_node)
            if not isinstance(n.const, int) or n.const < 0:
                raise self.error(length_node, f"invalid array length {self.text(length_node)}")
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
        self.lines.append(f"    f_{info.py}(g{', ' if params else ''}{params})")
        self.lines.append("    return")
        self.lines.append("    yield")
        self.lines.append("")

    # ---- constants and package variables -----------------------------------------------------

    def const_decl(self, decl: Node, into: dict[str, Local]) -> None:
        iota = 0
        previous: tuple[Node | None, list[Node]] | None = None
        for spec in decl.named_children:
            if spec.type != "const_spec":
                continue
            names = spec.children_by_field_name("name")
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
            for name_node, value in zip(names, values):
                e = ConstEval(self, iota).expr(value)
                t = e.type
                if type_node is not None:
                    t = self.type_of(type_node)
                    e = self.convert_const(e, t, value)
                into[self.text(name_node)] = Local(repr(e.const), t, e.const, True)
            iota += 1

    def convert_const(self, e: Expr, t: Type, node: Node) -> Expr:
        value = e.const
        if t.is_int:
            if isinstance(value, float):
                if value != int(value):
                    raise self.error(node, f"constant {value} truncated to integer")
                value = int(value)
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
        elif t.kind == "float" and isinstance(value, int):
            value = float(value)
        return Expr(repr(value), t, value, True)

    def _global_var_decl(self, decl: Node) -> None:
        for spec in _descendants(decl, "var_spec"):
            names = spec.children_by_field_name("name")
            type_node = spec.child_by_field_name("type")
            value_list = spec.child_by_field_name("value")
            values = value_list.named_children if value_list is not None else []
            if values and len(values) != len(names):
                raise self.unsupported(spec, "multi-value initialisation of package variables")
            for i, name_node in enumerate(names):
                name = self.text(name_node)
                py = f"G_{name}"
                if values:
                    # lowered in a scratch copy of main, only to learn whether it is constant and its type
                    scratch = FuncLowerer(self, self.funcs["main"], inlined=False)
                    e = ExprLowerer(self, scratch).expr(unparen(values[i]))
                    t = self.type_of(type_node) if type_node is not None else e.type.default()
                    if e.is_const:
                        init = self.convert_const(e, t, values[i]).code
                    else:
                        init = zero_value(t)
                        self.package_inits.append((py, t, values[i]))
                        self.funcs["main"].yields_body = self.funcs["main"].yields_full = True
                else:
                    assert type_node is not None
                    t = self.type_of(type_node)
                    init = zero_value(t)
                self.globals[name] = Local(py, t)
                self.lines.append(f"{py} = {init}")
        self.lines.append("")


def is_boxed_interface(t: Type) -> bool:
    """Interfaces whose values are Boxes (the predeclared error keeps its own representation)."""
    return t.kind == "interface" and "error" not in (t.name, t.underlying)


def is_value_aggregate(t: Type) -> bool:
    """Structs and arrays: Python lists that assignment must copy."""
    return t.kind == "array" or (t.kind == "struct" and bool(t.fields))


def struct_py(t: Type) -> str:
    """The Python class generated for struct type t."""
    if t.name.startswith("main."):
        return "S_" + t.name.removeprefix("main.")
    return f"S_anon_{zlib.crc32(t.name.encode()):08x}"


def zero_value(t: Type) -> str:
    if t.kind == "array":
        elem = t.elems[0]
        if elem.kind in ("array", "struct"):
            return f"GoArray([{zero_value(elem)} for _ in range({t.length})])"
        return f"GoArray([{zero_value(elem)}] * {t.length})"
    if t.kind == "struct" and t.fields:
        return f"{struct_py(t)}([{', '.join(zero_value(f) for f in t.elems)}])"
    if t.kind == "sync":
        return T.SYNC_ZERO[t.name]
    return {"int": "0", "float": "0.0", "string": "b''", "bool": "False", "struct": "()"}.get(t.kind, "None")


class ConstEval:
    """Constant expressions: package-level constants and initialisers (no calls, no variables)."""

    def __init__(self, lowerer: Lowerer, iota: int) -> None:
        self.lw = lowerer
        self.iota = iota

    def expr(self, node: Node) -> Expr:
        lw = self.lw
        node = unparen(node)
        e = ExprLowerer(lw, None, self.iota).expr(node)
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

    def py_name(self) -> str:
        if self.py_override is not None:
            return self.py_override
        return f"i_{self.info.py}" if self.inlined else f"f_{self.info.py}"

    def emit(self) -> None:
        self.lw.lines.extend(self.function_lines())

    def function_lines(self) -> list[str]:
        info = self.info
        params = []
        for name, t in info.params:
            local = self.declare(name, t)
            params.append(local.py)
        for rname, t in info.results:
            if rname:
                local = self.declare(rname, t)
                self.line(f"{local.py} = {zero_value(t)}")
        self.cost(CALL_COST)
        if self.parent is not None or (not self.inlined and self.lw.has_prologue(info.name)):
            self.flush()
            self.line("if g.clock >= g.stackguard:")
            self.line("    yield CHECK_MORESTACK")
        if self.parent is None and not self.inlined and info.name == "main":
            for py, t, value in self.lw.package_inits:
                el = ExprLowerer(self.lw, self)
                init = el.assignable(el.expr(unparen(value)), t, value)
                self.flush()
                self.line(f"{py} = {init.code}")
                self.globals_assigned.add(py)
            package_init = self.lw.funcs.get("init")
            if package_init is not None:  # func init runs after the variables, before main's body
                self.flush()
                self.line("yield from f_init(g)" if package_init.yields_full else "f_init(g)")
        body = info.node.child_by_field_name("body")
        assert body is not None
        defers = any(n.type == "defer_statement" for n in _walk_own(body))
        if defers:  # deferred calls run when the function returns or panics
            self.flush()
            self.line("_d = []")
            self.line("try:")
            self.indent += 1
        self.block_statements(body)
        self.flush()
        if defers:
            self.line("pass")
            self.indent -= 1
            self.line("finally:")
            self.line("    if not isinstance(exc_info()[1], GeneratorExit):")
            self.line("        while _d:")
            self.line("            _f, _a = _d.pop()")
            self.line("            yield from _f(g, *_a)")
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
        if must_yield and not any("yield" in text for text in self.out):
            # callers resume it with ``yield from`` (library calls count as maybe yielding), so it
            # must be a generator even when nothing in it yields
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

    def declare(self, name: str, t: Type) -> Local:
        if name == "_":
            return Local("_", t)
        self.lw.counter += 1
        local = Local(f"v_{name}_{self.lw.counter}", t)
        self.scopes[-1][name] = local
        return local

    def lookup(self, name: str) -> Local | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        if self.parent is not None:
            outer = self.parent.lookup(name)
            if outer is not None and outer.per_iteration:
                self.captured.add(outer.py)  # a closure in the loop keeps this iteration's copy
            return outer
        if name in self.lw.consts:
            return self.lw.consts[name]
        return self.lw.globals.get(name)

    def is_local(self, name: str) -> bool:
        return any(name in scope for scope in self.scopes)

    # ---- statements ----------------------------------------------------------------------------

    def block_statements(self, block: Node) -> None:
        for stmt in _statements(block):
            self.statement(stmt)

    def nested_block(self, block: Node) -> None:
        self.scopes.append({})
        self.block_statements(block)
        self.scopes.pop()
        self.flush()

    def statement(self, stmt: Node) -> None:
        t = stmt.type
        handler = getattr(self, "stmt_" + t, None)
        if handler is None:
            raise self.lw.unsupported(stmt, t.replace("_", " "))
        handler(stmt)

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
        if fn.type == "identifier" and self.lookup(name) is None and name in self.lw.funcs:
            info = self.lw.funcs[name]
            values = el.arguments(args, [t for _, t in info.params], fn)
            entry, go_name = self.lw.entry_name(info), f"main.{info.name}"
        elif fn.type in ("func_literal", "identifier", "parenthesized_expression"):
            f = el.expr(fn)
            if f.type.kind != "func":
                raise self.lw.unsupported(fn, f"go statement calling {name}")
            values = el.arguments(args, list(f.type.elems[0].elems), fn)
            entry, go_name = f.code, self.literal_go_name(f.code)
        else:
            raise self.lw.unsupported(fn, f"go statement calling {name}")
        self.cost(1)
        self.flush()
        arg_tuple = "(" + "".join(v + ", " for v in values) + ")"
        pos = Pos.of(stmt)
        self.line(f"yield (GO, {entry}, {arg_tuple}, {go_name!r}, Pos({pos.line}, {pos.col}))")

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
        targets = []
        for name, t in zip(names, types):
            existing = self.scopes[-1].get(name)
            if existing is not None:
                targets.append(existing.py)
            else:
                targets.append(self.declare(name, t.default()).py)
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
        self.cost(len(targets))
        if len(rhs) == 1 and len(targets) > 1:
            self.line(f"{', '.join(targets)} = {rhs[0].code}")
        elif len(targets) == 1:
            self.line(f"{targets[0]} = {rhs[0].code}")
        else:
            self.line(f"{', '.join(targets)} = {', '.join(e.code for e in rhs)}")

    def stmt_var_declaration(self, stmt: Node) -> None:
        for spec in _descendants(stmt, "var_spec"):
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
            if declared is not None:
                rhs = [el.assignable(e, declared, v) for e, v in zip(rhs, value_list.named_children)]
                types = [declared] * len(names)
            targets = [self.declare(n, t.default()).py for n, t in zip(names, types)]
            self._assign(targets, rhs, types)

    def stmt_const_declaration(self, stmt: Node) -> None:
        self.lw.const_decl(stmt, self.scopes[-1])

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
        if local.is_const:
            raise self.lw.error(
                node, f"cannot assign to {name} (neither addressable nor a map index expression)"
            )
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
            if len(rhs) == len(targets):
                rhs = [
                    el.assignable(e, tgt.type, n) if tgt.py != "_" else e
                    for e, tgt, n in zip(rhs, targets, right.named_children)
                ]
            self._assign([t.py for t in targets], rhs, types)
            return
        if len(targets) != 1 or len(right.named_children) != 1:
            raise self.lw.error(stmt, f"assignment operation {op} requires single-valued expressions")
        target = targets[0]
        current = Expr(target.py, target.type)
        value = el.binary_values(op[:-1], current, el.expr(right.named_children[0]), stmt)
        self.cost(1)
        self.line(f"{target.py} = {value.code}")

    def _element(self, node: Node) -> tuple[Type, str, str]:
        """An assignable element (slice or map index, struct field, ``*p``; operands in
        temporaries): type, read, store."""
        el = ExprLowerer(self.lw, self)
        if node.type == "unary_expression":
            operand = node.child_by_field_name("operand")
            assert operand is not None
            pointer = el.expr(operand)
            holder = self.temp()
            if pointer.type.kind == "ptr" and pointer.type.elems[0].kind in REF_KINDS:
                self.line(f"{holder} = {pointer.code}")
                return pointer.type.elems[0], f"load({holder})", f"store({holder}, {{}})"
            if pointer.type.kind != "ptr" or pointer.type.elems[0].kind != "struct":
                raise self.lw.unsupported(node, f"dereferencing {pointer.type}")
            el.cost(1)
            self.line(f"{holder} = ({pointer.code} or nil_deref())")
            return self.lw.pointee(pointer.type), holder, f"{holder}[:] = {{}}"
        if node.type == "selector_expression":
            operand, name = node.child_by_field_name("operand"), node.child_by_field_name("field")
            assert operand is not None and name is not None
            if operand.type == "identifier" and self.lookup(self.lw.text(operand)) is None:
                variable = (
                    golib.library_variable(self.lw.text(node))
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
            return f.type, f.code, f"{f.code} = {{}}"
        operand, index = node.child_by_field_name("operand"), node.child_by_field_name("index")
        assert operand is not None and index is not None
        x = el.place(operand)  # an array element is stored into the array itself
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
            return x.type.elems[0], f"aindex({container}, {key})", f"astore({container}, {key}, {{}})"
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
        return x.type.elems[0], f"sindex({container}, {key})", f"sstore({container}, {key}, {{}})"

    def _assign_elements(self, stmt: Node, left: list[Node], right: list[Node], op: str) -> None:
        """Assignments where some target is a slice or map element."""
        el = ExprLowerer(self.lw, self)
        stores: list[tuple[Type, str | None, str]] = []  # type, read (elements only), store template
        for n in left:
            if unparen(n).type in ELEMENT_TARGETS:
                stores.append(self._element(unparen(n)))
            else:
                local = self._target(n)
                stores.append((local.type, None, f"{local.py} = {{}}" if local.py != "_" else "pass"))
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
        if len(rhs) == len(stores):
            rhs = [el.assignable(e, s[0], n) if s[2] != "pass" else e for e, s, n in zip(rhs, stores, right)]
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
            if not t.is_int and t.kind != "float":
                raise self.lw.error(
                    stmt, f"invalid operation: non-numeric {self.lw.text(stmt.named_children[0])}"
                )
            self.cost(1)
            self.line(store.format(wrap(t, f"{read} {op} 1")))
            return
        target = self._target(stmt.named_children[0])
        if not target.type.is_int and target.type.kind != "float":
            raise self.lw.error(
                stmt, f"invalid operation: non-numeric {self.lw.text(stmt.named_children[0])}"
            )
        self.cost(1)
        self.line(f"{target.py} = {wrap(target.type, f'{target.py} {op} 1')}")

    def stmt_if_statement(self, stmt: Node) -> None:
        self.scopes.append({})
        init = stmt.child_by_field_name("initializer")
        if init is not None:
            self.statement(init)
        cond_node = stmt.child_by_field_name("condition")
        assert cond_node is not None
        cond = ExprLowerer(self.lw, self).expr(cond_node)
        if cond.type.kind != "bool":
            raise self.lw.error(cond_node, "non-boolean condition in if statement")
        self.cost(1)
        self.flush()
        self.line(f"if {cond.code}:")
        self._indented_block(stmt.child_by_field_name("consequence"))
        alt = stmt.child_by_field_name("alternative")
        if alt is not None:
            self.line("else:")
            self.indent += 1
            if alt.type == "if_statement":
                self.stmt_if_statement(alt)
                self.flush()
            else:
                self.nested_block(alt)
            self.out.append("    " * self.indent + "pass")
            self.indent -= 1
        self.scopes.pop()

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
        cond: Node | None = None
        post: list[Node] = []
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
                cond = clause.child_by_field_name("condition")
                update = clause.child_by_field_name("update")
                post = [update] if update is not None else []
            else:
                cond = clause
        loop = self._open_breakable(post)
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
        self._loop_body(body, post)
        self.indent -= 1
        self._close_breakable(loop)
        self.scopes.pop()

    def _loop_body(self, body: Node, post: list[Node]) -> None:
        self.nested_block(body)
        self._back_edge(post)

    def _open_breakable(self, post: list[Node] | None) -> Breakable:
        """Start a loop, select or switch (before its Python loop is written)."""
        target = Breakable(post, self.temp(), self.pending_label)
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
                assert target.post is not None
                self._back_edge(target.post)
                self.line("continue")
            else:
                self.line("break")
            self.indent -= 1

    def _jump(self, stmt: Node, action: str) -> None:
        """break or continue, with or without a label."""
        label = self.lw.text(stmt.named_children[0]) if stmt.named_children else None
        candidates = [b for b in self.loops if action == "break" or b.is_loop]
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
                assert target.post is not None
                self._back_edge(target.post)
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
                var = self.declare(self.lw.text(names[0]), c.type.elems[0])
                var.per_iteration = self.lw.per_iteration_loopvars
                target = var.py
            else:
                target = self._target(names[0]).py
            self.line(f"{target} = {received}[0]")
        self._loop_body(body, [])
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
        loop = self._open_breakable([])
        self.line(head)
        self.indent += 1
        if c.type.kind == "map":  # an entry deleted before the loop reaches it is not produced
            self.line(f"if {key} not in {seq}:")
            self.line("    continue")
        if len(names) == 2 and fetch:
            self.line(fetch)
        operator = next((ch.type for ch in clause.children if ch.type in (":=", "=")), "=")
        for name, t, src in zip(names, types, (key, value)):
            if self.lw.text(name) == "_":
                continue
            if operator == ":=":
                var = self.declare(self.lw.text(name), t)
                var.per_iteration = self.lw.per_iteration_loopvars
                self.line(f"{var.py} = {src}")
            else:
                self.line(f"{self._target(name).py} = {src}")
        self._loop_body(body, [])
        self.indent -= 1
        self._close_breakable(loop)

    def _back_edge(self, post: list[Node]) -> None:
        for p in post:
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
                if tag is None:
                    if value.type.kind != "bool":
                        raise self.lw.error(value_node, f"invalid case {self.lw.text(value_node)} in switch")
                    test = value.code
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
            for inner in stmts[:-1] if falls else stmts:
                self.statement(inner)
            if falls:
                if i == len(clauses) - 1:
                    raise self.lw.error(stmts[-1], "cannot fallthrough final case in switch")
                self.line(f"{chosen} = {i + 1}")
            self.flush()
            self.scopes.pop()
            self.line("pass")
            self.indent -= 1
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
        if not is_boxed_interface(x.type):
            raise self.lw.error(
                value_node, f"{self.lw.text(value_node)} (variable of type {x.type}) is not an interface"
            )
        alias = stmt.child_by_field_name("alias")
        bound = self.lw.text(alias.named_children[0]) if alias is not None else None
        box = self.temp()
        self.line(f"{box} = {x.code}")
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
                    tests.append(f"implements({box}, {t.fields!r})")
                else:
                    tests.append(f"({box} is not None and {box}.tname == {t.name!r})")
            keyword = "if" if i == 0 else "elif"
            self.flush()
            self.line(f"{keyword} {' or '.join(tests)}:" if tests else ("else:" if i else "if True:"))
            self.indent += 1
            self.scopes.append({})
            if bound is not None:
                single = types[0] if len(types) == 1 and types[0] is not None else None
                var = self.declare(bound, single or x.type)
                value = f"{box}.v" if single is not None and single.kind != "interface" else box
                self.line(f"{var.py} = {value}")
            body = [c for c in clause.named_children if c.type == "statement_list"]
            for inner in _statements(body[0]) if body else []:
                self.statement(inner)
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
        operand = right.child_by_field_name("operand") if right is not None else None
        assert operand is not None
        elem = ExprLowerer(self.lw, self).chan_operand(operand).type.elems[0]
        names = left.named_children
        define = any(ch.type == ":=" for ch in comm.children)
        types = [elem, T.BOOL][: len(names)]
        for i, (name_node, t) in enumerate(zip(names, types)):
            if define:
                target = self.declare(self.lw.text(name_node), t).py
            elif unparen(name_node).type in ELEMENT_TARGETS:  # x.f, a[i], *p: evaluated once chosen
                _, _, store = self._element(unparen(name_node))
                self.line(store.format(f"{chosen}[{i + 1}]"))
                continue
            else:
                target = self._target(name_node).py
            self.line(f"{target} = {chosen}[{i + 1}]")

    def stmt_return_statement(self, stmt: Node) -> None:
        values: list[Node] = []
        for child in stmt.named_children:
            values.extend(child.named_children if child.type == "expression_list" else [child])
        results = self.info.results
        el = ExprLowerer(self.lw, self)
        if not values:
            if results and not all(r for r, _ in results):
                raise self.lw.error(stmt, "not enough return values")
            codes = [self._named_result(r) for r, _ in results]
        else:
            exprs = [el.expr(v) for v in values]
            if len(exprs) == 1 and len(results) > 1 and exprs[0].type.kind == "tuple":
                codes = [exprs[0].code]
            else:
                if len(exprs) != len(results):
                    raise self.lw.error(stmt, "wrong number of return values")
                codes = [el.assignable(e, t, v).code for e, (_, t), v in zip(exprs, results, values)]
        self.flush()
        if not codes:
            self.line("return")
        elif len(codes) == 1:
            self.line(f"return {codes[0]}")
        else:
            self.line(f"return ({', '.join(codes)})")

    def _named_result(self, name: str | None) -> str:
        assert name is not None
        local = self.lookup(name)
        assert local is not None
        return local.py

    def stmt_defer_statement(self, stmt: Node) -> None:
        """defer f(args): evaluate f's arguments now, queue a generator that makes the call."""
        call = unparen(stmt.named_children[0])
        args = call.child_by_field_name("arguments") if call.type == "call_expression" else None
        if args is None:
            raise self.lw.error(stmt, "expression in defer must be function call")
        el = ExprLowerer(self.lw, self)
        child = FuncLowerer(self.lw, FuncInfo("defer", stmt, [], [], frozenset()), inlined=False, parent=self)
        for arg in args.named_children:
            if arg.type == "comment" or arg.type == "func_literal":
                continue
            value = el.expr(arg)
            if value.is_const:
                continue
            tmp = self.temp()
            self.line(f"{tmp} = {value.code}")
            child.extra_params.append(tmp)
            child.overrides[(arg.start_byte, arg.end_byte)] = Expr(tmp, value.type)
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

    def stmt_labeled_statement(self, stmt: Node) -> None:
        """A label on a loop, select or switch, for break and continue (goto is not supported)."""
        label_node = stmt.child_by_field_name("label")
        inner = [c for c in stmt.named_children if c != label_node and c.type != "comment"]
        loops = ("for_statement", "select_statement", "expression_switch_statement")
        if label_node is None or len(inner) != 1 or inner[0].type not in loops:
            raise self.lw.unsupported(stmt, "labels other than on a loop, select or switch")
        self.pending_label = self.lw.text(label_node)
        self.statement(inner[0])


class ExprLowerer:
    """Lowers expressions; ``fn`` is None for constant contexts (no variables, no calls)."""

    def __init__(self, lowerer: Lowerer, fn: FuncLowerer | None, iota: int | None = None) -> None:
        self.lw = lowerer
        self.fn = fn
        self.iota = iota  # inside a constant declaration: the value of iota

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
        result = self.place(node)
        if is_value_aggregate(result.type) and node.type in COPIED_ON_READ:
            return Expr(f"{result.code}.copy()", result.type)
        return result

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
        return result

    def x_int_literal(self, node: Node) -> Expr:
        value = literals.int_value(self.lw.text(node))
        return Expr(repr(value), T.UNTYPED_INT, value, True)

    def x_float_literal(self, node: Node) -> Expr:
        value = float(self.lw.text(node).replace("_", ""))
        return Expr(repr(value), T.UNTYPED_FLOAT, value, True)

    def x_rune_literal(self, node: Node) -> Expr:
        value = literals.rune_value(self.lw.text(node))
        return Expr(repr(value), T.UNTYPED_RUNE, value, True)

    def x_interpreted_string_literal(self, node: Node) -> Expr:
        value = literals.string_value(self.lw.text(node))
        return Expr(repr(value), T.UNTYPED_STRING, value, True)

    x_raw_string_literal = x_interpreted_string_literal

    def x_iota(self, node: Node) -> Expr:
        if self.iota is None:
            raise self.lw.error(node, "cannot use iota outside constant declaration")
        return Expr(repr(self.iota), T.UNTYPED_INT, self.iota, True)

    def x_nil(self, node: Node) -> Expr:
        return Expr("None", T.UNTYPED_NIL)

    def x_true(self, node: Node) -> Expr:
        return Expr("True", T.UNTYPED_BOOL, True, True)

    def x_false(self, node: Node) -> Expr:
        return Expr("False", T.UNTYPED_BOOL, False, True)

    def x_identifier(self, node: Node) -> Expr:
        name = self.lw.text(node)
        if name == "iota":
            raise self.lw.error(node, "cannot use iota outside constant declaration")
        local = self.fn.lookup(name) if self.fn is not None else self.lw.consts.get(name)
        if local is None:
            if name in self.lw.funcs and self.fn is not None:
                info = self.lw.funcs[name]
                return Expr(
                    self.lw.entry_name(info), T.func_of([t for _, t in info.params], info.result_type)
                )
            raise self.lw.error(node, f"undefined: {name}")
        if local.is_const:
            return Expr(repr(local.const), local.type, local.const, True)
        if self.fn is None:
            raise self.lw.unsupported(node, "package-level initialisation with a non-constant value")
        return Expr(local.py, local.type)

    def x_selector_expression(self, node: Node) -> Expr:
        operand = node.child_by_field_name("operand")
        field_node = node.child_by_field_name("field")
        assert operand is not None and field_node is not None
        pkg, name = self.lw.text(operand), self.lw.text(field_node)
        local = self.fn.lookup(pkg) if self.fn is not None and operand.type == "identifier" else None
        if self.fn is not None and (local is not None or operand.type != "identifier"):
            x = self.place(operand)
            if x.type.kind == "struct" or (x.type.kind == "ptr" and x.type.elems[0].kind == "struct"):
                return self.field(x, name, node)
            if name == "L" and (x.type.elems[0] if x.type.kind == "ptr" else x.type).name == "sync.Cond":
                self.cost(1)
                return Expr(f"({x.code} or nil_deref()).L", T.SYNC_TYPES["sync.Locker"])
        if local is not None and local.type.kind == "timer" and name == "C":
            return Expr(f"{local.py}.C", T.chan_of(T.TIME, "recv"))
        if pkg == "time" and "time" in self.lw.imports and name in TIME_UNITS:
            value = TIME_UNITS[name]
            return Expr(repr(value), T.DURATION, value, True)
        constant = golib.library_constant(f"{pkg}.{name}") if pkg in self.lw.imports else None
        if constant is not None:
            return constant
        raise self.lw.unsupported(node, f"{pkg}.{name}")

    def field(self, x: Expr, name: str, node: Node) -> Expr:
        """x.name for a struct or a pointer to one, through embedded structs (promoted fields)."""
        path = field_path(self.lw.pointee(x.type) if x.type.kind == "ptr" else x.type, name, self.lw.pointee)
        if path is None:
            raise self.lw.error(
                node, f"{self.lw.text(node)} undefined (type {x.type} has no field or method {name})"
            )
        self.cost(1)
        code, t = x.code, x.type
        for index, ft in path:
            if t.kind == "ptr":
                code = f"({code} or nil_deref())"
            code, t = f"{code}[{index}]", ft
        return Expr(code, t)

    def x_unary_expression(self, node: Node) -> Expr:
        op_node = node.child_by_field_name("operator")
        operand_node = node.child_by_field_name("operand")
        assert op_node is not None and operand_node is not None
        op = op_node.type
        if op == "<-":
            return self.receive(operand_node, comma_ok=False)
        if op == "&" and unparen(operand_node).type == "composite_literal":
            lit = self.expr(operand_node)
            if lit.type.kind != "struct" or not lit.type.fields:
                raise self.lw.unsupported(node, f"taking the address of {lit.type}")
            return Expr(lit.code, self.lw.pointer(lit.type))
        if op == "&" and self.fn is not None:
            x = self.place(operand_node)
            if x.type.kind == "struct" and x.type.fields:
                return Expr(x.code, self.lw.pointer(x.type))
            if x.type.kind in REF_KINDS:
                return self.address_of(unparen(operand_node), x)
            if x.type.kind == "sync":  # shared by reference: its address is the value itself
                return Expr(x.code, T.pointer_to(x.type))
        if op == "*":
            p = self.expr(operand_node)
            if p.type.kind == "ptr" and p.type.elems[0].kind in REF_KINDS:
                self.cost(1)
                return Expr(f"load({p.code})", p.type.elems[0])
            if p.type.kind != "ptr" or p.type.elems[0].kind != "struct":
                raise self.lw.unsupported(node, f"dereferencing {p.type}")
            self.cost(1)
            return Expr(f"({p.code} or nil_deref())", self.lw.pointee(p.type))
        x = self.expr(operand_node)
        if op == "&":
            if x.type.kind != "sync" or operand_node.type != "identifier":
                raise self.lw.unsupported(node, f"taking the address of {x.type}")
            return Expr(x.code, T.pointer_to(x.type))
        self.cost(1)
        if op == "!":
            if x.type.kind != "bool":
                raise self.lw.error(
                    node, f"invalid operation: operator ! not defined on {self.lw.text(operand_node)}"
                )
            if x.is_const:
                return Expr(repr(not x.const), x.type, not x.const, True)
            return Expr(f"(not {x.code})", x.type)
        if op in ("-", "+", "^"):
            if x.type.kind not in ("int", "float"):
                raise self.lw.error(
                    node, f"invalid operation: operator {op} not defined on {self.lw.text(operand_node)}"
                )
            if x.is_const:
                assert isinstance(x.const, (int, float))
                value: int | float = x.const if op == "+" else -x.const if op == "-" else ~int(x.const)
                if x.type.is_int and not x.type.untyped:
                    value = fold_wrap(x.type, int(value))
                if value == 0 and isinstance(value, float):
                    value = 0.0  # Go's constants are exact: -0.0 is zero, there is no negative zero
                return Expr(repr(value), x.type, value, True)
            code = x.code if op == "+" else f"(-{x.code})" if op == "-" else f"(~{x.code})"
            return Expr(wrap(x.type, code), x.type)
        raise self.lw.unsupported(node, f"operator {op}")

    def address_of(self, operand: Node, x: Expr) -> Expr:
        """``&v`` for a package variable or a struct field that is not a struct: a Ref to it.
        (Pointers to local variables would need the variable itself to live in a cell.)"""
        t = T.pointer_to(x.type)
        if operand.type == "identifier" and x.code.startswith("G_"):
            return Expr(f"Ref(globals(), {x.code!r})", t)
        container, sep, index = x.code.rpartition("[")
        if operand.type == "selector_expression" and sep and index.rstrip("]").isdigit():
            return Expr(f"Ref({container}, {index.rstrip(']')})", t)
        raise self.lw.unsupported(operand, f"pointers to local variables ({t})")

    def x_binary_expression(self, node: Node) -> Expr:
        op_node = node.child_by_field_name("operator")
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        assert op_node is not None and left is not None and right is not None
        return self.binary_values(op_node.type, self.expr(left), self.expr(right), node)

    def binary_values(self, op: str, a: Expr, b: Expr, node: Node) -> Expr:
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
            if not a.type.is_int or not b.type.is_int:
                raise self.lw.error(node, "invalid operation: shift of non-integer")
            shifted = a.type
            if a.is_const and b.is_const:
                assert isinstance(a.const, int) and isinstance(b.const, int)
                value = a.const << b.const if op == "<<" else a.const >> b.const
                if not shifted.untyped:
                    value = fold_wrap(shifted, value)
                return Expr(repr(value), shifted, value, True)
            code = f"({a.code} {op} {b.code})"
            return Expr(wrap(shifted, code) if op == "<<" else code, shifted)
        a, b = _integral_float_const(a, b.type), _integral_float_const(b, a.type)
        common = T.unify(a.type, b.type)
        if common is None:
            raise self.lw.error(
                node, f"invalid operation: {self.lw.text(node)} (mismatched types {a.type} and {b.type})"
            )
        t = common
        if op in COMPARE_OPS:
            if a.is_const and b.is_const:
                value = _compare(op, a.const, b.const)
                return Expr(repr(value), T.UNTYPED_BOOL, value, True)
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
        if t.kind == "float":
            if op in ("%", "&", "|", "^", "&^"):
                raise self.lw.error(node, f"invalid operation: operator {op} not defined on floats")
            if a.is_const and b.is_const:
                assert isinstance(a.const, (int, float)) and isinstance(b.const, (int, float))
                if op == "/" and b.const == 0:
                    raise self.lw.error(node, "invalid operation: division by zero")
                value_f = {"+": a.const + b.const, "-": a.const - b.const, "*": a.const * b.const}.get(op)
                fvalue = float(value_f if value_f is not None else a.const / b.const)
                return Expr(repr(fvalue), t, fvalue, True)
            if op == "/":
                return Expr(f"fdiv({a.code}, {b.code})", t)
            return Expr(f"({a.code} {op} {b.code})", t)
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

    def assignable(self, e: Expr, t: Type, node: Node) -> Expr:
        """e converted implicitly to t (untyped constants), or an error if Go would refuse."""
        if e.type == t:
            return e
        if is_boxed_interface(t) and e.type.kind not in ("nil", "tuple", "void"):
            return self.boxed(e, t, node)
        if T.assignable(e.type, t):
            return Expr(e.code, t)
        if e.type.untyped and T.unify(e.type, t) == t:
            return self.lw.convert_const(e, t, node) if e.is_const else Expr(e.code, t)
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
        """A concrete value as a value of interface type t (an interface value stays as it is)."""
        if e.type.kind == "interface":
            if set(t.fields) - set(e.type.fields) or not is_boxed_interface(e.type):
                raise self.lw.unsupported(node, f"converting {e.type} to {t}")
            return Expr(e.code, t)
        concrete = e.type.default()
        if e.is_const:
            e = self.lw.convert_const(e, concrete, node)
        lacking = sorted(set(t.fields) - self.lw.method_names(concrete))
        if lacking:
            raise self.lw.error(
                node,
                f"cannot use {self.lw.text(node)} (value of type {concrete}) as {t} value: "
                f"{concrete} does not implement {t} (missing method {lacking[0]})",
            )
        table = self.lw.method_table(concrete) if concrete.name.lstrip("*").startswith("main.") else "{}"
        self.cost(2)
        return Expr(f"Box({e.code}, {concrete.name!r}, {kind_of(concrete)!r}, {table})", t)

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
        if variadic and len(values) >= len(params) - 1:
            fixed = [self.assignable(self.expr(v), t, v).code for v, t in zip(values, params[:-1])]
            elem = params[-1].elems[0]
            extra = [self.assignable(self.expr(v), elem, v).code for v in values[len(params) - 1 :]]
            return [*fixed, f"slice_of([{', '.join(extra)}])" if extra else "None"]
        if len(values) != len(params):
            what = "not enough" if len(values) < len(params) else "too many"
            raise self.lw.error(where, f"{what} arguments in call to {self.lw.text(where)}")
        return [self.assignable(self.expr(v), t, v).code for v, t in zip(values, params)]

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
        x = self.place(operand)  # the element is copied (by expr) if need be, not the whole array
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
        i = self.expr(node)
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
        if x.type.kind == "array":  # shares the array: take it as it is, not a copy
            x = self.place(operand)
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
        if not is_boxed_interface(x.type):
            raise self.lw.error(
                operand,
                f"invalid operation: {self.lw.text(operand)} (variable of type {x.type}) is not an interface",
            )
        t = self.lw.type_of(type_node)
        self.cost(2)
        static = x.type.name
        if t.kind == "interface":
            if comma_ok:
                return Expr(f"iassert_iface_ok({x.code}, {t.fields!r})", T.tuple_of([t, T.BOOL]))
            return Expr(f"iassert_iface({x.code}, {t.fields!r}, {t.name!r}, {static!r})", t)
        missing = sorted(set(x.type.fields) - self.lw.method_names(t))
        if missing:
            raise self.lw.error(
                node,
                f"impossible type assertion: {self.lw.text(node)}\n\t{t} does not implement {x.type} "
                f"(missing method {missing[0]})",
            )
        if comma_ok:
            return Expr(f"iassert_ok({x.code}, {t.name!r}, {zero_value(t)})", T.tuple_of([t, T.BOOL]))
        return Expr(f"iassert({x.code}, {t.name!r}, {static!r})", t)

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
        self.cost(4)
        if t == T.slice_of(T.BYTE) and x.type.kind == "string":
            return Expr(f"bytes_of({x.code})", t)
        if t == T.slice_of(T.RUNE) and x.type.kind == "string":
            return Expr(f"slice_of([r for _, r in string_runes({x.code})])", t)
        if x.type == t:
            return x
        raise self.lw.error(node, f"cannot convert {self.lw.text(operand)} (type {x.type}) to type {t}")

    def element_values(self, body: Node, elem: Type) -> list[str]:
        values = []
        for item in body.named_children:
            if item.type == "comment":
                continue
            if item.type == "keyed_element":
                raise self.lw.unsupported(item, "keyed elements in a slice literal")
            value = item.named_children[0] if item.type == "literal_element" else item
            values.append(self.element(value, elem).code)
        return values

    def element(self, node: Node, t: Type) -> Expr:
        """A literal's element of type t; ``{…}`` without a type takes t (or *t for &T)."""
        if node.type == "literal_value":
            if t.kind == "ptr":
                return Expr(self.literal_of(self.lw.pointee(t), node).code, t)
            return self.literal_of(t, node)
        return self.assignable(self.expr(node), t, node)

    def literal_of(self, t: Type, body: Node) -> Expr:
        """The composite literal T{…} with body ``{…}``."""
        self.cost(4)
        if t.kind == "struct" and t.fields:
            return self.struct_literal(t, body)
        if t.kind == "struct":
            if any(c.type != "comment" for c in body.named_children):
                raise self.lw.error(body, f"too many values in {t}{{…}}")
            return Expr("()", t)
        if t.kind == "slice":
            return Expr(f"slice_of([{', '.join(self.element_values(body, t.elems[0]))}])", t)
        if t.kind == "array":
            values = self.element_values(body, t.elems[0])
            if len(values) > t.length:
                raise self.lw.error(body, f"array index {t.length} out of bounds [0:{t.length}]")
            values += [zero_value(t.elems[0])] * (t.length - len(values))
            return Expr(f"GoArray([{', '.join(values)}])", t)
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
            pairs.append(f"{self.element(k_node, key).code}: {self.element(v_node, value).code}")
        return Expr("{" + ", ".join(pairs) + "}", t)

    def struct_literal(self, t: Type, body: Node) -> Expr:
        """T{a, b} or T{F: a}: every field, the missing ones zero."""
        items = [c for c in body.named_children if c.type != "comment"]
        values = [zero_value(f) for f in t.elems]
        keyed = [c.type == "keyed_element" for c in items]
        if any(keyed) and not all(keyed):
            raise self.lw.error(body, "mixture of field:value and value elements in struct literal")
        if items and not keyed[0] and len(items) != len(t.fields):
            raise self.lw.error(
                body,
                f"too {'few' if len(items) < len(t.fields) else 'many'} values in struct literal of type {t}",
            )
        for i, item in enumerate(items):
            if keyed[0]:
                key_node, value_node = (c.named_children[0] for c in item.named_children[:2])
                key = self.lw.text(key_node)
                if key not in t.fields:
                    raise self.lw.error(key_node, f"unknown field {key} in struct literal of type {t}")
                i = t.fields.index(key)
            else:
                value_node = item.named_children[0] if item.type == "literal_element" else item
            values[i] = self.element(value_node, t.elems[i]).code
        self.cost(len(values))
        return Expr(f"{struct_py(t)}([{', '.join(values)}])", t)

    def x_composite_literal(self, node: Node) -> Expr:
        type_node = node.child_by_field_name("type")
        body = node.child_by_field_name("body")
        assert type_node is not None and body is not None
        if type_node.type == "generic_type":
            raise self.lw.unsupported(type_node, "generics")
        if type_node.type in ("slice_type", "map_type", "type_identifier", "struct_type", "array_type"):
            return self.literal_of(self.lw.type_of(type_node), body)
        if type_node.type == "implicit_length_array_type":  # [...]T{…}
            elem = type_node.child_by_field_name("element")
            assert elem is not None
            n = sum(1 for c in body.named_children if c.type != "comment")
            return self.literal_of(T.array_of(n, self.lw.type_of(elem)), body)
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
        if fn.type == "identifier":
            name = self.lw.text(fn)
            local = self.fn.lookup(name) if self.fn is not None else None
            if local is not None:
                return self.value_call(node, Expr(local.py, local.type), args, statement)
            if name in self.lw.funcs:
                return self.user_call(node, self.lw.funcs[name], args, statement)
            if name in T.NAMED:
                return self.conversion(node, T.NAMED[name], args)
            if name in self.lw.named_types:
                return self.conversion(node, self.lw.named_types[name], args)
            return self.builtin_call(node, name, args, statement)
        if fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            field_node = fn.child_by_field_name("field")
            assert operand is not None and field_node is not None
            pkg, name = self.lw.text(operand), self.lw.text(field_node)
            if self.fn is not None and (operand.type != "identifier" or self.fn.lookup(pkg) is not None):
                return self.method_call(node, self.place(operand), name, args, statement)
            if pkg in self.lw.imports and (self.fn is None or self.fn.lookup(pkg) is None):
                if pkg == "time" and name == "Duration":
                    return self.conversion(node, T.DURATION, args)
                return self.std_call(node, pkg, name, args, statement)
        if fn.type == "func_literal":
            return self.value_call(node, self.expr(fn), args, statement)
        raise self.lw.unsupported(fn, f"call of {self.lw.text(fn)}")

    def method_call(self, node: Node, recv: Expr, name: str, args: Node, statement: bool) -> Expr | None:
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
        resolved = self.resolve_method(recv, name)
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
        method = golib.SYNC_METHODS.get(f"{base.name}.{name}")
        if method is None:
            raise self.lw.unsupported(node, f"method {name} of {recv.type}")
        return golib.sync_method_call(self, node, recv, method, values, statement)

    def resolve_method(self, recv: Expr, name: str) -> tuple[FuncInfo, str] | None:
        """The method ``name`` of recv's type, or of an embedded field's (promoted), and the
        receiver argument: the pointer (taking the address of an addressable value) or a copy."""
        lw = self.lw
        t = lw.pointee(recv.type) if recv.type.kind == "ptr" else recv.type
        code, is_ptr = recv.code, recv.type.kind == "ptr"
        level: list[tuple[Type, str, bool]] = [(t, code, is_ptr)]
        while level:
            for base, code, is_ptr in level:
                key = lw.methods.get((base.name.removeprefix("main."), name))
                if key is None:
                    continue
                info = lw.funcs[key]
                if info.pointer_receiver:
                    return info, code
                value = f"({code} or nil_deref())" if is_ptr else code
                return info, f"{value}.copy()" if base.kind == "struct" and base.fields else value
            level = [
                (
                    lw.pointee(f) if f.kind == "ptr" else f,
                    f"{'(' + code + ' or nil_deref())' if is_ptr else code}[{i}]",
                    f.kind == "ptr",
                )
                for base, code, is_ptr in level
                for i, f in enumerate(base.elems)
                if base.kind == "struct" and i < len(base.fields) and base.fields[i] == _embedded_name(f)
            ]
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
        return Expr(f"(yield from {f.code}(g{''.join(', ' + v for v in values)}))", result)

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
        x = self.expr(values[0])
        self.cost(1)
        if t.kind == "string" and x.type.is_int:
            if x.is_const:
                assert isinstance(x.const, int)
                value = rune_string(x.const)
                return Expr(repr(value), T.STRING, value, True)
            return Expr(f"rune_string({x.code})", T.STRING)
        if t.kind == "string" and x.type.kind == "string":
            return Expr(x.code, t, x.const, x.is_const)
        if t.kind == "string" and x.type == T.slice_of(T.BYTE):
            return Expr(f"string_of({x.code})", t)
        if t.kind == "string" and x.type == T.slice_of(T.RUNE):
            return Expr(f"b''.join(rune_string(r) for r in ({x.code} or ()))", t)
        if t.is_int and x.type.kind in ("int", "float"):
            if x.is_const:
                if isinstance(x.const, float) and not x.type.untyped:
                    return Expr(repr(fold_wrap(t, int(x.const))), t, fold_wrap(t, int(x.const)), True)
                return self.lw.convert_const(x, t, node)
            if x.type.kind == "float":
                return Expr(wrap(t, f"int({x.code})"), t)
            return Expr(wrap(t, x.code) if (x.type.bits, x.type.signed) != (t.bits, t.signed) else x.code, t)
        if t.kind == "float" and x.type.kind in ("int", "float"):
            single = _underlying(t) == "float32"
            if x.is_const:
                assert isinstance(x.const, (int, float))
                converted = f32(float(x.const)) if single else float(x.const)
                return Expr(repr(converted), t, converted, True)
            return Expr(f"f32({x.code})" if single else f"float({x.code})", t)
        if t.kind == "bool" and x.type.kind == "bool":
            return Expr(x.code, t, x.const, x.is_const)
        if x.type.name == t.name or _underlying(x.type) == _underlying(t):
            return Expr(x.code, t, x.const, x.is_const)
        raise self.lw.error(node, f"cannot convert {self.lw.text(values[0])} (type {x.type}) to type {t}")

    def _fmt_args(self, args: Node) -> list[tuple[Expr, str]]:
        out = []
        for a in args.named_children:
            if a.type == "comment":
                continue
            e = self.expr(a)
            if e.type.kind in ("tuple", "void"):
                raise self.lw.unsupported(a, "multi-value arguments")
            out.append((e, kind_of(e.type)))
        return out

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
            consts = tuple((e.const, k) for e, k in args)
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
            if name.endswith("f"):
                if not values:
                    raise self.lw.error(node, f"not enough arguments in call to {qual}")
                fmt = self.expr(values[0])
                if fmt.type.kind != "string":
                    raise self.lw.error(values[0], "format must be a string")
                rest = self._fmt_args_of(values[1:])
                data = self._formatted("sprintf", rest, fmt)
            else:
                joiner = "sprintln" if name.endswith("ln") else "sprint"
                data = self._formatted(joiner, self._fmt_args_of(values))
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
            return Expr("yield GOSCHED_OP", T.VOID)
        if qual == "runtime.NumGoroutine":
            self._none(node, values)
            self._call_prologue(fl)
            return Expr("(yield NUMGOROUTINE_OP)", T.INT)
        if qual == "runtime.NumCPU":
            self._none(node, values)
            return Expr("NCPU", T.INT)
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

    def _fmt_args_of(self, nodes: list[Node]) -> list[tuple[Expr, str]]:
        out = []
        for a in nodes:
            e = self.expr(a)
            if e.type.kind in ("tuple", "void"):
                raise self.lw.unsupported(a, "multi-value arguments")
            out.append((e, kind_of(e.type)))
        return out

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
        if name == "make" and values and values[0].type in ("slice_type", "map_type"):
            return self.make_container(node, values)
        if name in ("append", "copy", "delete"):
            return self.container_builtin(node, name, values, statement)
        if name in ("len", "cap") and values:
            x = self.expr(values[0])
            if x.type.kind == "array":
                return Expr(repr(x.type.length), T.INT, x.type.length, True)
            if x.type.kind == "slice" or (x.type.kind == "map" and name == "len"):
                self.cost(1)
                return Expr(f"{'olen' if name == 'len' else 'scap'}({x.code})", T.INT)
        if name == "make":
            if not values or values[0].type != "channel_type":
                raise self.lw.unsupported(node, "make of anything but a channel")
            t = self.lw.type_of(values[0])
            size = self.assignable(self.expr(values[1]), T.INT, values[1]).code if len(values) > 1 else "0"
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
            return Expr(f"raise GoPanic(panic_message({value.code}, {kind_of(value.type)!r}))", T.VOID)
        if name == "new":
            t = self.lw.type_of(self._one(node, values))
            self.cost(20)
            if t.kind == "struct" and t.fields:
                return Expr(zero_value(t), self.lw.pointer(t))
            if t.kind in REF_KINDS:
                return Expr(f"new_ref({zero_value(t)})", T.pointer_to(t))
            raise self.lw.unsupported(node, f"new({t})")
        if name in ("println", "print"):
            pairs = "(" + "".join(f"({e.code}, {k!r}), " for e, k in self._fmt_args(args)) + ")"
            data = Expr(f"builtin_{name}({pairs})", T.STRING)
            return self._print_op(node, 2, data, statement)
        raise self.lw.unsupported(node.child_by_field_name("function") or node, f"builtin {name}")

    def make_container(self, node: Node, values: list[Node]) -> Expr:
        """make([]T, len[, cap]) or make(map[K]V[, hint])."""
        t = self.lw.type_of(values[0])
        sizes = [self.assignable(self.expr(v), T.INT, v).code for v in values[1:]]
        self.cost(20)
        if t.kind == "map":
            return Expr("{}", t)
        if not sizes:
            raise self.lw.error(
                node, f"invalid operation: {self.lw.text(node)} expects 2 or 3 arguments; found 1"
            )
        length = sizes[0]
        return Expr(
            f"make_slice({length}, {sizes[1] if len(sizes) > 1 else length}, {zero_value(t.elems[0])})", t
        )

    def container_builtin(self, node: Node, name: str, values: list[Node], statement: bool) -> Expr | None:
        """append, copy and delete."""
        if not values:
            raise self.lw.error(node, f"not enough arguments for {self.lw.text(node)}")
        first = self.expr(values[0])
        self.cost(4)
        if name == "delete":
            if first.type.kind != "map" or len(values) != 2:
                raise self.lw.error(node, f"invalid argument: {self.lw.text(node)}")
            k = self.assignable(self.expr(values[1]), first.type.elems[0], values[1])
            return Expr(f"mdelete({first.code}, {k.code})", T.VOID)
        if first.type.kind != "slice":
            raise self.lw.error(
                values[0],
                f"invalid argument: {self.lw.text(values[0])} (variable of type {first.type}) is not a slice",
            )
        if name == "copy":
            src = self.expr(self._one(node, values[1:]))
            return Expr(f"scopy({first.code}, {src.code})", T.INT)
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


def _underlying(t: Type) -> str:
    return t.underlying or t.name


def field_path(t: Type, name: str, pointee: Callable[[Type], Type]) -> list[tuple[int, Type]] | None:
    """The indexes leading to field ``name`` of struct t: its own, else the shallowest promoted one."""
    level: list[tuple[Type, list[tuple[int, Type]]]] = [(t, [])]
    while level:
        found = [
            [*path, (i, f)]
            for s, path in level
            for i, (n, f) in enumerate(zip(s.fields, s.elems))
            if n == name
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
    """An untyped float constant with an integral value, met by an integer, is that integer (i < 1e5)."""
    if e.is_const and e.type == T.UNTYPED_FLOAT and other.is_int and not other.untyped:
        assert isinstance(e.const, float)
        if e.const.is_integer():
            return Expr(repr(int(e.const)), T.UNTYPED_INT, int(e.const), True)
    return e


def _compare(op: str, a: object, b: object) -> bool:
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    x, y = a, b
    assert isinstance(x, (int, float, bytes)) and isinstance(
        y, type(x) if isinstance(x, bytes) else (int, float)
    )
    return bool({"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op])  # type: ignore[operator]


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
