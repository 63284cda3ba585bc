"""``.dockerignore``: which files of the build context a build may read.

Docker's rules (moby/patternmatcher, used by BuildKit), reimplemented because Python's
``fnmatch``/``glob`` differ (``*`` crosses ``/`` in fnmatch, no ``**``, no ``!`` exceptions):

- One pattern per line; a line starting with ``#`` is a comment; surrounding blanks are
  dropped; ``!`` makes the pattern an exception (re-include). Each pattern is cleaned like
  Go's ``filepath.Clean`` and a leading ``/`` is dropped, so ``/a``, ``a/`` and ``./a`` are ``a``.
- ``*`` matches any run of characters except ``/``, ``?`` one such character, ``[a-z]`` a
  class, ``\\`` escapes the next character; ``**`` matches any number of path segments (also
  none): ``**/x`` matches ``x`` at any depth, ``a/**`` everything below ``a``.
- A path is excluded when the last pattern that matches it, or one of its parent
  directories, is not an exception. So ``dir`` then ``!dir/keep`` keeps ``dir/keep`` (and
  everything in it) while the rest of ``dir`` is left out.

    >>> f = ContextFilter(Path("ctx"), patterns=["*.log", "!keep.log"])
    >>> f.included("a.log"), f.included("keep.log"), f.included("sub/a.log")
    (False, True, True)
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from stagebuild.dockerfile.errors import DockerfileError
from stagebuild.record import Record

IGNORE_FILE = ".dockerignore"
_REGEX_SPECIAL = frozenset(".+()|{}$")


def go_clean(path: str) -> str:
    """Go's ``path.Clean``: no ``.``, no ``..`` that can be resolved, no doubled or trailing ``/``."""
    if not path:
        return "."
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append(part)
            continue
        parts.append(part)
    cleaned = "/".join(parts)
    if rooted:
        return "/" + cleaned
    return cleaned or "."


def read_patterns(text: str) -> list[str]:
    """The patterns of a ``.dockerignore`` file, cleaned; comments and blank lines dropped."""
    return [pattern for _, pattern in _numbered_patterns(text)]


def _numbered_patterns(text: str) -> list[tuple[int, str]]:
    patterns = []
    for number, line in enumerate(text.split("\n"), 1):
        if number == 1:
            line = line.removeprefix("\ufeff")
        if line.startswith("#"):
            continue
        pattern = line.strip()
        if not pattern:
            continue
        invert = pattern.startswith("!")
        if invert:
            pattern = pattern[1:].strip()
        if pattern:
            pattern = go_clean(pattern)
            if len(pattern) > 1 and pattern.startswith("/"):
                pattern = pattern[1:]
        patterns.append((number, "!" + pattern if invert else pattern))
    return patterns


class IgnorePattern(Record):
    """One compiled pattern; ``exception`` for ``!`` patterns."""

    text: str
    exception: bool
    regex: re.Pattern[str]
    suffix: str | None = None  # set for "**" followed by a literal

    def matches(self, path: str) -> bool:
        if self.suffix is not None:
            # Docker compares "**literal" patterns as plain suffixes ("**foo" matches "xfoo").
            return path.endswith(self.suffix) or (self.suffix.startswith("/") and path == self.suffix[1:])
        return self.regex.match(path) is not None

    def may_match_below(self, directory: str) -> bool:
        """Whether this pattern could match something inside ``directory`` (segment by segment)."""
        segments = self.text.split("/")
        for depth, name in enumerate(directory.split("/")):
            if depth >= len(segments) or segments[depth].startswith("**"):
                return True
            if not re.match(_to_regex(segments[depth]), name):
                return False
        return True

    def matches_path_or_parent(self, path: str) -> bool:
        if self.matches(path):
            return True
        parts = path.split("/")[:-1]
        return any(self.matches("/".join(parts[: i + 1])) for i in range(len(parts)))


def compile_pattern(pattern: str) -> IgnorePattern:
    """A cleaned pattern (``!`` allowed) compiled; ``ValueError`` when it is malformed."""
    pattern = go_clean(pattern.strip())
    exception = pattern.startswith("!")
    if exception:
        if pattern == "!":
            raise ValueError('illegal exclusion pattern: "!"')
        pattern = pattern[1:]
    _check_syntax(pattern)
    suffix = None
    if pattern.startswith("**") and len(pattern) > 2 and not any(c in "*?[]\\" for c in pattern[2:]):
        suffix = pattern[2:]
    return IgnorePattern(pattern, exception, re.compile(_to_regex(pattern)), suffix)


