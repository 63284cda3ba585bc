"""The ELF loader check applied to a stored image: unpack its layers, check its executables.

This is what ``stagebuild build`` runs on the final image (a warning, or an error with
``--check=error``) and what ``stagebuild inspect`` shows:

    >>> reports = check_image(store, image)                  # the ENTRYPOINT/CMD executable
    >>> reports = check_image(store, image, every_executable=True)
    >>> [r.explanation() for r in reports if not r.ok]
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from stagebuild.image.layers import apply_layer
from stagebuild.image.store import Image, ImageStore
from stagebuild.inspect.elf import ElfReport, ImageChecker, check_entrypoint, image_env


@contextlib.contextmanager
def unpacked_rootfs(store: ImageStore, image: Image, *, name: str | None = None) -> Iterator[Path]:
    """The image's root filesystem in a temporary directory, removed when the block ends."""
    with tempfile.TemporaryDirectory(prefix="stagebuild-inspect-") as tmp:
        rootfs = Path(tmp) / "rootfs"
        rootfs.mkdir()
        for layer in image.layer_list(store.content):
            apply_layer(store.content, layer, rootfs, image=name or image.digest)
        yield rootfs


def check_rootfs(rootfs: Path, image: Image, *, every_executable: bool = False) -> list[ElfReport]:
    """Check an already unpacked image: its entrypoint, or every ELF executable in it."""
    if every_executable:
        checker = ImageChecker(rootfs, image_env(image.config), architecture=image.platform.architecture)
        return [checker.check(path) for path in checker.executables()]
    report = check_entrypoint(rootfs, image.config)
    return [report] if report is not None else []


def check_image(store: ImageStore, image: Image, *, every_executable: bool = False) -> list[ElfReport]:
    """Unpack ``image`` and check its entrypoint (or every ELF executable); [] when it has no command."""
    with unpacked_rootfs(store, image) as rootfs:
        return check_rootfs(rootfs, image, every_executable=every_executable)
