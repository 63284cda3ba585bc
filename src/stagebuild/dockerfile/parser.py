"""Dockerfile text to a syntax tree: one ``Node`` per instruction, as BuildKit's parser makes it.

What happens to the text, in order (the same order and quirks as BuildKit's
``frontend/dockerfile/parser``, so that ``stagebuild debug ast`` dumps byte for byte alike):

1. Lines are split after ``\\n`` (a final line without one counts); a UTF-8 byte-order mark on
   the first line is dropped.
2. Parser directives (``# syntax=``, ``# escape=``, ``# check=``) are recognised only in the
   comment lines at the very top; the first other line ends the directive block. ``escape``
   picks the escape character (backslash or backtick) for the rest of the file.
3. Comment lines (first non-blank character ``#``) and blank lines between instructions vanish.
   A line whose last non-blank character is the escape character continues on the next line;
   inside a continuation, comment lines are skipped and blank lines are skipped (with a
   warning), and the escape character and trailing blanks are cut, nothing inserted.
4. The instruction keyword is the first word; then ``--flag`` words are taken off (up to a
   word that does not start with ``--``, or a lone ``--``); the rest is handed to the
   keyword's argument parser: JSON array or shell form for RUN/CMD/ENTRYPOINT/SHELL (broken
   JSON falls back to the shell form, a JSON array of non-strings is an error),
   whitespace-separated lists (FROM, EXPOSE, ADD/COPY/VOLUME when not JSON), key/value pairs
   (ENV, LABEL: ``k v`` old form or ``k=v …``), names (ARG), a nested instruction (ONBUILD).
5. For RUN, ADD and COPY in shell form (also behind ONBUILD), heredoc words (``<<EOF``,
   ``<<-EOF``, ``<<"EOF"``, ``3<<EOF``) take the following raw lines, up to the delimiter line,
   as their content.

Arguments are kept as written (quotes included); variable expansion and quote removal happen
later, per instruction (see ``scope.py``). Hand-written because the Dockerfile grammar is
defined by BuildKit's code, not by a grammar a parser generator could take.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from stagebuild.dockerfile.errors import DockerfileError
from stagebuild.dockerfile.gostring import is_space, quote, quote_list, trim_space
from stagebuild.dockerfile.shell import ExpansionError, ShellLexer
from stagebuild.record import Record

DEFAULT_ESCAPE = "\\"

_WHITESPACE = re.compile(r"[\t\v\f\r ]+")
_DIRECTIVE = re.compile(r"^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$")
_KNOWN_DIRECTIVES = frozenset({"syntax", "escape", "check"})
_HEREDOC_WORD = re.compile(r"^([0-9]*)<<(-?)[\t\n\f\r ]*([^<]*)$", re.DOTALL)
_HEREDOC_KEYWORDS = frozenset({"add", "copy", "run"})
_BOM = "\ufeff"


class Heredoc(Record):
    """A here-document attached to an instruction (``RUN <<EOF`` … ``EOF``).

    ``content`` is the raw lines between the instruction and the delimiter, newlines kept;
    ``expand`` is false when any part of the delimiter word was quoted (then ``$`` stays
    literal); ``chomp`` (``<<-``) strips leading tabs from content lines when used.
    """

    name: str
    content: str
    expand: bool
    chomp: bool
    fd: int

    @property
    def body(self) -> str:
        """The content as a command or file receives it: for ``<<-``, leading tabs removed."""
        return chomp_heredoc(self.content) if self.chomp else self.content


class Node(Record):
    """One instruction as parsed, before interpretation.

    ``args`` are the argument strings as the keyword's argument parser produced them (a nested
    ``Node`` for ONBUILD's instruction); ``json`` tells that they came from a JSON array;
    ``original`` is the instruction text with continuations joined; lines are 1-based and
    inclusive (heredoc bodies included).
    """

    keyword: str
    args: tuple[str | Node, ...]
    flags: tuple[str, ...]
    json: bool
    heredocs: tuple[Heredoc, ...]
    original: str
    start_line: int
    end_line: int
    comments: tuple[str, ...] = ()

    def dump(self) -> str:
        """BuildKit's ``Node.Dump`` of this instruction, without the enclosing parentheses."""
        parts = [self.keyword.lower()]
        if self.flags:
            parts.append(quote_list(self.flags))
        for arg in self.args:
            parts.append(f"({arg.dump()})" if isinstance(arg, Node) else quote(arg))
        return trim_space(" ".join(parts))

    @property
    def child(self) -> Node | None:
        """The nested instruction of ONBUILD, if any."""
        for arg in self.args:
            if isinstance(arg, Node):
                return arg
        return None


