"""How every gmpsim sub-command reports a failure before the program could run.

A file that cannot be read exits 1; a program outside the supported subset (``file:line:col:
unsupported: …``) or a bad option exits 2, as ``go`` does for a build failure.  Any other
exception is a bug in gmpsim: it is reported in one line, ``gmpsim: internal error: …``, with
exit status 3, never as a Python traceback.
"""

from __future__ import annotations

import sys
import traceback

from gmpsim.frontend import GoSyntaxError

CLI_ERRORS = (OSError, GoSyntaxError, ValueError)
INTERNAL_ERROR_STATUS = 3


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


def report_internal(err: BaseException) -> int:
    """Print a bug in gmpsim as one line naming the exception and where it was raised."""
    root = err.__cause__ or err  # gmpsim.api.InternalError wraps what went wrong
    frames = traceback.extract_tb(root.__traceback__)
    where = f" (at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno})" if frames else ""
    print(f"gmpsim: internal error: {type(root).__name__}: {root}{where}", file=sys.stderr)
    return INTERNAL_ERROR_STATUS
