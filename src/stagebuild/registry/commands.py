"""``stagebuild push``, ``pull`` and ``login``: the registry sub-commands of the CLI."""

from __future__ import annotations

import argparse
import getpass
import sys

from stagebuild.image.commands import USER_ERRORS, fail, open_store
from stagebuild.image.reference import parse_reference
from stagebuild.registry.auth import AuthError, Credentials, store_credentials
from stagebuild.registry.client import RegistryClient, RegistryError
from stagebuild.registry.transfer import parse_platform, pull_image, push_image

_FAILURES = (*USER_ERRORS, RegistryError, AuthError, ValueError)


def push_main(args: argparse.Namespace) -> int:
    try:
        store = open_store(args)
        image = store.resolve(args.reference)
        push_image(
            store,
            image,
            parse_reference(args.reference),
            insecure_registries=args.insecure_registry,
            progress=print,
        )
    except _FAILURES as exc:
        return fail(exc)
    return 0


def pull_main(args: argparse.Namespace) -> int:
    try:
        result = pull_image(
            open_store(args),
            args.reference,
            platform=parse_platform(args.platform),
            insecure_registries=args.insecure_registry,
            progress=print,
        )
    except _FAILURES as exc:
        return fail(exc)
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
        return fail(exc)
    print(f"Login Succeeded (credentials stored in {path})")
    return 0