class Directive(Record):
    """A parser directive from the top of the file (``# syntax=docker/dockerfile:1``)."""

    name: str
    value: str
    line: int


class ParseResult(Record):
    nodes: tuple[Node, ...]
    escape_token: str
    directives: tuple[Directive, ...]
    warnings: tuple[str, ...]

    def dump(self) -> str:
        """The whole tree in BuildKit's dump format, one ``(instruction …)`` per line."""
        return "".join(f"({node.dump()})\n" for node in self.nodes)


class _DirectiveReader:
    """Recognises directives in the leading comment lines, stops at the first other line."""

    def __init__(self) -> None:
        self.done = False
        self.found: list[Directive] = []

    def read(self, line: str, lineno: int) -> Directive | None:
        if self.done:
            return None
        if not line.startswith("#"):
            self.done = True
            return None
        match = _DIRECTIVE.match(_lstrip(line[1:]))
        name = match.group(1).lower() if match else ""
        if name not in _KNOWN_DIRECTIVES:
            self.done = True
            return None
        if any(d.name == name for d in self.found):
            raise ValueError(f"only one {name} parser directive can be used")
        assert match is not None
        directive = Directive(name, match.group(2), lineno)
        self.found.append(directive)
        return directive


def _lstrip(text: str) -> str:
    start = 0
    while start < len(text) and is_space(text[start]):
        start += 1
    return text[start:]


def _is_comment(line: str) -> bool:
    return _lstrip(line).startswith("#")


def _trim_newline(line: str) -> str:
    return line.rstrip("\r\n")


class _Lines:
    """The file's lines (each with its line ending), read one at a time."""

    def __init__(self, text: str) -> None:
        # Only "\n" ends a line (a lone "\r" does not), as in BuildKit's scanner.
        self.lines = [line + "\n" for line in text.split("\n")]
        if self.lines[-1] == "\n":
            self.lines.pop()
        else:
            self.lines[-1] = self.lines[-1][:-1]
        self.index = 0

    def next(self) -> str | None:
        if self.index >= len(self.lines):
            return None
        line = self.lines[self.index]
        self.index += 1
        return line

    @property
    def number(self) -> int:
        """1-based number of the line last read."""
        return self.index


