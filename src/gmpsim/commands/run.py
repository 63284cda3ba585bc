"""``gmpsim run FILE.go``: run a program on the simulated scheduler, printing what it prints.

The program's stdout and stderr are passed through byte for byte and its exit code becomes
ours; gmpsim's own messages go to stderr prefixed ``gmpsim:``.
"""

from __future__ import annotations

import argparse
import sys

from gmpsim.api import run
from gmpsim.commands.errors import CLI_ERRORS, report
from gmpsim.golib.time import duration_string, parse_duration
from gmpsim.viz.output import progress_bar, write_views


def main(args: argparse.Namespace) -> int:
    try:
        with progress_bar(args.until) as progress:
            result = run(
                args.file,
                go=args.go,
                ncpu=args.ncpu,
                gomaxprocs=args.gomaxprocs,
                godebug=args.godebug,
                gcflags=args.gcflags,
                until=args.until,
                seed=args.seed,
                events=bool(args.trace or args.html),
                progress=progress,
                max_wall=getattr(args, "max_wall", None),
                args=args.args,
                module=args.module,
            )
    except CLI_ERRORS as err:
        return report(args.file, err)
    sys.stdout.buffer.write(result.stdout.encode("utf-8", "surrogateescape"))
    sys.stdout.flush()
    sys.stderr.buffer.write(result.stderr.encode("utf-8", "surrogateescape"))
    if result.stopped:
        virtual = duration_string(result.virtual_ns)
        if args.until is not None and result.virtual_ns >= parse_duration(args.until):
            sys.stderr.write(f"gmpsim: stopped after {virtual} of virtual time\n")
        else:
            sys.stderr.write(
                f"gmpsim: stopped after {args.max_wall} s of wall time (--max-wall), at {virtual}\n"
            )
    sys.stderr.flush()
    if not write_views(result, args.file, args.trace, args.html):
        return 1
    return result.exit_code
