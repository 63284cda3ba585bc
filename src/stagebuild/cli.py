"""The ``stagebuild`` command line; flags follow ``docker build`` / ``docker buildx build``.

Each sub-command's handler lives in the layer that does the work and is imported only when the
sub-command runs, so ``stagebuild --help`` starts fast. For the same reason only the sub-command
named on the command line is declared to argparse (each declaration costs it translation look-ups
on disk, a good part of a cached build's time); whatever that parser cannot take (a mistake, or
``--help`` before the sub-command) goes to the full parser, which words every message as always.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn


def _declare_build(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("context")
    parser.add_argument("-f", "--file", default=None, help="Dockerfile (default: CONTEXT/Dockerfile)")
    parser.add_argument("-t", "--tag", action="append", default=[], help="NAME:TAG (repeatable)")
    parser.add_argument("--target", default=None, help="stage to build")
    parser.add_argument("--build-arg", action="append", default=[], metavar="K=V")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--network", choices=["none", "host"], default="none")
    parser.add_argument("--progress", choices=["auto", "plain", "quiet"], default="auto")
    parser.add_argument("--output", "-o", action="append", default=[], metavar="type=…,dest=…")
    parser.add_argument("--platform", default=None)
    parser.add_argument("--source-date-epoch", type=int, default=None)
    parser.add_argument(
        "--check",
        choices=["warn", "error", "off"],
        default="warn",
        help="what a failing ELF loader check of the final image does",
    )
    parser.add_argument("--cache-to", action="append", default=[], metavar="type=registry,ref=…")
    parser.add_argument("--cache-from", action="append", default=[], metavar="type=registry,ref=…")
    parser.add_argument("--insecure-registry", action="append", default=[], metavar="HOST:PORT")
    parser.set_defaults(handler="stagebuild.solver.command:main")


def _declare_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tarball")
    parser.add_argument("reference", metavar="NAME:TAG")
    parser.set_defaults(handler="stagebuild.image.commands:import_main")


def _declare_images(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-q", "--quiet", action="store_true")
    parser.set_defaults(handler="stagebuild.image.commands:images_main")


def _declare_rmi(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("references", nargs="+", metavar="NAME:TAG")
    parser.set_defaults(handler="stagebuild.image.commands:rmi_main")


def _declare_tag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source")
    parser.add_argument("target")
    parser.set_defaults(handler="stagebuild.image.commands:tag_main")


def _declare_save(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("reference", metavar="NAME:TAG")
    parser.add_argument("-o", "--output", required=True)
    parser.set_defaults(handler="stagebuild.export.commands:save_main")


def _declare_prune(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-a", "--all", action="store_true", help="also drop the whole build cache")
    parser.set_defaults(handler="stagebuild.image.commands:prune_main")


def _declare_run(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rm", action="store_true")
    parser.add_argument("--network", choices=["none", "host"], default="none")
    parser.add_argument("-e", "--env", action="append", default=[], metavar="K=V")
    parser.add_argument("--entrypoint", default=None)
    parser.add_argument("-u", "--user", default=None)
    parser.add_argument("-w", "--workdir", default=None)
    parser.add_argument(
        "--timeout", type=float, default=None, help="stop the container after this many seconds"
    )
    parser.add_argument("reference", metavar="NAME:TAG")
    parser.add_argument("cmd", nargs=argparse.REMAINDER)
    parser.set_defaults(handler="stagebuild.worker.run_command:main")


def _declare_inspect(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("reference", metavar="NAME:TAG")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--all", action="store_true", help="check every ELF file, not just the entrypoint")
    parser.set_defaults(handler="stagebuild.inspect.command:main")


def _declare_push(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("reference", metavar="HOST/REPO:TAG")
    parser.add_argument("--insecure-registry", action="append", default=[], metavar="HOST:PORT")
    parser.set_defaults(handler="stagebuild.registry.commands:push_main")


def _declare_pull(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("reference", metavar="HOST/REPO:TAG|@DIGEST")
    parser.add_argument("--platform", default=None)
    parser.add_argument("--insecure-registry", action="append", default=[], metavar="HOST:PORT")
    parser.set_defaults(handler="stagebuild.registry.commands:pull_main")


def _declare_login(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("server")
    parser.add_argument("-u", "--username", required=True)
    parser.add_argument("-p", "--password", default=None)
    parser.add_argument("--password-stdin", action="store_true")
    parser.set_defaults(handler="stagebuild.registry.commands:login_main")


def _declare_debug(parser: argparse.ArgumentParser) -> None:
    dsub = parser.add_subparsers(dest="debug_command", required=True)
    ast = dsub.add_parser("ast", help="print the Dockerfile parse tree in BuildKit's dump format")
    ast.add_argument("dockerfile")
    ast.set_defaults(handler="stagebuild.dockerfile.debug:ast_main")
    exp = dsub.add_parser("expand", help="expand variables in one word")
    exp.add_argument("--env", action="append", default=[], metavar="K=V")
    exp.add_argument("word")
    exp.set_defaults(handler="stagebuild.dockerfile.debug:expand_main")


COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "build": ("build an image from a Dockerfile", _declare_build),
    "import": ("create an image from a root filesystem tarball", _declare_import),
    "images": ("list images", _declare_images),
    "rmi": ("remove images", _declare_rmi),
    "tag": ("give an image another name", _declare_tag),
    "save": ("write an image as a docker-archive tar", _declare_save),
    "prune": ("remove build cache and unreferenced blobs", _declare_prune),
    "run": ("run a command in a new container from an image", _declare_run),
    "inspect": ("sizes per layer and stage, and the ELF loader check", _declare_inspect),
    "push": ("push an image to a registry", _declare_push),
    "pull": ("pull an image from a registry", _declare_pull),
    "login": ("store credentials for a registry", _declare_login),
    "debug": ("front-end internals", _declare_debug),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``only``, the sub-command of that name is the only one declared."""
    parser_class = argparse.ArgumentParser if only is None else _PartialParser
    parser = parser_class(prog="stagebuild", description="Daemonless image builder.")
    parser.add_argument("--root", default=None, help="state directory (default: $STAGEBUILD_ROOT)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, declare) in COMMANDS.items():
        if only is None or name == only:
            declare(sub.add_parser(name, help=help_text))
    return parser


class _NotForPartialParser(Exception):
    """The partial parser met something it must leave to the full one."""


class _PartialParser(argparse.ArgumentParser):
    """Raises instead of printing an error: its usage line lacks the other sub-commands."""

    def error(self, message: str) -> NoReturn:
        raise _NotForPartialParser(message)


def _command_word(argv: Sequence[str]) -> str | None:
    """The sub-command ``argv`` names, when only ``--root`` comes before it."""
    words = iter(argv)
    for word in words:
        if word == "--root":
            next(words, None)
        elif not word.startswith("--root="):
            return word if word in COMMANDS else None
    return None


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """``argv`` parsed: by the partial parser when it can, else by the full one."""
    argv = sys.argv[1:] if argv is None else list(argv)
    command = _command_word(argv)
    if command is not None:
        try:
            return build_parser(command).parse_args(argv)
        except _NotForPartialParser:
            pass
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    module_name, func_name = args.handler.split(":")
    handler = getattr(importlib.import_module(module_name), func_name)
    code: int = handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