class _Parser:
    def __init__(self, text: str, filename: str) -> None:
        if text.startswith(_BOM):
            text = text[1:]
        self.lines = _Lines(text)
        self.filename = filename
        self.escape = DEFAULT_ESCAPE
        self.continuation = _continuation_regex(DEFAULT_ESCAPE)
        self.directives = _DirectiveReader()
        self.warnings: list[str] = []

    def error(self, message: str, line: int) -> DockerfileError:
        return DockerfileError(message, filename=self.filename, line=line)

    def process_line(self, raw: str, strip_left: bool) -> tuple[str, bool]:
        """The line without newline (and leading blanks), ``""`` if a comment; whether a directive."""
        line = _trim_newline(raw)
        if strip_left:
            line = _lstrip(line)
        try:
            directive = self.directives.read(line, self.lines.number)
        except ValueError as err:
            raise self.error(str(err), self.lines.number) from None
        if directive is not None and directive.name == "escape":
            if directive.value not in ("`", "\\"):
                raise self.error(
                    f"invalid escape token '{directive.value}' does not match ` or \\", self.lines.number
                )
            self.escape = directive.value
            self.continuation = _continuation_regex(self.escape)
        return ("" if _is_comment(line) else line), directive is not None

    def trim_continuation(self, line: str) -> tuple[str, bool]:
        """The line without a trailing escape character; whether the instruction ends here."""
        if self.continuation.search(line):
            return self.continuation.sub(lambda m: m.group(1) or "", line, count=1), False
        return line, True

    def parse(self) -> ParseResult:
        nodes: list[Node] = []
        comments: list[str] = []
        while (raw := self.lines.next()) is not None:
            if _is_comment(raw):
                comment = trim_space(_lstrip(raw)[1:])
                comments = [*comments, comment] if comment else []
            line, is_directive = self.process_line(raw, strip_left=True)
            if is_directive:
                comments = comments[:-1]
            start = self.lines.number
            line, complete = self.trim_continuation(line)
            if complete and not line:
                continue
            text = self.join_continuation(line, complete)
            node = self.make_node(text, start, tuple(comments))
            nodes.append(node)
            comments = []
        if not nodes:
            raise self.error("file with no instructions", max(self.lines.number, 1))
        return ParseResult(tuple(nodes), self.escape, tuple(self.directives.found), tuple(self.warnings))

    def join_continuation(self, first: str, complete: bool) -> str:
        parts = [first]
        had_empty = False
        while not complete and (raw := self.lines.next()) is not None:
            line, _ = self.process_line(raw, strip_left=False)
            if _is_comment(raw):
                continue
            if not _lstrip(line):
                had_empty = True
                continue
            line, complete = self.trim_continuation(line)
            parts.append(line)
        text = "".join(parts)
        if had_empty:
            self.warnings.append(f"line {self.lines.number}: Empty continuation line found in: {text}")
        return text

    def make_node(self, text: str, start: int, comments: tuple[str, ...]) -> Node:
        try:
            node = _node_from_line(text, self.escape)
        except DockerfileError as err:
            raise self.error(err.message, start) from None
        heredocs: tuple[Heredoc, ...] = ()
        if _can_contain_heredoc(node) and "<<" in text:
            heredocs = self.read_heredocs(text, start)
        return Node(
            keyword=node.keyword,
            args=node.args,
            flags=node.flags,
            json=node.json,
            heredocs=heredocs,
            original=text,
            start_line=start,
            end_line=self.lines.number,
            comments=comments,
        )

    def read_heredocs(self, text: str, start: int) -> tuple[Heredoc, ...]:
        try:
            found = heredocs_in_line(text)
        except ExpansionError as err:
            raise self.error(str(err), start) from None
        done = []
        for heredoc in found:
            body: list[str] = []
            while True:
                raw = self.lines.next()
                if raw is None:
                    raise self.error("unterminated heredoc", start)
                candidate = _trim_newline(raw)
                if heredoc.chomp:
                    candidate = candidate.lstrip("\t")
                if candidate == heredoc.name:
                    break
                body.append(raw)
            done.append(
                Heredoc(
                    heredoc.name, "".join(body), expand=heredoc.expand, chomp=heredoc.chomp, fd=heredoc.fd
                )
            )
        return tuple(done)


def _continuation_regex(escape: str) -> re.Pattern[str]:
    # The escape character ends a line when it is the last non-blank character and is not
    # itself escaped by a preceding one (for a line consisting only of it: always).
    e = re.escape(escape)
    return re.compile(f"([^{e}]){e}[ \\t]*$|^{e}[ \\t]*$")


def _can_contain_heredoc(node: Node) -> bool:
    if node.keyword.lower() == "onbuild" and node.child is not None:
        node = node.child
    return node.keyword.lower() in _HEREDOC_KEYWORDS and not node.json


def parse_heredoc_word(word: str) -> Heredoc | None:
    """The heredoc a word such as ``<<-"EOF"`` opens (empty content), or ``None``."""
    match = _HEREDOC_WORD.match(word)
    if not match or not match.group(3):
        return None
    rest = match.group(3)
    lexer = ShellLexer(skip_unset_env=True)
    words = lexer.process_words(rest, {})
    if len(words) != 1:
        return None
    raw_words = ShellLexer(skip_unset_env=True, raw_quotes=True).process_words(rest, {})
    if len(raw_words) != 1:
        raise ExpansionError(f"internal lexing of heredoc produced inconsistent results: {rest}")

    def quote_count(s: str) -> int:
        return s.count("'") + s.count('"')

    return Heredoc(
        name=words[0],
        content="",
        expand=quote_count(words[0]) == quote_count(raw_words[0]),
        chomp=match.group(2) == "-",
        fd=int(match.group(1) or "0"),
    )


