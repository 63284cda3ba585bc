"""What a RUN step sees: ENV and ARG values, WORKDIR (created), USER, SHELL, and the network."""

from __future__ import annotations

import os
from pathlib import Path

from tests.stagebuild.conftest import (
    BUSYBOX_REF,
    MUSL_REF,
    StagebuildRunner,
    export_oci,
    requires_runc,
    umoci_unpack,
    write_context,
)

pytestmark = [requires_runc()]


def test_run_environment(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(
        tmp_path / "ctx",
        {
            "Dockerfile": f"""\
FROM {BUSYBOX_REF}
ARG LEVEL=3
ENV NAME=world
WORKDIR /srv/new/dir
RUN echo "$NAME $LEVEL $(pwd)" > /env.txt
USER nobody
RUN id -u > /tmp/uid
USER root
SHELL ["/bin/sh", "-ec"]
RUN echo "$0 $-" > /shell.txt
RUN ls /sys/class/net > /net-none.txt
RUN --network=host ls /sys/class/net > /net-host.txt
RUN cp /tmp/uid /uid.txt
""",
        },
    )
    rootfs = umoci_unpack(
        export_oci(stagebuild, ctx, tmp_path / "oci", "--build-arg", "LEVEL=7"), tmp_path / "b"
    )
    assert (rootfs / "env.txt").read_text() == "world 7 /srv/new/dir\n"
    assert (rootfs / "srv" / "new" / "dir").is_dir()
    assert (rootfs / "uid.txt").read_text() == "65534\n"
    assert "e" in (rootfs / "shell.txt").read_text().split()[1]
    assert (rootfs / "net-none.txt").read_text().split() == ["lo"]
    assert (rootfs / "net-host.txt").read_text().split() == sorted(os.listdir("/sys/class/net"))
    # what the runtime provides is never committed
    for provided in ("etc/hosts", "etc/resolv.conf", "proc", "sys", "dev"):
        assert not (rootfs / provided).exists(), provided


def test_copy_from_an_image(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(
        tmp_path / "ctx",
        {"Dockerfile": f"FROM scratch\nCOPY --from={MUSL_REF} /etc/ld-musl-x86_64.path /musl.path\n"},
    )
    rootfs = umoci_unpack(export_oci(stagebuild, ctx, tmp_path / "oci"), tmp_path / "b")
    assert (rootfs / "musl.path").read_text() == Path("/etc/ld-musl-x86_64.path").read_text()
