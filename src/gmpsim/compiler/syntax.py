"""The package as the compiler model sees it: functions, pragmas, imports, names and types.

tree-sitter gives us the syntax tree; gc's decisions also need what its type checker knows:
whether ``T(x)`` is a conversion or a call, which function a call names, the type of a
variable (for conversions, string concatenation and frame sizes) and which names are
constants (``time.Second * 1`` is folded into one literal before the inliner counts nodes).
This module derives that much from declarations in the file; anything it cannot resolve it
reports as unknown (``None``) so that callers can decide whether the uncertainty matters.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field

import tree_sitter

from gmpsim.compiler.stdlib import STD_FIELDS, std_method, std_result
from gmpsim.frontend import GoSyntaxError, Pos, SourceFile

Node = tree_sitter.Node

# Predeclared types with their size in bytes on amd64 (the only target modelled).
BASIC_SIZES: dict[str, int] = {
    "bool": 1,
    "int8": 1,
    "uint8": 1,
    "byte": 1,
    "int16": 2,
    "uint16": 2,
    "int32": 4,
    "uint32": 4,
    "rune": 4,
    "float32": 4,
    "int": 8,
    "int64": 8,
    "uint": 8,
    "uint64": 8,
    "uintptr": 8,
    "float64": 8,
    "complex64": 8,
    "complex128": 16,
    "string": 16,
    "error": 16,
    "any": 16,
}
BUILTIN_FUNCS = frozenset(
    [
        "append",
        "cap",
        "clear",
        "close",
        "complex",
        "copy",
        "delete",
        "imag",
        "len",
        "make",
        "max",
        "min",
        "new",
        "panic",
        "print",
        "println",
        "real",
        "recover",
    ]
)
# Package-level constants of the standard library that the supported subset uses.
STD_CONSTS = frozenset(
    {
        "time.Nanosecond",
        "time.Microsecond",
        "time.Millisecond",
        "time.Second",
        "time.Minute",
        "time.Hour",
        "math.MaxInt",
        "math.MaxInt8",
        "math.MaxInt16",
        "math.MaxInt32",
        "math.MaxInt64",
        "math.MinInt",
        "math.MinInt64",
        "math.MaxUint32",
        "math.Pi",
        "math.E",
    }
)
# unsafe's functions whose calls are constants of the type checker, not calls.
UNSAFE_CONSTS = frozenset({"Sizeof", "Alignof", "Offsetof"})
STD_VARS = {"os.Stdout": "*os.File", "os.Stderr": "*os.File", "os.Stdin": "*os.File", "os.Args": "[]string"}
STD_TYPES = frozenset({"time.Duration", "sync.WaitGroup", "sync.Mutex", "sync.RWMutex", "sync.Once"})
# Sizes of library structs on amd64, by import path (the same in go1.19 and go1.27).
STD_SIZES = {
    "sync.Mutex": 8,
    "sync.RWMutex": 24,
    "sync.WaitGroup": 16,
    "sync.Once": 12,
    "container/ring.Ring": 32,
}
STD_POINTER_FREE = frozenset({"sync.Mutex", "sync.RWMutex", "sync.WaitGroup", "sync.Once", "time.Duration"})


@dataclass(frozen=True)
class Field:
    """A struct field as a selector ``x.name`` reaches it."""

    type: str  # the field's type text
    via: tuple[str, ...]  # embedded fields passed through implicitly (e.n is e.Inner.n)
    at_offset_zero: bool | None  # nothing of nonzero size before it (None: sizes unknown)


@dataclass(frozen=True)
class Method:
    """The method a selector call ``x.name()`` calls, after promotion through embedded fields."""

    key: str  # own key ("(*T).M") or the library's ("sync.(*Mutex).Lock")
    std: bool
    pointer_receiver: bool
    receiver: str  # type text of the value the method is called on, after ``via``
    via: tuple[Field, ...]  # the embedded fields selected implicitly, outermost first


@dataclass(frozen=True)
class FuncSyntax:
    """One function or method declaration."""

    key: str  # gc's name for it in diagnostics: "add", "T.Sum", "(*T).Inc"
    node: Node
    name_node: Node
    body: Node | None
    receiver: str | None  # receiver type text ("T" or "*T"), None for plain functions
    pragmas: frozenset[str]  # "go:noinline", "go:nosplit", …
    params: tuple[tuple[str, str], ...]  # (name, type text); unnamed parameters are "_"
    results: tuple[tuple[str, str], ...]
    variadic: bool
    outer: str | None = None  # for a function literal: the function it appears in

    @property
    def pos(self) -> Pos:
        """Where gc reports the function: the token after ``func`` (a method's receiver)."""
        if self.receiver is not None:
            return Pos.of(need(self.node, "receiver"))
        return Pos.of(self.name_node)


@dataclass
class Package:
    """Declarations of one Go file, with the lookups the compiler model needs."""

    unit: SourceFile
    funcs: dict[str, FuncSyntax] = field(default_factory=dict)
    imports: dict[str, str] = field(default_factory=dict)  # local name -> import path
    types: dict[str, Node] = field(default_factory=dict)  # declared type name -> type node
    consts: set[str] = field(default_factory=set)
    globals: dict[str, str | None] = field(default_factory=dict)  # var name -> type text
    global_values: dict[str, Node] = field(default_factory=dict)  # untyped var -> its initialiser
    literals: dict[int, str] = field(default_factory=dict)  # func literal node id -> its key

    def text(self, node: Node) -> str:
        return self.unit.text(node)

    def unsupported(self, node: Node, what: str) -> GoSyntaxError:
        return GoSyntaxError(self.unit.path, Pos.of(node), f"unsupported: {what}")

    def method_key(self, type_name: str, method: str) -> str | None:
        """The declared method ``method`` of ``type_name`` (with or without ``*``), if any."""
        base = type_name.lstrip("*")
        for key in (f"{base}.{method}", f"(*{base}).{method}"):
            if key in self.funcs:
                return key
        return None

    def std_type(self, type_text: str) -> str | None:
        """``ring.Ring`` (or ``*ring.Ring``) as ``container/ring.Ring`` if its package is imported."""
        local, dot, name = type_text.lstrip("*").partition(".")
        path = self.imports.get(local)
        return f"{path}.{name}" if dot and path is not None else None

    def local_type(self, qualified: str) -> str:
        """``*container/ring.Ring`` as this file spells it: ``*ring.Ring``."""
        for local, path in self.imports.items():
            qualified = qualified.replace(f"{path}.", f"{local}.")
        return qualified

    def fields(self, type_text: str) -> list[tuple[str, str, bool]] | None:
        """(name, type text, embedded) of each field of a struct type or pointer to one."""
        base = type_text.strip().lstrip("*")
        seen: set[str] = set()
        while base in self.types and base not in seen:
            seen.add(base)
            node = self.types[base]
            if node.type == "struct_type":
                out: list[tuple[str, str, bool]] = []
                for decl in _descendants_of_type(node, "field_declaration"):
                    type_node = need(decl, "type")
                    names = decl.children_by_field_name("name")
                    if names:
                        out.extend((self.text(n), self.text(type_node), False) for n in names)
                    else:  # embedded: named after its type, which may be *T
                        embedded = self.text(type_node)
                        star = "*" if self.text(decl).lstrip().startswith("*") else ""
                        out.append((embedded.rsplit(".", 1)[-1], star + embedded, True))
                return out
            base = self.text(node)
        std = self.std_type(base)
        if std is not None and std in STD_FIELDS:
            return [(name, self.local_type(t), False) for name, t in STD_FIELDS[std].items()]
        return None

    def field(self, type_text: str, name: str, outer: frozenset[str] = frozenset()) -> Field | None:
        """The field ``name`` of a value of ``type_text``, directly or promoted from an embedded one
        (``outer``: the types embedding it, against names that make declarations look recursive)."""
        fields = self.fields(type_text) if type_text.lstrip("*") not in outer else None
        if fields is None:
            return None
        offset_zero: bool | None = True
        for fname, ftype, _ in fields:
            if fname == name:
                return Field(ftype, (), offset_zero)
            size = self.size_of(ftype)
            offset_zero = None if size is None or offset_zero is None else offset_zero and size == 0
        for fname, ftype, embedded in fields:
            inner = self.field(ftype, name, outer | {type_text.lstrip("*")}) if embedded else None
            if inner is not None:
                return Field(inner.type, (fname, *inner.via), inner.at_offset_zero)
        return None

    def method(self, type_text: str, name: str) -> Method | None:
        """The method ``name`` called on a value of ``type_text``: declared in this file, one of the
        library's, or promoted from an embedded field, the shallowest as in Go (a field of that
        name at a shallower depth hides it: ``x.name()`` then calls a function value)."""
        level: list[tuple[str, tuple[Field, ...]]] = [(type_text, ())]
        seen = {type_text.lstrip("*")}
        while level:
            for t, via in level:
                found = self._declared_method(t, name)
                if found is not None:
                    return dataclasses.replace(found, via=via)
            deeper: list[tuple[str, tuple[Field, ...]]] = []
            for t, via in level:
                for fname, ftype, embedded in self.fields(t) or []:
                    if fname == name:
                        return None
                    step = self.field(t, fname) if embedded and ftype.lstrip("*") not in seen else None
                    if step is not None:
                        seen.add(ftype.lstrip("*"))
                        deeper.append((ftype, (*via, step)))
            level = deeper
        return None

    def _declared_method(self, type_text: str, name: str) -> Method | None:
        own = self.method_key(type_text, name)
        if own is not None:
            return Method(own, False, own.startswith("(*"), type_text, ())
        std = self.std_type(type_text)
        found = std_method(std, name) if std is not None else None
        if found is not None:
            key, pointer = found
            return Method(key, True, pointer, type_text, ())
        return None

    def underlying(self, type_text: str) -> str:
        """The type text a declared type stands for (``time.Duration`` is an int64)."""
        seen = set()
        while type_text in self.types and type_text not in seen:
            seen.add(type_text)
            type_text = self.text(self.types[type_text])
        return "int64" if type_text == "time.Duration" else type_text

    def interface_result(self, type_text: str, method: str) -> str | None:
        """The single result type of ``method`` of an interface type declared in this file."""
        node = self.types.get(type_text)
        if node is None or node.type != "interface_type":
            return None
        for elem in node.named_children:
            if elem.type == "method_elem" and self.text(need(elem, "name")) == method:
                result = elem.child_by_field_name("result")
                if result is None:
                    return None
                if result.type != "parameter_list":
                    return self.text(result)
                results, _ = _fields(self, result)
                return results[0][1] if len(results) == 1 else None
        return None

    def size_of(self, type_text: str | None, outer: frozenset[str] = frozenset()) -> int | None:
        """Size in bytes of a type written as ``type_text`` on amd64; None when unknown (or
        when a local type's name makes the declarations look recursive: ``outer``)."""
        if type_text is None:
            return None
        t = type_text.strip()
        if t in BASIC_SIZES:
            return BASIC_SIZES[t]
        if t.startswith(("*", "chan ", "<-chan", "chan<-", "map[", "func")):
            return 8
        if t.startswith("[]"):
            return 24
        if t.startswith("["):
            close = t.index("]")
            length = t[1:close].strip()
            elem = self.size_of(t[close + 1 :], outer)
            if not length.isdigit() or elem is None:
                return None
            return int(length) * elem
        if t == "time.Duration":
            return 8
        std = self.std_type(t)
        if std is not None and std in STD_SIZES:
            return STD_SIZES[std]
        if t in self.types and t not in outer:
            return self._size_of_type_node(self.types[t], outer | {t})
        return None

    def _size_of_type_node(self, node: Node, outer: frozenset[str]) -> int | None:
        if node.type == "struct_type":
            total = 0
            for decl in _descendants_of_type(node, "field_declaration"):
                names = [c for c in decl.children_by_field_name("name")] or [decl]
                embedded_pointer = not decl.children_by_field_name("name") and self.text(decl).startswith("*")
                size = 8 if embedded_pointer else self.size_of(self.text(need(decl, "type")), outer)
                if size is None:
                    return None
                total += size * len(names)
            return total
        if node.type == "interface_type":
            return 16
        return self.size_of(self.text(node), outer)


def load_package(unit: SourceFile) -> Package:
    """Collect the file's declarations (one package, one file: what the examples are)."""
    pkg = Package(unit)
    root = unit.tree.root_node
    pending_pragmas: set[str] = set()
    for node in root.children:
        if node.type == "comment":
            text = unit.text(node)
            if text.startswith("//go:"):
                pending_pragmas.add(text[2:].split()[0])
            continue
        if node.type == "import_declaration":
            for spec in _descendants_of_type(node, "import_spec"):
                path = unit.text(need(spec, "path")).strip('"`')
                alias = spec.child_by_field_name("name")
                local = unit.text(alias) if alias is not None else path.rsplit("/", 1)[-1]
                pkg.imports[local] = path
        elif node.type in ("function_declaration", "method_declaration"):
            fn = _func_syntax(pkg, node, frozenset(pending_pragmas))
            if fn.key == "init":  # gc numbers a file's init functions: init.0, init.1, …
                fn = dataclasses.replace(fn, key=f"init.{sum(k.startswith('init.') for k in pkg.funcs)}")
            pkg.funcs[fn.key] = fn
            _add_literals(pkg, fn)
            if fn.body is not None:  # local types, for conversions and sizes (names rarely clash)
                for spec in _descendants_of_type(fn.body, "type_spec"):
                    pkg.types[unit.text(need(spec, "name"))] = need(spec, "type")
        elif node.type == "type_declaration":
            for spec in node.named_children:
                if spec.type in ("type_spec", "type_alias"):
                    name = need(spec, "name")
                    if spec.child_by_field_name("type_parameters") is not None:
                        raise pkg.unsupported(spec, "generic types")
                    pkg.types[unit.text(name)] = need(spec, "type")
        elif node.type == "const_declaration":
            for spec in _descendants_of_type(node, "const_spec"):
                pkg.consts.update(unit.text(n) for n in spec.children_by_field_name("name"))
        elif node.type == "var_declaration":
            for spec in _descendants_of_type(node, "var_spec"):
                type_node = spec.child_by_field_name("type")
                values = spec.child_by_field_name("value")
                names = spec.children_by_field_name("name")
                for i, n in enumerate(names):
                    pkg.globals[unit.text(n)] = unit.text(type_node) if type_node is not None else None
                    if type_node is None and values is not None and len(values.named_children) == len(names):
                        pkg.global_values[unit.text(n)] = values.named_children[i]
        pending_pragmas = set()
    return pkg


def _add_literals(pkg: Package, outer: FuncSyntax) -> None:
    """Function literals are compiled as functions of their own, named like gc names them:
    ``main.func1``, ``main.func2`` in source order, ``main.func1.1`` inside ``main.func1``."""
    if outer.body is None:
        return
    literals = [n for n in walk(outer.body) if n.type == "func_literal"]
    for i, literal in enumerate(literals, start=1):
        key = f"{outer.key}.{i}" if outer.outer is not None else f"{outer.key}.func{i}"
        params, variadic = _fields(pkg, need(literal, "parameters"))
        result_node = literal.child_by_field_name("result")
        results: tuple[tuple[str, str], ...] = ()
        if result_node is not None:
            if result_node.type == "parameter_list":
                results, _ = _fields(pkg, result_node)
            else:
                results = (("_", pkg.text(result_node)),)
        fn = FuncSyntax(
            key=key,
            node=literal,
            name_node=literal,
            body=need(literal, "body"),
            receiver=None,
            pragmas=frozenset(),
            params=params,
            results=results,
            variadic=variadic,
            outer=outer.key,
        )
        pkg.funcs[key] = fn
        pkg.literals[literal.id] = key
        _add_literals(pkg, fn)


def _func_syntax(pkg: Package, node: Node, pragmas: frozenset[str]) -> FuncSyntax:
    name_node = need(node, "name")
    name = pkg.text(name_node)
    if node.child_by_field_name("type_parameters") is not None:
        raise pkg.unsupported(node, "generic functions")
    receiver: str | None = None
    key = name
    if node.type == "method_declaration":
        recv = need(node, "receiver")
        decls = [c for c in recv.named_children if c.type == "parameter_declaration"]
        receiver = pkg.text(need(decls[0], "type")).replace(" ", "")
        key = f"({receiver}).{name}" if receiver.startswith("*") else f"{receiver}.{name}"
    params, variadic = _fields(pkg, need(node, "parameters"))
    result_node = node.child_by_field_name("result")
    results: tuple[tuple[str, str], ...] = ()
    if result_node is not None:
        if result_node.type == "parameter_list":
            results, _ = _fields(pkg, result_node)
        else:
            results = (("_", pkg.text(result_node)),)
    return FuncSyntax(
        key=key,
        node=node,
        name_node=name_node,
        body=node.child_by_field_name("body"),
        receiver=receiver,
        pragmas=pragmas,
        params=params,
        results=results,
        variadic=variadic,
    )


def _fields(pkg: Package, plist: Node) -> tuple[tuple[tuple[str, str], ...], bool]:
    out: list[tuple[str, str]] = []
    variadic = False
    for decl in plist.named_children:
        if decl.type == "comment":
            continue
        type_text = pkg.text(need(decl, "type"))
        if decl.type == "variadic_parameter_declaration":
            variadic = True
            type_text = "[]" + type_text
        names = decl.children_by_field_name("name")
        out.extend((pkg.text(n), type_text) for n in names) if names else out.append(("_", type_text))
    return tuple(out), variadic


def _descendants_of_type(node: Node, node_type: str) -> Iterator[Node]:
    for child in node.named_children:
        if child.type == node_type:
            yield child
        else:
            yield from _descendants_of_type(child, node_type)


def walk(node: Node) -> Iterator[Node]:
    """All named nodes below ``node`` in source order, not entering function literals."""
    for child in node.named_children:
        yield child
        if child.type != "func_literal":
            yield from walk(child)


def walk_post_order(node: Node) -> Iterator[Node]:
    """Like :func:`walk`, but each node after the nodes below it (gc's inlining order:
    ``f(g(x))`` inlines ``g`` before ``f``)."""
    for child in node.named_children:
        if child.type != "func_literal":
            yield from walk_post_order(child)
        yield child


class MissingField(Exception):
    """A node lacks a part the model relies on: a form of the construct it does not know."""

    def __init__(self, node: Node, field_name: str) -> None:
        super().__init__(f"{node.type.replace('_', ' ')} without its {field_name}")
        self.node = node


def need(node: Node, field_name: str) -> Node:
    """The child in ``field_name``, which the grammar guarantees for this node type."""
    child = node.child_by_field_name(field_name)
    if child is None:
        raise MissingField(node, field_name)
    return child


def unparen(node: Node) -> Node:
    while node.type == "parenthesized_expression":
        node = node.named_children[0]
    return node


def call_pos(call: Node) -> Pos:
    """gc positions a call at its opening parenthesis."""
    return Pos.of(need(call, "arguments"))


@dataclass
class Scope:
    """Names and types of one function's parameters and locals (shadowing is not tracked)."""

    pkg: Package
    types: dict[str, str | None] = field(default_factory=dict)
    consts: set[str] = field(default_factory=set)
    funcs: set[str] = field(default_factory=set)  # locals holding function values
    closures: dict[str, Node] = field(default_factory=dict)  # local bound to a func literal
    assigned: set[str] = field(default_factory=set)  # locals assigned after their declaration
    local_types: set[str] = field(default_factory=set)  # types declared in the function

    @classmethod
    def of(cls, pkg: Package, fn: FuncSyntax) -> Scope:
        scope = cls(pkg)
        if fn.outer is not None:  # a closure sees its enclosing function's names
            outer = cls.of(pkg, pkg.funcs[fn.outer])
            scope.types.update(outer.types)
            scope.consts.update(outer.consts)
            scope.funcs.update(outer.funcs)
            scope.closures.update(outer.closures)
            scope.assigned.update(outer.assigned)
            scope.local_types.update(outer.local_types)
        if fn.receiver is not None:
            recv = need(fn.node, "receiver")
            for decl in recv.named_children:
                for n in decl.children_by_field_name("name"):
                    scope.types[pkg.text(n)] = fn.receiver
        for name, type_text in fn.params + fn.results:
            scope.types[name] = type_text
            if type_text.startswith("func"):
                scope.funcs.add(name)
        if fn.body is not None:
            scope.add_block(fn.body)
        return scope

    def add_block(self, body: Node) -> None:
        for node in walk(body):
            if node.type == "assignment_statement":
                self.assigned.update(self.pkg.text(n) for n in need(node, "left").named_children)
            elif node.type == "short_var_declaration":
                left = need(node, "left").named_children
                right = need(node, "right").named_children
                for i, n in enumerate(left):
                    value = right[i] if len(right) == len(left) else None
                    self._declare(self.pkg.text(n), None, value)
            elif node.type == "var_spec":
                type_node = node.child_by_field_name("type")
                values = node.child_by_field_name("value")
                names = node.children_by_field_name("name")
                values_of = values.named_children if values is not None else []
                for i, n in enumerate(names):
                    value = values_of[i] if len(values_of) == len(names) else None  # not a, b = f()
                    declared = self.pkg.text(type_node) if type_node is not None else None
                    self._declare(self.pkg.text(n), declared, value)
            elif node.type == "const_spec":
                self.consts.update(self.pkg.text(n) for n in node.children_by_field_name("name"))
            elif node.type == "type_spec":
                self.local_types.add(self.pkg.text(need(node, "name")))
            elif node.type == "range_clause":
                targets = node.child_by_field_name("left")
                if targets is not None:
                    kinds = self.range_types(need(node, "right"))
                    for n, kind in zip(targets.named_children, kinds):
                        self.types.setdefault(self.pkg.text(n), kind)

    def range_types(self, over: Node) -> tuple[str | None, str | None]:
        """The types of the key and value a range loop over ``over`` assigns."""
        over_type = self.type_of(over)
        if over_type is None:
            return None, None
        t = self.pkg.underlying(over_type)
        if t == "string":
            return "int", "rune"
        if t.startswith(("chan ", "<-chan ")):
            return t.split(" ", 1)[1], None
        key, elem = element_types(t.removeprefix("*"))
        if elem is None:
            return None, None
        return (key if t.startswith("map[") else "int"), elem

    def _declare(self, name: str, declared: str | None, value: Node | None) -> None:
        type_text = declared if declared is not None else (self.type_of(value) if value else None)
        self.types[name] = type_text
        if value is not None and unparen(value).type == "func_literal":
            self.funcs.add(name)
            self.closures[name] = unparen(value)
        if type_text is not None and type_text.startswith("func"):
            self.funcs.add(name)

    def is_const(self, node: Node) -> bool:
        """Is ``node`` a constant expression (folded to one literal by the type checker)?"""
        node = unparen(node)
        t = node.type
        if t in ("int_literal", "float_literal", "rune_literal", "true", "false", "iota"):
            return True
        if t in ("interpreted_string_literal", "raw_string_literal", "imaginary_literal"):
            return True
        if t == "identifier":
            name = self.pkg.text(node)
            return name in self.consts or (name in self.pkg.consts and name not in self.types)
        if t == "selector_expression":
            return self.pkg.text(node) in STD_CONSTS
        if t == "binary_expression":
            return self.is_const(need(node, "left")) and self.is_const(need(node, "right"))
        if t == "unary_expression":
            op = need(node, "operator")
            return self.pkg.text(op) in "-+^!" and self.is_const(need(node, "operand"))
        if t == "call_expression":
            fun = unparen(need(node, "function"))
            args = need(node, "arguments").named_children
            if (
                fun.type == "selector_expression"
                and self.pkg.imports.get(self.pkg.text(need(fun, "operand"))) == "unsafe"
            ):
                return self.pkg.text(need(fun, "field")) in UNSAFE_CONSTS
            if self.is_builtin(fun, ("len", "cap")) and len(args) == 1:
                return self.constant_length(args[0])
            return self.is_type(fun) and len(args) == 1 and self.is_const(args[0])
        return False

    def is_builtin(self, fun: Node, names: tuple[str, ...]) -> bool:
        """Does ``fun`` (unparenthesised) name one of the builtins ``names``, not shadowed here?"""
        name = self.pkg.text(fun)
        shadowed = name in self.types or name in self.pkg.funcs
        return fun.type == "identifier" and name in names and not shadowed

    def constant_length(self, operand: Node) -> bool:
        """Is len or cap of ``operand`` a constant: of a constant string, or of an array (or a
        pointer to one) whose expression neither calls nor receives?"""
        if self.is_const(operand):
            return True
        type_text = self.type_of(operand)
        if type_text is None:
            return False
        base = self.pkg.underlying(type_text.removeprefix("*"))
        return base.startswith("[") and not base.startswith("[]") and not self.calls_or_receives(operand)

    def calls_or_receives(self, node: Node) -> bool:
        """Does evaluating ``node`` call (a function, or a builtin other than new) or receive
        from a channel, as gc's callOrChan asks?  Constants and conversions do not, nor the
        bodies of function literals, which are not evaluated there."""
        node = unparen(node)
        if node.type == "func_literal" or self.is_const(node):
            return False
        if node.type == "unary_expression" and self.pkg.text(need(node, "operator")) == "<-":
            return True
        if node.type == "call_expression":
            fun = unparen(need(node, "function"))
            if not self.is_builtin(fun, ("new",)) and not self.is_type(fun):
                return True
        return any(self.calls_or_receives(c) for c in node.named_children)

    def is_type(self, node: Node) -> bool:
        """Does ``node`` (the function part of a call) name a type, making the call a conversion?"""
        node = unparen(node)
        if node.type in ("type_identifier", "array_type", "slice_type", "map_type", "pointer_type"):
            return True
        if node.type in ("channel_type", "function_type", "interface_type", "struct_type"):
            return True
        if node.type == "identifier":
            name = self.pkg.text(node)
            if name in self.types:
                return False
            # pkg.types also holds every function's local types: another function's is no type here
            local_elsewhere = name in self.pkg.funcs and name not in self.local_types
            return name in BASIC_SIZES or (name in self.pkg.types and not local_elsewhere)
        if node.type == "selector_expression":
            return self.pkg.text(node) in STD_TYPES
        return False

    def is_interface_type(self, type_text: str) -> bool:
        t = type_text.strip()
        if t in ("any", "error") or t.startswith("interface"):
            return True
        node = self.pkg.types.get(t)
        return node is not None and node.type == "interface_type"

    def type_of(self, node: Node | None) -> str | None:
        """The type of an expression, as type text, when it follows from declarations."""
        if node is None:
            return None
        node = unparen(node)
        t = node.type
        if t == "int_literal":
            return "int"
        if t == "float_literal":
            return "float64"
        if t == "rune_literal":
            return "rune"
        if t in ("interpreted_string_literal", "raw_string_literal"):
            return "string"
        if t in ("true", "false"):
            return "bool"
        if t == "identifier":
            name = self.pkg.text(node)
            if name in self.types:
                return self.types[name]
            if name in self.pkg.global_values:
                return self.type_of(self.pkg.global_values[name])
            return self.pkg.globals.get(name)
        if t in ("composite_literal", "type_conversion_expression"):
            return self.pkg.text(need(node, "type"))
        if t == "unary_expression":
            op = self.pkg.text(need(node, "operator"))
            inner = self.type_of(need(node, "operand"))
            if op == "&":
                return "*" + inner if inner else None
            if op == "*":
                return inner[1:] if inner and inner.startswith("*") else None
            if op in ("-", "+", "^"):
                return inner
            if op == "!":
                return "bool"
            channel = self.pkg.underlying(inner) if inner else ""
            if op == "<-" and channel.startswith(("chan ", "<-chan ")):
                return channel.split(" ", 1)[1]
            return None
        if t == "binary_expression":
            op = self.pkg.text(need(node, "operator"))
            if op in ("==", "!=", "<", "<=", ">", ">=", "&&", "||"):
                return "bool"
            left = self.type_of(node.child_by_field_name("left"))
            right = self.type_of(need(node, "right"))
            if op in ("<<", ">>"):
                return left
            if self.is_const(need(node, "left")):
                return right or left
            return left or right
        if t == "call_expression":
            fun = unparen(need(node, "function"))
            if self.is_type(fun):
                return self.pkg.text(fun)
            return self.call_type(node, fun)
        if t == "index_expression":
            container = self.type_of(need(node, "operand"))
            return _element_type(self.pkg, container) if container else None
        if t == "selector_expression":
            return self.selector_type(node)
        return None

    def call_type(self, node: Node, fun: Node) -> str | None:
        """The type of a call's single result, when the callee is known."""
        args = need(node, "arguments").named_children
        if fun.type == "identifier":
            name = self.pkg.text(fun)
            if name in ("len", "cap", "copy"):
                return "int"
            if name in ("new", "make", "append") and args and name not in self.types:
                first = self.type_of(args[0]) if name == "append" else self.pkg.text(args[0])
                return "*" + first if name == "new" and first is not None else first
            callee = self.pkg.funcs.get(name)
            return callee.results[0][1] if callee is not None and len(callee.results) == 1 else None
        if fun.type != "selector_expression":
            return None
        operand = unparen(need(fun, "operand"))
        field_name = self.pkg.text(need(fun, "field"))
        result: str | None = None
        if operand.type == "identifier" and self.pkg.text(operand) in self.pkg.imports:
            result = std_result(f"{self.pkg.imports[self.pkg.text(operand)]}.{field_name}")
        else:
            recv = self.type_of(operand)
            method = self.pkg.method(recv, field_name) if recv else None
            if method is not None and method.std:
                result = std_result(method.key)
            elif method is not None:
                results = self.pkg.funcs[method.key].results
                return results[0][1] if len(results) == 1 else None
            elif recv is not None:
                return self.pkg.interface_result(recv, field_name)
        return self.pkg.local_type(result) if result is not None else None

    def selector_type(self, node: Node) -> str | None:
        text = self.pkg.text(node)
        if text in STD_VARS:
            return STD_VARS[text]
        operand = unparen(need(node, "operand"))
        if operand.type == "identifier" and self.pkg.text(operand) in self.pkg.imports:
            return "time.Duration" if text.startswith("time.") else None
        recv = self.type_of(operand)
        found = self.pkg.field(recv, self.pkg.text(need(node, "field"))) if recv else None
        return found.type if found is not None else None


def _element_type(pkg: Package, container: str) -> str | None:
    """The element type of a slice, array, map or string (byte), or a pointer to an array."""
    container = pkg.underlying(container)
    if container == "string":
        return "byte"
    return element_types(container.removeprefix("*"))[1]


def element_types(type_text: str) -> tuple[str | None, str | None]:
    """Key and element type of a slice, array or map type written as text."""
    if type_text.startswith("map["):
        depth = 0
        for i, ch in enumerate(type_text[3:], start=3):
            depth += {"[": 1, "]": -1}.get(ch, 0)
            if depth == 0:
                return type_text[4:i], type_text[i + 1 :]
    if type_text.startswith("["):
        return None, type_text[type_text.index("]") + 1 :]
    return None, None
