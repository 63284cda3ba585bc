"""``stagebuild save NAME:TAG -o FILE.tar``: write an image as a docker-archive tar (``docker save``)."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from stagebuild.export.docker import write_docker_archive
from stagebuild.image.commands import USER_ERRORS, fail, open_store
from stagebuild.image.reference import InvalidReferenceError, parse_reference


def save_main(args: argparse.Namespace) -> int:
    try:
        store = open_store(args)
        image = store.resolve(args.reference)
        names: list[str] = []
        with contextlib.suppress(InvalidReferenceError):  # an image ID saves the image untagged
            ref = parse_reference(args.reference)
            if ref.canonical() in store.refs():
                names.append(str(ref))
        write_docker_archive(image, store.content, Path(args.output), names=names)
    except USER_ERRORS as exc:
        return fail(exc)
    return 0
