"""Symbolic and hard links survive RUN, COPY from the context and COPY --from."""

from __future__ import annotations

import os
from pathlib import Path

from tests.stagebuild.conftest import (
    BUSYBOX_REF,
    StagebuildRunner,
    export_oci,
    requires_runc,
    umoci_unpack,
    write_context,
)

pytestmark = [requires_runc()]


def test_links_are_preserved(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(
        tmp_path / "ctx",
        {
            "Dockerfile": f"""\
FROM {BUSYBOX_REF} AS maker
RUN mkdir /data && echo payload > /data/file && ln -s file /data/rel && ln -s /data/file /data/abs \\
 && ln /data/file /data/hard

FROM {BUSYBOX_REF}
COPY --from=maker /data /copied
COPY tree /tree
RUN ln -s /tree/a.txt /run-link && ln /tree/a.txt /run-hard
""",
            "tree/a.txt": "a\n",
        },
    )
    os.symlink("a.txt", ctx / "tree" / "link-to-a")
    rootfs = umoci_unpack(export_oci(stagebuild, ctx, tmp_path / "oci"), tmp_path / "bundle")

    assert os.readlink(rootfs / "copied" / "rel") == "file"
    assert os.readlink(rootfs / "copied" / "abs") == "/data/file"
    assert (rootfs / "copied" / "hard").stat().st_ino == (rootfs / "copied" / "file").stat().st_ino
    assert (rootfs / "copied" / "hard").stat().st_nlink == 2

    assert os.readlink(rootfs / "tree" / "link-to-a") == "a.txt"
    assert os.readlink(rootfs / "run-link") == "/tree/a.txt"
    assert (rootfs / "run-hard").read_text() == "a\n"
    assert (rootfs / "run-hard").stat().st_nlink == 2
    assert (rootfs / "bin" / "sh").is_symlink()
