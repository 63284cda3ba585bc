"""Shell-word expansion of Dockerfile arguments, with BuildKit's rules.

A Dockerfile word such as ``"${HOME:-/root}"/bin`` is processed the way BuildKit's ``shell.Lex``
does it: quotes are removed (single quotes keep everything literal, double quotes still expand
``$``), the escape character (``\\`` or the one ``# escape=`` chose) makes the next character
literal, and variables expand from an environment mapping:

- ``$V`` and ``${V}``; positional (``$1``) and special (``$@``, ``$#`` …) parameters are never set;
- ``${V:-w}`` / ``${V-w}`` (default when unset or empty / unset), ``${V:+w}`` / ``${V+w}``
  (alternative), ``${V:?msg}`` / ``${V?msg}`` (error), where ``w`` is itself expanded;
- ``${V#pat}``, ``${V##pat}``, ``${V%pat}``, ``${V%%pat}`` and ``${V/pat/rep}``, ``${V//pat/rep}``
  with ``*`` and ``?`` wildcards, as BuildKit supports them.

``process_word`` gives one string (spaces kept); ``process_words`` splits into words after
expansion the way a shell would (spaces from a variable split words, quoted ones do not).

Hand-written because no Python library implements BuildKit's dialect: ``shlex`` neither expands
variables nor knows the modifiers or Dockerfile's escape character.

    >>> ShellLexer().process_word('"$A"-${B:-x}', {"A": "a b"})
    'a b-x'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from stagebuild.dockerfile.gostring import is_space, quote
from stagebuild.record import Record

_SPECIAL_PARAMS = frozenset("@*#?-$!0")


class ExpansionError(ValueError):
    """A word that cannot be expanded (bad syntax, ``${V:?}`` on an unset variable …)."""


class ShellLexer(Record):
    """Expands words; the flags mirror the modes BuildKit uses internally.

    ``raw_quotes`` keeps quote characters in the output, ``raw_escapes`` keeps escape
    characters, ``skip_process_quotes`` treats quotes as ordinary characters (heredoc bodies),
    ``skip_unset_env`` leaves references to unset variables as written.
    """

    escape_token: str = "\\"
    raw_quotes: bool = False
    raw_escapes: bool = False
    skip_process_quotes: bool = False
    skip_unset_env: bool = False

    def process_word(self, word: str, env: Mapping[str, str]) -> str:
        """``word`` expanded into one string; raises ``ExpansionError``."""
        return _Scanner(self, word, env).process()[0]

    def process_words(self, word: str, env: Mapping[str, str]) -> list[str]:
        """``word`` expanded and split into shell words; raises ``ExpansionError``."""
        return _Scanner(self, word, env).process()[1]


class _Words:
    """Collects words: unquoted whitespace separates them, quoted text never does."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.buf: list[str] = []  # invariant: no empty strings, so "self.buf" means "has text"
        self.in_word = False

    def add_char(self, ch: str) -> None:
        if is_space(ch):
            # An empty quoted string starts a word but, as in BuildKit, never makes one.
            if self.in_word and self.buf:
                self.words.append("".join(self.buf))
                self.buf = []
                self.in_word = False
        else:
            self.add_raw(ch)

    def add_raw(self, text: str) -> None:
        if text:
            self.buf.append(text)
        self.in_word = True

    def add_string(self, text: str) -> None:
        for ch in text:
            self.add_char(ch)

    def finish(self) -> list[str]:
        if self.buf:
            self.words.append("".join(self.buf))
            self.buf = []
        return self.words


