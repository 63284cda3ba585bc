"""docker-archive exports (``stagebuild save``, ``--output type=docker``): the layout ``docker load``
reads, checked entry by entry and with the real skopeo."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from stagebuild.export.docker import write_docker_archive
from stagebuild.export.outputs import export_image, parse_output
from stagebuild.image.content import ContentError
from stagebuild.image.layers import write_layer
from stagebuild.image.store import Image, ImageStore, add_history, new_config

needs_skopeo = pytest.mark.skipif(shutil.which("skopeo") is None, reason="needs skopeo")


def small_image(tmp_path: Path, store: ImageStore) -> Image:
    layers = []
    config = new_config()
    for name in ("first", "second"):
        upper = tmp_path / name
        (upper / name).mkdir(parents=True)
        (upper / name / "file.txt").write_text(f"{name}\n" * 1000)
        layers.append(write_layer(upper, store.content))
        add_history(config, created_by=f"COPY {name} /{name} # buildkit")
    config["config"]["Cmd"] = ["cat", "/first/file.txt"]
    return store.commit_image(config, layers)


def read_archive(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]


def test_archive_layout_matches_docker_save(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = small_image(tmp_path, store)
    archive = export_image(image, store, parse_output(f"type=docker,dest={tmp_path / 'out.tar'},name=app:1"))
    files = read_archive(archive)

    manifest = json.loads(files["manifest.json"])
    assert manifest == [
        {
            "Config": image.id[7:] + ".json",
            "RepoTags": ["app:1"],
            "Layers": [d[7:] + "/layer.tar" for d in image.diff_ids],
        }
    ]
    config_bytes = files[manifest[0]["Config"]]
    assert "sha256:" + hashlib.sha256(config_bytes).hexdigest() == image.id
    for diff_id, layer_path in zip(image.diff_ids, manifest[0]["Layers"], strict=True):
        assert "sha256:" + hashlib.sha256(files[layer_path]).hexdigest() == diff_id
    assert json.loads(files["repositories"]) == {"app": {"1": image.diff_ids[-1][7:]}}
    with tarfile.open(archive) as tar:
        assert all(m.uid == 0 and m.gid == 0 and m.mtime == 0 for m in tar.getmembers())


@needs_skopeo
def test_skopeo_reads_the_archive(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = small_image(tmp_path, store)
    archive = tmp_path / "out.tar"
    write_docker_archive(image, store.content, archive, names=["127.0.0.1:5000/team/app:2"])

    def inspect(*flags: str) -> dict:
        cmd = ["skopeo", "inspect", *flags, f"docker-archive:{archive}"]
        return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)

    assert inspect("--config")["rootfs"]["diff_ids"] == image.diff_ids
    assert inspect("--config")["config"]["Cmd"] == ["cat", "/first/file.txt"]
    assert inspect()["RepoTags"] == []  # skopeo lists registry tags only; the name lives in manifest.json
    assert inspect()["Layers"] == image.diff_ids  # uncompressed layers are named by their diff_ids


def test_layer_sizes_are_measured_when_unknown_and_corruption_is_caught(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = small_image(tmp_path, store)
    for path in store.content.info_dir.iterdir():
        path.unlink()
    write_docker_archive(image, store.content, tmp_path / "measured.tar")
    assert all(store.content.layer_info(d.digest) is not None for d in image.layers)

    victim = store.content.path(image.layers[0].digest)
    victim.chmod(0o644)
    victim.write_bytes(gzip.compress(b"\0" * len(gzip.decompress(victim.read_bytes())), mtime=0))
    with pytest.raises(ContentError, match="does not match its diff_id"):
        write_docker_archive(image, store.content, tmp_path / "corrupt.tar")
    assert not (tmp_path / "corrupt.tar").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@needs_skopeo
@pytest.mark.skipif(shutil.which("umoci") is None or os.geteuid() != 0, reason="needs umoci and root")
def test_skopeo_copies_the_archive_into_a_layout_umoci_unpacks(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = small_image(tmp_path, store)
    archive = tmp_path / "out.tar"
    write_docker_archive(image, store.content, archive, names=["app:1"])
    layout = tmp_path / "layout"
    subprocess.run(
        ["skopeo", "copy", f"docker-archive:{archive}", f"oci:{layout}:copied"],
        check=True,
        capture_output=True,
    )
    bundle = tmp_path / "bundle"
    subprocess.run(
        ["umoci", "unpack", "--image", f"{layout}:copied", str(bundle)], check=True, capture_output=True
    )
    assert (bundle / "rootfs" / "second" / "file.txt").read_text() == "second\n" * 1000
    assert (bundle / "rootfs" / "first" / "file.txt").read_text() == "first\n" * 1000
