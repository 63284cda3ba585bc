"""``stagebuild inspect``: layer sizes with their instructions, stage summary, largest files, ELF check.

The image is the article's broken one, made through the image store API: a musl base layer
(busybox-static plus Debian's musl) and a layer holding a glibc-linked binary (the host's
``/bin/true``) as ``/root/myhttpserver``, annotated the way the solver records stages.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest

from stagebuild.image.layers import Layer, write_layer_from_tar
from stagebuild.image.store import Image, ImageStore, add_history, new_config
from stagebuild.inspect.stageinfo import StageRecord, layer_annotations, manifest_annotations
from tests.stagebuild.conftest import StagebuildRunner, requires_runc, write_context

BUSYBOX = Path("/bin/busybox")
MUSL_LIBC = Path("/lib/x86_64-linux-musl/libc.so")

pytestmark = pytest.mark.skipif(
    not (BUSYBOX.exists() and MUSL_LIBC.exists()), reason="needs Debian's busybox-static and musl"
)


def _layer(store: ImageStore, entries: list[tuple[str, bytes | str, int]]) -> Layer:
    """A layer from (path, content or symlink target, mode) entries; mode 0 makes a symlink."""
    with tempfile.TemporaryFile() as buffer:
        with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for name, content, mode in entries:
                info = tarfile.TarInfo(name)
                if mode == 0:
                    info.type, info.linkname = tarfile.SYMTYPE, str(content)
                    tar.addfile(info)
                else:
                    data = content if isinstance(content, bytes) else content.encode()
                    info.size, info.mode = len(data), mode
                    tar.addfile(info, io.BytesIO(data))
        buffer.seek(0)
        with open(buffer.fileno(), "rb", closefd=False) as reader:  # a BufferedReader, as the API wants
            return write_layer_from_tar(reader, store.content, source="test layer")


def _article_image(store: ImageStore, *, with_stages: bool) -> Image:
    base = _layer(
        store,
        [
            ("bin/busybox", BUSYBOX.read_bytes(), 0o755),
            ("bin/sh", "busybox", 0),
            ("lib/x86_64-linux-musl/libc.so", MUSL_LIBC.read_bytes(), 0o755),
            ("lib/ld-musl-x86_64.so.1", "x86_64-linux-musl/libc.so", 0),
        ],
    )
    app = _layer(store, [("root/myhttpserver", Path("/bin/true").read_bytes(), 0o755)])
    config = new_config()
    config["config"]["Entrypoint"] = ["/root/myhttpserver"]
    add_history(config, created_by="ADD musl-rootfs.tar / # import")
    add_history(config, created_by="WORKDIR /root", empty_layer=True)
    add_history(config, created_by="COPY /go/src/myhttpserver . # buildkit")
    annotations = None
    layers = [base, app]
    if with_stages:
        app = Layer(
            app.descriptor.with_annotations(layer_annotations("1", copied_from="builder")), app.diff_id
        )
        layers = [base, app]
        stages = [StageRecord("builder", 700_000_000, 5, base="golang:1.19"), StageRecord("1", 0, 2)]
        annotations = manifest_annotations(stages, base="musl:test")
    image = store.commit_image(config, layers, annotations=annotations)
    store.tag(image, "article:musl")
    return image


def _inspect(store: ImageStore, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stagebuild", "--root", str(store.root), "inspect", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_json_report(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = _article_image(store, with_stages=True)
    # Forget the recorded sizes: inspect must measure them from the blobs.
    for info in store.content.info_dir.iterdir():
        info.unlink()
    result = _inspect(store, "article:musl", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["digest"] == image.digest
    assert report["config"]["Entrypoint"] == ["/root/myhttpserver"]

    layers = report["layers"]
    assert [layer["created_by"] for layer in layers] == [
        "ADD musl-rootfs.tar / # import",
        "COPY /go/src/myhttpserver . # buildkit",
    ]
    assert [layer["compressed"] for layer in layers] == [layer.size for layer in image.layers]
    tar_size = layers[1]["uncompressed"]
    assert tar_size > Path("/bin/true").stat().st_size and tar_size % 512 == 0
    assert store.content.layer_info(image.layers[1].digest) is not None

    stages = {stage["name"]: stage for stage in report["stages"]}
    assert stages["builder"]["size"] == 700_000_000
    assert stages["builder"]["in_final"] == tar_size and stages["builder"]["layers_in_final"] == 1
    assert stages["(base image)"]["base"] == "musl:test"
    assert stages["(base image)"]["in_final"] == layers[0]["uncompressed"]

    assert report["largest_files"][0] == {"path": "/bin/busybox", "size": BUSYBOX.stat().st_size}
    (check,) = report["elf_check"]
    assert check["status"] == "missing-loader" and not check["ok"]
    assert check["libc"] == "glibc" and check["image_libcs"] == ["musl"]
    assert "CGO_ENABLED=0" in check["fix"]


def test_plain_report_and_all_executables(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    _article_image(store, with_stages=False)
    result = _inspect(store, "article:musl", "--all")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Layers:" in text and "COPY /go/src/myhttpserver . # buildkit" in text
    assert "Stages:" not in text
    assert "ok    /bin/busybox is a statically linked ELF executable" in text
    assert "FAIL  /root/myhttpserver is linked against glibc" in text
    assert "no such file or directory" in text


def test_unknown_image_is_an_error(tmp_path: Path) -> None:
    result = _inspect(ImageStore(tmp_path / "store"), "nothing:here")
    assert result.returncode == 1 and "nothing:here" in result.stderr


@requires_runc()
def test_inspect_a_built_multistage_image(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    context = write_context(
        tmp_path / "ctx",
        {
            "Dockerfile": (
                "FROM busybox:test AS builder\n"
                "COPY myhttpserver /go/src/myhttpserver\n"
                "RUN head -c 100000 /bin/busybox > /go/src/objects.bin\n"
                "FROM musl:test\n"
                "COPY --from=builder /go/src/myhttpserver /root/myhttpserver\n"
                'ENTRYPOINT ["/root/myhttpserver"]\n'
            )
        },
    )
    (context / "myhttpserver").write_bytes(Path("/bin/true").read_bytes())
    (context / "myhttpserver").chmod(0o755)
    stagebuild("build", "--progress", "plain", "-t", "article:multistage", str(context))
    report = json.loads(stagebuild("inspect", "--json", "article:multistage").stdout)

    copied = report["layers"][-1]
    assert copied["copied_from"] == "builder"
    assert copied["created_by"] == "COPY /go/src/myhttpserver /root/myhttpserver # buildkit"
    stages = {stage["name"]: stage for stage in report["stages"]}
    assert stages["builder"]["in_final"] == copied["uncompressed"]
    assert stages["builder"]["size"] > stages["builder"]["in_final"] + 100_000
    assert stages["(base image)"]["base"] == "musl:test"
    assert report["elf_check"][0]["status"] == "missing-loader"
    text = stagebuild("inspect", "article:multistage").stdout
    assert "stage-1 (from builder)" in text