class _Scanner:
    """One pass over one word; ``pos`` is the next unread character."""

    def __init__(self, lexer: ShellLexer, text: str, env: Mapping[str, str]) -> None:
        self.lexer = lexer
        self.text = text
        self.env = env
        self.pos = 0
        self.raw_escapes = lexer.raw_escapes

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def next(self) -> str:
        ch = self.peek()
        if ch:
            self.pos += 1
        return ch

    def process(self) -> tuple[str, list[str]]:
        try:
            return self.process_until("", self.raw_escapes)
        except ExpansionError as err:
            raise ExpansionError(f"failed to process {quote(self.text)}: {err}") from None

    def process_until(self, stop: str, raw_escapes: bool) -> tuple[str, list[str]]:
        """Read up to the unescaped ``stop`` (consumed) or, if ``stop`` is empty, the end."""
        saved_raw_escapes, self.raw_escapes = self.raw_escapes, raw_escapes
        try:
            return self._process_until(stop)
        finally:
            self.raw_escapes = saved_raw_escapes

    def _process_until(self, stop: str) -> tuple[str, list[str]]:
        result: list[str] = []
        words = _Words()
        quotes_special = not self.lexer.skip_process_quotes
        while self.pos < len(self.text):
            ch = self.peek()
            if stop and ch == stop:
                self.next()
                return "".join(result), words.finish()
            if ch == "$":
                value = self.process_dollar()
                result.append(value)
                words.add_string(value)
            elif ch == "<" or (quotes_special and ch in "'\""):
                if ch == "<":
                    value = self.process_possible_heredoc()
                elif ch == "'":
                    value = self.process_single_quote()
                else:
                    value = self.process_double_quote()
                result.append(value)
                words.add_raw(value)
            else:
                self.next()
                if ch == self.lexer.escape_token:
                    if self.raw_escapes:
                        words.add_raw(ch)
                        result.append(ch)
                    ch = self.next()
                    if not ch:
                        break
                    words.add_raw(ch)
                else:
                    words.add_char(ch)
                result.append(ch)
        if stop:
            raise ExpansionError(f"unexpected end of statement while looking for matching {stop}")
        return "".join(result), words.finish()

    def process_single_quote(self) -> str:
        # Everything up to the next single quote is literal; a single quote cannot be escaped.
        opening = self.next()
        out = [opening] if self.lexer.raw_quotes else []
        while True:
            ch = self.next()
            if not ch:
                raise ExpansionError("unexpected end of statement while looking for matching single-quote")
            if ch == "'":
                if self.lexer.raw_quotes:
                    out.append(ch)
                return "".join(out)
            out.append(ch)

    def process_double_quote(self) -> str:
        # Literal except $, and the escape character before ", $ or itself (like sh).
        opening = self.next()
        out = [opening] if self.lexer.raw_quotes else []
        escape = self.lexer.escape_token
        while True:
            ch = self.peek()
            if not ch:
                raise ExpansionError("unexpected end of statement while looking for matching double-quote")
            if ch == '"':
                self.next()
                if self.lexer.raw_quotes:
                    out.append(ch)
                return "".join(out)
            if ch == "$":
                out.append(self.process_dollar())
                continue
            ch = self.next()
            if ch == escape:
                if self.raw_escapes:
                    out.append(ch)
                following = self.peek()
                if not following:
                    continue
                if following in ('"', "$", escape):
                    ch = self.next()
            out.append(ch)

    def process_possible_heredoc(self) -> str:
        self.next()
        if self.peek() != "<":
            return "<"
        self.next()
        spaces = []
        while self.peek() and self.peek() in "\t\r ":
            spaces.append(self.next())
        return "<<" + "".join(spaces)

    def process_name(self) -> str:
        """A variable name: letters, digits and ``_``; a run of digits; or one special parameter."""
        name: list[str] = []
        while self.pos < len(self.text):
            ch = self.peek()
            if not name and ch.isdecimal():
                while self.peek() and self.peek().isdecimal():
                    name.append(self.next())
                return "".join(name)
            if not name and ch in _SPECIAL_PARAMS:
                return self.next()
            if not (ch.isalpha() or ch.isdecimal() or ch == "_"):
                break
            name.append(self.next())
        return "".join(name)

    def lookup(self, name: str) -> str | None:
        return self.env.get(name)

    def process_dollar(self) -> str:
        self.next()
        if self.peek() != "{":
            name = self.process_name()
            if not name:
                return "$"
            value = self.lookup(name)
            if value is None:
                return "$" + name if self.lexer.skip_unset_env else ""
            return value

        self.next()
        if not self.peek():
            raise ExpansionError("syntax error: missing '}'")
        if self.peek() in "{}:":
            raise ExpansionError("syntax error: bad substitution")
        name = self.process_name()
        op = self.next()
        if op == "}":
            value = self.lookup(name)
            if value is None:
                return "${" + name + "}" if self.lexer.skip_unset_env else ""
            return value
        if op == "/":
            return self.process_replacement(name)
        if not op or op not in ":+-?#%":
            raise ExpansionError(f"unsupported modifier ({op or chr(0xFFFD)}) in substitution")
        null_is_unset = op == ":"
        spelled = op
        if null_is_unset:
            op = self.next()
            spelled += op or chr(0xFFFD)
        pattern_op = op in ("#", "%")
        if null_is_unset and pattern_op:
            raise ExpansionError(f"unsupported modifier ({spelled}) in substitution")
        word = self.process_operand("}", pattern_op)
        value = self.lookup(name)
        if value is None and self.lexer.skip_unset_env:
            return "${" + name + spelled + word + "}"
        empty = value is None or (null_is_unset and value == "")
        if op == "-":
            return word if empty else (value or "")
        if op == "+":
            return "" if empty else word
        if op == "?":
            if value is None:
                raise ExpansionError(f"{name}: {word or 'is not allowed to be unset'}")
            if null_is_unset and value == "":
                raise ExpansionError(f"{name}: {word or 'is not allowed to be empty'}")
            return value
        if op in ("#", "%"):
            greedy = word.startswith(op)
            if greedy:
                word = word[1:]
            if op == "%":
                return _trim_suffix(word, value or "", greedy)
            return _trim_prefix(word, value or "", greedy)
        raise ExpansionError(f"unsupported modifier ({spelled}) in substitution")

    def process_operand(self, stop: str, raw_escapes: bool) -> str:
        try:
            return self.process_until(stop, raw_escapes)[0]
        except ExpansionError:
            if not self.peek():
                raise ExpansionError("syntax error: missing '}'") from None
            raise

    def process_replacement(self, name: str) -> str:
        replace_all = self.peek() == "/"
        if replace_all:
            self.next()
        try:
            pattern = self.process_until("/", True)[0]
        except ExpansionError:
            if not self.peek():
                raise ExpansionError("syntax error: missing '/' in ${}") from None
            raise
        replacement = self.process_operand("}", True)
        value = self.lookup(name)
        if value is None and self.lexer.skip_unset_env:
            return "${" + name + "/" + pattern + "/" + replacement + "}"
        regex = _pattern_regex(pattern, greedy=True, anchored=False)
        if replace_all:
            return regex.sub(lambda _m: replacement, value or "")
        return regex.sub(lambda _m: replacement, value or "", count=1)


