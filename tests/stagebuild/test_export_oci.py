"""OCI image layout exports (directory and tar) read back by the real skopeo and umoci."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import tarfile
from pathlib import Path

import pytest

from stagebuild.export.oci import ANNOTATION_IMAGE_NAME, ANNOTATION_REF_NAME
from stagebuild.export.outputs import OutputSpecError, export_image, parse_output
from stagebuild.image.content import (
    MEDIA_TYPE_DOCKER_CONFIG,
    MEDIA_TYPE_DOCKER_LAYER_GZIP,
    MEDIA_TYPE_DOCKER_MANIFEST,
)
from stagebuild.image.layers import write_layer
from stagebuild.image.store import Image, ImageStore, add_history, new_config

pytestmark = [
    pytest.mark.skipif(
        shutil.which("skopeo") is None or shutil.which("umoci") is None, reason="needs skopeo, umoci"
    ),
    pytest.mark.skipif(os.geteuid() != 0, reason="needs root (whiteout device nodes, umoci unpack)"),
]


def two_layer_image(tmp_path: Path, store: ImageStore) -> Image:
    """A base layer, then a layer that deletes a file and a directory and adds links."""
    base = tmp_path / "base"
    (base / "etc" / "old.d").mkdir(parents=True)
    (base / "etc" / "old.d" / "x.conf").write_text("x")
    (base / "etc" / "gone.txt").write_text("gone")
    (base / "etc" / "kept.txt").write_text("kept")
    upper = tmp_path / "upper"
    (upper / "etc").mkdir(parents=True)
    os.mknod(upper / "etc" / "gone.txt", stat.S_IFCHR, os.makedev(0, 0))
    os.mknod(upper / "etc" / "old.d", stat.S_IFCHR, os.makedev(0, 0))
    (upper / "app").mkdir()
    (upper / "app" / "data").write_text("payload\n")
    os.link(upper / "app" / "data", upper / "app" / "data-link")
    os.symlink("/app/data", upper / "app" / "data-symlink")
    config = new_config()
    config["config"].update({"Entrypoint": ["/app/data"], "Labels": {"a": "b"}})
    add_history(config, created_by="COPY base / # buildkit")
    add_history(config, created_by="RUN rm /etc/gone.txt # buildkit")
    return store.commit_image(config, [write_layer(base, store.content), write_layer(upper, store.content)])


def skopeo(*args: str) -> dict:
    out = subprocess.run(["skopeo", "inspect", *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def test_oci_directory_is_read_by_skopeo_and_umoci(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = two_layer_image(tmp_path, store)
    layout = export_image(image, store, parse_output(f"type=oci,dest={tmp_path / 'layout'},name=app:v2"))

    index = json.loads((layout / "index.json").read_text())
    assert index["manifests"][0]["annotations"] == {
        ANNOTATION_REF_NAME: "v2",
        ANNOTATION_IMAGE_NAME: "docker.io/library/app:v2",
    }
    assert json.loads((layout / "oci-layout").read_text()) == {"imageLayoutVersion": "1.0.0"}
    info = skopeo(f"oci:{layout}:v2")
    assert info["Digest"] == image.digest
    assert info["Layers"] == [d.digest for d in image.layers]
    config = skopeo("--config", f"oci:{layout}:v2")
    assert config["config"]["Entrypoint"] == ["/app/data"] and config["config"]["Labels"] == {"a": "b"}
    assert config["rootfs"]["diff_ids"] == image.diff_ids

    bundle = tmp_path / "bundle"
    subprocess.run(
        ["umoci", "unpack", "--image", f"{layout}:v2", str(bundle)], check=True, capture_output=True
    )
    rootfs = bundle / "rootfs"
    assert (rootfs / "etc" / "kept.txt").read_text() == "kept"
    assert not (rootfs / "etc" / "gone.txt").exists() and not (rootfs / "etc" / "old.d").exists()
    assert (rootfs / "app" / "data").read_text() == "payload\n"
    assert os.stat(rootfs / "app" / "data").st_ino == os.stat(rootfs / "app" / "data-link").st_ino
    assert os.readlink(rootfs / "app" / "data-symlink") == "/app/data"


def test_oci_tar_is_read_by_skopeo(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = two_layer_image(tmp_path, store)
    archive = export_image(image, store, parse_output(f"type=oci,dest={tmp_path / 'image.tar'}"))
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert {"oci-layout", "index.json", f"blobs/sha256/{image.digest[7:]}"} <= set(names)
    assert skopeo(f"oci-archive:{archive}:latest")["Digest"] == image.digest
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_exporting_over_an_old_layout_replaces_it_but_never_a_user_directory(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = two_layer_image(tmp_path, store)
    layout = tmp_path / "layout"
    (layout / "blobs").mkdir(parents=True)
    (layout / "oci-layout").write_text("{}")
    (layout / "stale").write_text("old export")
    export_image(image, store, parse_output(f"type=oci,dest={layout},tar=false"))
    assert sorted(p.name for p in layout.iterdir()) == ["blobs", "index.json", "oci-layout"]

    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="refusing to replace"):
        export_image(image, store, parse_output(f"type=oci,dest={precious}"))
    assert sorted(p.name for p in precious.iterdir()) == ["notes.txt"]


def test_local_output_writes_the_filesystem_beside_other_files(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = two_layer_image(tmp_path, store)
    out = tmp_path / "out"
    (out / "etc").mkdir(parents=True)
    (out / "etc" / "stale.txt").write_text("replaced with the image's etc")
    (out / "notes.txt").write_text("mine")
    export_image(image, store, parse_output(str(out)))
    assert sorted(p.name for p in out.iterdir()) == ["app", "etc", "notes.txt"]
    assert sorted(p.name for p in (out / "etc").iterdir()) == ["kept.txt"]
    assert os.stat(out / "app" / "data").st_ino == os.stat(out / "app" / "data-link").st_ino


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("type=oci", "needs dest="),
        ("dest=out", "missing type="),
        ("type=zip,dest=x", "unknown type 'zip'"),
        ("type=oci,dest=x,tar=maybe", "not true or false"),
        ("type=oci,dest=x,name=Bad", "must be lowercase"),
        ("type=oci,dest=x,dest=y", "dest given twice"),
        ("type=oci,oops", "is not key=value"),
    ],
)
def test_bad_output_specs_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_output(text)


def test_output_spec_forms() -> None:
    spec = parse_output('type=docker,dest=a.tar,"name=x:1,y:2",name=z')
    assert (spec.type, str(spec.dest), spec.names) == ("docker", "a.tar", ("x:1", "y:2", "z"))
    assert parse_output("type=oci,dest=out.tar").as_tar
    assert not parse_output("type=oci,dest=out").as_tar
    assert parse_output("type=oci,dest=out,tar=true").as_tar
    assert parse_output("outdir").type == "local"
    assert parse_output("type=registry,name=127.0.0.1:5000/a:b,push=true").attrs == {"push": "true"}
    with pytest.raises(OutputSpecError):
        parse_output("")


def test_a_docker_schema2_image_is_exported_with_an_oci_manifest(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    oci = two_layer_image(tmp_path, store)
    docker_manifest = {
        "schemaVersion": 2,
        "mediaType": MEDIA_TYPE_DOCKER_MANIFEST,
        "config": {**oci.manifest["config"], "mediaType": MEDIA_TYPE_DOCKER_CONFIG},
        "layers": [{**layer, "mediaType": MEDIA_TYPE_DOCKER_LAYER_GZIP} for layer in oci.manifest["layers"]],
    }
    pulled = store.get(store.content.put_json(MEDIA_TYPE_DOCKER_MANIFEST, docker_manifest).digest)
    layout = export_image(pulled, store, parse_output(f"type=oci,dest={tmp_path / 'layout'}"))
    info = skopeo(f"oci:{layout}:latest")
    assert info["Digest"] == oci.digest  # the same OCI manifest the store would write
    bundle = tmp_path / "bundle"
    subprocess.run(
        ["umoci", "unpack", "--image", f"{layout}:latest", str(bundle)], check=True, capture_output=True
    )
    assert (bundle / "rootfs" / "app" / "data").read_text() == "payload\n"