def _to_regex(pattern: str) -> str:
    out = ["^"]
    i = 0
    n = len(pattern)
    in_class = False
    while i < n:
        ch = pattern[i]
        i += 1
        if in_class and ch not in "]\\":
            out.append(ch)  # class contents ("a-z", "^") keep their regex meaning
        elif ch == "*":
            if i < n and pattern[i] == "*":
                i += 1
                if i < n and pattern[i] == "/":
                    i += 1
                # "**" at the end takes everything; elsewhere any number of whole segments.
                out.append(".*" if i >= n else "(.*/)?")
            else:
                out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch in _REGEX_SPECIAL:
            out.append("\\" + ch)
        elif ch == "\\":
            if i < n:
                out.append(re.escape(pattern[i]))
                i += 1
            else:
                out.append("\\\\")
        elif ch in "[]":
            in_class = ch == "["
            out.append(ch)
        else:
            out.append(re.escape(ch))
    out.append(r"\Z")
    return "".join(out)


def _check_syntax(pattern: str) -> None:
    """Reject what Go's ``filepath.Match`` calls a bad pattern (unclosed class, dangling ``\\``)."""
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= n:
                raise ValueError(f"syntax error in pattern {pattern!r}")
            i += 2
            continue
        if ch == "[":
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            count = 0
            while i < n and (pattern[i] != "]" or count == 0):
                lo = pattern[i]
                if lo == "\\":
                    i += 1
                if i >= n:
                    break
                i += 1
                if i < n and pattern[i] == "-":
                    i += 1
                    if i < n and pattern[i] == "\\":
                        i += 1
                    if i >= n or pattern[i] == "]":
                        raise ValueError(f"syntax error in pattern {pattern!r}")
                    i += 1
                count += 1
            if i >= n:
                raise ValueError(f"syntax error in pattern {pattern!r}")
        i += 1


class ContextFilter:
    """The files of a build context that ``.dockerignore`` lets through.

    ``patterns`` default to the context's ``.dockerignore``; a ``Dockerfile.dockerignore``
    next to the Dockerfile (``dockerfile=``) takes precedence, as with BuildKit.
    """

    def __init__(
        self, context_dir: Path, *, patterns: Sequence[str] | None = None, dockerfile: Path | None = None
    ) -> None:
        self.context_dir = Path(context_dir)
        source = "<patterns>"
        if patterns is None:
            numbered, source = self._read(dockerfile)
        else:
            numbered = list(enumerate(patterns, 1))
        self.patterns: list[IgnorePattern] = []
        for number, pattern in numbered:
            try:
                self.patterns.append(compile_pattern(pattern))
            except ValueError as err:
                raise DockerfileError(str(err), filename=source, line=number) from None
        self.exceptions = [p for p in self.patterns if p.exception]

    def _read(self, dockerfile: Path | None) -> tuple[list[tuple[int, str]], str]:
        candidates = [self.context_dir / IGNORE_FILE]
        if dockerfile is not None:
            candidates.insert(0, dockerfile.with_name(dockerfile.name + IGNORE_FILE))
        for candidate in candidates:
            try:
                text = candidate.read_text(encoding="utf-8", errors="surrogateescape")
            except FileNotFoundError:
                continue
            return _numbered_patterns(text), str(candidate)
        return [], "<none>"

    def excluded(self, relpath: str) -> bool:
        """Whether ``relpath`` (relative to the context, ``/``-separated) is ignored."""
        path = go_clean(relpath.lstrip("/"))
        if path == ".":
            return False
        matched = False
        for pattern in self.patterns:
            # Only a pattern that could change the verdict needs checking.
            if pattern.exception != matched:
                continue
            if pattern.matches_path_or_parent(path):
                matched = not pattern.exception
        return matched

    def included(self, relpath: str) -> bool:
        """Whether a build may read ``relpath`` from the context."""
        return not self.excluded(relpath)

    def walk(self) -> list[str]:
        """Every included file, symlink and directory (``/``-separated, sorted, parents first).

        A directory that is itself excluded is listed when something inside it is re-included
        by an exception; its other contents are not. Symlinks are listed, never followed.
        """
        found: list[str] = []
        self._walk(self.context_dir, "", found)
        return sorted(found)

    def _walk(self, directory: Path, prefix: str, found: list[str]) -> bool:
        """Add what is included below ``directory``; whether anything was."""
        added = False
        try:
            entries = list(os.scandir(directory))
        except OSError as err:
            raise DockerfileError(
                f"cannot read context directory: {err.strerror}", filename=str(directory)
            ) from None
        for entry in entries:
            rel = prefix + entry.name
            excluded = self.excluded(rel)
            if entry.is_dir(follow_symlinks=False):
                # An excluded directory is only entered if an exception may re-include something in it.
                if excluded and not any(p.may_match_below(rel) for p in self.exceptions):
                    continue
                below = self._walk(Path(entry.path), rel + "/", found)
                if not excluded or below:
                    found.append(rel)
                    added = True
            elif not excluded:
                found.append(rel)
                added = True
        return added
