"""GODEBUG as the running program sees it: build defaults, ``//go:debug`` lines, the variable.

Since Go 1.21 the go command bakes a default GODEBUG into each binary, chosen by the Go version
the build targets: in GOPATH mode that is Go 1.20 (cmd/go's defaultGODEBUGGoVersion), in module
mode the go line of go.mod, and for ``go run x.go`` outside any module the toolchain's own
version.  Every setting whose behaviour changed after that version keeps its old value
(internal/godebugs' table: ``Changed`` and ``Old``).  ``//go:debug key=value`` lines above the
package clause override those defaults, and the GODEBUG environment variable, read by the
runtime at start-up, overrides both.

gmpsim models only the settings that change what it simulates; a ``//go:debug`` line naming any
other setting is refused as unsupported, except the runtime's own debug variables
(``asyncpreemptoff``, ``schedtrace``, …), which Go itself rejects in a directive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gmpsim.frontend import GoSyntaxError, Pos, SourceFile
from gmpsim.versions import GoVersion

# The go version GOPATH-mode builds take their defaults from.
GOPATH_GO_LINE = GoVersion(20)
# The first release whose go command applies default GODEBUGs and //go:debug lines.
DIRECTIVES_SINCE = GoVersion(21)


@dataclass(frozen=True)
class Setting:
    """One modelled entry of internal/godebugs' table."""

    changed: int  # the minor release whose default became the new value
    old: str  # the value before it (the default of older go lines)
    new: str


SETTINGS = {
    # panic(nil) panics with *runtime.PanicNilError from 1.21 (panicnil=1 restores nil)
    "panicnil": Setting(21, "1", "0"),
    # 1.25: the runtime starts a goroutine that follows the CPU limit (updatemaxprocs=0: none)
    "updatemaxprocs": Setting(25, "0", "1"),
}
# runtime debug variables (runtime1.go's dbgvars): GODEBUG only, never a //go:debug line
RUNTIME_ONLY = frozenset(
    {"asyncpreemptoff", "schedtrace", "scheddetail", "gctrace", "madvdontneed", "invalidptr", "cgocheck"}
)
_DIRECTIVE = re.compile(rb"//go:debug(?=\s|$)(.*)")


def parse_godebug(text: str) -> dict[str, str]:
    """``asyncpreemptoff=1,schedtrace=1000`` -> dict; Go ignores settings it does not know."""
    settings: dict[str, str] = {}
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"GODEBUG setting {item!r} is not key=value")
        settings[key.strip()] = value.strip()
    return settings


def parse_go_line(text: str, release: GoVersion) -> GoVersion:
    """``--module``'s go line (``1.22``; ``local``: the release itself), at most the release."""
    if text == "local":
        return release
    line = GoVersion.parse(text)
    if line > release:
        raise ValueError(f"go.mod requires go >= {line} (running go {release}; GOTOOLCHAIN=local)")
    return line


def module_mode(go_line: str) -> str:
    """How a report names the build mode ``--module`` asked for."""
    return "module mode" if go_line == "local" else f"module mode (go {go_line})"


def directives(unit: SourceFile, release: GoVersion) -> dict[str, str]:
    """The ``//go:debug`` settings above the package clause, checked as the go command does."""
    if release < DIRECTIVES_SINCE:
        return {}  # an ordinary comment to older go commands
    found: dict[str, tuple[str, int]] = {}  # key -> (value, line)
    for node in unit.tree.root_node.children:
        if node.type == "package_clause":
            break  # below it a //go:debug line is only a comment
        m = _DIRECTIVE.match(unit.source, node.start_byte, node.end_byte) if node.type == "comment" else None
        if m is None:
            continue
        line = node.start_point[0] + 1
        key, sep, value = (part.strip() for part in m.group(1).decode().partition("="))
        if not sep or not key:
            raise _invalid(unit, line, "invalid //go:debug: missing key=value")
        setting = SETTINGS.get(key)
        if key in RUNTIME_ONLY or (setting is not None and release.minor < setting.changed):
            raise _invalid(unit, line, f'invalid //go:debug: unknown //go:debug setting "{key}"')
        if setting is None:
            raise GoSyntaxError(unit.path, Pos.of(node), f'unsupported: //go:debug setting "{key}"')
        if key in found:
            previous = found[key][1]
            raise _invalid(
                unit, line, f"repeated //go:debug for {key}\n\t{unit.path}:{previous}:1: previous //go:debug"
            )
        found[key] = (value, line)
    return {key: value for key, (value, _) in found.items()}


def _invalid(unit: SourceFile, line: int, message: str) -> GoSyntaxError:
    """The go command reports a bad directive at its line's first column."""
    return GoSyntaxError(unit.path, Pos(line, 1), message)


def effective(
    release: GoVersion, go_line: GoVersion | None, unit: SourceFile, environment: dict[str, str]
) -> dict[str, str]:
    """Every modelled setting's value in the program; ``go_line`` None means a GOPATH build.

    A release older than a setting behaves as its old value says, whatever is asked."""
    target = go_line or GOPATH_GO_LINE
    values, settable = {}, set()
    for name, s in SETTINGS.items():
        if release.minor < s.changed:
            values[name] = s.old
        else:
            values[name] = s.old if target.minor < s.changed else s.new
            settable.add(name)
    values.update(directives(unit, release))
    values.update({k: v for k, v in environment.items() if k in settable})
    return values
