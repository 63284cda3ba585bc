"""Typed Dockerfile instructions, stages, and ``parse_dockerfile`` — the front end's API.

``parse_dockerfile`` turns Dockerfile text into a ``Dockerfile``: the parser directives, the
global ``ARG`` declarations before the first ``FROM`` (resolved against ``--build-arg`` values),
and the ``Stage`` list, each stage holding frozen instruction values (``Run``, ``Copy``, ``Env``
…) that carry their source lines and text. Arguments are as written: no variable has been
expanded yet, except a stage's base image and platform, which only the global ARGs can reach and
which are therefore resolved here (``Stage.base``, ``Stage.resolved_platform``).

How the solver uses it (see ``scope.StageEnv`` for the expansion rules)::

    df = parse_dockerfile(Path("Dockerfile").read_text(), build_args={"V": "1"}, filename="Dockerfile")
    stage = df.stage(target) if target else df.stages[-1]
    env = StageEnv.from_image(df, image_config_env)      # or StageEnv.from_stage(parent_env)
    for instruction in stage.commands:
        step = env.step(instruction)    # expanded as BuildKit does; ENV/ARG update the scope
        match step:
            case Run(): ...             # run step.command with env.build_env
            case Copy(from_stage=src): ...

Errors are ``DockerfileError`` (``Dockerfile:LINE: message``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from stagebuild.dockerfile.errors import DockerfileError
from stagebuild.dockerfile.gostring import decode
from stagebuild.dockerfile.parser import Heredoc, Node, chomp_heredoc, parse, parse_heredoc_word
from stagebuild.dockerfile.shell import ExpansionError, ShellLexer
from stagebuild.record import Record, field, replace


class SourceRange(Record):
    """First and last line (1-based, inclusive) of an instruction in its file."""

    start: int
    end: int


class Instruction(Record, kw_only=True):
    """What every instruction has: where it is, its text, and its ``--flags`` as written."""

    keyword: ClassVar[str] = ""
    location: SourceRange
    original: str
    flags: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.original.strip()


class From(Instruction, kw_only=True):
    """``FROM [--platform=P] BASE [AS NAME]`` (``stage_name`` lower-cased)."""

    keyword: ClassVar[str] = "FROM"
    base_name: str
    stage_name: str | None = None
    platform: str | None = None


class RunMount(Record):
    """One ``RUN --mount=…`` spec: ``options`` as (lower-cased key, value or ``None``) pairs."""

    spec: str
    options: tuple[tuple[str, str | None], ...]

    def get(self, key: str) -> str | None:
        for k, v in self.options:
            if k == key:
                return v
        return None

    @property
    def type(self) -> str:
        return (self.get("type") or "bind").lower()

    @property
    def from_stage(self) -> str | None:
        return self.get("from")


class Run(Instruction, kw_only=True):
    """``RUN`` in shell form (``prepend_shell``: run ``command[0]`` with the stage's SHELL) or
    exec form (``command`` is argv). Heredocs are files/stdin for the command, content raw."""

    keyword: ClassVar[str] = "RUN"
    command: tuple[str, ...]
    prepend_shell: bool
    heredocs: tuple[Heredoc, ...] = ()
    mounts: tuple[RunMount, ...] = ()
    network: str | None = None
    security: str | None = None
    devices: tuple[str, ...] = ()


class Cmd(Instruction, kw_only=True):
    keyword: ClassVar[str] = "CMD"
    command: tuple[str, ...]
    prepend_shell: bool


class Entrypoint(Instruction, kw_only=True):
    keyword: ClassVar[str] = "ENTRYPOINT"
    command: tuple[str, ...]
    prepend_shell: bool


class KeyValue(Record):
    """One ``key=value`` of ENV or LABEL; ``has_delimiter`` is false for the old ``KEY value``."""

    key: str
    value: str
    has_delimiter: bool = True


class Env(Instruction, kw_only=True):
    keyword: ClassVar[str] = "ENV"
    pairs: tuple[KeyValue, ...]


class Label(Instruction, kw_only=True):
    keyword: ClassVar[str] = "LABEL"
    labels: tuple[KeyValue, ...]


class Maintainer(Instruction, kw_only=True):
    keyword: ClassVar[str] = "MAINTAINER"
    maintainer: str


class Expose(Instruction, kw_only=True):
    """``EXPOSE``; after expansion ``ports`` are normalised to ``N/proto``, one per port."""

    keyword: ClassVar[str] = "EXPOSE"
    ports: tuple[str, ...]


class InlineSource(Record):
    """A heredoc used as a source file of ADD/COPY (``COPY <<EOF /dest``), ``<<-`` tabs removed."""

    name: str
    data: str
    expand: bool


class _FileCopy(Instruction, kw_only=True):
    sources: tuple[str, ...]
    dest: str
    inline_sources: tuple[InlineSource, ...] = ()
    chown: str = ""
    chmod: str = ""
    link: bool = False
    excludes: tuple[str, ...] = ()


class Add(_FileCopy, kw_only=True):
    """``ADD``: like COPY, plus URLs and local tar archives unpacked."""

    keyword: ClassVar[str] = "ADD"
    checksum: str = ""
    keep_git_dir: bool | None = None
    unpack: bool | None = None


class Copy(_FileCopy, kw_only=True):
    """``COPY``; ``from_stage`` is ``--from`` as written (stage name, index or image)."""

    keyword: ClassVar[str] = "COPY"
    from_stage: str | None = None
    parents: bool = False


class Volume(Instruction, kw_only=True):
    keyword: ClassVar[str] = "VOLUME"
    paths: tuple[str, ...]


class User(Instruction, kw_only=True):
    keyword: ClassVar[str] = "USER"
    user: str


class Workdir(Instruction, kw_only=True):
    keyword: ClassVar[str] = "WORKDIR"
    path: str


class ArgDecl(Record):
    """One ``NAME[=default]`` of ARG; ``default`` is ``None`` when there is no ``=``."""

    name: str
    default: str | None = None


class Arg(Instruction, kw_only=True):
    keyword: ClassVar[str] = "ARG"
    args: tuple[ArgDecl, ...]


class Onbuild(Instruction, kw_only=True):
    """``ONBUILD <instruction>``: ``expression`` is what goes into the image config's OnBuild;
    ``trigger`` is it parsed, ``None`` if it is not a valid instruction (an error only when a
    build uses this image as its base, as in BuildKit)."""

    keyword: ClassVar[str] = "ONBUILD"
    expression: str
    trigger: Instruction | None


class StopSignal(Instruction, kw_only=True):
    keyword: ClassVar[str] = "STOPSIGNAL"
    signal: str


class Healthcheck(Instruction, kw_only=True):
    """``HEALTHCHECK``: ``test`` as in the image config (``["NONE"]``, ``["CMD", …]`` or
    ``["CMD-SHELL", cmd]``); durations in nanoseconds, 0 when not given."""

    keyword: ClassVar[str] = "HEALTHCHECK"
    test: tuple[str, ...]
    interval_ns: int = 0
    timeout_ns: int = 0
    start_period_ns: int = 0
    start_interval_ns: int = 0
    retries: int = 0


class Shell(Instruction, kw_only=True):
    keyword: ClassVar[str] = "SHELL"
    shell: tuple[str, ...]


class Stage(Record):
    """One ``FROM`` and the instructions up to the next.

    ``name`` is the lower-cased ``AS`` name or ``None``; ``base_name``/``platform`` are as
    written, ``base``/``resolved_platform`` after expansion with the global ARGs.
    """

    index: int
    name: str | None
    base_name: str
    base: str
    platform: str | None
    resolved_platform: str | None
    from_instruction: From
    commands: tuple[Instruction, ...]

    @property
    def location(self) -> SourceRange:
        return self.from_instruction.location


class Dockerfile(Record):
    """A parsed Dockerfile.

    ``global_args`` are the values visible in FROM lines: the built-in ``BUILDPLATFORM``,
    ``TARGETPLATFORM``, ``TARGETOS``, ``TARGETARCH`` … and the meta ARGs (before the first
    FROM), each overridden by ``build_args``; an ARG with neither default nor build-arg is
    absent. ``build_args`` are the user's ``--build-arg`` values, which only take effect where
    an ARG declares the name.
    """

    filename: str
    escape_token: str
    directives: Mapping[str, str]
    meta_args: tuple[Arg, ...]
    stages: tuple[Stage, ...]
    build_args: Mapping[str, str]
    global_args: Mapping[str, str]
    warnings: tuple[str, ...] = field(default=())

    @property
    def syntax(self) -> str | None:
        """The ``# syntax=`` directive, recorded only: this front end is always the one used."""
        return self.directives.get("syntax")

    def stage(self, ref: str | int) -> Stage:
        """A stage by name (case-insensitive) or by index (``int`` or a string of digits)."""
        if isinstance(ref, int) or ref.isdigit():
            index = int(ref)
            if 0 <= index < len(self.stages):
                return self.stages[index]
            raise DockerfileError(f"invalid stage index {index}", filename=self.filename)
        for stage in self.stages:
            if stage.name is not None and stage.name == ref.lower():
                return stage
        raise DockerfileError(f"target stage {ref!r} could not be found", filename=self.filename)

    def find_stage(self, ref: str) -> Stage | None:
        """The stage ``ref`` names (for ``FROM``/``COPY --from``), or ``None`` if it is an image."""
        lowered = ref.lower()
        for stage in self.stages:
            if stage.name == lowered:
                return stage
        if ref.isdigit() and int(ref) < len(self.stages):
            return self.stages[int(ref)]
        return None


# --- conversion of parse-tree nodes ----------------------------------------------------------

_STAGE_NAME = re.compile(r"^[a-z][a-z0-9-_.]*$")


class _Flags:
    """BuildKit's instruction flags: declared per instruction, each used at most once (except lists)."""

    def __init__(self, keyword: str, raw: Sequence[str]) -> None:
        self.keyword = keyword
        self.raw = raw
        self.strings: dict[str, str] = {}
        self.lists: dict[str, list[str]] = {}
        self.bools: dict[str, bool] = {}

    def parse(
        self, *, strings: Sequence[str] = (), lists: Sequence[str] = (), bools: Sequence[str] = ()
    ) -> None:
        for arg in self.raw:
            if arg == "--":
                return
            if not arg.startswith("--"):
                raise DockerfileError(f"arg should start with -- : {arg}")
            name, has_value, value = arg[2:].partition("=")
            flag = "--" + name
            if name not in strings and name not in lists and name not in bools:
                raise DockerfileError(f"unknown flag: {flag}")
            if name in self.strings or name in self.bools:
                raise DockerfileError(f"duplicate flag specified: {flag}")
            if name in bools:
                if has_value and not value:
                    raise DockerfileError(f"missing a value on flag: {flag}")
                if value.lower() not in ("", "true", "false"):
                    raise DockerfileError(f"expecting boolean value for flag {flag}, not: {value}")
                self.bools[name] = value.lower() != "false"
            elif not has_value:
                raise DockerfileError(f"missing a value on flag: {flag}")
            elif name in lists:
                self.lists.setdefault(name, []).append(value)
            else:
                self.strings[name] = value

    def string(self, name: str) -> str | None:
        return self.strings.get(name)

    def bool(self, name: str) -> bool | None:
        return self.bools.get(name)

    def list(self, name: str) -> tuple[str, ...]:
        return tuple(self.lists.get(name, ()))


def _string_args(node: Node) -> list[str]:
    return [arg for arg in node.args if isinstance(arg, str)]


def _exactly_one(keyword: str, args: Sequence[str]) -> str:
    if len(args) != 1:
        raise DockerfileError(f"{keyword} requires exactly one argument")
    return args[0]


def _at_least_one(keyword: str, args: Sequence[object]) -> None:
    if not args:
        raise DockerfileError(f"{keyword} requires at least one argument")


def _command_line(node: Node) -> tuple[tuple[str, ...], bool]:
    """argv for exec form, or the one shell-form string; and whether it is shell form."""
    args = _string_args(node)
    if node.json:
        return tuple(args), False
    return ((" ".join(args),) if args else ()), True


def _key_values(keyword: str, args: Sequence[str]) -> tuple[KeyValue, ...]:
    _at_least_one(keyword, args)
    pairs = []
    for i in range(0, len(args) - 2, 3):
        key, value, delimiter = args[i : i + 3]
        if not key:
            raise DockerfileError(f"{keyword} names can not be blank")
        pairs.append(KeyValue(key, value, delimiter == "="))
    return tuple(pairs)


def _copy_sources(
    keyword: str, node: Node, args: Sequence[str]
) -> tuple[tuple[str, ...], str, tuple[InlineSource, ...]]:
    if len(args) < 2:
        raise DockerfileError(
            f"{keyword} requires at least two arguments, but only one was provided. "
            "Destination could not be determined"
        )
    *sources, dest = args
    if parse_heredoc_word(dest) is not None:
        raise DockerfileError(f"{keyword} cannot accept a heredoc as a destination")
    heredocs = {doc.name: doc for doc in node.heredocs}
    paths: list[str] = []
    inline: list[InlineSource] = []
    for source in sources:
        opened = parse_heredoc_word(source)
        if opened is None:
            paths.append(source)
            continue
        doc = heredocs.get(opened.name)
        content = doc.content if doc else ""
        if opened.chomp:
            content = chomp_heredoc(content)
        inline.append(InlineSource(opened.name, content, opened.expand))
    return tuple(paths), dest, tuple(inline)


def _mount(spec: str) -> RunMount:
    import csv  # RUN --mount only: most Dockerfiles never need the module

    try:
        fields = next(csv.reader([spec]), [])
    except csv.Error as err:
        raise DockerfileError(f"failed to parse csv mounts: {err}") from None
    options: list[tuple[str, str | None]] = []
    for item in fields:
        key, has_value, value = item.partition("=")
        options.append((key.lower(), value if has_value else None))
    return RunMount(spec, tuple(options))


_DURATION_UNITS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,
    "μs": 1_000,
    "ms": 1_000_000,
    "s": 10**9,
    "m": 60 * 10**9,
    "h": 3600 * 10**9,
}
_DURATION_PART = re.compile(r"([0-9]*(?:\.[0-9]*)?)([a-zµμ]+)")