def heredocs_in_line(line: str) -> list[Heredoc]:
    """The heredocs a (joined) instruction line opens, in order."""
    lexer = ShellLexer(raw_quotes=True, raw_escapes=True, skip_unset_env=True)
    try:
        words = lexer.process_words(line, {})
    except ExpansionError:
        return []
    return [doc for word in words if (doc := parse_heredoc_word(word)) is not None]


def chomp_heredoc(content: str) -> str:
    """Heredoc content with leading tabs removed from every line (for ``<<-``)."""
    return re.sub(r"(?m)^\t+", "", content)


# --- one instruction line ------------------------------------------------------------------


def _node_from_line(line: str, escape: str) -> Node:
    """The node for one complete instruction line (no line numbers, no heredocs yet)."""
    keyword, flags, rest = _split_command(line, escape)
    parse_args = _ARGUMENT_PARSERS.get(keyword.lower(), _parse_ignored)
    args, is_json = parse_args(rest, escape)
    return Node(keyword, tuple(args), tuple(flags), is_json, (), line, 0, 0)


def _split_command(line: str, escape: str) -> tuple[str, list[str], str]:
    parts = _WHITESPACE.split(trim_space(line), maxsplit=1)
    if len(parts) < 2:
        return parts[0], [], ""
    rest, flags = _extract_flags(parts[1], escape)
    return parts[0], flags, trim_space(rest)


def _extract_flags(line: str, escape: str) -> tuple[str, list[str]]:
    """Leading ``--flag`` words (quotes and escapes removed) and what follows them."""
    flags: list[str] = []
    pos = 0
    n = len(line)
    while True:
        while pos < n and is_space(line[pos]):
            pos += 1
        if pos >= n:
            return "", flags
        if not line.startswith("--", pos):
            return line[pos:], flags
        word: list[str] = []
        quoted = False
        quote_char = ""
        while pos < n:
            ch = line[pos]
            if quote_char:
                if ch == quote_char:
                    quote_char = ""
                    pos += 1
                    continue
            elif is_space(ch):
                break
            elif ch in "'\"":
                quote_char = ch
                quoted = True
                pos += 1
                continue
            if ch == escape:
                if pos + 1 == n:
                    quote_char = ""
                    pos += 1
                    continue
                pos += 1
                ch = line[pos]
            word.append(ch)
            pos += 1
        text = "".join(word)
        if text == "--":
            return line[pos:], flags
        if quoted or text:
            flags.append(text)


def _parse_words(rest: str, escape: str) -> list[str]:
    """Whitespace-separated words, quotes and escapes kept (they are removed on expansion)."""
    words: list[str] = []
    word: list[str] = []
    in_word = False
    quote_char = ""
    blank_ok = False
    pos = 0
    n = len(rest)
    while pos < n:
        ch = rest[pos]
        if not in_word:
            if is_space(ch):
                pos += 1
                continue
            in_word = True
        if quote_char:
            if ch == quote_char:
                quote_char = ""
            elif ch == escape and quote_char != "'":
                if pos + 1 == n:
                    pos += 1
                    continue
                word.append(ch)
                pos += 1
                ch = rest[pos]
            word.append(ch)
            pos += 1
            continue
        if is_space(ch):
            if blank_ok or word:
                words.append("".join(word))
            word = []
            blank_ok = False
            in_word = False
            pos += 1
            continue
        if ch in "'\"":
            quote_char = ch
            blank_ok = True
        if ch == escape:
            if pos + 1 == n:
                pos += 1
                continue
            word.append(ch)
            pos += 1
            ch = rest[pos]
        word.append(ch)
        pos += 1
    if in_word and (blank_ok or word):
        words.append("".join(word))
    return words


_Args = tuple[list["str | Node"], bool]


def _parse_ignored(rest: str, escape: str) -> _Args:
    # Unknown keywords keep one empty argument, like BuildKit (the error comes later).
    return [""], False


