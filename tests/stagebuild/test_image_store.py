"""The image store: references, blobs written atomically, tags under a lock, configs and GC."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from stagebuild.image.content import (
    MEDIA_TYPE_OCI_CONFIG,
    MEDIA_TYPE_OCI_MANIFEST,
    ContentError,
    ContentStore,
    Descriptor,
    Platform,
    StoreBusyError,
    sha256_digest,
)
from stagebuild.image.layers import Layer, write_layer
from stagebuild.image.reference import InvalidReferenceError, parse_reference
from stagebuild.image.store import (
    BUILDKIT_COMMENT,
    DEFAULT_PATH_ENV,
    ImageNotFoundError,
    ImageStore,
    add_history,
    ensure_default_path,
    format_timestamp,
    new_config,
)

DIGEST = "sha256:" + "ab" * 32


@pytest.mark.parametrize(
    ("text", "canonical", "familiar"),
    [
        ("busybox", "docker.io/library/busybox:latest", "busybox:latest"),
        ("busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36"),
        ("library/busybox", "docker.io/library/busybox:latest", "busybox:latest"),
        ("index.docker.io/library/busybox", "docker.io/library/busybox:latest", "busybox:latest"),
        ("team/app:v1", "docker.io/team/app:v1", "team/app:v1"),
        ("127.0.0.1:5000/x/y:t", "127.0.0.1:5000/x/y:t", "127.0.0.1:5000/x/y:t"),
        ("localhost/app", "localhost/app:latest", "localhost/app:latest"),
        (
            "registry.example.com/a/b/c",
            "registry.example.com/a/b/c:latest",
            "registry.example.com/a/b/c:latest",
        ),
        (f"busybox@{DIGEST}", f"docker.io/library/busybox@{DIGEST}", f"busybox@{DIGEST}"),
        (f"busybox:1@{DIGEST}", f"docker.io/library/busybox:1@{DIGEST}", f"busybox:1@{DIGEST}"),
        (
            "localhost:5000/my_app.x-y__z",
            "localhost:5000/my_app.x-y__z:latest",
            "localhost:5000/my_app.x-y__z:latest",
        ),
    ],
)
def test_references_normalise_like_docker(text: str, canonical: str, familiar: str) -> None:
    ref = parse_reference(text)
    assert ref.canonical() == canonical
    assert str(ref) == familiar


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("Busybox", "must be lowercase"),
        ("busybox:bad tag", "bad tag"),
        ("busybox@sha256:1234", "bad digest"),
        ("a//b", "bad repository component"),
        ("-app", "bad repository component"),
        ("host:5000/", "missing repository"),
    ],
)
def test_invalid_references_are_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(InvalidReferenceError, match=message):
        parse_reference(text)


def test_blobs_are_content_addressed_and_verified(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)
    digest = store.put_bytes(b"hello")
    assert digest == sha256_digest(b"hello")
    assert store.path(digest) == tmp_path / "blobs" / "sha256" / digest[7:]
    assert store.has(digest) and store.read_bytes(digest) == b"hello"
    with store.ingest() as writer:
        writer.write(b"hel")
        writer.write(b"lo")
    assert writer.digest == digest and writer.size == 5

    wrong = "sha256:" + "0" * 64
    with pytest.raises(ContentError, match="digest mismatch"), store.ingest(expected=wrong) as writer:
        writer.write(b"other")
    assert not store.has(wrong) and not store.has(sha256_digest(b"other"))
    assert os.listdir(store.ingest_dir) == []
    with pytest.raises(ContentError, match="invalid digest"):
        store.path("md5:abc")
    with pytest.raises(ContentError, match="not found"):
        store.read_bytes(wrong)


def test_an_interrupted_ingest_leaves_no_blob(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)
    with pytest.raises(RuntimeError), store.ingest() as writer:
        writer.write(b"partial")
        raise RuntimeError("killed")
    assert list(store.digests()) == [] and os.listdir(store.ingest_dir) == []


def test_descriptor_round_trips_through_json() -> None:
    desc = Descriptor(MEDIA_TYPE_OCI_MANIFEST, DIGEST, 42, {"a": "b"}, Platform("linux", "arm", "v7"))
    data = desc.to_dict()
    assert data == {
        "mediaType": MEDIA_TYPE_OCI_MANIFEST,
        "digest": DIGEST,
        "size": 42,
        "annotations": {"a": "b"},
        "platform": {"os": "linux", "architecture": "arm", "variant": "v7"},
    }
    assert Descriptor.from_dict(data) == desc
    with pytest.raises(ContentError, match="malformed descriptor"):
        Descriptor.from_dict({"digest": DIGEST})


def _layer(tmp_path: Path, store: ImageStore, name: str, text: str) -> Layer:
    upper = tmp_path / name
    upper.mkdir()
    (upper / f"{name}.txt").write_text(text)
    return write_layer(upper, store.content)


def test_commit_resolve_tag_untag(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    layer = _layer(tmp_path, store, "one", "1")
    config = new_config()
    config["config"]["Entrypoint"] = ["/one.txt"]
    add_history(
        config, created_by="COPY one.txt / # buildkit", comment=BUILDKIT_COMMENT, created=format_timestamp(0)
    )
    add_history(config, created_by='ENTRYPOINT ["/one.txt"]', empty_layer=True, created=format_timestamp(0))
    image = store.commit_image(config, [layer])

    assert image.manifest["mediaType"] == MEDIA_TYPE_OCI_MANIFEST
    assert image.config_descriptor.media_type == MEDIA_TYPE_OCI_CONFIG
    assert image.diff_ids == [layer.diff_id]
    assert image.layers[0].digest == layer.descriptor.digest
    assert image.config["history"][0]["created"] == "1970-01-01T00:00:00Z"
    assert image.config["history"][1]["empty_layer"] is True
    assert store.content.read_json(image.digest)["config"]["digest"] == image.id

    store.tag(image, "app:v1")
    store.tag(image, "127.0.0.1:5000/team/app:v1")
    assert store.resolve("app:v1").digest == image.digest
    assert store.resolve("docker.io/library/app:v1").digest == image.digest
    assert store.resolve(f"app@{image.digest}").digest == image.digest
    assert store.resolve(image.id[7:19]).digest == image.digest
    assert [str(ref) for ref, _ in store.list_images()] == ["127.0.0.1:5000/team/app:v1", "app:v1"]
    assert (
        json.loads((tmp_path / "store" / "refs.json").read_text())["docker.io/library/app:v1"] == image.digest
    )

    assert store.untag("app:v1") == image.digest
    with pytest.raises(ImageNotFoundError, match="app:v1"):
        store.resolve("app:v1")
    with pytest.raises(ImageNotFoundError):
        store.untag("app:v1")
    assert image.layer_list(store.content)[0].size == layer.size


def test_history_must_match_the_layers(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    config = new_config()
    add_history(config, created_by="RUN true")
    with pytest.raises(ValueError, match="1 entries with a layer but the image has 0"):
        store.commit_image(config, [])


def test_default_path_is_added_only_when_missing() -> None:
    config: dict = {"config": {"Env": ["A=1"]}}
    ensure_default_path(config)
    assert config["config"]["Env"] == ["A=1", f"PATH={DEFAULT_PATH_ENV}"]
    config = {"config": {"Env": ["PATH=/bin"]}}
    ensure_default_path(config)
    assert config["config"]["Env"] == ["PATH=/bin"]
    assert new_config()["config"]["Env"] == [f"PATH={DEFAULT_PATH_ENV}"]


def _tag_many(root: str, prefix: str, digest: str) -> None:
    store = ImageStore(root)
    for i in range(25):
        store.tag(digest, f"{prefix}:{i}")


def test_concurrent_processes_never_lose_tags(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    image = store.commit_image(new_config(), [])
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_tag_many, args=(str(store.root), f"p{n}", image.digest)) for n in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    assert len(store.refs()) == 75


def test_prune_keeps_what_tags_and_cache_reference(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "store")
    kept = store.commit_image(new_config(), [_layer(tmp_path, store, "kept", "k")])
    store.tag(kept, "kept:1")
    cached_layer = _layer(tmp_path, store, "cached", "c")
    dropped_layer = _layer(tmp_path, store, "dropped", "d")
    dropped = store.commit_image(new_config(), [dropped_layer])
    store.cache_dir.mkdir()
    (store.cache_dir / "entry.json").write_text(json.dumps({"layer": cached_layer.descriptor.digest}))
    (store.snapshots_dir / dropped_layer.diff_id[7:]).mkdir(parents=True)
    (store.snapshots_dir / kept.diff_ids[0][7:]).mkdir(parents=True)
    (store.content.ingest_dir / "123-dead").write_bytes(b"half a blob")

    with store.content.lease(), pytest.raises(StoreBusyError, match="a build is using the store"):
        store.prune()
    report = store.prune()

    assert not store.content.has(dropped.digest) and not store.content.has(dropped_layer.descriptor.digest)
    assert store.content.has(cached_layer.descriptor.digest)
    assert all(store.content.has(d) for d in [kept.digest, kept.id, kept.layers[0].digest])
    assert report.blobs_removed == 3 and report.snapshots_removed == 1
    assert (store.snapshots_dir / kept.diff_ids[0][7:]).is_dir()
    assert os.listdir(store.content.ingest_dir) == []

    report = store.prune(include_cache=True)
    assert report.cache_removed and not store.cache_dir.exists()
    assert not store.content.has(cached_layer.descriptor.digest)
    assert store.resolve("kept:1").digest == kept.digest
