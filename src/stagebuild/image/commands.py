"""``stagebuild import``, ``images``, ``rmi``, ``tag`` and ``prune``: the store's sub-commands.

Each handler takes the parsed arguments from :mod:`stagebuild.cli`, prints what ``docker`` would
print, and returns the exit status; errors are one line on stderr and status 1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from datetime import datetime
from pathlib import Path

from stagebuild.image.content import ContentError, LayerError, Platform, StoreBusyError
from stagebuild.image.layers import write_layer_from_tar
from stagebuild.image.reference import InvalidReferenceError, is_image_id, parse_reference
from stagebuild.image.store import ImageNotFoundError, ImageStore, add_history, build_timestamp
from stagebuild.store import default_root

USER_ERRORS = (ContentError, LayerError, InvalidReferenceError, ImageNotFoundError, StoreBusyError, OSError)


def open_store(args: argparse.Namespace) -> ImageStore:
    """The image store the command line names (``--root``), else the default one."""
    root = getattr(args, "root", None)
    return ImageStore(Path(root) if root else default_root())


def source_date_epoch_from_env() -> int | None:
    """``SOURCE_DATE_EPOCH`` from the environment, checked (reproducible-builds.org's convention)."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    if not value.isdigit():
        raise ValueError(f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds")
    return int(value)


def fail(message: object) -> int:
    """Print one error line on stderr; returns the exit status 1."""
    print(f"stagebuild: error: {message}", file=sys.stderr)
    return 1


def import_main(args: argparse.Namespace) -> int:
    """``stagebuild import ROOTFS.tar|- NAME:TAG``: one layer from a root filesystem tarball."""
    try:
        ref = parse_reference(args.reference)
        epoch = source_date_epoch_from_env()
        store = open_store(args)
        from_stdin = args.tarball == "-"
        source = "-" if from_stdin else Path(args.tarball).name
        with contextlib.ExitStack() as stack:
            stack.enter_context(store.content.lease())
            stream = sys.stdin.buffer if from_stdin else stack.enter_context(open(args.tarball, "rb"))
            layer = write_layer_from_tar(
                stream,  # type: ignore[arg-type]
                store.content,
                source=args.tarball,
                source_date_epoch=epoch,
            )
            created = build_timestamp(epoch)
            platform = Platform.host()
            config = {
                "architecture": platform.architecture,
                "os": platform.os,
                "created": created,
                "config": {},
            }
            add_history(config, created_by="", comment=f"Imported from {source}", created=created)
            image = store.commit_image(config, [layer])
            store.tag(image, ref)
    except (*USER_ERRORS, ValueError) as exc:
        return fail(exc)
    print(image.id)
    return 0


def images_main(args: argparse.Namespace) -> int:
    """``stagebuild images``: a table like ``docker images``."""
    try:
        store = open_store(args)
        listing = store.list_images()
    except USER_ERRORS as exc:
        return fail(exc)
    listing.sort(key=lambda item: parse_timestamp(item[1].created) or 0.0, reverse=True)  # newest first
    if args.quiet:
        seen: list[str] = []
        for _ref, image in listing:
            if image.id not in seen:
                seen.append(image.id)
                print(short_id(image.id))
        return 0
    rows = [["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"]]
    now = time.time()
    for ref, image in listing:
        rows.append(
            [
                ref.familiar_name,
                ref.tag or "<none>",
                short_id(image.id),
                human_age(image.created, now),
                human_size(store.image_size(image)),
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("   ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return 0


def rmi_main(args: argparse.Namespace) -> int:
    """``stagebuild rmi REF…``: remove tags (by name, or every tag of an image ID); blobs go at prune."""
    store = open_store(args)
    status = 0
    for text in args.references:
        try:
            names = _tags_for(store, text)
            for name in names:
                store.untag(name)
                print(f"Untagged: {parse_reference(name)}")
        except USER_ERRORS as exc:
            status = fail(exc)
    return status


def _tags_for(store: ImageStore, text: str) -> list[str]:
    try:
        canonical = parse_reference(text).canonical()
        if canonical in store.refs():
            return [canonical]
    except InvalidReferenceError:
        if not is_image_id(text):
            raise
    if is_image_id(text):
        image = store.resolve(text)
        return [name for name, digest in store.refs().items() if digest == image.digest]
    raise ImageNotFoundError(f"no such image: {text}")


def tag_main(args: argparse.Namespace) -> int:
    """``stagebuild tag SOURCE TARGET``."""
    try:
        store = open_store(args)
        store.tag(store.resolve(args.source), args.target)
    except USER_ERRORS as exc:
        return fail(exc)
    return 0


def prune_main(args: argparse.Namespace) -> int:
    """``stagebuild prune [-a]``: unreferenced blobs and snapshots; with ``-a`` the build cache too."""
    try:
        report = open_store(args).prune(include_cache=args.all)
    except USER_ERRORS as exc:
        return fail(exc)
    print(f"Deleted blobs: {report.blobs_removed}, snapshots: {report.snapshots_removed}")
    if report.cache_removed:
        print("Deleted build cache")
    print(f"Total reclaimed space: {human_size(report.bytes_freed)}")
    return 0


def short_id(image_id: str) -> str:
    return image_id.removeprefix("sha256:")[:12]


def human_size(size: float) -> str:
    """Decimal units with three significant digits, as ``docker images`` prints them (``4.26MB``)."""
    units = ["B", "kB", "MB", "GB", "TB"]
    while size >= 1000 and len(units) > 1:
        size /= 1000
        units.pop(0)
    return f"{int(size)}B" if units[0] == "B" else f"{size:.3g}{units[0]}"


def parse_timestamp(text: str | None) -> float | None:
    """Seconds since the epoch from an RFC 3339 timestamp (``None`` when absent or malformed)."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def human_age(created: str | None, now: float) -> str:
    """``5 minutes ago`` from an RFC 3339 timestamp, in the words ``docker images`` uses."""
    then = parse_timestamp(created)
    if then is None:
        return "N/A"
    return _human_duration(max(0.0, now - then)) + " ago"


def _human_duration(seconds: float) -> str:
    minutes, hours, days = seconds / 60, round(seconds / 3600), seconds / 86400
    if seconds < 1:
        return "Less than a second"
    if seconds < 60:
        return "1 second" if int(seconds) == 1 else f"{int(seconds)} seconds"
    if minutes < 60:
        return "About a minute" if int(minutes) == 1 else f"{int(minutes)} minutes"
    if hours < 48:
        return "About an hour" if hours == 1 else f"{hours} hours"
    if days < 14:
        return f"{int(days)} days"
    if days < 90:
        return f"{int(days / 7)} weeks"
    if days < 730:
        return f"{int(days / 30)} months"
    return f"{int(days / 365)} years"