def _parse_sub_command(rest: str, escape: str) -> _Args:
    if not rest:
        return [], False
    return [_node_from_line(rest, escape)], False


def _parse_name_value(keyword: str) -> Callable[[str, str], _Args]:
    def parse(rest: str, escape: str) -> _Args:
        words = _parse_words(rest, escape)
        if not words:
            return [], False
        if "=" not in words[0]:
            parts = _WHITESPACE.split(rest, maxsplit=1)
            if len(parts) < 2:
                raise DockerfileError(f"{keyword} must have two arguments")
            return [parts[0], parts[1], ""], False
        args: list[str | Node] = []
        for word in words:
            if "=" not in word:
                raise DockerfileError(
                    f"Syntax error - can't find = in {quote(word)}. Must be of the form: name=value"
                )
            key, value = word.split("=", 1)
            args += [key, value, "="]
        return args, False

    return parse


def _parse_name_or_name_value(rest: str, escape: str) -> _Args:
    return list(_parse_words(rest, escape)), False


def _parse_whitespace_list(rest: str, escape: str) -> _Args:
    if not rest:
        return [], False
    return list(_WHITESPACE.split(rest)), False


def _parse_string(rest: str, escape: str) -> _Args:
    return ([rest] if rest else []), False


class _NotStrings(Exception):
    pass


def _reject_constant(name: str) -> object:
    raise ValueError(name)  # NaN and Infinity are not JSON


def _parse_json(rest: str) -> list[str] | None:
    """The strings of a JSON array, ``None`` if ``rest`` is not a JSON array."""
    rest = _lstrip(rest)
    if not rest.startswith("["):
        return None
    try:
        value = json.loads(rest, parse_constant=_reject_constant)
    except ValueError:
        return None
    if not all(isinstance(item, str) for item in value):
        raise _NotStrings
    # Go decodes invalid UTF-8 and lone surrogate escapes to U+FFFD.
    return [re.sub("[\ud800-\udfff]", "\ufffd", item) for item in value]


_NOT_STRINGS = "when using JSON array syntax, arrays must be comprised of strings only"


def _parse_maybe_json(rest: str, escape: str) -> _Args:
    if not rest:
        return [], False
    try:
        items = _parse_json(rest)
    except _NotStrings:
        raise DockerfileError(_NOT_STRINGS) from None
    if items is not None:
        return list(items), True
    return [rest], False


def _parse_maybe_json_to_list(rest: str, escape: str) -> _Args:
    try:
        items = _parse_json(rest)
    except _NotStrings:
        raise DockerfileError(_NOT_STRINGS) from None
    if items is not None:
        return list(items), True
    return _parse_whitespace_list(rest, escape)


def _parse_health_config(rest: str, escape: str) -> _Args:
    sep = 0
    while sep < len(rest) and not is_space(rest[sep]):
        sep += 1
    if sep == 0:
        return [], False
    kind = rest[:sep]
    args, is_json = _parse_maybe_json(_lstrip(rest[sep:]), escape)
    return [kind, *args], is_json


_ARGUMENT_PARSERS: dict[str, Callable[[str, str], _Args]] = {
    "add": _parse_maybe_json_to_list,
    "arg": _parse_name_or_name_value,
    "cmd": _parse_maybe_json,
    "copy": _parse_maybe_json_to_list,
    "entrypoint": _parse_maybe_json,
    "env": _parse_name_value("ENV"),
    "expose": _parse_whitespace_list,
    "from": _parse_whitespace_list,
    "healthcheck": _parse_health_config,
    "label": _parse_name_value("LABEL"),
    "maintainer": _parse_string,
    "onbuild": _parse_sub_command,
    "run": _parse_maybe_json,
    "shell": _parse_maybe_json,
    "stopsignal": _parse_string,
    "user": _parse_string,
    "volume": _parse_maybe_json_to_list,
    "workdir": _parse_string,
}


def parse(text: str, *, filename: str = "Dockerfile") -> ParseResult:
    """Parse Dockerfile text; raises ``DockerfileError`` naming ``filename`` and the line."""
    return _Parser(text, filename).parse()