def parse_duration(text: str) -> int:
    """Go's ``time.ParseDuration`` (``"1m30s"``, ``"250ms"``) in nanoseconds."""
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    if body == "0":
        return 0
    total = 0.0
    pos = 0
    while pos < len(body):
        match = _DURATION_PART.match(body, pos)
        if not match or match.group(1) in ("", ".") or match.group(2) not in _DURATION_UNITS:
            raise DockerfileError(f'time: invalid duration "{text}"')
        total += float(match.group(1)) * _DURATION_UNITS[match.group(2)]
        pos = match.end()
    if not body:
        raise DockerfileError(f'time: invalid duration "{text}"')
    return sign * int(total)


def _interval(flags: _Flags, name: str) -> int:
    value = flags.string(name)
    if not value:
        return 0
    duration = parse_duration(value)
    if 0 < duration < 1_000_000 or duration < 0:
        raise DockerfileError(f'Interval "{name}" cannot be less than 1ms')
    return duration


def _common(node: Node) -> dict[str, Any]:
    """The fields every instruction takes from its node."""
    return {
        "location": SourceRange(node.start_line, node.end_line),
        "original": node.original,
        "flags": node.flags,
    }


def _parse_from(node: Node, args: list[str], flags: _Flags) -> From:
    flags.parse(strings=("platform",))
    name = None
    if len(args) == 3 and args[1].lower() == "as":
        name = args[2].lower()
        if not _STAGE_NAME.match(name):
            raise DockerfileError(
                f'invalid name for build stage: "{args[2]}", '
                "name can't start with a number or contain symbols"
            )
    elif len(args) != 1:
        raise DockerfileError("FROM requires either one or three arguments")
    return From(base_name=args[0], stage_name=name, platform=flags.string("platform"), **_common(node))


