"""How every gmpsim sub-command reports a failure before the program could run.

A file that cannot be read exits 1; a program outside the supported subset (``file:line:col:
unsupported: …``) or a bad option exits 2, as ``go`` does for a build failure.
"""

from __future__ import annotations

import sys

from gmpsim.frontend import GoSyntaxError

CLI_ERRORS = (OSError, GoSyntaxError, ValueError)


def report(file: str, err: Exception) -> int:
    """Print ``err`` on stderr in gmpsim's words and return the exit status it calls for."""
    if isinstance(err, GoSyntaxError):
        print(err, file=sys.stderr)
        return 2
    if isinstance(err, OSError):
        print(f"gmpsim: {err.filename or file}: {err.strerror or err}", file=sys.stderr)
        return 1
    print(f"gmpsim: {err}", file=sys.stderr)
    return 2