def _pattern_regex(pattern: str, *, greedy: bool, anchored: bool) -> re.Pattern[str]:
    """A shell wildcard pattern (``*``, ``?``, backslash escapes; no brackets) as a regex."""
    out = ["^"] if anchored else []
    star = ".*" if greedy else ".*?"
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        i += 1
        if ch == "*":
            out.append(star)
        elif ch == "?":
            out.append(".")
        elif ch == "\\":
            following = pattern[i : i + 1]
            if following in ("}", "/"):
                continue  # escaped only to end the ${...}; not part of the pattern
            if following not in ("*", "?", "\\"):
                raise ExpansionError(
                    f"invalid pattern ({pattern}) in substitution: invalid escape '\\{following}'"
                )
            out.append(re.escape(following))
            i += 1
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out))


def _trim_prefix(pattern: str, value: str, greedy: bool) -> str:
    match = _pattern_regex(pattern, greedy=greedy, anchored=True).match(value)
    return value[match.end() :] if match else value


def _reverse_pattern(pattern: str) -> str:
    """The pattern read backwards, keeping each ``\\x`` escape pair in order."""
    tokens: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            tokens.append(pattern[i : i + 2])
            i += 2
        else:
            tokens.append(pattern[i])
            i += 1
    return "".join(reversed(tokens))


def _trim_suffix(pattern: str, value: str, greedy: bool) -> str:
    # A regex finds the leftmost match, so the shortest/longest suffix is found by reversing both.
    return _trim_prefix(_reverse_pattern(pattern), value[::-1], greedy)[::-1]