def _parse_run(node: Node, args: list[str], flags: _Flags) -> Run:
    flags.parse(strings=("network", "security"), lists=("mount", "device"))
    command, shell_form = _command_line(node)
    return Run(
        command=command,
        prepend_shell=shell_form,
        heredocs=node.heredocs,
        mounts=tuple(_mount(spec) for spec in flags.list("mount")),
        network=flags.string("network"),
        security=flags.string("security"),
        devices=flags.list("device"),
        **_common(node),
    )


def _parse_cmd(node: Node, args: list[str], flags: _Flags) -> Cmd:
    flags.parse()
    command, shell_form = _command_line(node)
    return Cmd(command=command, prepend_shell=shell_form, **_common(node))


def _parse_entrypoint(node: Node, args: list[str], flags: _Flags) -> Entrypoint:
    flags.parse()
    command, shell_form = _command_line(node)
    return Entrypoint(command=command, prepend_shell=shell_form, **_common(node))


def _parse_shell(node: Node, args: list[str], flags: _Flags) -> Shell:
    flags.parse()
    _at_least_one("SHELL", args)
    if not node.json:
        raise DockerfileError(f'SHELL requires the arguments to be in JSON form: "{node.original.strip()}"')
    return Shell(shell=tuple(args), **_common(node))


