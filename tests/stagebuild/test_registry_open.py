"""Push and pull against Debian's docker-registry without authentication, checked with skopeo.

One registry serves the whole module (xdist group ``registry-open``); each test uses its own
repositories and its own stores.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import httpx
import pytest

from stagebuild.image.content import (
    MEDIA_TYPE_DOCKER_MANIFEST,
    MEDIA_TYPE_OCI_CONFIG,
    MEDIA_TYPE_OCI_INDEX,
    canonical_json,
)
from stagebuild.image.store import ImageStore
from stagebuild.registry.client import DigestMismatchError, RegistryClient, RegistryError
from stagebuild.registry.transfer import parse_platform, pull_artifact, pull_image, push_artifact, push_image
from tests.stagebuild.registry_server import (
    LocalRegistry,
    make_image,
    requires_registry,
    run_registry,
    skopeo,
)

pytestmark = [requires_registry, pytest.mark.xdist_group("registry-open")]


class RecordingClient(RegistryClient):
    """A client that remembers the HTTP methods of its requests."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.methods: list[str] = []

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        self.methods.append(method)
        return super()._request(method, url, **kwargs)


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalRegistry]:
    with run_registry(tmp_path_factory.mktemp("registry-open")) as running:
        yield running


def test_push_is_read_by_skopeo(registry: LocalRegistry, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = make_image(store, f"{registry.host}/push/app:v1", "push")
    result = push_image(store, image, f"{registry.host}/push/app:v1")
    assert result.digest == image.digest
    assert (result.uploaded, result.mounted, result.skipped) == (3, 0, 0)

    inspected = json.loads(skopeo("inspect", "--tls-verify=false", f"docker://{registry.host}/push/app:v1"))
    assert inspected["Digest"] == image.digest
    assert inspected["Layers"] == [layer.digest for layer in image.layers]

    layout = tmp_path / "layout"
    skopeo("copy", "--src-tls-verify=false", f"docker://{registry.host}/push/app:v1", f"oci:{layout}:v1")
    index = json.loads((layout / "index.json").read_text())
    assert index["manifests"][0]["digest"] == image.digest

    again = push_image(store, image, f"{registry.host}/push/app:v1")
    assert (again.uploaded, again.skipped) == (0, 3)


def test_chunked_upload_and_cross_repository_mount(registry: LocalRegistry, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = make_image(store, "big:1", "chunked", big=True)
    first = push_image(store, image, f"{registry.host}/chunks/a:1", chunk_size=512 << 10)
    assert first.uploaded == 3
    second = push_image(store, image, f"{registry.host}/chunks/b:1")
    assert (second.uploaded, second.mounted) == (0, 3)

    big_layer = image.layers[1]
    size = store.content.size(big_layer.digest)
    with RecordingClient(registry.host, chunk_size=1 << 20) as client:
        client.upload_blob("chunks/c", big_layer.digest, size, lambda: store.content.open(big_layer.digest))
    assert client.methods.count("PATCH") == -(-size // (1 << 20)) > 1
    assert client.methods[0] == "POST" and client.methods[-1] == "PUT"

    fresh = ImageStore(tmp_path / "fresh")
    pulled = pull_image(fresh, f"{registry.host}/chunks/b:1")
    assert pulled.image.digest == image.digest
    for layer in image.layers:
        assert fresh.content.read_bytes(layer.digest) == store.content.read_bytes(layer.digest)


def test_pull_what_skopeo_pushed_as_docker_v2(registry: LocalRegistry, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = make_image(store, "source:1", "skopeo")
    push_image(store, image, f"{registry.host}/skopeo/src:1")
    layout = tmp_path / "layout"
    skopeo("copy", "--src-tls-verify=false", f"docker://{registry.host}/skopeo/src:1", f"oci:{layout}:1")
    skopeo(
        "copy",
        "--format",
        "v2s2",
        "--dest-tls-verify=false",
        f"oci:{layout}:1",
        f"docker://{registry.host}/skopeo/v2:1",
    )

    fresh = ImageStore(tmp_path / "fresh")
    result = pull_image(fresh, f"{registry.host}/skopeo/v2:1")
    assert result.image.manifest["mediaType"] == MEDIA_TYPE_DOCKER_MANIFEST
    assert result.image.diff_ids == image.diff_ids
    assert fresh.resolve(f"{registry.host}/skopeo/v2:1").digest == result.image.digest
    for layer, diff_id in zip(result.image.layers, image.diff_ids, strict=True):
        info = fresh.content.layer_info(layer.digest)
        assert info is not None and info.diff_id == diff_id

    by_digest = pull_image(
        ImageStore(tmp_path / "by-digest"), f"{registry.host}/skopeo/v2@{result.image.digest}"
    )
    assert by_digest.image.digest == result.image.digest


def test_pull_picks_the_platform_from_an_index(registry: LocalRegistry, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    amd64 = make_image(store, "multi:amd64", "amd64")
    arm64 = make_image(store, "multi:arm64", "arm64")
    repo = f"{registry.host}/multi/app"
    push_image(store, amd64, f"{repo}:amd64")
    push_image(store, arm64, f"{repo}:arm64")
    index = {
        "schemaVersion": 2,
        "mediaType": MEDIA_TYPE_OCI_INDEX,
        "manifests": [
            {**amd64.descriptor.to_dict(), "platform": {"os": "linux", "architecture": "amd64"}},
            {
                **arm64.descriptor.to_dict(),
                "platform": {"os": "linux", "architecture": "arm64", "variant": "v8"},
            },
        ],
    }
    with RegistryClient(registry.host) as client:
        client.put_manifest("multi/app", "latest", MEDIA_TYPE_OCI_INDEX, canonical_json(index))

    default = pull_image(ImageStore(tmp_path / "a"), f"{repo}:latest", platform=parse_platform("linux/amd64"))
    assert default.image.digest == amd64.digest
    arm = pull_image(ImageStore(tmp_path / "b"), f"{repo}:latest", platform=parse_platform("linux/arm64"))
    assert arm.image.digest == arm64.digest
    with pytest.raises(RegistryError, match=r"no image for platform linux/s390x \(available: linux/amd64, "):
        pull_image(ImageStore(tmp_path / "c"), f"{repo}:latest", platform=parse_platform("linux/s390x"))


def test_corrupted_blob_is_refused(registry: LocalRegistry, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = make_image(store, "corrupt:1", "corrupt")
    push_image(store, image, f"{registry.host}/corrupt/app:1")
    tampered = image.layers[1]
    blob = registry.blob_file(tampered.digest)
    data = bytearray(blob.read_bytes())
    data[len(data) // 2] ^= 0xFF
    blob.write_bytes(bytes(data))

    fresh = ImageStore(tmp_path / "fresh")
    with pytest.raises(DigestMismatchError, match=rf"{tampered.digest}.*tampered"):
        pull_image(fresh, f"{registry.host}/corrupt/app:1")
    assert not fresh.content.has(tampered.digest)
    assert list(fresh.content.ingest_dir.iterdir()) == []
    assert "corrupt/app" not in json.dumps(fresh.refs())

    grown = (
        image.config_descriptor
    )  # unique to this test: the registry's blobs are shared by all repositories
    with registry.blob_file(grown.digest).open("ab") as blob_file:
        blob_file.write(b"\0" * (4 << 20))
    with pytest.raises(DigestMismatchError, match=rf"{grown.digest}.*more than the {grown.size} bytes"):
        pull_image(ImageStore(tmp_path / "fresh2"), f"{registry.host}/corrupt/app:1")


def test_push_and_pull_commands(registry: LocalRegistry, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    ref = f"{registry.host}/cli/app:1"
    image = make_image(store, ref, "cli")

    def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "stagebuild", "--root", str(root), *args], capture_output=True, text=True
        )

    pushed = cli(store.root, "push", ref)
    assert pushed.returncode == 0, pushed.stderr
    assert f"1: digest: {image.digest}" in pushed.stdout
    pulled = cli(tmp_path / "other", "pull", ref)
    assert pulled.returncode == 0, pulled.stderr
    assert ImageStore(tmp_path / "other").resolve(ref).digest == image.digest
    missing = cli(tmp_path / "other", "pull", f"{registry.host}/cli/nothing:1")
    assert missing.returncode == 1 and "MANIFEST_UNKNOWN" in missing.stderr


def test_layer_not_matching_the_configs_diff_id_is_refused(registry: LocalRegistry, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = make_image(store, "lying:1", "lying")
    config = image.editable_config()
    config["rootfs"]["diff_ids"][1] = "sha256:" + "0" * 64
    config_desc = store.content.put_json(MEDIA_TYPE_OCI_CONFIG, config)
    manifest = {**image.manifest, "config": config_desc.to_dict()}
    data = canonical_json(manifest)
    with RegistryClient(registry.host) as client:
        for blob in (*image.layers, config_desc):

            def open_blob(digest: str = blob.digest) -> BinaryIO:
                return store.content.open(digest)

            client.upload_blob("lying/app", blob.digest, store.content.size(blob.digest), open_blob)
        client.put_manifest("lying/app", "1", manifest["mediaType"], data)

    fresh = ImageStore(tmp_path / "fresh")
    with pytest.raises(
        DigestMismatchError, match=r"uncompresses to .* but the image config says sha256:0000"
    ):
        pull_image(fresh, f"{registry.host}/lying/app:1")
    assert not fresh.content.has(image.layers[1].digest)


def test_artifact_round_trip_carries_blobs_and_config(registry: LocalRegistry, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = make_image(store, "cache:1", "cache")
    records = json.dumps({"records": [layer.digest for layer in image.layers]}).encode()
    pushed = push_artifact(
        store,
        f"{registry.host}/cache/app:buildcache",
        config_media_type="application/vnd.stagebuild.cache.v1+json",
        config=records,
        blobs=image.layers,
        annotations={"org.stagebuild.cache": "test"},
    )
    assert pushed.uploaded == 3

    fresh = ImageStore(tmp_path / "fresh")
    artifact = pull_artifact(fresh, f"{registry.host}/cache/app:buildcache")
    assert artifact.digest == pushed.digest
    assert artifact.config == records and artifact.annotations == {"org.stagebuild.cache": "test"}
    assert artifact.blobs == image.layers
    for layer, diff_id in zip(image.layers, image.diff_ids, strict=True):
        info = fresh.content.layer_info(layer.digest)
        assert info is not None and info.diff_id == diff_id
