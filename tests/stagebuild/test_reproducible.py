"""Reproducible layers and images: the same input gives the same digests, SOURCE_DATE_EPOCH clamps
mtimes, and exports of the same image are byte-for-byte identical."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import tarfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from stagebuild.export.outputs import export_image, parse_output
from stagebuild.image.content import ContentStore
from stagebuild.image.layers import write_layer
from stagebuild.image.pgzip import BLOCK_SIZE, ParallelGzip
from stagebuild.image.store import ImageStore

EPOCH = 1_700_000_000


def make_tree(root: Path, names: list[str], mtime: int) -> None:
    """The same files created in the order ``names`` gives, all with ``mtime``."""
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"content of {name}\n")
    for dirpath, dirs, files in os.walk(root, topdown=False):
        for name in dirs + files:
            os.utime(os.path.join(dirpath, name), (mtime, mtime))


NAMES = ["b/z.txt", "a.txt", "b/a.txt", "c/d/e.txt", "B.txt"]


def test_same_tree_twice_gives_the_same_layer_digests(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    make_tree(first, NAMES, EPOCH + 100)
    make_tree(second, list(reversed(NAMES)), EPOCH + 999)
    a = write_layer(first, ContentStore(tmp_path / "store-a"), source_date_epoch=EPOCH)
    b = write_layer(second, ContentStore(tmp_path / "store-b"), source_date_epoch=EPOCH)
    assert a == b


def test_source_date_epoch_clamps_only_newer_mtimes(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    make_tree(tree, ["new.txt", "old.txt"], EPOCH + 5000)
    os.utime(tree / "old.txt", (1000, 1000))
    store = ContentStore(tmp_path / "store")
    clamped = write_layer(tree, store, source_date_epoch=EPOCH)
    kept = write_layer(tree, store)
    with tarfile.open(store.path(clamped.descriptor.digest)) as tar:
        assert {m.name: m.mtime for m in tar} == {"new.txt": EPOCH, "old.txt": 1000}
    with tarfile.open(store.path(kept.descriptor.digest)) as tar:
        assert {m.name: m.mtime for m in tar} == {"new.txt": EPOCH + 5000, "old.txt": 1000}
    assert clamped.diff_id != kept.diff_id


def test_imports_on_two_fresh_stores_give_the_same_image_and_exports(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    make_tree(tree, NAMES, EPOCH + 100)
    rootfs = tmp_path / "rootfs.tar"
    subprocess.run(["tar", "-C", str(tree), "-cf", str(rootfs), "."], check=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}
    images = []
    for store_name in ("one", "two"):
        root = tmp_path / store_name
        subprocess.run(
            [sys.executable, "-m", "stagebuild", "--root", str(root), "import", str(rootfs), "repro:1"],
            check=True,
            env=env,
            capture_output=True,
        )
        store = ImageStore(root)
        image = store.resolve("repro:1")
        assert image.created == "2023-11-14T22:13:20Z"
        images.append(image)
        for spec in (f"type=oci,dest={root}.oci.tar", f"type=docker,dest={root}.docker.tar,name=repro:1"):
            export_image(image, store, parse_output(spec), source_date_epoch=EPOCH)
    assert images[0].digest == images[1].digest
    for suffix in (".oci.tar", ".docker.tar"):
        assert (tmp_path / f"one{suffix}").read_bytes() == (tmp_path / f"two{suffix}").read_bytes()


def test_parallel_gzip_is_valid_and_independent_of_thread_count() -> None:
    payload = os.urandom(200_000) * 8 + bytes(3 * BLOCK_SIZE + 17)  # incompressible, then runs of zeros
    outputs = []
    for workers in (1, 3):
        out = io.BytesIO()
        with ThreadPoolExecutor(workers) as pool:
            gz = ParallelGzip(out.write, pool, workers=workers)
            for start in range(0, len(payload), 65_537):
                gz.write(payload[start : start + 65_537])
            gz.close()
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    assert gzip.decompress(outputs[0]) == payload
    header = outputs[0][:10]
    assert header[3] == 0 and header[4:8] == b"\0\0\0\0"  # no name, mtime 0