def _parse_env(node: Node, args: list[str], flags: _Flags) -> Env:
    flags.parse()
    return Env(pairs=_key_values("ENV", args), **_common(node))


def _parse_label(node: Node, args: list[str], flags: _Flags) -> Label:
    flags.parse()
    return Label(labels=_key_values("LABEL", args), **_common(node))


def _parse_maintainer(node: Node, args: list[str], flags: _Flags) -> Maintainer:
    flags.parse()
    return Maintainer(maintainer=_exactly_one("MAINTAINER", args), **_common(node))


def _parse_expose(node: Node, args: list[str], flags: _Flags) -> Expose:
    _at_least_one("EXPOSE", args)
    flags.parse()
    return Expose(ports=tuple(sorted(args)), **_common(node))


def _parse_add(node: Node, args: list[str], flags: _Flags) -> Add:
    flags.parse(
        strings=("chown", "chmod", "checksum"), bools=("link", "keep-git-dir", "unpack"), lists=("exclude",)
    )
    sources, dest, inline = _copy_sources("ADD", node, args)
    return Add(
        sources=sources,
        dest=dest,
        inline_sources=inline,
        chown=flags.string("chown") or "",
        chmod=flags.string("chmod") or "",
        link=bool(flags.bool("link")),
        excludes=flags.list("exclude"),
        checksum=flags.string("checksum") or "",
        keep_git_dir=flags.bool("keep-git-dir"),
        unpack=flags.bool("unpack"),
        **_common(node),
    )


