"""``stagebuild import`` of a root filesystem made from Debian's busybox-static, and the store
commands around it (``images``, ``tag``, ``rmi``, ``save``, ``prune``), through the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from stagebuild.image.commands import human_age, human_size
from stagebuild.image.layers import unpack_layer
from stagebuild.image.store import ImageStore, format_timestamp

BUSYBOX = Path("/bin/busybox")
pytestmark = pytest.mark.skipif(not BUSYBOX.exists(), reason="needs Debian's busybox-static")


def cli(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "stagebuild", "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def busybox_rootfs_tar(tmp_path: Path, *, gzip: bool = False) -> Path:
    """A root filesystem like ``docker export`` gives: bin/busybox and one symlink per applet."""
    tree = tmp_path / "tree"
    (tree / "bin").mkdir(parents=True, exist_ok=True)
    (tree / "tmp").mkdir(exist_ok=True)
    os.chmod(tree / "tmp", 0o1777)
    busybox = tree / "bin" / "busybox"
    if not busybox.exists():
        busybox.write_bytes(BUSYBOX.read_bytes())
        busybox.chmod(0o755)
        for applet in ("sh", "echo", "ls", "cat"):
            os.symlink("busybox", tree / "bin" / applet)
    out = tmp_path / ("rootfs.tar.gz" if gzip else "rootfs.tar")
    subprocess.run(["tar", "-C", str(tree), "-czf" if gzip else "-cf", str(out), "."], check=True)
    return out


@pytest.mark.parametrize("gzip", [False, True], ids=["plain", "gzip"])
def test_import_makes_a_one_layer_image(tmp_path: Path, gzip: bool) -> None:
    root = tmp_path / "store"
    result = cli(root, "import", str(busybox_rootfs_tar(tmp_path, gzip=gzip)), "busybox:imported")
    store = ImageStore(root)
    image = store.resolve("busybox:imported")
    assert result.stdout.strip() == image.id
    assert len(image.layers) == 1 and len(image.config["history"]) == 1
    assert image.config["os"] == "linux" and image.config["architecture"]

    fs = unpack_layer(store.content, image.layer_list(store.content)[0])
    assert (fs / "bin" / "busybox").read_bytes() == BUSYBOX.read_bytes()
    assert os.readlink(fs / "bin" / "sh") == "busybox"
    assert os.stat(fs / "tmp").st_mode & 0o7777 == 0o1777
    echo = subprocess.run([str(fs / "bin" / "busybox"), "echo", "ran"], capture_output=True, text=True)
    assert echo.stdout == "ran\n"


def test_images_tag_rmi_save_prune(tmp_path: Path) -> None:
    root = tmp_path / "store"
    image_id = cli(root, "import", str(busybox_rootfs_tar(tmp_path)), "busybox:1").stdout.strip()
    cli(root, "tag", "busybox:1", "127.0.0.1:5000/tools/busybox:2")

    lines = cli(root, "images").stdout.splitlines()
    assert lines[0].split() == ["REPOSITORY", "TAG", "IMAGE", "ID", "CREATED", "SIZE"]
    rows = sorted(line.split()[:3] for line in lines[1:])
    assert rows == [["127.0.0.1:5000/tools/busybox", "2", image_id[7:19]], ["busybox", "1", image_id[7:19]]]
    assert lines[1].split()[-1].endswith("MB")
    assert cli(root, "images", "-q").stdout.split() == [image_id[7:19]]

    archive = tmp_path / "saved.tar"
    cli(root, "save", "busybox:1", "-o", str(archive))
    with tarfile.open(archive) as tar:
        assert "manifest.json" in tar.getnames()

    assert cli(root, "rmi", "busybox:1").stdout.strip() == "Untagged: busybox:1"
    assert cli(root, "prune").returncode == 0
    assert ImageStore(root).resolve("127.0.0.1:5000/tools/busybox:2").id == image_id
    cli(root, "rmi", image_id[7:19])
    assert "Deleted blobs: 3" in cli(root, "prune").stdout
    assert cli(root, "images").stdout.splitlines()[1:] == []


def test_import_errors_are_clear(tmp_path: Path) -> None:
    root = tmp_path / "store"
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"this is not a tar archive" * 100)
    result = cli(root, "import", str(junk), "x:1", check=False)
    assert result.returncode == 1 and str(junk) in result.stderr and "not a readable tar" in result.stderr
    result = cli(root, "import", str(busybox_rootfs_tar(tmp_path)), "Bad:Ref", check=False)
    assert result.returncode == 1 and "must be lowercase" in result.stderr
    result = cli(root, "import", str(tmp_path / "missing.tar"), "x:1", check=False)
    assert result.returncode == 1 and "missing.tar" in result.stderr
    result = cli(root, "rmi", "nothing:here", check=False)
    assert result.returncode == 1 and "no such image: nothing:here" in result.stderr
    evil = tmp_path / "evil.tar"
    with tarfile.open(evil, "w") as tar:
        tar.addfile(tarfile.TarInfo("../escape"))
    result = cli(root, "import", str(evil), "x:1", check=False)
    assert result.returncode == 1 and "../escape" in result.stderr and "escapes the root" in result.stderr
    assert ImageStore(root).refs() == {}


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0.2, "Less than a second ago"),
        (61, "About a minute ago"),
        (3000, "50 minutes ago"),
        (7200, "2 hours ago"),
        (86400 * 3, "3 days ago"),
        (86400 * 800, "2 years ago"),
    ],
)
def test_created_column_words_like_docker(seconds: float, words: str) -> None:
    assert human_age(format_timestamp(1000), 1000 + seconds) == words


def test_size_column_uses_decimal_units_like_docker() -> None:
    assert [human_size(n) for n in (999, 1000, 4_260_000, 123_456_789)] == ["999B", "1kB", "4.26MB", "123MB"]


def test_import_reads_standard_input(tmp_path: Path) -> None:
    root = tmp_path / "store"
    data = busybox_rootfs_tar(tmp_path, gzip=True).read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "stagebuild", "--root", str(root), "import", "-", "piped:1"],
        input=data,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    image = ImageStore(root).resolve("piped:1")
    assert image.config["history"][0]["comment"] == "Imported from -"
