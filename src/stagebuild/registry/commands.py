"""``stagebuild push``, ``pull`` and ``login``: the registry sub-commands of the CLI."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from stagebuild.image.content import ContentError
from stagebuild.image.reference import InvalidReferenceError, parse_reference
from stagebuild.image.store import ImageNotFoundError, ImageStore
from stagebuild.registry.auth import AuthError, Credentials, store_credentials
from stagebuild.registry.client import RegistryClient, RegistryError
from stagebuild.registry.transfer import parse_platform, pull_image, push_image
from stagebuild.store import default_root

_FAILURES = (RegistryError, AuthError, ContentError, InvalidReferenceError, ImageNotFoundError, ValueError)


def _store(args: argparse.Namespace) -> ImageStore:
    return ImageStore(Path(args.root) if args.root else default_root())


def _fail(command: str, exc: Exception) -> int:
    print(f"stagebuild {command}: {exc}", file=sys.stderr)
    return 1


def push_main(args: argparse.Namespace) -> int:
    try:
        store = _store(args)
        image = store.resolve(args.reference)
        push_image(
            store,
            image,
            parse_reference(args.reference),
            insecure_registries=args.insecure_registry,
            progress=print,
        )
    except _FAILURES as exc:
        return _fail("push", exc)
    return 0


def pull_main(args: argparse.Namespace) -> int:
    try:
        result = pull_image(
            _store(args),
            args.reference,
            platform=parse_platform(args.platform),
            insecure_registries=args.insecure_registry,
            progress=print,
        )
    except _FAILURES as exc:
        return _fail("pull", exc)
    print(result.reference.canonical())
    return 0


def login_main(args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif args.password is not None:
        password = args.password
    else:
        password = getpass.getpass("Password: ")
    credentials = Credentials(args.username, password)
    server = args.server.removeprefix("https://").removeprefix("http://").rstrip("/")
    try:
        with RegistryClient(server, credentials=credentials) as client:
            client.ping()
        path = store_credentials(server, credentials)
    except (RegistryError, AuthError) as exc:
        return _fail("login", exc)
    print(f"Login Succeeded (credentials stored in {path})")
    return 0