def _parse_copy(node: Node, args: list[str], flags: _Flags) -> Copy:
    flags.parse(strings=("chown", "chmod", "from"), bools=("link", "parents"), lists=("exclude",))
    sources, dest, inline = _copy_sources("COPY", node, args)
    source_stage = flags.string("from")
    if source_stage is not None and _has_expansion(source_stage):
        raise DockerfileError(
            "variable expansion is not supported for --from, define a new stage with FROM using "
            "ARG from global scope as a workaround"
        )
    return Copy(
        sources=sources,
        dest=dest,
        inline_sources=inline,
        from_stage=source_stage or None,
        chown=flags.string("chown") or "",
        chmod=flags.string("chmod") or "",
        link=bool(flags.bool("link")),
        excludes=flags.list("exclude"),
        parents=bool(flags.bool("parents")),
        **_common(node),
    )


def _parse_volume(node: Node, args: list[str], flags: _Flags) -> Volume:
    _at_least_one("VOLUME", args)
    flags.parse()
    paths = tuple(p.strip() for p in args)
    if any(not p for p in paths):
        raise DockerfileError("VOLUME specified can not be an empty string")
    return Volume(paths=paths, **_common(node))


def _parse_user(node: Node, args: list[str], flags: _Flags) -> User:
    flags.parse()
    return User(user=_exactly_one("USER", args), **_common(node))


