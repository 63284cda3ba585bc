"""``stagebuild debug ast`` and ``stagebuild debug expand``: the front end's internals, printed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stagebuild.dockerfile.errors import DockerfileError
from stagebuild.dockerfile.gostring import decode
from stagebuild.dockerfile.parser import parse
from stagebuild.dockerfile.shell import ExpansionError, ShellLexer


def ast_main(args: argparse.Namespace) -> int:
    """Print the parse tree of ``args.dockerfile`` in BuildKit's dump format."""
    path = Path(args.dockerfile)
    try:
        text = decode(path.read_bytes())
    except OSError as err:
        print(f"stagebuild: {path}: {err.strerror}", file=sys.stderr)
        return 1
    try:
        result = parse(text, filename=str(path))
    except DockerfileError as err:
        print(f"stagebuild: {err}", file=sys.stderr)
        return 1
    sys.stdout.write(result.dump())
    return 0


def expand_main(args: argparse.Namespace) -> int:
    """Print ``args.word`` expanded with the ``--env K=V`` variables (a ``K`` alone is set empty)."""
    env = {}
    for entry in args.env:
        key, _, value = entry.partition("=")
        env[key] = value
    try:
        print(ShellLexer().process_word(args.word, env))
    except ExpansionError as err:
        print(f"stagebuild: {err}", file=sys.stderr)
        return 1
    return 0
