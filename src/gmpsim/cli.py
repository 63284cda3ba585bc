"""The ``gmpsim`` command line: a thin layer over the Python API and the compiler model."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _add_build_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--go", default=None, metavar="VERSION", help="Go version to model (1.9 … 1.27)")
    p.add_argument("--gcflags", "-gcflags", default="", metavar="FLAGS", help="-N, -l or '-N -l'")


def _add_run_flags(p: argparse.ArgumentParser) -> None:
    _add_build_flags(p)
    p.add_argument("--ncpu", type=int, default=None, help="CPUs of the simulated machine")
    p.add_argument("--gomaxprocs", type=int, default=None, help="like the GOMAXPROCS variable")
    p.add_argument("--godebug", default="", metavar="K=V,…", help="like the GODEBUG variable")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--module",
        action="store_const",
        const="local",
        default=None,
        help="build in module mode as `go run x.go` outside any module does (default: GOPATH mode)",
    )
    mode.add_argument(
        "--gomod", dest="module", metavar="GOVERSION", help="build in a module whose go.mod says go GOVERSION"
    )
    p.add_argument(
        "--for",
        dest="until",
        default=None,
        metavar="DURATION",
        help="stop after this much virtual time (e.g. 3.5s)",
    )
    p.add_argument("--seed", type=int, default=1, help="seed of Go's random choices")
    p.add_argument(
        "--max-wall", type=float, default=None, metavar="SECONDS", help="stop after this much wall time"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gmpsim", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run",
        help="run a Go program on the simulated scheduler",
        description="Arguments after -- are the program's own (os.Args[1:]): "
        "gmpsim run prog.go --go 1.19 -- -n 5 file.txt",
    )
    run.add_argument("file")
    _add_run_flags(run)
    run.add_argument("--trace", metavar="FILE.json", help="write a Chrome/Perfetto trace of the run")
    run.add_argument("--html", metavar="FILE.html", help="write a self-contained timeline page")
    run.set_defaults(handler="gmpsim.commands.run:main", args=[])  # the program's: after --

    explain = sub.add_parser("explain", help="say why goroutines waited to run, and what would help")
    explain.add_argument("file")
    _add_run_flags(explain)
    explain.add_argument("--threshold", default="10ms", metavar="DURATION", help="report longer waits")
    explain.set_defaults(handler="gmpsim.explain:main")

    compare = sub.add_parser(
        "compare",
        help="run a program under several Go versions, side by side",
        description="--go takes a comma-separated list of versions (default 1.9,1.12,1.14,1.19).",
    )
    compare.add_argument("file")
    _add_run_flags(compare)
    compare.set_defaults(handler="gmpsim.compare:main")

    comp = sub.add_parser("compile", help="print the compiler model's decisions")
    comp.add_argument("file")
    _add_build_flags(comp)
    comp.add_argument("-m", action="store_true", help="print inlining decisions like -gcflags=-m")
    comp.set_defaults(handler="gmpsim.compiler.report:main")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    # everything after "--" is the program's (argparse would read "-n" there as an option)
    program_args = words[words.index("--") + 1 :] if "--" in words else []
    if "--" in words:
        words = words[: words.index("--")]
    args = build_parser().parse_args(words)
    if args.command == "run":
        args.args = program_args
    elif program_args:
        build_parser().error(f"{args.command} takes no program arguments")
    module_name, func_name = args.handler.split(":")
    import importlib

    from gmpsim.commands.errors import report_internal

    handler = getattr(importlib.import_module(module_name), func_name)
    try:
        code: int = handler(args)
    except Exception as err:  # a bug in gmpsim (the handlers report the program's errors themselves)
        return report_internal(err)
    return code


if __name__ == "__main__":
    sys.exit(main())