def _parse_workdir(node: Node, args: list[str], flags: _Flags) -> Workdir:
    flags.parse()
    return Workdir(path=_exactly_one("WORKDIR", args), **_common(node))


def _parse_stopsignal(node: Node, args: list[str], flags: _Flags) -> StopSignal:
    # BuildKit never checks STOPSIGNAL's flags; accepting them keeps such Dockerfiles building.
    return StopSignal(signal=_exactly_one("STOPSIGNAL", args), **_common(node))


def _parse_arg(node: Node, args: list[str], flags: _Flags) -> Arg:
    # Like STOPSIGNAL, BuildKit never checks ARG's flags.
    _at_least_one("ARG", args)
    decls = []
    for word in args:
        name, has_value, value = word.partition("=")
        if has_value and not name:
            raise DockerfileError("ARG names can not be blank")
        decls.append(ArgDecl(name, value if has_value else None))
    return Arg(args=tuple(decls), **_common(node))


def _parse_healthcheck(node: Node, args: list[str], flags: _Flags) -> Healthcheck:
    _at_least_one("HEALTHCHECK", args)
    kind = args[0].upper()
    rest = args[1:]
    if kind == "NONE":
        if rest:
            raise DockerfileError("HEALTHCHECK NONE takes no arguments")
        return Healthcheck(test=("NONE",), **_common(node))
    flags.parse(strings=("interval", "timeout", "start-period", "start-interval", "retries"))
    if kind != "CMD":
        raise DockerfileError(f'Unknown type "{kind}" in HEALTHCHECK (try CMD)')
    command = rest if node.json else ([" ".join(rest)] if rest else [])
    if not command:
        raise DockerfileError("Missing command after HEALTHCHECK CMD")
    retries_text = flags.string("retries") or ""
    retries = 0
    if retries_text:
        if not re.fullmatch(r"[+-]?[0-9]+", retries_text):
            raise DockerfileError(f'strconv.ParseInt: parsing "{retries_text}": invalid syntax')
        retries = int(retries_text)
        if retries < 0:
            raise DockerfileError(f"--retries cannot be negative ({retries})")
    return Healthcheck(
        test=("CMD" if node.json else "CMD-SHELL", *command),
        interval_ns=_interval(flags, "interval"),
        timeout_ns=_interval(flags, "timeout"),
        start_period_ns=_interval(flags, "start-period"),
        start_interval_ns=_interval(flags, "start-interval"),
        retries=retries,
        **_common(node),
    )


_ONBUILD_PREFIX = re.compile(r"^\s*ONBUILD\s*", re.IGNORECASE)


def _parse_onbuild(node: Node, args: list[str], flags: _Flags) -> Onbuild:
    child = node.child
    if child is None:
        raise DockerfileError("ONBUILD requires at least one argument")
    flags.parse()
    trigger_keyword = child.keyword.upper()
    if trigger_keyword == "ONBUILD":
        raise DockerfileError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
    if trigger_keyword in ("MAINTAINER", "FROM"):
        raise DockerfileError(f"{trigger_keyword} isn't allowed as an ONBUILD trigger")
    # The trigger is stored as text and parsed again in the child build, heredocs included.
    expression = _ONBUILD_PREFIX.sub("", node.original, count=1)
    for doc in node.heredocs:
        expression += "\n" + doc.content + doc.name
    trigger = replace(
        child,
        heredocs=node.heredocs,
        original=expression,
        start_line=node.start_line,
        end_line=node.end_line,
    )
    try:
        parsed: Instruction | None = parse_instruction(trigger)
    except DockerfileError:
        parsed = None  # as in BuildKit, a bad trigger only fails the build that runs it
    return Onbuild(expression=expression, trigger=parsed, **_common(node))


