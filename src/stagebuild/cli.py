"""The ``stagebuild`` command line; flags follow ``docker build`` / ``docker buildx build``.

Each sub-command's handler lives in the layer that does the work and is imported only when the
sub-command runs, so ``stagebuild --help`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stagebuild", description="Daemonless image builder.")
    parser.add_argument("--root", default=None, help="state directory (default: $STAGEBUILD_ROOT)")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build an image from a Dockerfile")
    b.add_argument("context")
    b.add_argument("-f", "--file", default=None, help="Dockerfile (default: CONTEXT/Dockerfile)")
    b.add_argument("-t", "--tag", action="append", default=[], help="NAME:TAG (repeatable)")
    b.add_argument("--target", default=None, help="stage to build")
    b.add_argument("--build-arg", action="append", default=[], metavar="K=V")
    b.add_argument("--no-cache", action="store_true")
    b.add_argument("--network", choices=["none", "host"], default="none")
    b.add_argument("--progress", choices=["auto", "plain", "quiet"], default="auto")
    b.add_argument("--output", "-o", action="append", default=[], metavar="type=…,dest=…")
    b.add_argument("--platform", default=None)
    b.add_argument("--source-date-epoch", type=int, default=None)
    b.add_argument(
        "--check",
        choices=["warn", "error", "off"],
        default="warn",
        help="what a failing ELF loader check of the final image does",
    )
    b.add_argument("--cache-to", action="append", default=[], metavar="type=registry,ref=…")
    b.add_argument("--cache-from", action="append", default=[], metavar="type=registry,ref=…")
    b.add_argument("--insecure-registry", action="append", default=[], metavar="HOST:PORT")
    b.set_defaults(handler="stagebuild.solver.command:main")

    imp = sub.add_parser("import", help="create an image from a root filesystem tarball")
    imp.add_argument("tarball")
    imp.add_argument("reference", metavar="NAME:TAG")
    imp.set_defaults(handler="stagebuild.image.commands:import_main")

    ls = sub.add_parser("images", help="list images")
    ls.add_argument("-q", "--quiet", action="store_true")
    ls.set_defaults(handler="stagebuild.image.commands:images_main")

    rmi = sub.add_parser("rmi", help="remove images")
    rmi.add_argument("references", nargs="+", metavar="NAME:TAG")
    rmi.set_defaults(handler="stagebuild.image.commands:rmi_main")

    tag = sub.add_parser("tag", help="give an image another name")
    tag.add_argument("source")
    tag.add_argument("target")
    tag.set_defaults(handler="stagebuild.image.commands:tag_main")

    save = sub.add_parser("save", help="write an image as a docker-archive tar")
    save.add_argument("reference", metavar="NAME:TAG")
    save.add_argument("-o", "--output", required=True)
    save.set_defaults(handler="stagebuild.export.commands:save_main")

    prune = sub.add_parser("prune", help="remove build cache and unreferenced blobs")
    prune.add_argument("-a", "--all", action="store_true", help="also drop the whole build cache")
    prune.set_defaults(handler="stagebuild.image.commands:prune_main")

    run = sub.add_parser("run", help="run a command in a new container from an image")
    run.add_argument("--rm", action="store_true")
    run.add_argument("--network", choices=["none", "host"], default="none")
    run.add_argument("-e", "--env", action="append", default=[], metavar="K=V")
    run.add_argument("--entrypoint", default=None)
    run.add_argument("-u", "--user", default=None)
    run.add_argument("-w", "--workdir", default=None)
    run.add_argument("--timeout", type=float, default=None, help="stop the container after this many seconds")
    run.add_argument("reference", metavar="NAME:TAG")
    run.add_argument("cmd", nargs=argparse.REMAINDER)
    run.set_defaults(handler="stagebuild.worker.run_command:main")

    ins = sub.add_parser("inspect", help="sizes per layer and stage, and the ELF loader check")
    ins.add_argument("reference", metavar="NAME:TAG")
    ins.add_argument("--json", action="store_true")
    ins.add_argument("--all", action="store_true", help="check every ELF file, not just the entrypoint")
    ins.set_defaults(handler="stagebuild.inspect.command:main")

    push = sub.add_parser("push", help="push an image to a registry")
    push.add_argument("reference", metavar="HOST/REPO:TAG")
    push.add_argument("--insecure-registry", action="append", default=[], metavar="HOST:PORT")
    push.set_defaults(handler="stagebuild.registry.commands:push_main")

    pull = sub.add_parser("pull", help="pull an image from a registry")
    pull.add_argument("reference", metavar="HOST/REPO:TAG|@DIGEST")
    pull.add_argument("--platform", default=None)
    pull.add_argument("--insecure-registry", action="append", default=[], metavar="HOST:PORT")
    pull.set_defaults(handler="stagebuild.registry.commands:pull_main")

    login = sub.add_parser("login", help="store credentials for a registry")
    login.add_argument("server")
    login.add_argument("-u", "--username", required=True)
    login.add_argument("-p", "--password", default=None)
    login.add_argument("--password-stdin", action="store_true")
    login.set_defaults(handler="stagebuild.registry.commands:login_main")

    debug = sub.add_parser("debug", help="front-end internals")
    dsub = debug.add_subparsers(dest="debug_command", required=True)
    ast = dsub.add_parser("ast", help="print the Dockerfile parse tree in BuildKit's dump format")
    ast.add_argument("dockerfile")
    ast.set_defaults(handler="stagebuild.dockerfile.debug:ast_main")
    exp = dsub.add_parser("expand", help="expand variables in one word")
    exp.add_argument("--env", action="append", default=[], metavar="K=V")
    exp.add_argument("word")
    exp.set_defaults(handler="stagebuild.dockerfile.debug:expand_main")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    module_name, func_name = args.handler.split(":")
    handler = getattr(importlib.import_module(module_name), func_name)
    code: int = handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
