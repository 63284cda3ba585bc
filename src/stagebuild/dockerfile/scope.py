"""Which variables an instruction sees, and how each instruction's words are expanded.

BuildKit's rules, implemented by ``StageEnv`` (one per stage, stepped through its instructions):

- A stage starts with the environment of its base: the image config's ``Env`` (plus the
  default ``PATH`` when the image sets none, as BuildKit does), or for ``FROM <stage>`` the
  parent stage's environment as it was at its end (ARG values included, as in BuildKit).
- Global ARGs (declared before the first FROM) are visible only in FROM lines. Inside a stage
  ``ARG NAME`` without a default re-declares a global one and takes its value.
- ``ARG NAME[=default]`` takes the ``--build-arg NAME=…`` value if one was given, else its
  default (expanded with what is visible so far), else the global value; with none of these
  it stays unset. A set ARG is an environment variable of the RUN steps that follow but not of
  the image config.
- ``ENV`` sets variables in both; instructions see the variables in the order they were set,
  so an ENV overrides an earlier ARG of the same name (and a later ARG with a value overrides
  an earlier ENV for the rest of the stage, as in BuildKit; the image config keeps the ENV).
- Expanded: ENV and LABEL keys and values; ADD/COPY sources, destination, ``--chown``,
  ``--chmod`` (ADD also ``--checksum``) and heredoc sources whose delimiter was not quoted;
  WORKDIR, USER, VOLUME, STOPSIGNAL, EXPOSE (split into words, then normalised to
  ``N/proto``); ARG defaults; RUN ``--mount`` option values. Not expanded (the shell does it,
  or Docker never did): RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK commands, MAINTAINER, ONBUILD,
  ``COPY --from``.

Usage::

    env = StageEnv.from_image(dockerfile, image_config_env)
    for instruction in stage.commands:
        step = env.step(instruction)      # expanded instruction; ARG/ENV applied to env
        ...                               # RUN: env.build_env; image config: env.config_env
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from stagebuild.dockerfile.errors import DockerfileError
from stagebuild.dockerfile.instructions import (
    Add,
    Arg,
    ArgDecl,
    Copy,
    Dockerfile,
    Env,
    Expose,
    InlineSource,
    Instruction,
    KeyValue,
    Label,
    Run,
    RunMount,
    StopSignal,
    User,
    Volume,
    Workdir,
    resolve_arg,
)
from stagebuild.dockerfile.shell import ExpansionError, ShellLexer
from stagebuild.record import replace

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

_PORT = re.compile(r"^[0-9]+$")


def env_to_dict(entries: Iterable[str]) -> dict[str, str]:
    """``["K=V", …]`` as an ordered mapping (an entry without ``=`` has an empty value)."""
    result: dict[str, str] = {}
    for entry in entries:
        key, _, value = entry.partition("=")
        result[key] = value
    return result


class StageEnv:
    """The variable scope of one stage while its instructions are dispatched in order."""

    def __init__(
        self, dockerfile: Dockerfile, build_env: Mapping[str, str], config_env: Mapping[str, str]
    ) -> None:
        self.dockerfile = dockerfile
        self._lexer = ShellLexer(dockerfile.escape_token)
        # Raw heredoc bodies always use backslash and keep quotes, as BuildKit expands them.
        self._heredoc_lexer = ShellLexer(skip_process_quotes=True)
        self._build_env = dict(build_env)  # what expansion and RUN see: base env, ARGs, ENVs
        self._config_env = dict(config_env)  # the image config's Env: base env and ENVs only

    @classmethod
    def from_image(cls, dockerfile: Dockerfile, image_env: Iterable[str] = ()) -> StageEnv:
        """Scope of a stage whose base is an image with config ``Env`` ``image_env``."""
        env = env_to_dict(image_env)
        env.setdefault("PATH", DEFAULT_PATH)
        return cls(dockerfile, env, env)

    @classmethod
    def from_stage(cls, parent: StageEnv) -> StageEnv:
        """Scope of a stage whose base is another stage, after that stage's last instruction."""
        return cls(parent.dockerfile, parent._build_env, parent._config_env)

    @property
    def build_env(self) -> list[str]:
        """``K=V`` entries for RUN processes (ENV and ARG values)."""
        return [f"{k}={v}" for k, v in self._build_env.items()]

    @property
    def config_env(self) -> list[str]:
        """``K=V`` entries for the image config (ENV values only)."""
        return [f"{k}={v}" for k, v in self._config_env.items()]

    def get(self, name: str) -> str | None:
        """The value ``$name`` would expand to now, ``None`` when unset."""
        return self._build_env.get(name)

    def expand(self, word: str) -> str:
        """One word with variables expanded and quotes removed; ``ExpansionError`` if invalid."""
        return self._lexer.process_word(word, self._build_env)

    def expand_words(self, word: str) -> list[str]:
        """Like ``expand`` but split into words (unquoted spaces separate)."""
        return self._lexer.process_words(word, self._build_env)

    def expand_heredoc(self, content: str) -> str:
        """A heredoc body expanded as BuildKit does: ``$`` and backslash only, quotes kept."""
        return self._heredoc_lexer.process_word(content, self._build_env)

    def step(self, instruction: Instruction) -> Instruction:
        """``instruction`` with its words expanded; ENV and ARG also update this scope.

        For ARG the result carries each name's resolved value in ``ArgDecl.default``
        (``None``: still unset). Raises ``DockerfileError`` at the instruction's line.
        """
        try:
            if isinstance(instruction, Arg):
                return self._declare(instruction)
            expanded = self._expanded(instruction)
        except ExpansionError as err:
            raise DockerfileError(
                str(err), filename=self.dockerfile.filename, line=instruction.location.start
            ) from None
        if isinstance(expanded, Env):
            for pair in expanded.pairs:
                self._build_env[pair.key] = pair.value
                self._config_env[pair.key] = pair.value
        return expanded

    def _declare(self, instruction: Arg) -> Arg:
        resolved = []
        for decl in instruction.args:
            value = resolve_arg(decl, self.dockerfile.build_args, self.expand)
            if value is None and decl.default is None:
                value = self.dockerfile.global_args.get(decl.name)
            if value is not None:
                self._build_env[decl.name] = value
            resolved.append(ArgDecl(decl.name, value))
        return replace(instruction, args=tuple(resolved))

    def _pairs(self, pairs: Iterable[KeyValue]) -> tuple[KeyValue, ...]:
        return tuple(KeyValue(self.expand(p.key), self.expand(p.value), p.has_delimiter) for p in pairs)

    def _inline(self, sources: Iterable[InlineSource]) -> tuple[InlineSource, ...]:
        return tuple(replace(s, data=self.expand_heredoc(s.data)) if s.expand else s for s in sources)

    def _mount(self, mount: RunMount) -> RunMount:
        options = tuple((k, None if v is None else self.expand(v)) for k, v in mount.options)
        return RunMount(mount.spec, options)

    def _expanded(self, instruction: Instruction) -> Instruction:
        expand = self.expand
        match instruction:
            case Env(pairs=pairs):
                return replace(instruction, pairs=self._pairs(pairs))
            case Label(labels=labels):
                return replace(instruction, labels=self._pairs(labels))
            case Add():
                return replace(
                    instruction,
                    sources=tuple(expand(s) for s in instruction.sources),
                    dest=expand(instruction.dest),
                    chown=expand(instruction.chown),
                    chmod=expand(instruction.chmod),
                    checksum=expand(instruction.checksum),
                    inline_sources=self._inline(instruction.inline_sources),
                )
            case Copy():
                return replace(
                    instruction,
                    sources=tuple(expand(s) for s in instruction.sources),
                    dest=expand(instruction.dest),
                    chown=expand(instruction.chown),
                    chmod=expand(instruction.chmod),
                    inline_sources=self._inline(instruction.inline_sources),
                )
            case Workdir(path=path):
                return replace(instruction, path=expand(path))
            case User(user=user):
                return replace(instruction, user=expand(user))
            case StopSignal(signal=signal):
                return replace(instruction, signal=expand(signal))
            case Volume(paths=paths):
                return replace(instruction, paths=tuple(expand(p) for p in paths))
            case Expose(ports=ports):
                words = [w for port in ports for w in self.expand_words(port)]
                return replace(instruction, ports=tuple(p for w in words for p in normalize_port(w)))
            case Run(mounts=mounts) if mounts:
                return replace(instruction, mounts=tuple(self._mount(m) for m in mounts))
        return instruction


def normalize_port(spec: str) -> list[str]:
    """An EXPOSE word (``[ip:][host:]port[-end][/proto]``) as ``port/proto`` entries."""
    body, _, proto = spec.partition("/")
    proto = (proto or "tcp").lower()
    if proto not in ("tcp", "udp", "sctp"):
        raise ExpansionError(f'invalid port: "{spec}": invalid proto: {proto}')
    container = body.rsplit(":", 1)[-1]
    start, has_end, end = container.partition("-")
    if not _PORT.match(start) or (has_end and not _PORT.match(end)):
        raise ExpansionError(f"invalid containerPort: {container}")
    first, last = int(start), int(end) if has_end else int(start)
    if last > 65535 or first > last:
        raise ExpansionError(f"invalid containerPort: {container}")
    return [f"{port}/{proto}" for port in range(first, last + 1)]