_INSTRUCTION_PARSERS: dict[str, Callable[[Node, list[str], _Flags], Instruction]] = {
    "ADD": _parse_add,
    "ARG": _parse_arg,
    "CMD": _parse_cmd,
    "COPY": _parse_copy,
    "ENTRYPOINT": _parse_entrypoint,
    "ENV": _parse_env,
    "EXPOSE": _parse_expose,
    "FROM": _parse_from,
    "HEALTHCHECK": _parse_healthcheck,
    "LABEL": _parse_label,
    "MAINTAINER": _parse_maintainer,
    "ONBUILD": _parse_onbuild,
    "RUN": _parse_run,
    "SHELL": _parse_shell,
    "STOPSIGNAL": _parse_stopsignal,
    "USER": _parse_user,
    "VOLUME": _parse_volume,
    "WORKDIR": _parse_workdir,
}


def parse_instruction(node: Node) -> Instruction:
    """The typed instruction for one parse-tree node; ``DockerfileError`` (no line) if invalid."""
    keyword = node.keyword.upper()
    parse_node = _INSTRUCTION_PARSERS.get(keyword)
    if parse_node is None:
        raise DockerfileError(f"unknown instruction: {node.keyword}")
    return parse_node(node, _string_args(node), _Flags(keyword, node.flags))


def _has_expansion(word: str) -> bool:
    try:
        return ShellLexer().process_word(word, {}) != word
    except ExpansionError:
        return True


def onbuild_triggers(
    triggers: Sequence[str], *, origin: str = "ONBUILD", line: int | None = None
) -> list[Instruction]:
    """A base image's ``config.OnBuild`` strings as instructions, to run first in the child stage.

    Each trigger must be exactly one instruction (heredoc bodies included); errors name
    ``origin`` and ``line`` (pass the child's FROM line).
    """
    result = []
    for trigger in triggers:
        try:
            parsed = parse(trigger, filename=origin)
            if len(parsed.nodes) != 1:
                raise DockerfileError("onbuild trigger should be a single expression")
            node = parsed.nodes[0]
            if line is not None:
                node = replace(node, start_line=line, end_line=line)
            result.append(parse_instruction(node))
        except DockerfileError as err:
            raise DockerfileError(
                f"{err.message} (ONBUILD {trigger.splitlines()[0] if trigger else ''})",
                filename=origin,
                line=line if line is not None else err.line,
            ) from None
    return result


# --- whole files ------------------------------------------------------------------------------

_DEFAULT_BUILD_ARCH = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}


def _host_platform() -> str:
    machine = os.uname().machine.lower()  # what platform.machine() reads, without importing it
    return "linux/" + _DEFAULT_BUILD_ARCH.get(machine, machine)


def builtin_args(*, target_platform: str | None = None, target_stage: str | None = None) -> dict[str, str]:
    """BuildKit's automatic platform ARGs (usable in FROM; declare ``ARG X`` to use in a stage)."""
    build = _host_platform()
    target = target_platform or build
    values: dict[str, str] = {}
    for prefix, spec in (("BUILD", build), ("TARGET", target)):
        os_name, _, rest = spec.partition("/")
        arch, _, variant = rest.partition("/")
        values |= {
            f"{prefix}PLATFORM": spec,
            f"{prefix}OS": os_name,
            f"{prefix}OSVERSION": "",
            f"{prefix}ARCH": arch,
            f"{prefix}VARIANT": variant,
        }
    values["TARGETSTAGE"] = target_stage or "default"
    return values


