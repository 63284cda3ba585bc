"""Here-documents in a build: ``RUN <<EOF`` runs its body in the shell, ``COPY <<EOF`` writes it
as a file (expanded unless the delimiter is quoted), a ``#!`` heredoc runs as a script, and ADD
unpacks a local tar archive."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

from tests.stagebuild.conftest import (
    BUSYBOX_REF,
    StagebuildRunner,
    export_oci,
    requires_runc,
    skopeo_inspect,
    umoci_unpack,
    write_context,
)

pytestmark = [requires_runc()]


def test_heredocs_and_add_archive(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(
        tmp_path / "ctx",
        {
            "Dockerfile": f"""\
FROM {BUSYBOX_REF}
ARG WHO=builder
RUN <<EOF
echo "first line" > /run.txt
echo "second line by $WHO" >> /run.txt
EOF
COPY <<EOF /etc/greeting
hello $WHO
EOF
COPY <<'EOF' /etc/literal
hello $WHO
EOF
ADD bundle.tar.gz /opt/
RUN <<SCRIPT
#!/bin/sh
echo "run as a script: $0" > /script.txt
SCRIPT
""",
        },
    )
    data = b"packed\n"
    with tarfile.open(ctx / "bundle.tar.gz", "w:gz") as tar:
        info = tarfile.TarInfo("pkg/file.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))

    rootfs = umoci_unpack(
        export_oci(stagebuild, ctx, tmp_path / "oci", "--build-arg", "WHO=ci"), tmp_path / "b"
    )
    assert (rootfs / "run.txt").read_text() == "first line\nsecond line by ci\n"
    assert (rootfs / "etc" / "greeting").read_text() == "hello ci\n"
    assert (rootfs / "etc" / "literal").read_text() == "hello $WHO\n"
    assert (rootfs / "opt" / "pkg" / "file.txt").read_text() == "packed\n"
    assert not (rootfs / "opt" / "bundle.tar.gz").exists()
    assert (rootfs / "script.txt").read_text() == "run as a script: /dev/pipes/SCRIPT\n"
    assert not (rootfs / "dev").exists()
    history = json.loads(skopeo_inspect(tmp_path / "oci", "--config"))["history"]
    assert history[-1]["created_by"] == "RUN |1 WHO=ci /bin/sh -c /dev/pipes/SCRIPT # buildkit"