def parse_dockerfile(
    source: str | bytes | os.PathLike[str],
    *,
    build_args: Mapping[str, str] | None = None,
    filename: str | None = None,
    target_platform: str | None = None,
    target: str | None = None,
) -> Dockerfile:
    """Parse a Dockerfile: ``source`` is the text (``str``/``bytes``) or a ``Path`` to read.

    ``build_args`` are the ``--build-arg`` values; ``filename`` names the file in errors
    (default: the path, or ``Dockerfile``); ``target_platform``/``target`` feed the built-in
    ``TARGETPLATFORM``…/``TARGETSTAGE`` ARGs.
    """
    if isinstance(source, os.PathLike):
        path = Path(source)
        filename = filename or str(path)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise DockerfileError(f"cannot read: {err.strerror}", filename=filename) from None
        text = decode(data)
    else:
        text = decode(source) if isinstance(source, bytes) else source
    filename = filename or "Dockerfile"
    build_args = dict(build_args or {})
    result = parse(text, filename=filename)

    meta_args: list[Arg] = []
    stage_parts: list[tuple[From, list[Instruction]]] = []
    for node in result.nodes:
        try:
            instruction = parse_instruction(node)
        except DockerfileError as err:
            raise DockerfileError(err.message, filename=filename, line=node.start_line) from None
        if isinstance(instruction, From):
            stage_parts.append((instruction, []))
        elif not stage_parts and isinstance(instruction, Arg):
            meta_args.append(instruction)
        elif not stage_parts:
            raise DockerfileError(
                "no build stage in current context", filename=filename, line=node.start_line
            )
        else:
            stage_parts[-1][1].append(instruction)
    if not stage_parts:
        raise DockerfileError("dockerfile contains no stages to build", filename=filename, line=1)

    global_args = builtin_args(
        target_platform=target_platform, target_stage=target or stage_parts[-1][0].stage_name
    )
    for name in global_args:
        if name in build_args:
            global_args[name] = build_args[name]
    lexer = ShellLexer(result.escape_token)
    for arg in meta_args:
        for decl in arg.args:
            try:
                value = resolve_arg(decl, build_args, lambda word: lexer.process_word(word, global_args))
            except ExpansionError as err:
                raise DockerfileError(str(err), filename=filename, line=arg.location.start) from None
            if value is not None:
                global_args[decl.name] = value

    stages = []
    seen: set[str] = set()
    for index, (instruction, commands) in enumerate(stage_parts):
        line = instruction.location.start
        if instruction.stage_name is not None:
            if instruction.stage_name in seen:
                raise DockerfileError(
                    f'duplicate stage name "{instruction.stage_name}"', filename=filename, line=line
                )
            seen.add(instruction.stage_name)
        try:
            base = lexer.process_word(instruction.base_name, global_args)
            platform = None
            if instruction.platform is not None:
                platform = lexer.process_word(instruction.platform, global_args)
        except ExpansionError as err:
            raise DockerfileError(str(err), filename=filename, line=line) from None
        if not base:
            raise DockerfileError(
                f"base name ({instruction.base_name}) should not be blank", filename=filename, line=line
            )
        if platform == "":
            raise DockerfileError(
                f"empty platform value from expression {instruction.platform}", filename=filename, line=line
            )
        stages.append(
            Stage(
                index=index,
                name=instruction.stage_name,
                base_name=instruction.base_name,
                base=base,
                platform=instruction.platform,
                resolved_platform=platform,
                from_instruction=instruction,
                commands=tuple(commands),
            )
        )
    return Dockerfile(
        filename=filename,
        escape_token=result.escape_token,
        directives={d.name: d.value for d in result.directives},
        meta_args=tuple(meta_args),
        stages=tuple(stages),
        build_args=build_args,
        global_args=global_args,
        warnings=result.warnings,
    )


def resolve_arg(decl: ArgDecl, build_args: Mapping[str, str], expand: Callable[[str], str]) -> str | None:
    """An ARG's value: the ``--build-arg`` if given, else its default expanded, else ``None``."""
    if decl.name in build_args:
        return build_args[decl.name]
    if decl.default is not None:
        return expand(decl.default)
    return None
